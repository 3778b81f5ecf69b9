using CarbonScope.Units;

namespace CarbonScope.Scheduling;

/// <summary>A contiguous run window [<paramref name="Start"/>, <paramref name="End"/>) and its time-weighted average intensity.</summary>
public sealed record Window(DateTimeOffset Start, DateTimeOffset End, CarbonIntensity Average)
{
    /// <summary>The window's length.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>One contiguous part [<paramref name="Start"/>, <paramref name="End"/>) of an interruptible schedule, with its average.</summary>
public sealed record Slice(DateTimeOffset Start, DateTimeOffset End, CarbonIntensity Average)
{
    /// <summary>The slice's length.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>An interruptible schedule: its slices in time order and the time-weighted average over all of them.</summary>
public sealed record Schedule(IReadOnlyList<Slice> Slices, CarbonIntensity Average)
{
    /// <summary>The total run time.</summary>
    public TimeSpan Duration => Slices.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);
}

/// <summary>One zone in a <see cref="WindowFinder.Where"/> ranking: its best window, or why it has none.</summary>
public sealed record ZoneWindow(string Zone, Window? Window, string? Problem);

/// <summary>Where and when a job of a given length emits least, over <see cref="IntensitySeries"/> (docs/scheduling.md).</summary>
public static class WindowFinder
{
    /// <summary>Relative tolerance under which two integrals count as equal (a tie), against rounding in the prefix sums.</summary>
    private const double TieTolerance = 1e-12;

    /// <summary>
    /// The contiguous window of <paramref name="duration"/> inside [<paramref name="from"/>, <paramref name="to"/>] with
    /// the lowest time-weighted average. Candidate starts are <paramref name="from"/> and every valued point's start after
    /// it; a candidate counts when the whole window lies inside [from, to] and inside valued data (no gap). Ties (within
    /// a relative 1e-12 of the series' integral) go to the earliest start.
    /// </summary>
    /// <remarks>
    /// Two pointers over prefix integrals: with I(t) = ∫ intensity up to t, a window's integral is I(t + D) − I(t).
    /// Candidate starts t increase, and so do the ends t + D, so one pointer follows t and another t + D through the
    /// points, each only forward: O(n + log n) for n points, whatever the window's length (no O(n·w) rescan). Coverage
    /// is tracked the same way with a prefix of covered time: a window is inside the data when its covered time equals D.
    /// All windows have the same length, so integrals are compared rather than averages.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="duration"/> is longer than [from, to].</exception>
    /// <exception cref="SeriesCoverageException">The series has no values, or no window of that length lies inside the data in the range.</exception>
    public static Window BestWindow(IntensitySeries series, TimeSpan duration, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckRange(duration, from, to);
        if (series.IsEmpty)
        {
            throw new SeriesCoverageException("the intensity series has no values.");
        }

        var (a, b, d) = (from.UtcTicks, to.UtcTicks, duration.Ticks);
        var tolerance = TieTolerance * (series.TotalIntegral + 1);
        var startHint = series.FirstEndingAfter(a);
        var endHint = series.FirstEndingAfter(a + d);
        var next = FirstStartAfter(series, a);
        long? best = null;
        var bestIntegral = double.PositiveInfinity;
        for (var t = a; t + d <= b;)
        {
            var (i0, c0) = series.Before(t, ref startHint);
            var (i1, c1) = series.Before(t + d, ref endHint);
            if (c1 - c0 == d && i1 - i0 < bestIntegral - tolerance)
            {
                (best, bestIntegral) = (t, i1 - i0);
            }

            if (next >= series.Length)
            {
                break;
            }

            t = series.StartTicks(next++);
        }

        if (best is not { } start)
        {
            throw new SeriesCoverageException($"no {SeriesCoverageException.Format(duration)} of continuous data between {SeriesCoverageException.Format(from)} and {SeriesCoverageException.Format(to)}"
                + (series.FirstUncovered(a, b) is { } missing ? $" (no data for {SeriesCoverageException.Format(new DateTimeOffset(missing.From, TimeSpan.Zero))} to {SeriesCoverageException.Format(new DateTimeOffset(missing.To, TimeSpan.Zero))})." : "."));
        }

        var begin = new DateTimeOffset(start, TimeSpan.Zero);
        return new Window(begin, begin + duration, CarbonIntensity.FromGramsPerKilowattHour(Math.Max(0, bestIntegral) / duration.TotalSeconds));
    }

