#!/usr/bin/env bash
# What `carbonscope run` adds to the command it measures (issue 3; results in docs/benchmarks.md):
#   1. wall time and peak memory of `carbonscope run -- true` against a bare `true` (hyperfine; GNU time for the
#      peak resident set size), for the NativeAOT binary and for the JIT build run with `dotnet`;
#   2. carbonscope's own CPU time (user + system, GNU time) while CMD is `sleep 60`, at 1 s and 100 ms intervals.
# Every run uses the embedded defaults, no network; the history store and emissions.csv go to a temporary directory
# (they are part of what is measured), except where --no-store says otherwise.
#
# Needs hyperfine and GNU time (apt-get install -y hyperfine time).
# Usage: bench/run-overhead.sh                 (RUNS=30 SLEEP=60)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
sleep_seconds=${SLEEP:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/CarbonScope.Cli -c Release -v q -nologo >/dev/null
dotnet publish src/CarbonScope.Cli -c Release -r linux-x64 -o artifacts/bench-aot -v q -nologo >/dev/null
aot=$PWD/artifacts/bench-aot/CarbonScope.Cli
jit="dotnet $PWD/artifacts/bin/CarbonScope.Cli/release/CarbonScope.Cli.dll"
common="--no-gpu --output $work --store $work/runs.db"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); $runs runs per command"
echo
echo "## 1. wall time (hyperfine)"
cd "$work"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/wall.md" \
  "true" \
  "$aot run $common -- true" \
  "$aot run --no-gpu --no-store --output $work -- true" \
  "$jit run $common -- true" >/dev/null 2>&1 || true
cd "$OLDPWD"
sed "s#$OLDPWD/##g; s#$work#TMP#g" "$work/wall.md"

peak() { # median peak RSS in kB of a command, over $runs runs
  for _ in $(seq "$runs"); do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
echo
echo "## peak resident memory (GNU time, median of $runs)"
echo "| command | peak RSS (MB) |"
echo "|---|---|"
printf '| true | %.1f |\n' "$(echo "$(peak true) / 1024" | bc -l)"
printf '| carbonscope (AOT) run -- true | %.1f |\n' "$(echo "$(peak $aot run $common -- true) / 1024" | bc -l)"
printf '| carbonscope (JIT) run -- true | %.1f |\n' "$(echo "$(peak $jit run $common -- true) / 1024" | bc -l)"

echo
echo "## 2. carbonscope's CPU time while CMD sleeps $sleep_seconds s (GNU time: user + system of carbonscope and CMD; sleep's own is ~0)"
echo "| build | interval | CPU time (s) | share of one core |"
echo "|---|---|---|---|"
for interval in 1s 100ms; do
  cpu=$(/usr/bin/time -f "%U %S" $aot run $common --interval "$interval" -- sleep "$sleep_seconds" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}')
  printf '| AOT | %s | %.3f | %.4f %% |\n' "$interval" "$cpu" "$(echo "$cpu / $sleep_seconds * 100" | bc -l)"
done
