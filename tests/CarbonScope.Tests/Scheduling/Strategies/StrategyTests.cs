using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Strategies;
using CarbonScope.Units;

namespace CarbonScope.Tests.Scheduling.Strategies;

/// <summary>Strategies on a fake clock: successive contexts at chosen instants, each decision and reason asserted.</summary>
public class StrategyTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CarbonIntensity G(double grams) => CarbonIntensity.FromGramsPerKilowattHour(grams);

    private static StrategyContext At(double minutes, double? grams, TimeSpan? remaining = null, DateTimeOffset? deadline = null) =>
        new(s_t0.AddMinutes(minutes), grams is { } g ? G(g) : null, null, remaining ?? TimeSpan.FromHours(1), deadline);

    private static void AssertDecision(ICarbonStrategy strategy, StrategyContext context, RunDecision action, string reason)
    {
        var decision = strategy.Decide(context);
        Assert.Equal(new Decision(action, reason), decision);
    }

    [Fact]
    public void Steady_high_intensity_pauses_and_stays_paused()
    {
        var strategy = new ThresholdStrategy(G(400), G(300));

        AssertDecision(strategy, At(0, 350), RunDecision.Run, "intensity 350 g/kWh < pause threshold 400: still running");
        AssertDecision(strategy, At(5, 412), RunDecision.Pause, "intensity 412 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(10, 450), RunDecision.Pause, "intensity 450 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(600, 400), RunDecision.Pause, "intensity 400 g/kWh >= pause threshold 400");
        Assert.True(strategy.IsPaused);
    }

    [Fact]
    public void Hysteresis_holds_the_current_state_between_the_thresholds()
    {
        var strategy = new ThresholdStrategy(G(400), G(300));

        AssertDecision(strategy, At(0, 399.5), RunDecision.Run, "intensity 399.5 g/kWh < pause threshold 400: still running");
        AssertDecision(strategy, At(5, 400), RunDecision.Pause, "intensity 400 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(10, 350), RunDecision.Pause, "intensity 350 g/kWh > resume threshold 300: staying paused");
        AssertDecision(strategy, At(15, 301), RunDecision.Pause, "intensity 301 g/kWh > resume threshold 300: staying paused");
        AssertDecision(strategy, At(20, 300), RunDecision.Run, "intensity 300 g/kWh <= resume threshold 300: resuming");
        AssertDecision(strategy, At(25, 350), RunDecision.Run, "intensity 350 g/kWh < pause threshold 400: still running");
        AssertDecision(strategy, At(30, 250), RunDecision.Run, "intensity 250 g/kWh <= resume threshold 300");
        AssertDecision(strategy, At(35, 420), RunDecision.Pause, "intensity 420 g/kWh >= pause threshold 400");
    }

    [Fact]
    public void Max_pause_resumes_and_no_new_pause_until_intensity_falls_to_the_resume_threshold()
    {
        var strategy = new ThresholdStrategy(G(400), G(300), TimeSpan.FromHours(6));

        AssertDecision(strategy, At(0, 500), RunDecision.Pause, "intensity 500 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(359, 500), RunDecision.Pause, "intensity 500 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(360, 500), RunDecision.Run, "paused for the maximum 6h: resuming regardless");
        AssertDecision(strategy, At(365, 500), RunDecision.Run, "intensity 500 g/kWh >= pause threshold 400, but after a maximum pause the job runs until it falls to 300");
        AssertDecision(strategy, At(370, 350), RunDecision.Run, "intensity 350 g/kWh < pause threshold 400: still running");
        AssertDecision(strategy, At(375, 300), RunDecision.Run, "intensity 300 g/kWh <= resume threshold 300");
        AssertDecision(strategy, At(380, 410), RunDecision.Pause, "intensity 410 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(385, 410), RunDecision.Pause, "intensity 410 g/kWh >= pause threshold 400");
    }

    [Fact]
    public void Deadline_forces_resumption()
    {
        var strategy = new ThresholdStrategy(G(400), G(300), TimeSpan.FromHours(6));
        var deadline = s_t0.AddHours(3);
        var twoHours = TimeSpan.FromHours(2);

        AssertDecision(strategy, At(0, 500, twoHours, deadline), RunDecision.Pause, "intensity 500 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(55, 500, twoHours, deadline), RunDecision.Pause, "intensity 500 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(60, 500, twoHours, deadline), RunDecision.Run, "the remaining 2h of work must start now to meet the deadline 2025-01-01T03:00Z");
        Assert.False(strategy.IsPaused);
        AssertDecision(strategy, At(65, 500, twoHours - TimeSpan.FromMinutes(5), deadline), RunDecision.Run, "the remaining 1h55m of work must start now to meet the deadline 2025-01-01T03:00Z");
        AssertDecision(strategy, At(200, null, TimeSpan.FromMinutes(30), deadline), RunDecision.Run, "the remaining 30m of work must start now to meet the deadline 2025-01-01T03:00Z");
    }

    [Fact]
    public void No_intensity_runs_even_when_paused()
    {
        var strategy = new ThresholdStrategy(G(400), G(300));

        AssertDecision(strategy, At(0, null), RunDecision.Run, "no intensity: running");
        AssertDecision(strategy, At(5, 450), RunDecision.Pause, "intensity 450 g/kWh >= pause threshold 400");
        AssertDecision(strategy, At(10, null), RunDecision.Run, "no intensity: running");
        AssertDecision(strategy, At(15, 350), RunDecision.Run, "intensity 350 g/kWh < pause threshold 400: still running");
    }

    [Fact]
    public void Equal_thresholds_are_allowed_and_name_says_them()
    {
        var strategy = new ThresholdStrategy(G(400), G(400));

        Assert.Equal("threshold 400/400 g/kWh", strategy.Name);
        AssertDecision(strategy, At(0, 400), RunDecision.Run, "intensity 400 g/kWh <= resume threshold 400");
        AssertDecision(strategy, At(5, 401), RunDecision.Pause, "intensity 401 g/kWh >= pause threshold 400");
    }

    [Fact]
    public void Bad_threshold_arguments_are_rejected()
    {
        var below = Assert.Throws<ArgumentException>(() => new ThresholdStrategy(G(300), G(400)));
        var zero = Assert.Throws<ArgumentException>(() => new ThresholdStrategy(G(400), G(0)));
        var negative = Assert.Throws<ArgumentException>(() => new ThresholdStrategy(G(-1), G(-2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdStrategy(G(400), G(300), TimeSpan.Zero));

        Assert.StartsWith("the pause threshold 300 g/kWh is below the resume threshold 400 g/kWh; it must be at or above it.", below.Message, StringComparison.Ordinal);
        Assert.StartsWith("the thresholds must be positive; the pause threshold is 400 g/kWh and the resume threshold 0 g/kWh.", zero.Message, StringComparison.Ordinal);
        Assert.StartsWith("the thresholds must be positive", negative.Message, StringComparison.Ordinal);
    }

    /// <summary>Hourly 300, 100, gap, 500, 200, 400: the valued points sorted are 100, 200, 300, 400, 500 (n = 5).</summary>
    private static IntensitySeries History() =>
        IntensitySeries.From(new double?[] { 300, 100, null, 500, 200, 400 }.Select((v, i) => (s_t0.AddHours(i - 6), TimeSpan.FromHours(1), v)));

    [Fact]
    public void Percentiles_interpolate_linearly_between_ranks()
    {
        var history = History();

        // r = p / 100 × (n − 1) = p / 25.
        Assert.Equal(100, PercentileStrategy.Percentile(history, 0).GramsPerKilowattHour, 9);
        Assert.Equal(200, PercentileStrategy.Percentile(history, 25).GramsPerKilowattHour, 9);
        Assert.Equal(300, PercentileStrategy.Percentile(history, 50).GramsPerKilowattHour, 9);
        Assert.Equal(380, PercentileStrategy.Percentile(history, 70).GramsPerKilowattHour, 9); // r = 2.8: 300 + 0.8 × 100
        Assert.Equal(410, PercentileStrategy.Percentile(history, 77.5).GramsPerKilowattHour, 9); // r = 3.1
        Assert.Equal(500, PercentileStrategy.Percentile(history, 100).GramsPerKilowattHour, 9);
        Assert.Equal(42, PercentileStrategy.Percentile(IntensitySeries.From([(s_t0, TimeSpan.FromHours(1), 42)]), 70).GramsPerKilowattHour, 9);
    }

    [Fact]
    public void Percentile_strategy_uses_the_thresholds_with_hysteresis()
    {
        var strategy = new PercentileStrategy(70, 50, History(), TimeSpan.FromHours(2));

        Assert.Equal(380, strategy.PauseAtOrAbove.GramsPerKilowattHour, 9);
        Assert.Equal(300, strategy.ResumeAtOrBelow.GramsPerKilowattHour, 9);
        Assert.Equal("percentile p70/p50 (380/300 g/kWh)", strategy.Name);
        AssertDecision(strategy, At(0, 370), RunDecision.Run, "intensity 370 g/kWh < pause threshold 380: still running");
        AssertDecision(strategy, At(5, 390), RunDecision.Pause, "intensity 390 g/kWh >= pause threshold 380");
        AssertDecision(strategy, At(10, 320), RunDecision.Pause, "intensity 320 g/kWh > resume threshold 300: staying paused");
        AssertDecision(strategy, At(125, 390), RunDecision.Run, "paused for the maximum 2h: resuming regardless");
        AssertDecision(strategy, At(130, 290), RunDecision.Run, "intensity 290 g/kWh <= resume threshold 300");
    }

    [Fact]
    public void Bad_percentile_arguments_are_rejected()
    {
        var history = History();
        var empty = IntensitySeries.From([(s_t0, TimeSpan.FromHours(1), (double?)null)]);
        var zeros = IntensitySeries.From([(s_t0, TimeSpan.FromHours(1), 0)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentileStrategy(101, 50, history));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentileStrategy(70, -1, history));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentileStrategy(double.NaN, 50, history));
        var order = Assert.Throws<ArgumentException>(() => new PercentileStrategy(50, 70, history));
        var none = Assert.Throws<ArgumentException>(() => new PercentileStrategy(70, 50, empty));
        Assert.Throws<ArgumentException>(() => new PercentileStrategy(70, 50, zeros));

        Assert.StartsWith("the pause percentile 50 is below the resume percentile 70; it must be at or above it.", order.Message, StringComparison.Ordinal);
        Assert.StartsWith("the trailing history has no values; percentile thresholds need some.", none.Message, StringComparison.Ordinal);
    }
}
