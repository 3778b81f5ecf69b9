using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Strategies;

namespace CarbonScope.Tests.Scheduling.Strategies;

/// <summary><see cref="ForecastPlannedStrategy"/> on a fake clock: successive contexts, each decision and reason asserted.</summary>
public class ForecastPlannedStrategyTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IntensitySeries Hourly(params double[] values) =>
        IntensitySeries.From(values.Select((v, i) => (s_t0.AddHours(i), TimeSpan.FromHours(1), (double?)v)));

    private static StrategyContext At(double hours, IntensitySeries? forecast, double remainingHours, DateTimeOffset? deadline = null) =>
        new(s_t0.AddHours(hours), null, forecast, TimeSpan.FromHours(remainingHours), deadline);

    private static void AssertDecision(ForecastPlannedStrategy strategy, StrategyContext context, RunDecision action, string reason) =>
        Assert.Equal(new Decision(action, reason), strategy.Decide(context));

    [Fact]
    public void Follows_the_plan_of_the_cheapest_slices()
    {
        var forecast = Hourly(300, 100, 400, 50, 500, 500);
        var strategy = new ForecastPlannedStrategy();

        AssertDecision(strategy, At(0, forecast, 2), RunDecision.Pause, "the plan runs next at 2025-01-01T01:00Z (forecast average 100 g/kWh)");
        Assert.Equal([(s_t0.AddHours(1), s_t0.AddHours(2)), (s_t0.AddHours(3), s_t0.AddHours(4))], strategy.Plan!.Slices.Select(s => (s.Start, s.End)));
        AssertDecision(strategy, At(1, forecast, 2), RunDecision.Run, "the plan runs until 2025-01-01T02:00Z (forecast average 100 g/kWh)");
        AssertDecision(strategy, At(1.5, forecast, 1.5), RunDecision.Run, "the plan runs until 2025-01-01T02:00Z (forecast average 100 g/kWh)");
        AssertDecision(strategy, At(2, forecast, 1), RunDecision.Pause, "the plan runs next at 2025-01-01T03:00Z (forecast average 50 g/kWh)");
        AssertDecision(strategy, At(3, forecast, 1), RunDecision.Run, "the plan runs until 2025-01-01T04:00Z (forecast average 50 g/kWh)");
    }

    [Fact]
    public void A_new_forecast_instance_is_planned_again_and_the_same_one_is_not()
    {
        var first = Hourly(300, 100, 400, 50, 500, 500);
        var strategy = new ForecastPlannedStrategy();
        AssertDecision(strategy, At(0, first, 1), RunDecision.Pause, "the plan runs next at 2025-01-01T03:00Z (forecast average 50 g/kWh)");
        var plan = strategy.Plan;

        AssertDecision(strategy, At(1, first, 1), RunDecision.Pause, "the plan runs next at 2025-01-01T03:00Z (forecast average 50 g/kWh)");
        Assert.Same(plan, strategy.Plan);

        // Equal values, another instance: planned again (from now); then the new values move the plan.
        AssertDecision(strategy, At(1, Hourly(300, 100, 400, 50, 500, 500), 1), RunDecision.Pause, "the plan runs next at 2025-01-01T03:00Z (forecast average 50 g/kWh)");
        Assert.NotSame(plan, strategy.Plan);
        AssertDecision(strategy, At(1, Hourly(300, 100, 20, 50, 500, 500), 1), RunDecision.Pause, "the plan runs next at 2025-01-01T02:00Z (forecast average 20 g/kWh)");
        AssertDecision(strategy, At(2, Hourly(300, 100, 20, 50, 500, 500), 1), RunDecision.Run, "the plan runs until 2025-01-01T03:00Z (forecast average 20 g/kWh)");
    }

    [Fact]
    public void Past_the_plan_with_work_left_it_plans_again()
    {
        var forecast = Hourly(300, 100, 400, 50, 500, 500);
        var strategy = new ForecastPlannedStrategy();
        AssertDecision(strategy, At(0, forecast, 1), RunDecision.Pause, "the plan runs next at 2025-01-01T03:00Z (forecast average 50 g/kWh)");
        AssertDecision(strategy, At(3, forecast, 1), RunDecision.Run, "the plan runs until 2025-01-01T04:00Z (forecast average 50 g/kWh)");

        // The job did not get its hour done (e.g. it ran slower): at 04:00 the plan is over and 1h remains.
        AssertDecision(strategy, At(4, forecast, 1), RunDecision.Run, "the plan runs until 2025-01-01T05:00Z (forecast average 500 g/kWh)");
    }

    [Fact]
    public void The_deadline_forces_running()
    {
        var forecast = Hourly(300, 100, 400, 50, 500, 500);
        var strategy = new ForecastPlannedStrategy();
        var deadline = s_t0.AddHours(4);

        AssertDecision(strategy, At(0, forecast, 2, deadline), RunDecision.Pause, "the plan runs next at 2025-01-01T01:00Z (forecast average 100 g/kWh)");
        AssertDecision(strategy, At(2, forecast, 2, deadline), RunDecision.Run, "the remaining 2h of work must start now to meet the deadline 2025-01-01T04:00Z");
    }

    [Fact]
    public void No_forecast_runs()
    {
        var strategy = new ForecastPlannedStrategy();

        AssertDecision(strategy, At(0, null, 2), RunDecision.Run, "no forecast: running");
        AssertDecision(strategy, At(1, IntensitySeries.From([(s_t0, TimeSpan.FromHours(5), null)]), 2), RunDecision.Run, "no forecast: running");
        Assert.Null(strategy.Plan);
    }

    [Fact]
    public void A_forecast_too_short_for_the_remaining_work_runs()
    {
        var strategy = new ForecastPlannedStrategy();

        var decision = strategy.Decide(At(0, Hourly(300, 100), 3, s_t0.AddHours(6)));

        Assert.Equal(RunDecision.Run, decision.Action);
        Assert.Equal("no plan (only 2h of data between 2025-01-01T00:00Z and 2025-01-01T06:00Z; 3h needed): running", decision.Reason);
        Assert.Null(strategy.Plan);
    }

    [Fact]
    public void A_minimum_slice_keeps_the_job_in_one_block_and_must_be_positive()
    {
        var strategy = new ForecastPlannedStrategy(TimeSpan.FromHours(2));

        // Without it: 01:00-02:00 and 03:00-04:00 (75 g/kWh); with it: the best 2h window, 00:00-02:00 (200 g/kWh).
        AssertDecision(strategy, At(0, Hourly(300, 100, 400, 50, 500, 500), 2), RunDecision.Run, "the plan runs until 2025-01-01T02:00Z (forecast average 200 g/kWh)");
        Assert.Equal("forecast-planned (slices of at least 2h)", strategy.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ForecastPlannedStrategy(TimeSpan.Zero));
    }
}
