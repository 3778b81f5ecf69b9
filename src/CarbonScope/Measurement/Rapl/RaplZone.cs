using CarbonScope.Units;

namespace CarbonScope.Measurement.Rapl;

/// <summary>What a RAPL zone measures, from its <c>name</c> file (never from its index).</summary>
public enum RaplZoneKind
{
    /// <summary>A name this code does not know; never summed.</summary>
    Other,

    /// <summary><c>package-N</c>, <c>package-N-die-M</c> or <c>package</c>: one CPU package (or die).</summary>
    Package,

    /// <summary><c>core</c>: the cores of a package; included in the package, never summed with it.</summary>
    Core,

    /// <summary><c>uncore</c>: the uncore (often the integrated GPU) of a package; included in the package.</summary>
    Uncore,

    /// <summary><c>dram</c>: the memory attached to a package; separate from the package.</summary>
    Dram,

    /// <summary><c>psys</c>: the whole platform (packages, DRAM and more).</summary>
    Psys,
}

/// <summary>One RAPL powercap zone as discovery found it (for a <c>detect</c> command and for the record).</summary>
/// <param name="Id">The zone's directory name, e.g. <c>intel-rapl:0</c> or <c>intel-rapl:0:2</c>.</param>
/// <param name="Path">The zone directory as found (the flat <c>&lt;root&gt;/class/powercap/intel-rapl:N</c> entry when there is one).</param>
/// <param name="RealPath">The directory with every symbolic link resolved; zones are de-duplicated by it.</param>
/// <param name="ControlType"><c>intel-rapl</c> (MSR-based) or <c>intel-rapl-mmio</c>.</param>
/// <param name="Name">The content of the zone's <c>name</c> file (empty when it has none).</param>
/// <param name="Parent">The name of the parent zone for a sub-zone (e.g. <c>package-0</c> for its <c>dram</c>), else null.</param>
/// <param name="Kind">What the zone measures, from <paramref name="Name"/>.</param>
/// <param name="Enabled">False when the zone's <c>enabled</c> file, or its control type's, says 0; a missing file means enabled.</param>
/// <param name="Readable">Whether <c>energy_uj</c> could be read and parsed during discovery.</param>
/// <param name="MaxEnergyRange">The wrap modulus from <c>max_energy_range_uj</c>, or null when the zone has none.</param>
/// <param name="UsedBy">The <see cref="IEnergySensor.DeviceId"/> of the sensor that sums this zone (<c>cpu</c>, <c>ram</c>), or null.</param>
/// <param name="Note">Why the zone is not used, or what is wrong with it, in words; null when there is nothing to say.</param>
public sealed record RaplZone(
    string Id,
    string Path,
    string RealPath,
    string ControlType,
    string Name,
    string? Parent,
    RaplZoneKind Kind,
    bool Enabled,
    bool Readable,
    Energy? MaxEnergyRange,
    string? UsedBy,
    string? Note)
{
    /// <summary>The zone's name qualified by its parent for sub-zones, e.g. <c>package-0</c> or <c>package-1/dram</c>.</summary>
    public string Label => Parent is null || Name.Length == 0 ? Name : $"{Parent}/{Name}";

    /// <summary>The path of the zone's cumulative energy counter.</summary>
    public string EnergyPath => System.IO.Path.Join(Path, "energy_uj");
}
