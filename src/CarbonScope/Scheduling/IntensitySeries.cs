using CarbonScope.Grid;
using CarbonScope.Units;

namespace CarbonScope.Scheduling;

/// <summary>
/// An immutable, validated view of a zone's intensity points sorted by start: no negative values, no overlapping
/// points. Gaps are allowed: points without a value and time no point covers. The valued points are kept with prefix
/// integrals (value × seconds, and covered time) so that any interval's integral and coverage cost O(log n), or O(1)
/// amortised when the interval's ends only move forward (the two pointers of <see cref="WindowFinder"/>).
/// </summary>
public sealed class IntensitySeries
{
    private readonly long[] _starts; // UTC ticks of the valued points
    private readonly long[] _ends;
    private readonly double[] _values; // g/kWh
    private readonly double[] _integral; // _integral[i]: Σ value × seconds of the valued points before i (length n + 1)
    private readonly long[] _covered; // _covered[i]: Σ duration ticks of the valued points before i (length n + 1)

    /// <summary>Validates and sorts <paramref name="points"/>.</summary>
    /// <exception cref="ArgumentException">A value is negative, a duration is not positive, or two points overlap.</exception>
    public IntensitySeries(IEnumerable<IntensityPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.OrderBy(p => p.Start).ToArray();
        for (var i = 0; i < sorted.Length; i++)
        {
            var point = sorted[i];
            if (point.Duration <= TimeSpan.Zero)
            {
                throw new ArgumentException($"the point at {SeriesCoverageException.Format(point.Start)} has a duration of {point.Duration}; it must be positive.", nameof(points));
            }

            if (point.Value is { } value && (value.GramsPerKilowattHour < 0 || !double.IsFinite(value.GramsPerKilowattHour)))
            {
                throw new ArgumentException($"the point at {SeriesCoverageException.Format(point.Start)} has the value {value.GramsPerKilowattHour} g/kWh; an intensity cannot be negative or infinite.", nameof(points));
            }

            if (i > 0 && sorted[i - 1].End > point.Start)
            {
                throw new ArgumentException($"the points at {SeriesCoverageException.Format(sorted[i - 1].Start)} and {SeriesCoverageException.Format(point.Start)} overlap; a series has one value for each instant.", nameof(points));
            }
        }

        Points = sorted;
        var valued = sorted.Where(p => p.Value is not null).Select(p => (p.Start.UtcTicks, p.End.UtcTicks, p.Value!.Value.GramsPerKilowattHour)).ToArray();
        (_starts, _ends, _values, _integral, _covered) = Build(valued);
    }

    private IntensitySeries((long Start, long End, double Value)[] valued)
    {
        Points = [];
        (_starts, _ends, _values, _integral, _covered) = Build(valued);
    }

    /// <summary>All the points, sorted by start, gaps included.</summary>
    public IReadOnlyList<IntensityPoint> Points { get; }

    /// <summary>The number of points with a value.</summary>
    public int ValuedCount => _starts.Length;

    /// <summary>Whether no point has a value.</summary>
    public bool IsEmpty => _starts.Length == 0;

    /// <summary>Start of the first valued point; null when empty.</summary>
    public DateTimeOffset? Start => IsEmpty ? null : new DateTimeOffset(_starts[0], TimeSpan.Zero);

    /// <summary>End of the last valued point; null when empty.</summary>
    public DateTimeOffset? End => IsEmpty ? null : new DateTimeOffset(_ends[^1], TimeSpan.Zero);

    /// <summary>A series from (start, duration, g/kWh) triples, for tests and files; null values are gaps.</summary>
    public static IntensitySeries From(IEnumerable<(DateTimeOffset Start, TimeSpan Duration, double? GramsPerKilowattHour)> points, string zone = "")
    {
        ArgumentNullException.ThrowIfNull(points);
        var provenance = new IntensityProvenance("series", zone, IntensityKind.Measured, IntensitySignal.Average);
        return new IntensitySeries(points.Select(p => new IntensityPoint(p.Start, p.Duration, p.GramsPerKilowattHour is { } g ? CarbonIntensity.FromGramsPerKilowattHour(g) : null, provenance)));
    }

    internal static IntensitySeries FromPieces(IEnumerable<(long Start, long End, double Value)> pieces) =>
        new([.. pieces.Where(p => p.End > p.Start).OrderBy(p => p.Start)]);

    /// <summary>A series from pieces already sorted by start, non-overlapping and non-empty (not checked): no sort, one copy.</summary>
    internal static IntensitySeries FromSortedPieces(List<(long Start, long End, double Value)> pieces) => new([.. pieces]);

    internal int Length => _starts.Length;

    internal long StartTicks(int i) => _starts[i];

    internal long EndTicks(int i) => _ends[i];

    internal double Value(int i) => _values[i];

    /// <summary>Σ value × seconds of the whole series: the scale of rounding errors in integral differences.</summary>
    internal double TotalIntegral => _integral[^1];

    /// <summary>
    /// The integral (g/kWh × s) and covered ticks of the series over (-∞, <paramref name="t"/>). <paramref name="hint"/>
    /// is the index of the first valued point that ends after the last instant asked; it only moves forward, so a
    /// sequence of non-decreasing instants costs O(n) in all.
    /// </summary>
    internal (double Integral, long Covered) Before(long t, ref int hint)
    {
        while (hint < _ends.Length && _ends[hint] <= t)
        {
            hint++;
        }

        if (hint < _starts.Length && _starts[hint] < t)
        {
            var inside = t - _starts[hint];
            return (_integral[hint] + (_values[hint] * inside / TimeSpan.TicksPerSecond), _covered[hint] + inside);
        }

        return (_integral[hint], _covered[hint]);
    }

    /// <summary>Like <see cref="Before(long, ref int)"/> with a binary search: O(log n).</summary>
    internal (double Integral, long Covered) Before(long t)
    {
        var hint = FirstEndingAfter(t);
        return Before(t, ref hint);
    }

    /// <summary>The index of the first valued point whose end is after <paramref name="t"/> (n when none).</summary>
    internal int FirstEndingAfter(long t)
    {
        var (lo, hi) = (0, _ends.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ends[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The first part of [<paramref name="from"/>, <paramref name="to"/>) no valued point covers; null when all is covered.</summary>
    internal (long From, long To)? FirstUncovered(long from, long to)
    {
        var cursor = from;
        for (var i = FirstEndingAfter(from); i < _starts.Length && cursor < to; i++)
        {
            if (_starts[i] > cursor)
            {
                return (cursor, Math.Min(_starts[i], to));
            }

            cursor = _ends[i];
        }

        return cursor < to ? (cursor, to) : null;
    }

    private static (long[], long[], double[], double[], long[]) Build((long Start, long End, double Value)[] valued)
    {
        var n = valued.Length;
        var (starts, ends, values, integral, covered) = (new long[n], new long[n], new double[n], new double[n + 1], new long[n + 1]);
        for (var i = 0; i < n; i++)
        {
            (starts[i], ends[i], values[i]) = valued[i];
            var ticks = ends[i] - starts[i];
            integral[i + 1] = integral[i] + (values[i] * ticks / TimeSpan.TicksPerSecond);
            covered[i + 1] = covered[i] + ticks;
        }

        return (starts, ends, values, integral, covered);
    }
}