    /// <summary>
    /// The cheapest set of slices totalling <paramref name="duration"/> inside [<paramref name="from"/>,
    /// <paramref name="deadline"/>], each slice at least <paramref name="minSlice"/> long when given.
    /// </summary>
    /// <remarks>
    /// <para>Without a minimum slice the answer is optimal: the valued points, clipped to the range, are taken cheapest
    /// first (ties: earliest first) until the duration is reached, the last one only for its earliest part needed
    /// (fractional knapsack on one resource: time). Adjacent pieces merge into slices. O(n log n).</para>
    /// <para>With a minimum slice m it is a heuristic: (1) when <paramref name="duration"/> ≤ m, the best contiguous
    /// window (optimal); (2) when the unconstrained optimum already has every slice ≥ m, that (optimal); (3) otherwise
    /// the better of the best contiguous window and a greedy of blocks: ⌊D / m⌋ blocks (one of D − (k − 1)·m, the rest of
    /// m, longest first), each placed at the best window of the still free data. Every slice returned is ≥ m; the average
    /// is never worse than the contiguous window's, but may be above the true constrained optimum.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A duration is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="duration"/> is longer than the range.</exception>
    /// <exception cref="SeriesCoverageException">The data in the range is shorter than <paramref name="duration"/>, or no schedule with the minimum slice fits.</exception>
    public static Schedule BestInterruptible(IntensitySeries series, TimeSpan duration, DateTimeOffset deadline, DateTimeOffset from, TimeSpan? minSlice = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckRange(duration, from, deadline);
        if (minSlice is { } m && m <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(minSlice), minSlice, "The minimum slice must be positive.");
        }

        if (series.IsEmpty)
        {
            throw new SeriesCoverageException("the intensity series has no values.");
        }

        if (minSlice is { } min && duration <= min)
        {
            return FromWindow(BestWindow(series, duration, from, deadline));
        }

        var (a, b) = (from.UtcTicks, deadline.UtcTicks);
        var pieces = Clip(series, a, b);
        var available = pieces.Sum(p => p.End - p.Start);
        if (available < duration.Ticks)
        {
            throw new SeriesCoverageException($"only {SeriesCoverageException.Format(TimeSpan.FromTicks(available))} of data between {SeriesCoverageException.Format(from)} and {SeriesCoverageException.Format(deadline)}; {SeriesCoverageException.Format(duration)} needed.");
        }

        var greedy = Greedy(pieces, duration.Ticks);
        if (minSlice is not { } minimum || greedy.All(s => s.End - s.Start >= minimum.Ticks))
        {
            return Build(series, greedy);
        }

        Schedule? contiguous = null;
        try
        {
            contiguous = FromWindow(BestWindow(series, duration, from, deadline));
        }
        catch (SeriesCoverageException)
        {
            // no contiguous window: the blocks may still fit
        }

        var blocks = Blocks(pieces, duration.Ticks, minimum.Ticks) is { } placed ? Build(series, placed) : null;
        return (contiguous, blocks) switch
        {
            (null, null) => throw new SeriesCoverageException($"no schedule of {SeriesCoverageException.Format(duration)} in slices of at least {SeriesCoverageException.Format(minimum)} fits the data between {SeriesCoverageException.Format(from)} and {SeriesCoverageException.Format(deadline)}."),
            (null, { } only) => only,
            ({ } only, null) => only,
            ({ } c, { } g) => g.Average < c.Average ? g : c,
        };
    }

    /// <summary>
    /// Where and when: the best contiguous window of each zone's series in [<paramref name="from"/>, <paramref name="to"/>],
    /// ranked by average (lowest first, ties by zone name); zones without a window come last with the reason.
    /// </summary>
    public static IReadOnlyList<ZoneWindow> Where(IReadOnlyDictionary<string, IntensitySeries> zones, TimeSpan duration, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(zones);
        CheckRange(duration, from, to);
        var answers = new List<ZoneWindow>();
        foreach (var (zone, series) in zones)
        {
            try
            {
                answers.Add(new ZoneWindow(zone, BestWindow(series, duration, from, to), null));
            }
            catch (SeriesCoverageException e)
            {
                answers.Add(new ZoneWindow(zone, null, e.Message));
            }
        }

        return [.. answers
            .OrderBy(z => z.Window is null ? 1 : 0)
            .ThenBy(z => z.Window?.Average.GramsPerKilowattHour ?? 0)
            .ThenBy(z => z.Zone, StringComparer.Ordinal)];
    }

