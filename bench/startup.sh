#!/usr/bin/env bash
# The cold start of measurement in a fresh process (see docs/benchmarks.md): discovery on the real /proc and /sys
# (NVML included), the tracker's creation and its first sample, with the JIT and first use of everything included.
#
# The benchmark program's `startup` mode prints, per run, the wall time from Main to the first sample and the
# process's CPU time at Main and after the first sample; `noop` is the same program returning from Main (the
# runtime's own start). `startup --breakdown` times the steps of discovery one by one (one run, printed at the end).
# With hyperfine installed (apt-get install -y hyperfine) the whole-process wall time of both is measured too.
#
# Each build variant is measured:
#   jit   the Release build, run with `dotnet`: every CarbonScope method is JIT-compiled at first use
#   r2r   published with ReadyToRun (precompiled, JIT only for what R2R cannot cover), run with `dotnet`
#   aot   published with NativeAOT: a native executable, no JIT. The benchmark project references BenchmarkDotNet,
#         whose trim/AOT warnings (IL2104, IL3000, IL3002: all in BenchmarkDotNet and its dependencies, none in
#         CarbonScope) must not fail this publish, so warnings are not errors for it; the startup mode never uses
#         BenchmarkDotNet.
#
# Usage: bench/startup.sh                  (RUNS=10 VARIANTS="jit r2r aot")
#        VARIANTS=jit RUNS=20 bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-10}
variants=${VARIANTS:-jit r2r aot}
project=bench/CarbonScope.Benchmarks/CarbonScope.Benchmarks.csproj
publish=artifacts/bench-publish

value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
median_of() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'; }
row() {
  local values
  values=$(echo "$3" | value "$2")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$(echo "$values" | median_of)" "$(echo "$values" | sort -n | head -1)" "$(echo "$values" | sort -n | tail -1)"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --list-runtimes | grep Microsoft.NETCore.App | tail -1 | cut -d' ' -f1,2); $runs runs per figure"
table="| variant | figure (ms) | median | min | max |"$'\n'"|---|---|---|---|---|"$'\n'
breakdowns=""
commands=()
for variant in $variants; do
  case "$variant" in
    jit)
      dotnet build "$project" -c Release --nologo -v q >&2
      cmd=(dotnet artifacts/bin/CarbonScope.Benchmarks/release/CarbonScope.Benchmarks.dll) ;;
    r2r)
      dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$publish/r2r" --nologo -v q >&2
      cmd=(dotnet "$publish/r2r/CarbonScope.Benchmarks.dll") ;;
    aot)
      dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false -o "$publish/aot" --nologo -v q >&2
      cmd=("$publish/aot/CarbonScope.Benchmarks") ;;
    *)
      echo "unknown variant $variant (jit, r2r, aot)" >&2
      exit 2 ;;
  esac

  startup=""
  noop=""
  for _ in $(seq "$runs"); do
    startup+="$("${cmd[@]}" startup)"$'\n'
    noop+="$("${cmd[@]}" noop)"$'\n'
  done
  echo "# $variant" >&2
  echo "$startup$noop" | sed '/^$/d' >&2
  table+="$(row "$variant" main_to_first_sample_ms "$startup")"$'\n'
  table+="$(row "$variant" cpu_main_to_first_sample_ms "$startup")"$'\n'
  table+="$(row "$variant" cpu_at_first_sample_ms "$startup")"$'\n'
  table+="$(row "$variant noop" cpu_at_main_ms "$noop")"$'\n'
  breakdowns+="$variant: $("${cmd[@]}" startup --breakdown | sed -n 's/^steps //p')"$'\n'
  commands+=("${cmd[*]} noop" "${cmd[*]} startup")
done

echo "sensors: $(echo "$startup" | head -1 | value sensors)"
echo
echo -n "$table"
echo
echo "breakdown (one cold run per variant; wall ms / CPU ms per step, in order):"
echo -n "$breakdowns"

if command -v hyperfine >/dev/null 2>&1; then
  echo
  echo "whole process, wall time (hyperfine):"
  report=$(mktemp)
  hyperfine --warmup 2 --runs "$runs" -N --export-markdown "$report" "${commands[@]}" >&2
  cat "$report"
  rm -f "$report"
else
  echo "(hyperfine not installed: no whole-process wall times)"
fi
