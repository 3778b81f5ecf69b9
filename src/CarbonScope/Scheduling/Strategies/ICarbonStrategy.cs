using CarbonScope.Units;

namespace CarbonScope.Scheduling.Strategies;

/// <summary>What a strategy tells a job to do now.</summary>
public enum RunDecision
{
    /// <summary>Run (or keep running).</summary>
    Run,

    /// <summary>Pause (or stay paused).</summary>
    Pause,
}

/// <summary>A decision and why, in one line for people (e.g. "intensity 412 g/kWh >= pause threshold 400 g/kWh").</summary>
public sealed record Decision(RunDecision Action, string Reason);

/// <summary>What a strategy knows when it decides.</summary>
/// <param name="Now">The current instant (the caller's clock; strategies never read one).</param>
/// <param name="Current">The current intensity; null when there is no data.</param>
/// <param name="Forecast">The forecast, when there is one; strategies may ignore it.</param>
/// <param name="RemainingWork">Run time still needed, at the rate the caller measured (the caller's business).</param>
/// <param name="Deadline">When the work must be done; null when there is none.</param>
public sealed record StrategyContext(DateTimeOffset Now, CarbonIntensity? Current, IntensitySeries? Forecast, TimeSpan RemainingWork, DateTimeOffset? Deadline);

/// <summary>Decides, call after call, whether a job runs or pauses (docs/scheduling.md, "Strategies").</summary>
/// <remarks>
/// Strategies may keep state between calls (whether the job is paused, since when). They are not thread-safe: use one
/// instance per job, and call <see cref="Decide"/> with non-decreasing <see cref="StrategyContext.Now"/>.
/// </remarks>
public interface ICarbonStrategy
{
    /// <summary>A short name for logs, e.g. "threshold 400/300 g/kWh".</summary>
    string Name { get; }

    /// <summary>The decision for <paramref name="context"/>; the job is assumed to follow it until the next call.</summary>
    Decision Decide(StrategyContext context);
}
