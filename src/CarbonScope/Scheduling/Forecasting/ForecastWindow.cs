using CarbonScope.Grid;

namespace CarbonScope.Scheduling.Forecasting;

/// <summary>
/// The history a model sees: the points that end at or before the origin, within <see cref="Lookback"/>, laid on a
/// regular grid at the history's step. Missing intervals and points without a value are <see cref="double.NaN"/>;
/// points off the grid (not a whole number of steps from the last point) are ignored.
/// </summary>
internal sealed class ForecastWindow
{
    /// <summary>How far back any model looks: 28 days (four weeks for the weekly naive fallback, 14 days for smoothing).</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(28);

    /// <summary>The shortest step a history may have (five-minute marginal signals are the finest published).</summary>
    public static readonly TimeSpan MinimumStep = TimeSpan.FromMinutes(1);

    private ForecastWindow(double[] values, TimeSpan step, DateTimeOffset lastStart, IntensityProvenance provenance)
    {
        Values = values;
        Step = step;
        LastStart = lastStart;
        Provenance = provenance;
    }

    /// <summary>Values in g/kWh, oldest first, one per step; the last is the latest point before the origin.</summary>
    public double[] Values { get; }

    /// <summary>The spacing of the grid.</summary>
    public TimeSpan Step { get; }

    /// <summary>The start of the last interval of <see cref="Values"/>.</summary>
    public DateTimeOffset LastStart { get; }

    /// <summary>The provenance of the latest history point (zone, signal, dataset).</summary>
    public IntensityProvenance Provenance { get; }

    /// <summary>The number of steps in one day, or null when a day is not a whole number of steps.</summary>
    public int? StepsPerDay => Steps(TimeSpan.FromDays(1));

    /// <summary>The number of steps in <paramref name="period"/>, or null when it is not a whole number of steps.</summary>
    public int? Steps(TimeSpan period) => period.Ticks % Step.Ticks == 0 ? (int)(period.Ticks / Step.Ticks) : null;

    /// <summary>The window of <paramref name="history"/> before <paramref name="origin"/>, or null when it has no value.</summary>
    public static ForecastWindow? Create(IReadOnlyList<IntensityPoint> history, DateTimeOffset origin)
    {
        ArgumentNullException.ThrowIfNull(history);
        var earliest = origin - Lookback;
        var used = new List<IntensityPoint>();
        foreach (var point in history)
        {
            if (point.End <= origin && point.Start >= earliest)
            {
                used.Add(point);
            }
        }

        if (!used.Exists(p => p.Value is not null))
        {
            return null;
        }

        used.Sort((a, b) => a.Start.CompareTo(b.Start));
        var step = InferStep(used);
        if (step < MinimumStep)
        {
            throw new ArgumentException($"The history's step ({step}) is under {MinimumStep.TotalMinutes:0} minute; forecasts need a step of at least that.", nameof(history));
        }

        var last = used[^1];
        var first = used[0];
        var length = (int)((last.Start - first.Start).Ticks / step.Ticks) + 1;
        var values = new double[length];
        Array.Fill(values, double.NaN);
        foreach (var point in used)
        {
            var offset = (last.Start - point.Start).Ticks;
            if (offset % step.Ticks == 0 && point.Value is { } value)
            {
                values[length - 1 - (int)(offset / step.Ticks)] = value.GramsPerKilowattHour;
            }
        }

        return new ForecastWindow(values, step, last.Start, last.Provenance);
    }

    /// <summary>The most common spacing between consecutive starts (the shortest of equally common ones); the
    /// duration of the only point when there is one.</summary>
    internal static TimeSpan InferStep(IReadOnlyList<IntensityPoint> sorted)
    {
        if (sorted.Count < 2)
        {
            return sorted[0].Duration;
        }

        var counts = new Dictionary<TimeSpan, int>();
        for (var i = 1; i < sorted.Count; i++)
        {
            var spacing = sorted[i].Start - sorted[i - 1].Start;
            if (spacing > TimeSpan.Zero)
            {
                counts[spacing] = counts.GetValueOrDefault(spacing) + 1;
            }
        }

        return counts.Count == 0 ? sorted[0].Duration : counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
    }
}
