using CarbonScope.Scheduling;
using CarbonScope.Units;

namespace CarbonScope.Tests.Scheduling;

/// <summary>Carbon avoided by pausing, computed by hand on an hourly series.</summary>
public class PauseAccountingTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly IntensitySeries s_hourly = IntensitySeries.From(
        new double[] { 100, 500, 500, 50 }.Select((g, i) => (s_t0.AddHours(i), TimeSpan.FromHours(1), (double?)g)));

    private static ActivitySegment Segment(double fromHours, double toHours, bool running, double kilowattHours) =>
        new(s_t0.AddHours(fromHours), s_t0.AddHours(toHours), running, Energy.FromKilowattHours(kilowattHours));

    [Fact]
    public void Actual_counts_every_segment_and_the_counterfactual_shifts_the_running_ones_earlier()
    {
        // Run 0-1 h (1 kWh at 100), pause 1-3 h (0.1 kWh at 500), run 3-3.5 h (1 kWh at 50).
        // Never pausing: the second run at 1-1.5 h, at 500. Actual 100 + 50 + 50 = 200 g; counterfactual 100 + 500.
        var account = PauseAccounting.Compute([Segment(0, 1, true, 1), Segment(1, 3, false, 0.1), Segment(3, 3.5, true, 1)], s_hourly);

        Assert.Equal((TimeSpan.FromHours(1.5), TimeSpan.FromHours(2)), (account.RunningTime, account.PausedTime));
        Assert.Equal((2.1, 0.1), (Math.Round(account.Energy.KilowattHours, 9), Math.Round(account.EnergyWhilePaused.KilowattHours, 9)));
        Assert.Equal(200, account.Emissions.Grams, 9);
        Assert.Equal(600, account.CounterfactualEmissions.Grams, 9);
        Assert.Equal(400, account.Avoided.Grams, 9);
    }

    [Fact]
    public void Segments_straddling_points_take_the_time_weighted_average_and_the_PUE_scales_both()
    {
        // Run 0.5-1.5 h: (100 + 500) / 2 = 300 per kWh; pause 1.5-2.5 h with no energy; run 2.5-3.5 h: (500 + 50) / 2.
        // Never pausing: the second run at 1.5-2.5 h, at 500. PUE 2.
        var account = PauseAccounting.Compute([Segment(0.5, 1.5, true, 1), Segment(1.5, 2.5, false, 0), Segment(2.5, 3.5, true, 2)], s_hourly, pue: 2);

        Assert.Equal(2 * (300 + (2 * 275)), account.Emissions.Grams, 9);
        Assert.Equal(2 * (300 + (2 * 500)), account.CounterfactualEmissions.Grams, 9);
    }

    [Fact]
    public void Without_pauses_nothing_is_avoided() =>
        Assert.Equal(0, PauseAccounting.Compute([Segment(0, 2, true, 1), Segment(2, 4, true, 1)], s_hourly).Avoided.Grams);

    [Fact]
    public void Overlapping_segments_and_uncovered_spans_are_errors()
    {
        var overlap = Assert.Throws<ArgumentException>(() => PauseAccounting.Compute([Segment(0, 2, true, 1), Segment(1, 3, false, 0)], s_hourly));
        Assert.Contains("the segment 2025-01-01T01:00Z to 2025-01-01T03:00Z", overlap.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<SeriesCoverageException>(() => PauseAccounting.Compute([Segment(3, 5, true, 1)], s_hourly));
        Assert.Contains("no data for 2025-01-01T04:00Z", missing.Message, StringComparison.Ordinal);
    }
}