    private static void CheckRange(TimeSpan duration, DateTimeOffset from, DateTimeOffset to)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive.");
        }

        if (to - from < duration)
        {
            throw new ArgumentException($"the duration {SeriesCoverageException.Format(duration)} is longer than the range {SeriesCoverageException.Format(from)} to {SeriesCoverageException.Format(to)} ({SeriesCoverageException.Format(to - from < TimeSpan.Zero ? TimeSpan.Zero : to - from)}).");
        }
    }

    private static int FirstStartAfter(IntensitySeries series, long t)
    {
        var (lo, hi) = (0, series.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (series.StartTicks(mid) <= t)
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

    private static Schedule FromWindow(Window window) =>
        new([new Slice(window.Start, window.End, window.Average)], window.Average);

    private static List<(long Start, long End, double Value)> Clip(IntensitySeries series, long from, long to)
    {
        var pieces = new List<(long, long, double)>();
        for (var i = series.FirstEndingAfter(from); i < series.Length && series.StartTicks(i) < to; i++)
        {
            pieces.Add((Math.Max(from, series.StartTicks(i)), Math.Min(to, series.EndTicks(i)), series.Value(i)));
        }

        return pieces;
    }

    /// <summary>Cheapest pieces first (ties: earliest), the last one cut to its earliest part; merged into slices.</summary>
    private static List<(long Start, long End)> Greedy(List<(long Start, long End, double Value)> pieces, long needed)
    {
        var chosen = new List<(long Start, long End)>();
        foreach (var (start, end, _) in pieces.OrderBy(p => p.Value).ThenBy(p => p.Start))
        {
            if (needed <= 0)
            {
                break;
            }

            var take = Math.Min(needed, end - start);
            chosen.Add((start, start + take));
            needed -= take;
        }

        return Merge(chosen);
    }

    /// <summary>Blocks of at least <paramref name="min"/>, longest first, each at the best window of the still free data; null when one does not fit.</summary>
    /// <remarks><paramref name="pieces"/> are sorted by start and stay so: a chosen window only splits the pieces it
    /// overlaps, found by binary search, so a block costs one series build (O(n), no sort) and one window search.</remarks>
    private static List<(long Start, long End)>? Blocks(List<(long Start, long End, double Value)> pieces, long needed, long min)
    {
        var count = needed / min;
        var lengths = new List<long> { needed - ((count - 1) * min) };
        lengths.AddRange(Enumerable.Repeat(min, (int)Math.Min(count - 1, int.MaxValue)));
        var free = new List<(long Start, long End, double Value)>(pieces);
        var chosen = new List<(long Start, long End)>();
        foreach (var length in lengths)
        {
            if (free.Count == 0)
            {
                return null;
            }

            var (from, to) = (new DateTimeOffset(free[0].Start, TimeSpan.Zero), new DateTimeOffset(free[^1].End, TimeSpan.Zero));
            if (to - from < TimeSpan.FromTicks(length))
            {
                return null;
            }

            Window window;
            try
            {
                window = BestWindow(IntensitySeries.FromSortedPieces(free), TimeSpan.FromTicks(length), from, to);
            }
            catch (SeriesCoverageException)
            {
                return null;
            }

            var (ws, we) = (window.Start.UtcTicks, window.End.UtcTicks);
            chosen.Add((ws, we));
            RemoveSpan(free, ws, we);
        }

        return Merge(chosen);
    }

    /// <summary>Removes [<paramref name="start"/>, <paramref name="end"/>) from sorted, non-overlapping pieces, keeping the parts outside it.</summary>
    private static void RemoveSpan(List<(long Start, long End, double Value)> free, long start, long end)
    {
        // first piece ending after start
        var (lo, hi) = (0, free.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (free[mid].End <= start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var last = lo;
        while (last < free.Count && free[last].Start < end)
        {
            last++;
        }

        if (last == lo)
        {
            return;
        }

        var (first, final) = (free[lo], free[last - 1]);
        var kept = new List<(long Start, long End, double Value)>(2);
        if (first.Start < start)
        {
            kept.Add((first.Start, start, first.Value));
        }

        if (final.End > end)
        {
            kept.Add((end, final.End, final.Value));
        }

        free.RemoveRange(lo, last - lo);
        free.InsertRange(lo, kept);
    }

    private static List<(long Start, long End)> Merge(List<(long Start, long End)> parts)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var part in parts.OrderBy(p => p.Start))
        {
            if (merged.Count > 0 && merged[^1].End == part.Start)
            {
                merged[^1] = (merged[^1].Start, part.End);
            }
            else
            {
                merged.Add(part);
            }
        }

        return merged;
    }

    private static Schedule Build(IntensitySeries series, List<(long Start, long End)> parts)
    {
        var slices = new List<Slice>(parts.Count);
        double integral = 0;
        long total = 0;
        foreach (var (start, end) in parts)
        {
            var (s, e) = (new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end, TimeSpan.Zero));
            var average = SeriesMath.Average(series, s, e);
            slices.Add(new Slice(s, e, average));
            integral += average.GramsPerKilowattHour * (end - start);
            total += end - start;
        }

        return new Schedule(slices, CarbonIntensity.FromGramsPerKilowattHour(integral / total));
    }
}
