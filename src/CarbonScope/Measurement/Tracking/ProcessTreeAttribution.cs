using CarbonScope.Measurement.Procfs;

namespace CarbonScope.Measurement.Tracking;

/// <summary>
/// Attributes energy to a process tree: CPU energy by the tree's share of the machine's busy CPU time, RAM energy by
/// its share of installed memory (resident set / MemTotal, mean of the interval's two ends), GPUs by what NVML reports per process (else whole).
/// </summary>
/// <remarks>
/// CPU share = Δ(tree CPU ticks) / Δ(machine busy ticks), clamped to [0, 1] (the approach of Scaphandre and Kepler:
/// the CPU's energy, idle floor included, is shared among the processes that kept it busy). An interval too short for
/// <c>/proc/stat</c> to advance keeps the previous share. Without <c>/proc/stat</c> the share falls back to the tree's
/// share of the machine's capacity (Δticks / (elapsed x USER_HZ x logical CPUs)). See docs/methodology.md.
/// </remarks>
public sealed class ProcessTreeAttribution : IEnergyAttribution
{
    private readonly ProcessTree _tree;
    private readonly ProcFileSystem _fileSystem;
    private readonly long _memoryTotalBytes;
    private readonly int _logicalCpus;
    private long _lastTreeTicks;
    private long _lastResidentBytes;
    private double _lastCpuShare;
    private bool _baselineTaken;

    /// <summary>Creates the attribution for the tree rooted at <paramref name="rootProcessId"/>.</summary>
    /// <param name="fileSystem">The /proc to read.</param>
    /// <param name="rootProcessId">The root of the tree.</param>
    /// <param name="reaperProcessId">The process that waits for the root (its parent), if it is known; see <see cref="ProcessTree"/>.</param>
    public ProcessTreeAttribution(ProcFileSystem fileSystem, int rootProcessId, int? reaperProcessId = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fileSystem = fileSystem;
        _tree = new ProcessTree(fileSystem, rootProcessId, reaperProcessId);
        _memoryTotalBytes = fileSystem.TryReadMemInfo(out var memory, out _) ? memory.TotalBytes : 0;
        _logicalCpus = fileSystem.ReadLogicalCpuCount() ?? Environment.ProcessorCount;
        var command = fileSystem.TryReadProcessStat(rootProcessId, out var stat) ? $" ({stat.Command})" : string.Empty;
        Description = $"process tree of pid {rootProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}{command}";
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public AttributionShares Sample(in SampleContext context)
    {
        var sample = _tree.Sample();
        var treeTicks = sample.CpuTicks - _lastTreeTicks;
        _lastTreeTicks = sample.CpuTicks;
        // Resident memory is a level, not a count: the interval gets the mean of its two ends (trapezoid), so the last
        // interval of a process that has exited still counts the memory it held when the interval began.
        var meanResident = _baselineTaken ? (_lastResidentBytes + sample.ResidentBytes) / 2.0 : sample.ResidentBytes;
        _lastResidentBytes = sample.ResidentBytes;
        var ram = _memoryTotalBytes > 0 ? Math.Clamp(meanResident / _memoryTotalBytes, 0, 1) : 0;
        if (!_baselineTaken)
        {
            _baselineTaken = true;
            return new AttributionShares(0, ram, sample.ProcessIds);
        }

        var machine = context.MachineCpu;
        double cpu;
        if (machine.IsKnown && machine.TotalTicks == 0)
        {
            cpu = _lastCpuShare;
        }
        else if (machine.IsKnown)
        {
            cpu = machine.BusyTicks > 0 ? Math.Clamp((double)treeTicks / machine.BusyTicks, 0, 1) : 0;
        }
        else
        {
            var capacityTicks = context.Elapsed.TotalSeconds * _fileSystem.ClockTicksPerSecond * _logicalCpus;
            cpu = capacityTicks > 0 ? Math.Clamp(treeTicks / capacityTicks, 0, 1) : _lastCpuShare;
        }

        _lastCpuShare = cpu;
        return new AttributionShares(cpu, ram, sample.ProcessIds);
    }
}

/// <summary>Reads the machine's cumulative CPU time from <c>/proc/stat</c>.</summary>
public sealed class ProcStatCpuSource(ProcFileSystem fileSystem) : IMachineCpuSource
{
    /// <inheritdoc/>
    public bool TryRead(out long busyTicks, out long totalTicks)
    {
        if (fileSystem.TryReadMachineCpuTimes(out var times, out _))
        {
            (busyTicks, totalTicks) = (times.BusyTicks, times.TotalTicks);
            return true;
        }

        (busyTicks, totalTicks) = (0, 0);
        return false;
    }
}
