using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;

namespace CarbonScope.Measurement;

/// <summary>How to find the sensors and what to track. Plain settings; bind from configuration or set in code.</summary>
public sealed class MeasurementOptions
{
    /// <summary>The directory that stands for <c>/sys</c> (e.g. a host's /sys mounted into a container, or a fake tree in tests).</summary>
    /// <value>The default value is <c>/sys</c>.</value>
    public string SysfsRoot { get; set; } = "/sys";

    /// <summary>The directory that stands for <c>/proc</c>.</summary>
    /// <value>The default value is <c>/proc</c>.</value>
    public string ProcfsRoot { get; set; } = "/proc";

    /// <summary>The sampling interval, from 10 ms to 1 h.</summary>
    /// <value>The default value is 1 s.</value>
    public TimeSpan Interval { get; set; } = EnergyTracker.DefaultInterval;

    /// <summary>Attribute energy to a process tree or take the whole machine.</summary>
    /// <value>The default value is <see cref="TrackingMode.Process"/>.</value>
    public TrackingMode Mode { get; set; } = TrackingMode.Process;

    /// <summary>The root of the process tree tracked in process mode.</summary>
    /// <value>The default value is null: the current process.</value>
    public int? ProcessId { get; set; }

    /// <summary>
    /// A process that waits for <see cref="ProcessId"/> (its parent, e.g. the CLI that started it), whose exited-children
    /// CPU time recovers the tracked root's last slice after the root exits.
    /// </summary>
    /// <value>The default value is null.</value>
    public int? ReaperProcessId { get; set; }

    /// <summary>Use the RAPL <c>psys</c> (platform) zone as the machine's CPU+RAM+platform figure instead of package + dram.</summary>
    /// <value>The default value is false.</value>
    public bool UsePsys { get; set; }

    /// <summary>The CPU's TDP per package, when the user knows it better than the table does.</summary>
    /// <value>The default value is null: looked up from the CPU model name.</value>
    public Power? CpuTdp { get; set; }

    /// <summary>The NVML library to load.</summary>
    /// <value>The default value is <c>libnvidia-ml.so.1</c>, found through the dynamic loader (LD_LIBRARY_PATH, ldconfig).</value>
    public string NvmlLibraryPath { get; set; } = Nvml.NvmlOptions.DefaultLibraryPath;

    /// <summary>Whether to look for NVIDIA GPUs at all.</summary>
    /// <value>The default value is true.</value>
    public bool UseNvml { get; set; } = true;

    /// <summary>Checks every setting and says which one is wrong and why.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        EnergyTracker.ValidateInterval(Interval, nameof(Interval));
        ArgumentException.ThrowIfNullOrWhiteSpace(SysfsRoot, nameof(SysfsRoot));
        ArgumentException.ThrowIfNullOrWhiteSpace(ProcfsRoot, nameof(ProcfsRoot));
        if (ProcessId is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ProcessId), ProcessId, "A process id should be positive.");
        }

        if (CpuTdp is { } tdp && (tdp <= Power.Zero || tdp > Power.FromKilowatts(5)))
        {
            throw new ArgumentOutOfRangeException(nameof(CpuTdp), tdp, "A CPU TDP should be in range (0 W, 5 kW].");
        }
    }
}
