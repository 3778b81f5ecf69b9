#!/usr/bin/env bash
# Savings of the scheduling strategies on the recorded traces of ../shared/data/reference/timeseries (docs/scheduling.md,
# "Simulator"): GB NESO 2023 half-hourly (actual) and the six Electricity Maps zones 2023 and 2024 (hourly, direct
# intensity). Each trace is converted to the file provider's CSV (region,timestamp,carbon_intensity) and replayed by
# `carbonscope simulate`: 8h jobs at 300 W, deadline 24h, one submitted every hour over the whole trace; threshold at
# the trace's own 70th/50th percentiles (PERCENTILE.INC over the whole trace: a hindsight choice), percentile at p70/p50
# of the trailing 7 days; window, interruptible and forecast once with the ensemble model and once with the perfect
# forecast (an upper bound). Prints a Markdown table of the savings and writes the JSON (one line per trace and
# forecast) to bench/results/simulate-savings.jsonl.
#
# Needs jq and awk. Usage: bench/simulate-savings.sh [REFERENCE_DIR]   (default ../shared/data/reference)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/traces.sh
source bench/lib/traces.sh "$@"

# percentile FILE P: PERCENTILE.INC of the file's values (linear between closest ranks), as PercentileStrategy computes it.
percentile() {
  awk -F, 'NR > 1 && $3 != "" { print $3 }' "$1" | sort -g | awk -v p="$2" '{ v[n++] = $1 } END { r = p / 100 * (n - 1); lo = int(r); hi = (lo + 1 < n) ? lo + 1 : lo; printf "%.6f", v[lo] + (r - lo) * (v[hi] - v[lo]) }'
}

results=$work/results.jsonl
: > "$results"
simulate() { # NAME FILE ZONE
  local p70 p50
  p70=$(percentile "$2" 70)
  p50=$(percentile "$2" 50)
  for model in ensemble perfect; do
    local strategies=window,interruptible,forecast
    [ "$model" = ensemble ] && strategies=$strategies,threshold,percentile
    "${cli[@]}" simulate --file "$2" --zone "$3" --duration 8h --power 300W --deadline 24h --start-every 1h \
      --strategy "$strategies" --forecast-model "$model" --pause-above "$p70" --resume-below "$p50" --format json \
      | jq -c --arg name "$1" --argjson p70 "$p70" --argjson p50 "$p50" '. + {trace: $name, thresholdPause: $p70, thresholdResume: $p50}' >> "$results"
  done
}

convert "$series/gb_carbon_intensity_api/GB_national_2023_halfhourly_forecast_actual.csv" GB from_utc actual_gco2_per_kwh "$work/gb-neso-2023.csv"
simulate "GB NESO 2023 (30 min)" "$work/gb-neso-2023.csv" GB
for file in "$series"/electricitymaps/*_hourly.csv; do
  name=$(basename "$file" _hourly.csv)          # e.g. DE-LU_2023
  convert "$file" "${name%_*}" datetime_utc ci_direct_gco2eq_per_kwh "$work/em-$name.csv"
  simulate "Electricity Maps ${name%_*} ${name#*_}" "$work/em-$name.csv" "${name%_*}"
done

cp "$results" bench/results/simulate-savings.jsonl

# One row per trace: the jobs, now's mean emissions, then each strategy's saving % (ensemble; then perfect = upper bound).
echo "| Trace | jobs | now g/job | window | interruptible | forecast | threshold p70/p50 | percentile 7d | window* | interruptible* | forecast* |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
jq -s -r 'group_by(.trace)[] | (map(select(.forecastModel == "ensemble"))[0]) as $e | (map(select(.forecastModel == "perfect"))[0]) as $p
  | def s($r; $n): ($r.strategies[] | select(.name == $n) | "\(.savingPercent * 10 | round / 10)" + (if .fallbacks > 0 then " (\(.fallbacks) fb)" else "" end));
  [$e.trace, ($e.jobs | tostring), ($e.strategies[0].meanEmissionsGrams * 10 | round / 10 | tostring),
   s($e; "window"), s($e; "interruptible"), s($e; "forecast"), s($e; "threshold"), s($e; "percentile"),
   s($p; "window"), s($p; "interruptible"), s($p; "forecast")] | "| " + join(" | ") + " |"' "$results"
echo
echo "Saving % against running at once. * perfect forecast: an upper bound. (n fb): jobs that fell back to running at once."
