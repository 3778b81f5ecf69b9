# Shared by bench/forecast-backtest.sh and bench/simulate-savings.sh (sourced from the repository root):
# the Release CLI, a temporary work directory, and the conversion of a recorded trace to the file provider's CSV.
# Expects $1 = REFERENCE_DIR (default ../shared/data/reference); sets reference, series, work and cli.
reference=${1:-../shared/data/reference}
series=$reference/timeseries
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/CarbonScope.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet artifacts/bin/CarbonScope.Cli/release/CarbonScope.Cli.dll)

# convert FILE ZONE TIME_COLUMN VALUE_COLUMN OUT: the named columns (by header) to region,timestamp,carbon_intensity.
convert() {
  awk -F, -v zone="$2" -v tc="$3" -v vc="$4" '{ sub(/\r$/, "") } NR == 1 { for (i = 1; i <= NF; i++) { if ($i == tc) t = i; if ($i == vc) v = i }; print "region,timestamp,carbon_intensity"; next }
    { print zone "," $t "," $v }' "$1" > "$5"
}
