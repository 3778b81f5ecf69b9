namespace CarbonScope.Measurement;

/// <summary>What the tracker knows at one sampling tick, shared by every sensor read in that tick.</summary>
/// <param name="Timestamp">When the tick happened (UTC, from the tracker's <see cref="TimeProvider"/>).</param>
/// <param name="Elapsed">Time since the previous tick (zero on the first).</param>
/// <param name="MachineCpu">The machine's CPU activity since the previous tick, from <c>/proc/stat</c> (unknown when unreadable).</param>
public readonly record struct SampleContext(DateTimeOffset Timestamp, TimeSpan Elapsed, CpuActivity MachineCpu);

/// <summary>CPU time spent over an interval, in clock ticks, summed over all logical CPUs.</summary>
/// <param name="BusyTicks">Ticks not idle and not waiting for I/O.</param>
/// <param name="TotalTicks">All ticks (busy + idle + iowait).</param>
public readonly record struct CpuActivity(long BusyTicks, long TotalTicks)
{
    /// <summary>No activity is known (no <c>/proc/stat</c>, or the first tick).</summary>
    public static CpuActivity Unknown => default;

    /// <summary>Whether the figures are known.</summary>
    public bool IsKnown => TotalTicks > 0;

    /// <summary>Utilisation in [0, 1]: busy / total; NaN when unknown.</summary>
    public double Load => IsKnown ? Math.Clamp((double)BusyTicks / TotalTicks, 0, 1) : double.NaN;
}
