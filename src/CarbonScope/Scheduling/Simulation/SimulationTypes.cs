using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Units;

namespace CarbonScope.Scheduling.Simulation;

/// <summary>The strategies the <see cref="Simulator"/> replays (docs/scheduling.md, "Simulator").</summary>
public enum SimulatedStrategy
{
    /// <summary>Runs at once: [t0, t0 + D). The baseline of every saving.</summary>
    Now,

    /// <summary>The best contiguous window of the forecast made at submission, before the deadline.</summary>
    Window,

    /// <summary>The best interruptible schedule of the forecast made at submission, before the deadline.</summary>
    Interruptible,

    /// <summary><see cref="Strategies.ThresholdStrategy"/> on the measured current intensity.</summary>
    Threshold,

    /// <summary><see cref="Strategies.PercentileStrategy"/> over the trailing history of the trace.</summary>
    Percentile,

    /// <summary><see cref="Strategies.ForecastPlannedStrategy"/>, with a new forecast every hour.</summary>
    Forecast,
}

/// <summary>What the <see cref="Simulator"/> replays: the jobs, the deadline, the forecast and the strategies' parameters.</summary>
/// <param name="Duration">D: the run time of each job (positive, at most <see cref="Deadline"/>).</param>
/// <param name="Power">P: the constant power of each job (positive).</param>
public sealed record SimulationSettings(TimeSpan Duration, Power Power)
{
    /// <summary>Each job must be done within this of its submission (default 24 h).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The spacing of the submissions (default 1 h).</summary>
    public TimeSpan StartEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The first submission; null for the trace's start.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The last submission is at or before this; null for the last one whose span lies inside the trace.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The forecast model of window, interruptible and forecast; null for the perfect forecast (the trace itself: an upper bound).</summary>
    public IForecastModel? ForecastModel { get; init; }

    /// <summary>Threshold: pause at or above this (required by <see cref="SimulatedStrategy.Threshold"/>).</summary>
    public CarbonIntensity? PauseAtOrAbove { get; init; }

    /// <summary>Threshold: resume at or below this (required by <see cref="SimulatedStrategy.Threshold"/>).</summary>
    public CarbonIntensity? ResumeAtOrBelow { get; init; }

    /// <summary>Threshold and percentile: the longest pause; null for none.</summary>
    public TimeSpan? MaxPause { get; init; }

    /// <summary>Percentile: the pause percentile (default 70).</summary>
    public double PausePercentile { get; init; } = 70;

    /// <summary>Percentile: the resume percentile (default 50).</summary>
    public double ResumePercentile { get; init; } = 50;

    /// <summary>Percentile: how far back the trailing history goes (default 7 days).</summary>
    public TimeSpan PercentileHistory { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Interruptible and forecast: the shortest slice; null for none.</summary>
    public TimeSpan? MinSlice { get; init; }

    /// <summary>The forecast's name: the model's, or <c>perfect</c>.</summary>
    public string ForecastName => ForecastModel?.Name ?? Simulator.PerfectForecast;
}

/// <summary>One strategy's figures over the simulated jobs.</summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Jobs">The jobs simulated (the same for every strategy).</param>
/// <param name="MeanEmissionsGrams">Mean emissions per job: P × ∫ trace intensity over its running time, in g CO2e.</param>
/// <param name="SavingPercent">(now − this) / now × 100 over the same jobs; null when now's mean is zero.</param>
/// <param name="MeanDelay">Mean of completion − (submission + D).</param>
/// <param name="MaxDelay">Largest completion − (submission + D).</param>
/// <param name="DeadlineMisses">Jobs completed after submission + deadline.</param>
/// <param name="Fallbacks">Jobs that could not be planned (or had no history) and ran as now.</param>
/// <param name="UpperBound">Whether the strategy used the perfect forecast: its saving is an upper bound.</param>
public sealed record StrategyResult(SimulatedStrategy Strategy, int Jobs, double MeanEmissionsGrams, double? SavingPercent, TimeSpan MeanDelay, TimeSpan MaxDelay, int DeadlineMisses, int Fallbacks, bool UpperBound)
{
    /// <summary>The strategy's name: <c>now</c>, <c>window</c>, ...</summary>
    public string Name => Simulator.NameOf(Strategy);
}

/// <summary>The outcome of a simulation: the submissions and each strategy's figures, <c>now</c> first.</summary>
/// <param name="FirstSubmission">The first job's submission.</param>
/// <param name="LastSubmission">The last job's submission.</param>
/// <param name="Jobs">The jobs simulated.</param>
/// <param name="SkippedJobs">Submissions left out because the trace has a gap in [t0, t0 + max(D, deadline)).</param>
/// <param name="Strategies">Each strategy's figures, <c>now</c> first.</param>
public sealed record SimulationResult(DateTimeOffset FirstSubmission, DateTimeOffset LastSubmission, int Jobs, int SkippedJobs, IReadOnlyList<StrategyResult> Strategies);
