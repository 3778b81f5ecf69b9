namespace CarbonScope.Measurement.Tracking;

/// <summary>Cumulative CPU time of the whole machine (the first line of <c>/proc/stat</c>), read once per tick.</summary>
public interface IMachineCpuSource
{
    /// <summary>Reads cumulative busy and total clock ticks over all logical CPUs; false when unreadable.</summary>
    bool TryRead(out long busyTicks, out long totalTicks);
}
