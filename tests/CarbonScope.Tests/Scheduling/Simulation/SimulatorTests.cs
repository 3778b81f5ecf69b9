using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Scheduling.Simulation;
using CarbonScope.Units;

namespace CarbonScope.Tests.Scheduling.Simulation;

/// <summary>
/// The simulator on small traces computed by hand. With P = 1 kW, a job's emissions in grams are Σ value × hours of
/// its running time.
/// </summary>
public class SimulatorTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // 12 hourly points; jobs of 2h every 4h with a deadline of 4h: submitted at 00:00, 04:00 and 08:00.
    private static readonly double[] s_values = [100, 300, 50, 200, 400, 20, 500, 100, 300, 60, 250, 80];

    private static IntensitySeries Hourly(params double[] values) =>
        IntensitySeries.From(values.Select((v, i) => (s_t0.AddHours(i), TimeSpan.FromHours(1), (double?)v)));

    private static SimulationSettings Settings(double hours = 2, double deadlineHours = 4, double everyHours = 4) =>
        new(TimeSpan.FromHours(hours), Power.FromKilowatts(1))
        {
            Deadline = TimeSpan.FromHours(deadlineHours),
            StartEvery = TimeSpan.FromHours(everyHours),
            PauseAtOrAbove = CarbonIntensity.FromGramsPerKilowattHour(300),
            ResumeAtOrBelow = CarbonIntensity.FromGramsPerKilowattHour(100),
            PercentileHistory = TimeSpan.FromDays(1),
        };

    private static StrategyResult Of(SimulationResult result, SimulatedStrategy strategy) => result.Strategies.Single(s => s.Strategy == strategy);

    [Fact]
    public void Each_strategy_over_three_jobs_computed_by_hand()
    {
        var all = Enum.GetValues<SimulatedStrategy>();

        var result = Simulator.Run(Hourly(s_values), all, Settings());

        Assert.Equal((3, 0, s_t0, s_t0.AddHours(8)), (result.Jobs, result.SkippedJobs, result.FirstSubmission, result.LastSubmission));
        Assert.Equal(all, result.Strategies.Select(s => s.Strategy));
        Assert.Equal(["now", "window", "interruptible", "threshold", "percentile", "forecast"], result.Strategies.Select(s => s.Name));

        // now: 100+300, 400+20, 300+60.
        var now = Of(result, SimulatedStrategy.Now);
        Assert.Equal(1180 / 3.0, now.MeanEmissionsGrams, 9);
        Assert.Equal(0, now.SavingPercent!.Value, 9);
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero, 0, 0, false), (now.MeanDelay, now.MaxDelay, now.DeadlineMisses, now.Fallbacks, now.UpperBound));

        // window (perfect): 02:00 50+200, 04:00 400+20, 09:00 60+250; delays 2h, 0, 1h.
        var window = Of(result, SimulatedStrategy.Window);
        Assert.Equal(980 / 3.0, window.MeanEmissionsGrams, 9);
        Assert.Equal((1180 - 980) / 1180.0 * 100, window.SavingPercent!.Value, 9);
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromHours(2), 0, 0, true), (window.MeanDelay, window.MaxDelay, window.DeadlineMisses, window.Fallbacks, window.UpperBound));

        // interruptible (perfect): the two cheapest hours: 100+50 (done 03:00), 20+100 (08:00), 60+80 (12:00).
        var interruptible = Of(result, SimulatedStrategy.Interruptible);
        Assert.Equal(410 / 3.0, interruptible.MeanEmissionsGrams, 9);
        Assert.Equal((1180 - 410) / 1180.0 * 100, interruptible.SavingPercent!.Value, 9);
        Assert.Equal((TimeSpan.FromHours(5.0 / 3), TimeSpan.FromHours(2), 0, true), (interruptible.MeanDelay, interruptible.MaxDelay, interruptible.DeadlineMisses, interruptible.UpperBound));

        // threshold 300/100: 00 run 100, 01 pause (300), 02 run 50 -> 150 done 03:00; 04 pause (400), 05 run 20,
        // 06 pause (500), 07 deadline: run 100 -> 120 done 08:00; 08 pause (300), 09 run 60, 10 keep running 250 -> 310 done 11:00.
        var threshold = Of(result, SimulatedStrategy.Threshold);
        Assert.Equal(580 / 3.0, threshold.MeanEmissionsGrams, 9);
        Assert.Equal((TimeSpan.FromHours(4.0 / 3), TimeSpan.FromHours(2), 0, 0, false), (threshold.MeanDelay, threshold.MaxDelay, threshold.DeadlineMisses, threshold.Fallbacks, threshold.UpperBound));

        // percentile p70/p50 of the last day: 00:00 has no history (runs as now: 400, a fallback); 04:00 from 100, 300,
        // 50, 200: 210/150 -> pause, 20, pause, deadline 100 = 120; 08:00 from the first 8 values: 290/150 -> pause, 60, 250 = 310.
        var percentile = Of(result, SimulatedStrategy.Percentile);
        Assert.Equal(830 / 3.0, percentile.MeanEmissionsGrams, 9);
        Assert.Equal((1, TimeSpan.FromHours(1), TimeSpan.FromHours(2)), (percentile.Fallbacks, percentile.MeanDelay, percentile.MaxDelay));

        // forecast (perfect): the same instance all along, so the plan made at submission is followed: the interruptible schedule.
        var forecast = Of(result, SimulatedStrategy.Forecast);
        Assert.Equal(410 / 3.0, forecast.MeanEmissionsGrams, 9);
        Assert.Equal((TimeSpan.FromHours(5.0 / 3), TimeSpan.FromHours(2), 0, 0, true), (forecast.MeanDelay, forecast.MaxDelay, forecast.DeadlineMisses, forecast.Fallbacks, forecast.UpperBound));
    }

    [Fact]
    public void Emissions_scale_with_the_power()
    {
        var settings = Settings() with { Power = Power.FromWatts(300) };

        var result = Simulator.Run(Hourly(s_values), [SimulatedStrategy.Window], settings);

        Assert.Equal(1180 / 3.0 * 0.3, result.Strategies[0].MeanEmissionsGrams, 9);
        Assert.Equal(980 / 3.0 * 0.3, result.Strategies[1].MeanEmissionsGrams, 9);
    }

    [Fact]
    public void A_deadline_between_two_decisions_is_missed_and_counted()
    {
        // 90 minutes within 3h; the threshold strategy decides on the hour only: paused at 01:00 (1h + 1h30 < 3h), forced
        // at 02:00, it runs 02:00-03:30: 500 + 10 × 0.5 = 505 g, done 30 min after the deadline, a delay of 2h.
        var settings = Settings(hours: 1.5, deadlineHours: 3) with { From = s_t0, To = s_t0 };

        var result = Simulator.Run(Hourly(500, 500, 500, 10, 10, 10), [SimulatedStrategy.Threshold], settings);

        var threshold = Of(result, SimulatedStrategy.Threshold);
        Assert.Equal((1, 505.0, TimeSpan.FromHours(2), TimeSpan.FromHours(2), 1), (threshold.Jobs, threshold.MeanEmissionsGrams, threshold.MeanDelay, threshold.MaxDelay, threshold.DeadlineMisses));
        Assert.Equal(750, Of(result, SimulatedStrategy.Now).MeanEmissionsGrams, 9);
        Assert.Equal((750 - 505) / 750.0 * 100, threshold.SavingPercent!.Value, 9);
    }

    [Fact]
    public void A_model_forecast_cannot_see_a_cheap_hour_that_the_perfect_forecast_sees()
    {
        // Two days at 200, then a third with one cheap hour at 05:00 that the day before did not have.
        var values = Enumerable.Repeat(200.0, 72).ToArray();
        values[53] = 10;
        var trace = Hourly(values);
        var settings = new SimulationSettings(TimeSpan.FromHours(1), Power.FromKilowatts(1)) { Deadline = TimeSpan.FromHours(12), From = s_t0.AddHours(48), To = s_t0.AddHours(48) };

        var perfect = Simulator.Run(trace, [SimulatedStrategy.Window, SimulatedStrategy.Interruptible, SimulatedStrategy.Forecast], settings);
        var model = Simulator.Run(trace, [SimulatedStrategy.Window, SimulatedStrategy.Interruptible, SimulatedStrategy.Forecast], settings with { ForecastModel = ForecastModels.ByName("seasonal-naive-day") });

        Assert.Equal([200, 10, 10, 10], perfect.Strategies.Select(s => s.MeanEmissionsGrams));
        Assert.Equal([false, true, true, true], perfect.Strategies.Select(s => s.UpperBound));
        // The day-before forecast is flat: the earliest hour wins, at 200 g/kWh, and the job never waits for 05:00.
        Assert.Equal([200, 200, 200, 200], model.Strategies.Select(s => s.MeanEmissionsGrams));
        Assert.All(model.Strategies, s => Assert.False(s.UpperBound));
        Assert.Equal([0, 0, 0, 0], model.Strategies.Select(s => s.Fallbacks));
    }

    [Fact]
    public void A_job_the_model_cannot_plan_runs_as_now_and_is_counted()
    {
        // Submissions at 00:00 (no history at all), and at 24:00 (a day of history: seasonal-naive-day forecasts).
        var values = Enumerable.Range(0, 48).Select(i => i % 24 == 5 ? 10.0 : 200).ToArray();
        var settings = new SimulationSettings(TimeSpan.FromHours(1), Power.FromKilowatts(1)) { Deadline = TimeSpan.FromHours(12), StartEvery = TimeSpan.FromHours(24), ForecastModel = ForecastModels.ByName("seasonal-naive-day") };

        var result = Simulator.Run(Hourly(values), [SimulatedStrategy.Window, SimulatedStrategy.Interruptible, SimulatedStrategy.Forecast], settings);

        Assert.Equal(2, result.Jobs);
        Assert.Equal([0, 1, 1, 1], result.Strategies.Select(s => s.Fallbacks));
        // 00:00 runs at once (200; for forecast: no forecast before 01:00, when it runs on), 24:00 finds 05:00 (10).
        Assert.Equal([200, 105, 105, 105], result.Strategies.Select(s => s.MeanEmissionsGrams));
    }

    [Fact]
    public void Submissions_over_a_gap_are_skipped_and_counted()
    {
        var trace = IntensitySeries.From(s_values.Select((v, i) => (s_t0.AddHours(i), TimeSpan.FromHours(1), i == 6 ? null : (double?)v)));

        var result = Simulator.Run(trace, [SimulatedStrategy.Window], Settings());

        Assert.Equal((2, 1), (result.Jobs, result.SkippedJobs)); // 04:00-08:00 holds the gap at 06:00
        Assert.Equal((400 + 360) / 2.0, result.Strategies[0].MeanEmissionsGrams, 9);
    }

    [Fact]
    public void Bad_input_is_an_argument_exception_with_the_reason()
    {
        var trace = Hourly(s_values);
        SimulatedStrategy[] window = [SimulatedStrategy.Window];

        Assert.Contains("longer than the deadline 4h", Assert.Throws<ArgumentException>(() => Simulator.Run(trace, window, Settings(hours: 5))).Message, StringComparison.Ordinal);
        Assert.Contains("must be positive", Assert.Throws<ArgumentException>(() => Simulator.Run(trace, window, Settings(hours: 0))).Message, StringComparison.Ordinal);
        Assert.Contains("must be positive", Assert.Throws<ArgumentException>(() => Simulator.Run(trace, window, Settings() with { Power = Power.Zero })).Message, StringComparison.Ordinal);
        Assert.Contains("needs a pause threshold", Assert.Throws<ArgumentException>(() => Simulator.Run(trace, [SimulatedStrategy.Threshold], Settings() with { PauseAtOrAbove = null })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Simulator.Run(trace, [SimulatedStrategy.Threshold], Settings() with { PauseAtOrAbove = CarbonIntensity.FromGramsPerKilowattHour(50) }));
        Assert.Equal(
            "the job submitted at 2025-01-01T12:00Z needs data to 2025-01-01T16:00Z (D 2h, deadline 4h); the trace ends at 2025-01-01T12:00Z.",
            Assert.Throws<ArgumentException>(() => Simulator.Run(trace, window, Settings() with { To = s_t0.AddHours(12) })).Message);
        Assert.Contains("the trace starts at 2025-01-01T00:00Z", Assert.Throws<ArgumentException>(() => Simulator.Run(trace, window, Settings() with { From = s_t0.AddHours(-1) })).Message, StringComparison.Ordinal);
        Assert.Contains("too short for one job", Assert.Throws<ArgumentException>(() => Simulator.Run(Hourly(100, 200), window, Settings())).Message, StringComparison.Ordinal);
        Assert.Equal("the trace has no values.", Assert.Throws<ArgumentException>(() => Simulator.Run(IntensitySeries.From([]), window, Settings())).Message);
        Assert.Equal(SimulatedStrategy.Interruptible, Simulator.Parse(" Interruptible "));
        Assert.Equal("unknown strategy 'later': use one of now, window, interruptible, threshold, percentile, forecast. (Parameter 'name')", Assert.Throws<ArgumentException>(() => Simulator.Parse("later")).Message);
    }
}
