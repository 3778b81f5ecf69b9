using System.Globalization;

using CarbonScope.Units;

namespace CarbonScope.Scheduling.Strategies;

/// <summary>
/// A <see cref="ThresholdStrategy"/> whose thresholds are percentiles of a trailing history, e.g. pause at or above the
/// 70th percentile and resume at or below the 50th (docs/scheduling.md, "Strategies").
/// </summary>
/// <remarks>
/// The thresholds are computed once, in the constructor, by <see cref="Percentile"/>; the hysteresis, maximum pause,
/// deadline and no-data rules are <see cref="ThresholdStrategy"/>'s. Stateful and not thread-safe: one instance per job.
/// </remarks>
public sealed class PercentileStrategy : ICarbonStrategy
{
    private readonly ThresholdStrategy _inner;

    /// <summary>Creates the strategy from <paramref name="trailingHistory"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A percentile is not within [0, 100].</exception>
    /// <exception cref="ArgumentException">The pause percentile is below the resume percentile, the history has no values,
    /// or a threshold comes out as zero (a history of zeros).</exception>
    public PercentileStrategy(double pausePercentile, double resumePercentile, IntensitySeries trailingHistory, TimeSpan? maxPause = null)
    {
        ArgumentNullException.ThrowIfNull(trailingHistory);
        CheckPercentile(pausePercentile, nameof(pausePercentile));
        CheckPercentile(resumePercentile, nameof(resumePercentile));
        if (pausePercentile < resumePercentile)
        {
            throw new ArgumentException($"the pause percentile {P(pausePercentile)} is below the resume percentile {P(resumePercentile)}; it must be at or above it.", nameof(pausePercentile));
        }

        if (trailingHistory.IsEmpty)
        {
            throw new ArgumentException("the trailing history has no values; percentile thresholds need some.", nameof(trailingHistory));
        }

        PausePercentile = pausePercentile;
        ResumePercentile = resumePercentile;
        _inner = new ThresholdStrategy(Percentile(trailingHistory, pausePercentile), Percentile(trailingHistory, resumePercentile), maxPause);
    }

    /// <summary>The pause percentile (0–100).</summary>
    public double PausePercentile { get; }

    /// <summary>The resume percentile (0–100).</summary>
    public double ResumePercentile { get; }

    /// <summary>The pause threshold: the <see cref="PausePercentile"/>th percentile of the history.</summary>
    public CarbonIntensity PauseAtOrAbove => _inner.PauseAtOrAbove;

    /// <summary>The resume threshold: the <see cref="ResumePercentile"/>th percentile of the history.</summary>
    public CarbonIntensity ResumeAtOrBelow => _inner.ResumeAtOrBelow;

    /// <summary>Whether the last decision was <see cref="RunDecision.Pause"/>.</summary>
    public bool IsPaused => _inner.IsPaused;

    /// <inheritdoc/>
    public string Name => $"percentile p{P(PausePercentile)}/p{P(ResumePercentile)} ({ThresholdStrategy.N(PauseAtOrAbove)}/{ThresholdStrategy.N(ResumeAtOrBelow)} g/kWh)";

    /// <inheritdoc/>
    public Decision Decide(StrategyContext context) => _inner.Decide(context);

    /// <summary>
    /// The <paramref name="percentile"/>th percentile of the values of the valued points, by linear interpolation between
    /// the closest ranks: with the n values sorted ascending as v[0..n−1] and r = p / 100 × (n − 1), the result is
    /// v[⌊r⌋] + (r − ⌊r⌋) × (v[⌊r⌋ + 1] − v[⌊r⌋]) (Excel's PERCENTILE.INC, numpy's default). Each point counts once,
    /// whatever its duration: on a regular series (hourly data) this is the time-weighted percentile.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentile"/> is not within [0, 100].</exception>
    /// <exception cref="ArgumentException">The series has no values.</exception>
    public static CarbonIntensity Percentile(IntensitySeries series, double percentile)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckPercentile(percentile, nameof(percentile));
        if (series.IsEmpty)
        {
            throw new ArgumentException("the series has no values.", nameof(series));
        }

        var values = new double[series.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = series.Value(i);
        }

        Array.Sort(values);
        var rank = percentile / 100 * (values.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, values.Length - 1);
        return CarbonIntensity.FromGramsPerKilowattHour(values[low] + ((rank - low) * (values[high] - values[low])));
    }

    private static void CheckPercentile(double percentile, string name)
    {
        if (!(percentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(name, percentile, "A percentile must be within [0, 100].");
        }
    }

    private static string P(double percentile) => percentile.ToString("0.##", CultureInfo.InvariantCulture);
}
