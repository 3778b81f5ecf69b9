using CarbonScope.Units;

namespace CarbonScope.Grid;

/// <summary>Time-weighted averages of intensity points (docs/methodology.md, "Average over an interval").</summary>
public static class IntensityAverage
{
    /// <summary>
    /// The average of the points' values over [<paramref name="from"/>, <paramref name="to"/>), each weighted by the
    /// time it overlaps the interval; points without a value (gaps) and the time no point covers are left out of the
    /// weights. Null when no valued point overlaps. For an empty interval (<paramref name="from"/> = <paramref name="to"/>),
    /// the value of the point that contains the instant.
    /// </summary>
    /// <param name="points">The points, in any order.</param>
    /// <param name="from">Start of the interval.</param>
    /// <param name="to">End of the interval (exclusive).</param>
    /// <param name="covered">The time inside the interval that valued points cover.</param>
    public static CarbonIntensity? Over(IEnumerable<IntensityPoint> points, DateTimeOffset from, DateTimeOffset to, out TimeSpan covered)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The end of the interval is before its start.");
        }

        covered = TimeSpan.Zero;
        if (to == from)
        {
            var at = points.LastOrDefault(p => p.Value is not null && p.Start <= from && from < p.End);
            return at?.Value;
        }

        double weighted = 0;
        foreach (var point in points)
        {
            if (point.Value is not { } value || !point.Overlaps(from, to))
            {
                continue;
            }

            var start = point.Start > from ? point.Start : from;
            var end = point.End < to ? point.End : to;
            var overlap = end - start;
            weighted += value.GramsPerKilowattHour * overlap.TotalSeconds;
            covered += overlap;
        }

        return covered > TimeSpan.Zero ? CarbonIntensity.FromGramsPerKilowattHour(weighted / covered.TotalSeconds) : null;
    }
}
