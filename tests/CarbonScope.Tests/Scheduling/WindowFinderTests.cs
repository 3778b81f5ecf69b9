using CarbonScope.Scheduling;

namespace CarbonScope.Tests.Scheduling;

public class WindowFinderTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => s_t0.AddHours(hours);

    /// <summary>Consecutive hourly points from s_t0.</summary>
    private static IntensitySeries Hourly(params double?[] values) =>
        IntensitySeries.From(values.Select((v, i) => (H(i), TimeSpan.FromHours(1), v)));

    [Fact]
    public void Average_weights_partial_first_and_last_points_by_overlap()
    {
        var series = Hourly(100, 200, 400);

        Assert.Equal(225, SeriesMath.Average(series, H(0.5), H(2.5)).GramsPerKilowattHour, 9);
        Assert.Equal(700.0 / 3, SeriesMath.Average(series, H(0), H(3)).GramsPerKilowattHour, 9);
        Assert.Equal(200, SeriesMath.Average(series, H(1.25), H(1.75)).GramsPerKilowattHour, 9);
    }

    [Fact]
    public void Average_over_a_gap_names_the_uncovered_part()
    {
        var uncovered = IntensitySeries.From([(H(0), TimeSpan.FromHours(1), 100), (H(2), TimeSpan.FromHours(1), 100)]);
        var nullGap = Hourly(100, null, 100);

        var e1 = Assert.Throws<SeriesCoverageException>(() => SeriesMath.Average(uncovered, H(0.5), H(2.5)));
        var e2 = Assert.Throws<SeriesCoverageException>(() => SeriesMath.Average(nullGap, H(0.5), H(2.5)));
        var e3 = Assert.Throws<SeriesCoverageException>(() => SeriesMath.Average(nullGap, H(-1), H(1)));
        var e4 = Assert.Throws<SeriesCoverageException>(() => SeriesMath.Average(nullGap, H(2.5), H(27.5)));

        Assert.Equal("no data for 2025-01-01T01:00Z to 02:00Z", e1.Message);
        Assert.Equal("no data for 2025-01-01T01:00Z to 02:00Z", e2.Message);
        Assert.Equal("no data for 2024-12-31T23:00Z to 2025-01-01T00:00Z", e3.Message);
        Assert.Equal("no data for 2025-01-01T03:00Z to 2025-01-02T03:30Z", e4.Message);
        Assert.Equal(H(1), e1.MissingFrom);
        Assert.Equal(H(2), e1.MissingTo);
    }

    [Fact]
    public void Series_rejects_negative_values_overlaps_and_empty_durations()
    {
        var negative = Assert.Throws<ArgumentException>(() => Hourly(100, -1));
        var overlap = Assert.Throws<ArgumentException>(() => IntensitySeries.From([(H(0), TimeSpan.FromHours(2), 100), (H(1), TimeSpan.FromHours(1), 100)]));
        var empty = Assert.Throws<ArgumentException>(() => IntensitySeries.From([(H(0), TimeSpan.Zero, 100)]));

        Assert.StartsWith("the point at 2025-01-01T01:00Z has the value -1 g/kWh", negative.Message, StringComparison.Ordinal);
        Assert.StartsWith("the points at 2025-01-01T00:00Z and 2025-01-01T01:00Z overlap", overlap.Message, StringComparison.Ordinal);
        Assert.StartsWith("the point at 2025-01-01T00:00Z has a duration of", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Series_sorts_points_and_keeps_gaps()
    {
        var series = IntensitySeries.From([(H(2), TimeSpan.FromHours(1), 30), (H(0), TimeSpan.FromHours(1), 10), (H(1), TimeSpan.FromHours(1), null)]);

        Assert.Equal([H(0), H(1), H(2)], series.Points.Select(p => p.Start));
        Assert.Equal(2, series.ValuedCount);
        Assert.Equal(H(0), series.Start);
        Assert.Equal(H(3), series.End);
    }

    [Fact]
    public void Window_exactly_the_range_is_the_whole_range()
    {
        var window = WindowFinder.BestWindow(Hourly(100, 200, 400), TimeSpan.FromHours(3), H(0), H(3));

        Assert.Equal(H(0), window.Start);
        Assert.Equal(H(3), window.End);
        Assert.Equal(700.0 / 3, window.Average.GramsPerKilowattHour, 9);
    }

    [Fact]
    public void Window_ties_go_to_the_earliest_start()
    {
        Assert.Equal(H(0), WindowFinder.BestWindow(Hourly(50, 100, 50), TimeSpan.FromHours(1), H(0), H(3)).Start);
        Assert.Equal(H(0), WindowFinder.BestWindow(Hourly(7, 7, 7, 7, 7, 7), TimeSpan.FromMinutes(150), H(0), H(6)).Start);
        var two = WindowFinder.BestWindow(Hourly(100, 50, 50, 100), TimeSpan.FromHours(2), H(0), H(4));
        Assert.Equal(H(1), two.Start);
        Assert.Equal(50, two.Average.GramsPerKilowattHour, 9);
    }

    [Fact]
    public void Window_starts_at_from_or_at_a_point_start_and_weights_partial_points()
    {
        var series = Hourly(100, 10, 10, 100);

        var fromUnaligned = WindowFinder.BestWindow(series, TimeSpan.FromHours(2), H(0.5), H(4));
        var onlyFrom = WindowFinder.BestWindow(series, TimeSpan.FromHours(2), H(0.5), H(2.5));

        Assert.Equal(H(1), fromUnaligned.Start);
        Assert.Equal(10, fromUnaligned.Average.GramsPerKilowattHour, 9);
        Assert.Equal(H(0.5), onlyFrom.Start);
        Assert.Equal(32.5, onlyFrom.Average.GramsPerKilowattHour, 9);
    }

    [Fact]
    public void Window_never_spans_a_gap()
    {
        var series = IntensitySeries.From([(H(0), TimeSpan.FromHours(1), 100), (H(1), TimeSpan.FromHours(1), null), (H(2), TimeSpan.FromHours(1), 10), (H(4), TimeSpan.FromHours(1), 1)]);

        var hour = WindowFinder.BestWindow(series, TimeSpan.FromHours(1), H(0), H(5));
        var none = Assert.Throws<SeriesCoverageException>(() => WindowFinder.BestWindow(series, TimeSpan.FromHours(2), H(0), H(5)));

        Assert.Equal(H(4), hour.Start);
        Assert.Equal(1, hour.Average.GramsPerKilowattHour, 9);
        Assert.Equal("no 2h of continuous data between 2025-01-01T00:00Z and 2025-01-01T05:00Z (no data for 2025-01-01T01:00Z to 2025-01-01T02:00Z).", none.Message);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var series = Hourly(100, 200);

        var tooLong = Assert.Throws<ArgumentException>(() => WindowFinder.BestWindow(series, TimeSpan.FromHours(3), H(0), H(2)));
        var empty = Assert.Throws<SeriesCoverageException>(() => WindowFinder.BestWindow(Hourly(null, null), TimeSpan.FromHours(1), H(0), H(2)));
        var notEnough = Assert.Throws<SeriesCoverageException>(() => WindowFinder.BestInterruptible(Hourly(1, null, 2), TimeSpan.FromHours(3), H(3), H(0)));

        Assert.Equal("the duration 3h is longer than the range 2025-01-01T00:00Z to 2025-01-01T02:00Z (2h).", tooLong.Message);
        Assert.Equal("the intensity series has no values.", empty.Message);
        Assert.Equal("only 2h of data between 2025-01-01T00:00Z and 2025-01-01T03:00Z; 3h needed.", notEnough.Message);
    }

    [Theory]
    [InlineData(120, "2h")]
    [InlineData(90, "1h30m")]
    [InlineData(0.75, "45s")]
    [InlineData(2880, "2d")]
    [InlineData(1530, "25h30m")]
    public void Durations_are_written_as_the_cli_takes_them(double minutes, string expected) =>
        Assert.Equal(expected, SeriesCoverageException.Format(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Interruptible_takes_the_cheapest_pieces_and_the_earliest_part_of_the_last()
    {
        var series = Hourly(100, 10, 200, 20, 300);

        var whole = WindowFinder.BestInterruptible(series, TimeSpan.FromHours(2), H(5), H(0));
        var partial = WindowFinder.BestInterruptible(series, TimeSpan.FromMinutes(90), H(5), H(0));

        Assert.Equal([(H(1), H(2)), (H(3), H(4))], whole.Slices.Select(s => (s.Start, s.End)));
        Assert.Equal(15, whole.Average.GramsPerKilowattHour, 9);
        Assert.Equal([(H(1), H(2)), (H(3), H(3.5))], partial.Slices.Select(s => (s.Start, s.End)));
        Assert.Equal((10 * 60 + 20 * 30) / 90.0, partial.Average.GramsPerKilowattHour, 9);
        Assert.Equal([10, 20], partial.Slices.Select(s => s.Average.GramsPerKilowattHour));
    }

    [Fact]
    public void Interruptible_merges_adjacent_pieces_and_respects_the_range()
    {
        var series = Hourly(5, 10, 20, 1, 1);

        var schedule = WindowFinder.BestInterruptible(series, TimeSpan.FromHours(2), H(3.5), H(0.5));

        Assert.Equal([(H(0.5), H(2)), (H(3), H(3.5))], schedule.Slices.Select(s => (s.Start, s.End)));
        Assert.Equal((5 * 0.5 + 10 + 0.5) / 2, schedule.Average.GramsPerKilowattHour, 9);
    }

    [Fact]
    public void Interruptible_with_a_minimum_slice()
    {
        var series = Hourly(100, 10, 200, 20, 300);

        var asLong = WindowFinder.BestInterruptible(series, TimeSpan.FromHours(2), H(5), H(0), TimeSpan.FromHours(2));
        var satisfied = WindowFinder.BestInterruptible(series, TimeSpan.FromHours(2), H(5), H(0), TimeSpan.FromHours(1));
        var blocks = WindowFinder.BestInterruptible(Hourly(1, 1, 90, 90, 90, 90, 1, 1, 50), TimeSpan.FromHours(5), H(9), H(0), TimeSpan.FromHours(2));

        Assert.Equal([(H(0), H(2))], asLong.Slices.Select(s => (s.Start, s.End)));
        Assert.Equal(55, asLong.Average.GramsPerKilowattHour, 9);
        Assert.Equal(15, satisfied.Average.GramsPerKilowattHour, 9);
        // blocks of 3h then 2h: 3h at 06:00–09:00 (1, 1, 50), 2h at 00:00–02:00 (1, 1).
        Assert.Equal([(H(0), H(2)), (H(6), H(9))], blocks.Slices.Select(s => (s.Start, s.End)));
        Assert.Equal(54.0 / 5, blocks.Average.GramsPerKilowattHour, 9);
    }

    [Fact]
    public void Where_ranks_zones_by_their_best_window_and_lists_zones_without_one_last()
    {
        var zones = new Dictionary<string, IntensitySeries>
        {
            ["DE"] = Hourly(300, 200, 250),
            ["FR"] = Hourly(60, 50, 40),
            ["PL"] = Hourly(700, null, 600),
            ["SE"] = Hourly(null, null, null),
        };

        var ranking = WindowFinder.Where(zones, TimeSpan.FromHours(2), H(0), H(3));

        Assert.Equal(["FR", "DE", "PL", "SE"], ranking.Select(z => z.Zone));
        Assert.Equal(H(1), ranking[0].Window!.Start);
        Assert.Equal(45, ranking[0].Window!.Average.GramsPerKilowattHour, 9);
        Assert.Equal(225, ranking[1].Window!.Average.GramsPerKilowattHour, 9);
        Assert.Null(ranking[2].Window);
        Assert.StartsWith("no 2h of continuous data", ranking[2].Problem, StringComparison.Ordinal);
        Assert.Equal("the intensity series has no values.", ranking[3].Problem);
    }
}
