#!/usr/bin/env bash
# The tracker's CPU use per second of run on this machine, at 1 s and 100 ms intervals (see docs/benchmarks.md).
#
# Each run is a fresh process of the benchmark program in `overhead` mode: it starts a child `sleep`, tracks it in
# process mode on the real /proc and /sys, waits out a warm-up, then measures its own CPU time (all threads,
# clock_gettime(CLOCK_PROCESS_CPUTIME_ID)) over RUN_SECONDS of wall time. Configurations:
#   baseline       the same program with no tracker (the runtime's idle cost: subtracted from the others)
#   empty-timer    a TimeProvider.System (thread-pool) timer that does nothing, at the interval
#   empty-thread   the tracker's own timer (SamplingThreadTimer: a dedicated thread) doing nothing, at the interval
#   tracker        the tracker
# The runs are interleaved (one of each configuration per round) so that drift on a shared machine hits them alike.
# The warm-up is WARMUP (default 40 s) for the tracker and the empty timer: the tiered JIT recompiles the tick's
# methods after 30 calls (30 s at a 1 s interval), and that one-off cost is left out of the steady state measured here;
# 10 s for the baseline.
#
# Usage: bench/tracker-overhead.sh            (RUNS=5 RUN_SECONDS=30 WARMUP=40s: about 30 minutes)
#        RUNS=3 RUN_SECONDS=20 bench/tracker-overhead.sh
#        EMPTY_TIMER=0 bench/tracker-overhead.sh   (skip the empty-timer and empty-thread runs)
#        BENCH_DLL=/path/CarbonScope.Benchmarks.dll bench/tracker-overhead.sh   (a copy built elsewhere)
# Extra arguments are passed to every tracker run (e.g. --nvml).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
warmup=${WARMUP:-40s}
seconds=${RUN_SECONDS:-30}
empty_timer=${EMPTY_TIMER:-1}
dll=${BENCH_DLL:-artifacts/bin/CarbonScope.Benchmarks/release/CarbonScope.Benchmarks.dll}

# BENCH_DLL: run an already built copy (e.g. to compare two builds) instead of building this tree.
if [ -z "${BENCH_DLL:-}" ]; then
  dotnet build bench/CarbonScope.Benchmarks/CarbonScope.Benchmarks.csproj -c Release --nologo -v q >&2
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT

run() {
  local line
  line=$(dotnet "$dll" overhead "$@")
  echo "$line" >&2
  echo "$line" >>"$results"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --list-runtimes | grep Microsoft.NETCore.App | tail -1 | cut -d' ' -f1,2)" >&2
echo "runs=$runs seconds=$seconds warmup=$warmup" >&2
for round in $(seq "$runs"); do
  echo "# round $round/$runs" >&2
  run --baseline --seconds "$seconds" --warmup 10s
  run --interval 1s --seconds "$seconds" --warmup "$warmup" "$@"
  run --interval 100ms --seconds "$seconds" --warmup "$warmup" "$@"
  if [ "$empty_timer" = 1 ]; then
    run --empty-timer --interval 1s --seconds "$seconds" --warmup "$warmup"
    run --empty-timer --interval 100ms --seconds "$seconds" --warmup "$warmup"
    run --empty-thread --interval 1s --seconds "$seconds" --warmup "$warmup"
    run --empty-thread --interval 100ms --seconds "$seconds" --warmup "$warmup"
  fi
done

# Per configuration: median, min and max of ms of CPU per second, and the median minus the baseline's median.
value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
median_of() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.4f\n", (v[NR/2]+v[NR/2+1])/2}'; }
stats() {
  local values
  values=$(grep -E "$1" "$results" | value cpu_ms_per_s)
  printf '%s %s %s\n' "$(echo "$values" | median_of)" "$(echo "$values" | sort -n | head -1)" "$(echo "$values" | sort -n | tail -1)"
}

read -r base_median base_min base_max < <(stats 'mode=baseline')
echo
echo "| configuration | interval | runs | CPU ms/s median | min | max | minus baseline (median) | ticks/run | allocated B/tick |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "| baseline (no tracker) | - | $runs | $base_median | $base_min | $base_max | - | - | - |"
for mode in tracker empty-thread empty-timer; do
  for interval in 1000 100; do
    grep -qE "mode=$mode interval_ms=$interval " "$results" || continue
    read -r median min max < <(stats "mode=$mode interval_ms=$interval ")
    net=$(awk -v a="$median" -v b="$base_median" 'BEGIN {printf "%.3f", a-b}')
    ticks=$(grep -E "mode=$mode interval_ms=$interval " "$results" | value ticks | median_of)
    alloc=$(grep -E "mode=$mode interval_ms=$interval " "$results" | value alloc_bytes_per_tick | median_of)
    echo "| $mode | ${interval} ms | $runs | $median | $min | $max | $net | $ticks | $alloc |"
  done
done
