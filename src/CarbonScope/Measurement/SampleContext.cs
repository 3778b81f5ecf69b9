namespace CarbonScope.Measurement;

/// <summary>What the tracker knows at one sampling tick, shared by every sensor read in that tick.</summary>
/// <param name="Timestamp">When the tick happened (UTC, from the tracker's <see cref="TimeProvider"/>).</param>
/// <param name="Elapsed">Time since the previous tick (zero on the first).</param>
/// <param name="MachineCpu">The machine's CPU activity since the previous tick, from <c>/proc/stat</c> (unknown when unreadable).</param>
public readonly record struct SampleContext(DateTimeOffset Timestamp, TimeSpan Elapsed, CpuActivity MachineCpu);

/// <summary>CPU time spent over an interval, in clock ticks, summed over all logical CPUs.</summary>
/// <param name="BusyTicks">Ticks not idle and not waiting for I/O.</param>
/// <param name="TotalTicks">All ticks (busy + idle + iowait).</param>
/// <param name="IsKnown">Whether the figures were read (false when <c>/proc/stat</c> is unreadable, and at the first tick).</param>
/// <remarks>An interval shorter than one clock tick (10 ms) can be known and still have zero ticks; its load is 0.</remarks>
public readonly record struct CpuActivity(long BusyTicks, long TotalTicks, bool IsKnown)
{
    /// <summary>Creates an activity that is known when <paramref name="totalTicks"/> is positive.</summary>
    public CpuActivity(long busyTicks, long totalTicks)
        : this(busyTicks, totalTicks, totalTicks > 0)
    {
    }

    /// <summary>No activity is known (no <c>/proc/stat</c>, or the first tick).</summary>
    public static CpuActivity Unknown => default;

    /// <summary>Utilisation in [0, 1]: busy / total (0 for a known interval without ticks); NaN when unknown.</summary>
    public double Load => !IsKnown ? double.NaN : TotalTicks > 0 ? Math.Clamp((double)BusyTicks / TotalTicks, 0, 1) : 0;
}
