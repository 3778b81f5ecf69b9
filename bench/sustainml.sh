#!/usr/bin/env bash
# Tasks per second and p50/p99 latency through the whole SustainML pipeline (issue 8; results in docs/benchmarks.md,
# section 7): the orchestrator and the six built-in nodes on one in-process transport, and the same behind the REST API
# on Kestrel at 127.0.0.1; plus SustainML's own expectation, 20 tasks one after the other. Builds Release, then runs
# the benchmark project's `sustainml` mode RUNS times (each a fresh process); the output goes to the terminal and to
# bench/results/sustainml.txt. Any other arguments go to the mode (e.g. --tasks 20000 --rest-tasks 5000
# --concurrency 1,8,64 --only inproc).
#
# Usage: bench/sustainml.sh [mode options]        (RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
dotnet build bench/CarbonScope.Benchmarks -c Release -v quiet -nologo > /dev/null
out=bench/results/sustainml.txt
: > "$out"
for run in $(seq 1 "$runs"); do
  echo "## run $run of $runs, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
  dotnet artifacts/bin/CarbonScope.Benchmarks/release/CarbonScope.Benchmarks.dll sustainml "$@" | tee -a "$out"
done
