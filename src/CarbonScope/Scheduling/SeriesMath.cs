using CarbonScope.Units;

namespace CarbonScope.Scheduling;

/// <summary>Strict time-weighted averages over an <see cref="IntensitySeries"/> (docs/scheduling.md).</summary>
/// <remarks>
/// Unlike the lenient <see cref="Grid.IntensityAverage"/>, which leaves uncovered time out of the weights, an interval
/// that the series does not cover completely is an error here: a schedule's average must not silently rest on part of
/// its time.
/// </remarks>
public static class SeriesMath
{
    /// <summary>
    /// The time-weighted average over [<paramref name="from"/>, <paramref name="to"/>): Σ value × overlap / (to − from),
    /// each point weighted by the time it overlaps the interval. O(log n).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is not after <paramref name="from"/>.</exception>
    /// <exception cref="SeriesCoverageException">Part of the interval has no data (a gap or no point); the message names the first such part.</exception>
    public static CarbonIntensity Average(IntensitySeries series, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (to <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The end of the interval must be after its start.");
        }

        var (a, b) = (from.UtcTicks, to.UtcTicks);
        if (series.FirstUncovered(a, b) is { } missing)
        {
            throw new SeriesCoverageException(new DateTimeOffset(missing.From, TimeSpan.Zero), new DateTimeOffset(missing.To, TimeSpan.Zero));
        }

        var hint = series.FirstEndingAfter(a);
        var start = series.Before(a, ref hint);
        var end = series.Before(b, ref hint);
        return CarbonIntensity.FromGramsPerKilowattHour(Math.Max(0, end.Integral - start.Integral) / ((b - a) / (double)TimeSpan.TicksPerSecond));
    }
}
