#!/usr/bin/env bash
# Backtest of the forecast models (issue 5; results in docs/forecasting.md) on the recorded traces of
# ../shared/data/reference/timeseries: GB NESO 2023 half-hourly (with the API's own forecast as a baseline), the six
# Electricity Maps zones 2023 and 2024 (hourly, direct intensity) and the six EIA-930 balancing authorities 2022.
# Each trace is converted to the file provider's CSV (region,timestamp,carbon_intensity) and given to
# `carbonscope forecast evaluate` (origins every 24 h at midnight UTC after 14 days, horizon 48 h).
# Prints one Markdown table row per zone and model, and writes the JSON (one line per trace) to bench/results/forecast-backtest.jsonl.
#
# Needs jq and awk. Usage: bench/forecast-backtest.sh [REFERENCE_DIR]   (default ../shared/data/reference)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/traces.sh
source bench/lib/traces.sh "$@"

results=$work/results.jsonl
: > "$results"
evaluate() { # NAME FILE
  "${cli[@]}" forecast evaluate --file "$2" --model all --horizon 48h --every 24h --format json | jq -c --arg name "$1" '. + {trace: $name}' >> "$results"
}

convert "$series/gb_carbon_intensity_api/GB_national_2023_halfhourly_forecast_actual.csv" GB from_utc actual_gco2_per_kwh "$work/gb-neso-2023.csv"
evaluate "GB NESO 2023 (30 min)" "$work/gb-neso-2023.csv"
for file in "$series"/electricitymaps/*_hourly.csv; do
  name=$(basename "$file" _hourly.csv)          # e.g. DE-LU_2023
  convert "$file" "${name%_*}" datetime_utc ci_direct_gco2eq_per_kwh "$work/em-$name.csv"
  evaluate "Electricity Maps ${name%_*} ${name#*_}" "$work/em-$name.csv"
done
for file in "$series"/eia930/*_hourly.csv; do
  name=$(basename "$file" _hourly.csv)          # e.g. CISO_2022
  convert "$file" "${name%_*}" datetime_utc avg_ci_gco2_per_kwh "$work/eia-$name.csv"
  evaluate "EIA-930 ${name%_*} ${name#*_}" "$work/eia-$name.csv"
done

cp "$results" bench/results/forecast-backtest.jsonl

echo "| Trace | Model | 0-1 h | 1-6 h | 6-24 h | 24-48 h | all |"
echo "|---|---|---|---|---|---|---|"
jq -r '.trace as $t | .zones[] | .models[] | [$t, .model, ((.buckets + [.overall])[] | if .maeGramsPerKwh == null then "-" else "\(.maeGramsPerKwh * 10 | round / 10) (\(.mapePercent * 10 | round / 10) %)" end)] | "| " + join(" | ") + " |"' "$results"

# The NESO API's own forecast against its actual, over the same span as the backtest (from 2023-01-15, the first origin).
awk -F, 'NR > 1 && $1 >= "2023-01-15" && $3 != "" && $4 != "" { d = $3 - $4; if (d < 0) d = -d; n++; s += d; if ($4 != 0) { m++; p += d / $4 * 100 } }
  END { printf "| GB NESO 2023 (30 min) | NESO API forecast (final, short-horizon) | | | | | %.1f (%.1f %%) |\n", s / n, p / m }' \
  "$series/gb_carbon_intensity_api/GB_national_2023_halfhourly_forecast_actual.csv"
