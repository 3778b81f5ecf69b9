using CarbonScope.Grid;
using CarbonScope.Units;

namespace CarbonScope.Scheduling.Forecasting;

/// <summary>The errors of a model's forecasts over one band of lead times.</summary>
/// <param name="After">Lead times above this...</param>
/// <param name="UpTo">...and up to this (inclusive). The lead time of a forecast interval is its end minus the origin.</param>
/// <param name="Count">The forecast values compared with a recorded value.</param>
/// <param name="Mae">The mean absolute error; null when <paramref name="Count"/> is 0.</param>
/// <param name="MapeCount">The values in the MAPE: those whose recorded value is not zero.</param>
/// <param name="MapePercent">The mean absolute percentage error (|forecast − actual| / |actual| × 100); null when <paramref name="MapeCount"/> is 0.</param>
public sealed record BacktestBucket(TimeSpan After, TimeSpan UpTo, int Count, CarbonIntensity? Mae, int MapeCount, double? MapePercent);

/// <summary>A model's backtest: errors by lead-time band and over all lead times.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Origins">The origins that produced at least one forecast value.</param>
/// <param name="Buckets">One per band, shortest lead first.</param>
/// <param name="Overall">All lead times up to the horizon.</param>
public sealed record BacktestResult(string Model, int Origins, IReadOnlyList<BacktestBucket> Buckets, BacktestBucket Overall);

/// <summary>
/// Backtesting over recorded history: at each origin the model forecasts from the points before it, and each forecast
/// value is compared with the recorded value of the same interval (same start). Intervals with no recorded value or
/// no forecast value are left out. Deterministic: the same inputs give the same numbers.
/// </summary>
public static class Backtest
{
    /// <summary>The default lead-time bands: up to 1 h, 1–6 h, 6–24 h, 24–48 h.</summary>
    public static IReadOnlyList<TimeSpan> DefaultBuckets { get; } = [TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromHours(48)];

    /// <summary>
    /// Origins every <paramref name="every"/> (aligned to whole multiples of it since 0001-01-01 UTC, so every 24 h is
    /// midnight UTC), from <paramref name="warmUp"/> after the series' first start, while origin + <paramref name="horizon"/>
    /// is at or before the series' last end.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Origins(IReadOnlyList<IntensityPoint> series, TimeSpan every, TimeSpan horizon, TimeSpan warmUp)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (every <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(every), every, "The spacing of origins must be positive.");
        }

        if (series.Count == 0)
        {
            return [];
        }

        var (first, last) = (series.Min(p => p.Start), series.Max(p => p.End));
        var earliest = first + warmUp;
        var ticks = earliest.UtcTicks;
        var aligned = new DateTimeOffset((ticks + every.Ticks - 1) / every.Ticks * every.Ticks, TimeSpan.Zero);
        var origins = new List<DateTimeOffset>();
        for (var origin = aligned; origin + horizon <= last; origin += every)
        {
            origins.Add(origin);
        }

        return origins;
    }

    /// <summary>Backtests <paramref name="model"/> with origins every <paramref name="every"/> after a warm-up (<see cref="Origins"/>).</summary>
    public static BacktestResult Run(IForecastModel model, IReadOnlyList<IntensityPoint> series, TimeSpan every, TimeSpan horizon, TimeSpan warmUp, IReadOnlyList<TimeSpan>? buckets = null) =>
        Run(model, series, Origins(series, every, horizon, warmUp), horizon, buckets);

    /// <summary>Backtests <paramref name="model"/> at each of <paramref name="origins"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="series">The recorded series of one zone (the history and the actuals).</param>
    /// <param name="origins">When the forecasts are made.</param>
    /// <param name="horizon">How far ahead each forecast goes.</param>
    /// <param name="buckets">Upper edges of the lead-time bands, increasing; <see cref="DefaultBuckets"/> when null. Bands past the horizon are dropped.</param>
    public static BacktestResult Run(IForecastModel model, IReadOnlyList<IntensityPoint> series, IReadOnlyList<DateTimeOffset> origins, TimeSpan horizon, IReadOnlyList<TimeSpan>? buckets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(origins);
        var edges = new List<TimeSpan>();
        foreach (var edge in (buckets ?? DefaultBuckets).Where(b => b > TimeSpan.Zero).Distinct().Order())
        {
            if (edges.Count == 0 || edges[^1] < horizon)
            {
                edges.Add(edge); // bands up to the first that reaches the horizon
            }
        }
        var actuals = new Dictionary<DateTimeOffset, double>();
        foreach (var point in series)
        {
            if (point.Value is { } value)
            {
                actuals[point.Start] = value.GramsPerKilowattHour;
            }
        }

        var sums = new Accumulator[edges.Count];
        var overall = default(Accumulator);
        var used = 0;
        foreach (var origin in origins)
        {
            var any = false;
            foreach (var forecast in model.Forecast(series, origin, horizon))
            {
                if (forecast.Value is not { } predicted || !actuals.TryGetValue(forecast.Start, out var actual))
                {
                    continue;
                }

                any = true;
                var lead = forecast.End - origin;
                var band = edges.FindIndex(e => lead <= e);
                var error = Math.Abs(predicted.GramsPerKilowattHour - actual);
                if (band >= 0)
                {
                    sums[band].Add(error, actual);
                }

                overall.Add(error, actual);
            }

            used += any ? 1 : 0;
        }

        var result = new List<BacktestBucket>(edges.Count);
        for (var i = 0; i < edges.Count; i++)
        {
            result.Add(sums[i].ToBucket(i == 0 ? TimeSpan.Zero : edges[i - 1], edges[i]));
        }

        return new BacktestResult(model.Name, used, result, overall.ToBucket(TimeSpan.Zero, horizon));
    }

    private struct Accumulator
    {
        private double _absolute;
        private double _percent;
        private int _count;
        private int _mapeCount;

        public void Add(double error, double actual)
        {
            _absolute += error;
            _count++;
            if (actual != 0)
            {
                _percent += error / Math.Abs(actual) * 100;
                _mapeCount++;
            }
        }

        public readonly BacktestBucket ToBucket(TimeSpan after, TimeSpan upTo) => new(
            after,
            upTo,
            _count,
            _count > 0 ? CarbonIntensity.FromGramsPerKilowattHour(_absolute / _count) : null,
            _mapeCount,
            _mapeCount > 0 ? _percent / _mapeCount : null);
    }
}
