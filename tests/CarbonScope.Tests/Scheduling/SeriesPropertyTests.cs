using CarbonScope.Scheduling;

namespace CarbonScope.Tests.Scheduling;

/// <summary>The fast functions against brute-force references on randomized irregular series (seeded, many cases).</summary>
public class SeriesPropertyTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Piece(long StartMinute, long EndMinute, int? Value);

    /// <summary>Irregular points (1–180 minutes), some without a value, some separated by uncovered time; integer values, so brute-force integrals are exact.</summary>
    private static List<Piece> RandomPieces(Random random)
    {
        var pieces = new List<Piece>();
        var count = random.Next(0, 40);
        long t = random.Next(0, 120);
        for (var i = 0; i < count; i++)
        {
            if (random.NextDouble() < 0.15)
            {
                t += random.Next(1, 90);
            }

            var length = random.Next(1, 181);
            int? value = random.NextDouble() < 0.08 ? null : random.Next(0, 30) * (random.NextDouble() < 0.5 ? 1 : 25);
            pieces.Add(new Piece(t, t + length, value));
            t += length;
        }

        return pieces;
    }

    private static IntensitySeries ToSeries(List<Piece> pieces, Random random)
    {
        var shuffled = pieces.OrderBy(_ => random.Next()).ToList();
        return IntensitySeries.From(shuffled.Select(p => (M(p.StartMinute), TimeSpan.FromMinutes(p.EndMinute - p.StartMinute), (double?)p.Value)));
    }

    private static DateTimeOffset M(long minute) => s_t0.AddMinutes(minute);

    /// <summary>Integral (g/kWh × minutes) over [a, b), or null when a minute of it has no value.</summary>
    private static long? BruteIntegral(List<Piece> pieces, long a, long b)
    {
        long integral = 0;
        for (var minute = a; minute < b; minute++)
        {
            var at = pieces.FirstOrDefault(p => p.StartMinute <= minute && minute < p.EndMinute);
            if (at?.Value is not { } value)
            {
                return null;
            }

            integral += value;
        }

        return integral;
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Average_matches_the_brute_force_integral(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 10; round++)
        {
            var pieces = RandomPieces(random);
            var series = ToSeries(pieces, random);
            var end = pieces.Count > 0 ? pieces[^1].EndMinute : 10;
            for (var q = 0; q < 20; q++)
            {
                var a = random.Next(-10, (int)end + 10);
                var b = a + random.Next(1, 600);
                var expected = BruteIntegral(pieces, a, b);
                if (expected is { } integral)
                {
                    Assert.Equal(integral / (double)(b - a), SeriesMath.Average(series, M(a), M(b)).GramsPerKilowattHour, 9);
                }
                else
                {
                    var e = Assert.Throws<SeriesCoverageException>(() => SeriesMath.Average(series, M(a), M(b)));
                    Assert.True(e.MissingFrom >= M(a) && e.MissingTo <= M(b) && e.MissingFrom < e.MissingTo);
                    Assert.Null(BruteIntegral(pieces, (long)(e.MissingFrom!.Value - s_t0).TotalMinutes, (long)(e.MissingFrom!.Value - s_t0).TotalMinutes + 1));
                    Assert.NotNull(BruteIntegral(pieces, a, (long)(e.MissingFrom!.Value - s_t0).TotalMinutes) ?? (e.MissingFrom == M(a) ? 0 : null));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Best_window_matches_the_brute_force_over_the_same_candidates(int seed)
    {
        var random = new Random(1000 + seed);
        for (var round = 0; round < 10; round++)
        {
            var pieces = RandomPieces(random);
            var series = ToSeries(pieces, random);
            var end = pieces.Count > 0 ? pieces[^1].EndMinute : 10;
            for (var q = 0; q < 8; q++)
            {
                long from = random.Next(-10, (int)end);
                var duration = random.Next(1, 400);
                var to = from + duration + random.Next(0, (int)end + 20);

                // The reference: every candidate (from, then each valued point's start after it) checked on its own.
                var candidates = new[] { from }.Concat(pieces.Where(p => p.Value is not null && p.StartMinute > from).Select(p => p.StartMinute)).Where(t => t + duration <= to);
                (long Start, long Integral)? best = null;
                foreach (var t in candidates)
                {
                    if (BruteIntegral(pieces, t, t + duration) is { } integral && (best is null || integral < best.Value.Integral))
                    {
                        best = (t, integral);
                    }
                }

                if (best is { } expected)
                {
                    var window = WindowFinder.BestWindow(series, TimeSpan.FromMinutes(duration), M(from), M(to));
                    Assert.Equal(M(expected.Start), window.Start);
                    Assert.Equal(M(expected.Start + duration), window.End);
                    Assert.Equal(expected.Integral / (double)duration, window.Average.GramsPerKilowattHour, 9);
                }
                else
                {
                    Assert.Throws<SeriesCoverageException>(() => WindowFinder.BestWindow(series, TimeSpan.FromMinutes(duration), M(from), M(to)));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Interruptible_matches_the_cheapest_minutes_and_min_slice_schedules_are_valid(int seed)
    {
        var random = new Random(2000 + seed);
        for (var round = 0; round < 10; round++)
        {
            var pieces = RandomPieces(random);
            var series = ToSeries(pieces, random);
            var end = pieces.Count > 0 ? pieces[^1].EndMinute : 10;
            long from = random.Next(-10, (int)end);
            var duration = random.Next(1, 400);
            var to = from + duration + random.Next(0, (int)end + 20);

            // The reference: the cheapest minutes with a value in [from, to).
            var minutes = new List<int>();
            for (var minute = from; minute < to; minute++)
            {
                if (pieces.FirstOrDefault(p => p.StartMinute <= minute && minute < p.EndMinute)?.Value is { } value)
                {
                    minutes.Add(value);
                }
            }

            if (minutes.Count < duration)
            {
                Assert.Throws<SeriesCoverageException>(() => WindowFinder.BestInterruptible(series, TimeSpan.FromMinutes(duration), M(to), M(from)));
                continue;
            }

            var optimum = minutes.Order().Take(duration).Sum() / (double)duration;
            var schedule = WindowFinder.BestInterruptible(series, TimeSpan.FromMinutes(duration), M(to), M(from));
            CheckValid(schedule, pieces, from, to, duration, 1);
            Assert.Equal(optimum, schedule.Average.GramsPerKilowattHour, 9);

            var minSlice = random.Next(1, 240);
            Schedule constrained;
            try
            {
                constrained = WindowFinder.BestInterruptible(series, TimeSpan.FromMinutes(duration), M(to), M(from), TimeSpan.FromMinutes(minSlice));
            }
            catch (SeriesCoverageException)
            {
                continue; // the heuristic may find nothing where the contiguous window does not fit either
            }

            CheckValid(constrained, pieces, from, to, duration, Math.Min(minSlice, duration));
            Assert.True(constrained.Average.GramsPerKilowattHour >= optimum - 1e-9);
            try
            {
                var window = WindowFinder.BestWindow(series, TimeSpan.FromMinutes(duration), M(from), M(to));
                Assert.True(constrained.Average.GramsPerKilowattHour <= window.Average.GramsPerKilowattHour + 1e-9);
            }
            catch (SeriesCoverageException)
            {
                // no contiguous window to compare with
            }
        }
    }

    private static void CheckValid(Schedule schedule, List<Piece> pieces, long from, long to, int duration, int minSlice)
    {
        Assert.Equal(TimeSpan.FromMinutes(duration), schedule.Duration);
        long integral = 0;
        for (var i = 0; i < schedule.Slices.Count; i++)
        {
            var slice = schedule.Slices[i];
            Assert.True(slice.Start >= M(from) && slice.End <= M(to));
            Assert.True(slice.Duration >= TimeSpan.FromMinutes(minSlice));
            if (i > 0)
            {
                Assert.True(slice.Start > schedule.Slices[i - 1].End); // in order, apart (adjacent pieces merged)
            }

            var (a, b) = ((long)(slice.Start - s_t0).TotalMinutes, (long)(slice.End - s_t0).TotalMinutes);
            var part = BruteIntegral(pieces, a, b);
            Assert.NotNull(part);
            Assert.Equal(part.Value / (double)(b - a), slice.Average.GramsPerKilowattHour, 9);
            integral += part.Value;
        }

        Assert.Equal(integral / (double)duration, schedule.Average.GramsPerKilowattHour, 9);
    }
}
