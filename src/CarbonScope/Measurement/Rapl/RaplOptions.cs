using CarbonScope.Units;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Measurement.Rapl;

/// <summary>How <see cref="RaplPowercap.Discover(RaplOptions?)"/> finds and reads the RAPL powercap zones.</summary>
public sealed class RaplOptions
{
    /// <summary>The sysfs root; zones are read under <c>&lt;SysfsRoot&gt;/class/powercap</c>. Default <c>/sys</c>; point it at a
    /// host's <c>/sys</c> mounted into a container, or at a fake tree in tests.</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>
    /// Read the <c>psys</c> (platform) zone, when there is one, as a single sensor INSTEAD of the package and dram
    /// sensors. psys covers the packages, the DRAM and more of the platform, so a caller that chooses it must not add a
    /// RAM sensor or RAM estimate of its own (see <see cref="RaplDiscovery.UsesPsys"/>). Default false.
    /// </summary>
    public bool UsePsys { get; init; }

    /// <summary>
    /// The TDP of one CPU package, when known. It tightens the plausibility limit of the package zones to 10 x TDP
    /// (never above <see cref="RaplPowercap.MaxPlausiblePower"/>). Null (default): the limit is
    /// <see cref="RaplPowercap.MaxPlausiblePower"/>.
    /// </summary>
    public Power? PackageTdp { get; init; }

    /// <summary>
    /// Where to get the package TDP when <see cref="PackageTdp"/> is not set: called once, at the first read that checks
    /// plausibility (on the sampling thread), so a table lookup stays off the start path. A null or non-positive result
    /// means no TDP: the 5 kW limit alone applies.
    /// </summary>
    public Func<Power?>? PackageTdpSource { get; init; }

    /// <summary>The name of the CPU sensor (the CPU model from <c>/proc/cpuinfo</c>); null: "CPU (RAPL packages)".</summary>
    public string? DeviceName { get; init; }

    /// <summary>Where warnings go (rejected readings, counters going backwards, sensors that stop); null: nowhere.</summary>
    public ILogger? Logger { get; init; }
}
