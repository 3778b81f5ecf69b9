using System.Globalization;

namespace CarbonScope.Scheduling.Strategies;

/// <summary>
/// Follows the best interruptible schedule of the forecast (<see cref="WindowFinder.BestInterruptible"/>), planned again
/// whenever a new forecast arrives (docs/scheduling.md, "Strategies").
/// </summary>
/// <remarks>
/// <para>Rules, in order, for each call:</para>
/// <list type="number">
/// <item>Deadline: when <c>Now + RemainingWork >= Deadline</c>, run regardless (as <see cref="ThresholdStrategy"/>).</item>
/// <item>No forecast (null or without values): run; a job is never paused for want of data.</item>
/// <item>Plan again when the forecast is another instance than the one the plan was made from, when there is no plan, or
/// when <c>Now</c> is at or past the end of the plan's last slice and work remains: the cheapest slices totalling the
/// remaining work in [Now, Deadline] (the forecast's end when there is no deadline). When the forecast cannot cover the
/// remaining work, run, with the reason.</item>
/// <item>Run when <c>Now</c> lies in a slice [start, end) of the plan; otherwise pause until the next slice.</item>
/// </list>
/// <para>A forecast is recognised by reference: pass a new <see cref="IntensitySeries"/> each time one arrives and the
/// same instance otherwise. Stateful and not thread-safe: one instance per job.</para>
/// </remarks>
public sealed class ForecastPlannedStrategy : ICarbonStrategy
{
    private IntensitySeries? _plannedFrom;

    /// <summary>Creates the strategy.</summary>
    /// <param name="minSlice">When given, every slice of a plan runs at least this long.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minSlice"/> is not positive.</exception>
    public ForecastPlannedStrategy(TimeSpan? minSlice = null)
    {
        if (minSlice is { } min && min <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(minSlice), min, "The minimum slice must be positive.");
        }

        MinSlice = minSlice;
    }

    /// <summary>The shortest slice of a plan; null for none.</summary>
    public TimeSpan? MinSlice { get; }

    /// <summary>The plan the job follows; null before the first plan or when the last attempt to plan failed.</summary>
    public Schedule? Plan { get; private set; }

    /// <inheritdoc/>
    public string Name => MinSlice is { } min ? $"forecast-planned (slices of at least {SeriesCoverageException.Format(min)})" : "forecast-planned";

    /// <inheritdoc/>
    public Decision Decide(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Now;
        if (context.Deadline is { } deadline && now + context.RemainingWork >= deadline)
        {
            return Run($"the remaining {SeriesCoverageException.Format(context.RemainingWork)} of work must start now to meet the deadline {SeriesCoverageException.Format(deadline)}");
        }

        if (context.Forecast is not { IsEmpty: false } forecast)
        {
            Plan = null;
            _plannedFrom = null;
            return Run("no forecast: running");
        }

        if (!ReferenceEquals(forecast, _plannedFrom) || Plan is null || (now >= Plan.Slices[^1].End && context.RemainingWork > TimeSpan.Zero))
        {
            _plannedFrom = forecast;
            try
            {
                Plan = WindowFinder.BestInterruptible(forecast, context.RemainingWork, context.Deadline ?? forecast.End!.Value, now, MinSlice);
            }
            catch (ArgumentException e)
            {
                Plan = null;
                return Run($"no plan ({e.Message.TrimEnd('.')}): running");
            }
        }

        foreach (var slice in Plan.Slices)
        {
            if (now < slice.Start)
            {
                return new Decision(RunDecision.Pause, string.Create(CultureInfo.InvariantCulture, $"the plan runs next at {SeriesCoverageException.Format(slice.Start)} (forecast average {ThresholdStrategy.N(slice.Average)} g/kWh)"));
            }

            if (now < slice.End)
            {
                return Run(string.Create(CultureInfo.InvariantCulture, $"the plan runs until {SeriesCoverageException.Format(slice.End)} (forecast average {ThresholdStrategy.N(slice.Average)} g/kWh)"));
            }
        }

        // Unreachable: a plan made at or before now whose last slice has not ended has a slice at or after now.
        return Run("the plan has no slice left: running");
    }

    private static Decision Run(string reason) => new(RunDecision.Run, reason);
}
