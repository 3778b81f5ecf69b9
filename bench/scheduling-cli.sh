#!/usr/bin/env bash
# The one-day best-window query from the CLI in a fresh process, file load included (issue 5; docs/benchmarks.md,
# section 5): `carbonscope window --file big.json --zone Z --duration 2h --from DAY --to DAY+1 --format json` on the
# loaded year of 50 hourly zones and one five-minute zone (543,120 points, about 54 MB of Carbon Aware SDK JSON,
# written by the benchmark program's make-casdk-json mode into a temporary directory).
#   1. wall time (hyperfine) for an hourly zone and the five-minute zone: the NativeAOT binary, and the JIT build run
#      with `dotnet` for comparison;
#   2. peak resident memory (GNU time, median of RUNS);
#   3. the file load alone, in one process, RUNS times (the benchmark program's load-file mode, JIT).
# The history store (opened by `window` as its cache) goes to the temporary directory too.
#
# Needs hyperfine and GNU time (apt-get install -y hyperfine time).
# Usage: bench/scheduling-cli.sh                 (RUNS=10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/CarbonScope.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/CarbonScope.Benchmarks -c Release -v q -nologo >/dev/null
dotnet publish src/CarbonScope.Cli -c Release -r linux-x64 -o artifacts/bench-aot -v q -nologo >/dev/null
aot=$PWD/artifacts/bench-aot/CarbonScope.Cli
jit="dotnet $PWD/artifacts/bin/CarbonScope.Cli/release/CarbonScope.Cli.dll"
benchmarks="dotnet $PWD/artifacts/bin/CarbonScope.Benchmarks/release/CarbonScope.Benchmarks.dll"
file=$work/big.json
$benchmarks make-casdk-json "$file" | sed "s#$work#TMP#g"
export CARBONSCOPE_STORE=$work/runs.db
query="--file $file --duration 2h --from 2023-07-14T00:00Z --to 2023-07-15T00:00Z --format json"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); $runs runs per command"
echo
echo "## answers"
for zone in hourly-25 fivemin-01; do
  echo "$zone: $($aot window --zone $zone $query)"
done

echo
echo "## 1. wall time (hyperfine)"
hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/wall.md" \
  "$aot window --zone hourly-25 $query" \
  "$aot window --zone fivemin-01 $query" \
  "$jit window --zone hourly-25 $query" >/dev/null 2>&1 || true
sed "s#$PWD/##g; s#$work#TMP#g" "$work/wall.md"

peak() { # median peak RSS in kB of a command, over $runs runs
  for _ in $(seq "$runs"); do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
echo
echo "## 2. peak resident memory (GNU time, median of $runs)"
echo "| command | peak RSS (MB) |"
echo "|---|---|"
printf '| carbonscope (AOT) window, hourly zone | %.1f |\n' "$(echo "$(peak $aot window --zone hourly-25 $query) / 1024" | bc -l)"
printf '| carbonscope (AOT) window, 5-min zone | %.1f |\n' "$(echo "$(peak $aot window --zone fivemin-01 $query) / 1024" | bc -l)"
printf '| carbonscope (JIT) window, hourly zone | %.1f |\n' "$(echo "$(peak $jit window --zone hourly-25 $query) / 1024" | bc -l)"

echo
echo "## 3. the file load alone, in one process (JIT; run 1 includes the JIT)"
$benchmarks load-file "$file" "$runs"
