using System.Globalization;
using System.Text;

namespace CarbonScope.Measurement.Rapl;

/// <summary>What <see cref="RaplPowercap.Discover(RaplOptions?)"/> found: the sensors to read, every zone, and why a sensor is missing.</summary>
/// <remarks>
/// The sensors open their files on their first read, so a discovery used only to describe the machine holds no
/// resources. Whoever reads the sensors owns them and disposes them.
/// </remarks>
public sealed class RaplDiscovery
{
    internal RaplDiscovery(
        string powercapPath,
        IReadOnlyList<RaplSensor> sensors,
        IReadOnlyList<RaplZone> zones,
        IReadOnlyList<SensorDiagnostic> diagnostics,
        bool usesPsys)
    {
        PowercapPath = powercapPath;
        Sensors = sensors;
        Zones = zones;
        Diagnostics = diagnostics;
        UsesPsys = usesPsys;
    }

    /// <summary>The directory searched: <c>&lt;SysfsRoot&gt;/class/powercap</c>.</summary>
    public string PowercapPath { get; }

    /// <summary>
    /// The sensors to read: the CPU packages (<c>cpu</c>) and the DRAM (<c>ram</c>) when they can be read, or the single
    /// psys platform sensor (<c>cpu</c>) when it was chosen and can be read.
    /// </summary>
    public IReadOnlyList<RaplSensor> Sensors { get; }

    /// <summary>Every zone found, de-duplicated, in control type and index order, with what it is used for.</summary>
    public IReadOnlyList<RaplZone> Zones { get; }

    /// <summary>
    /// Why a CPU or RAM sensor could not be produced, and the fix (at most one per device kind). A device kind with a
    /// diagnostic has no sensor here: the caller falls back to an estimate and shows the diagnostic. The absence of
    /// dram zones (AMD, most laptops) is normal and gets no diagnostic.
    /// </summary>
    public IReadOnlyList<SensorDiagnostic> Diagnostics { get; }

    /// <summary>
    /// True when the psys platform sensor replaced the package and dram sensors. It includes the DRAM: the caller must
    /// then add no RAM estimate either.
    /// </summary>
    public bool UsesPsys { get; }

    /// <summary>The CPU sensor (packages, or psys when <see cref="UsesPsys"/>), or null.</summary>
    public RaplSensor? Cpu => Sensors.FirstOrDefault(s => s.Kind == DeviceKind.Cpu);

    /// <summary>The RAM sensor (dram zones), or null.</summary>
    public RaplSensor? Ram => Sensors.FirstOrDefault(s => s.Kind == DeviceKind.Ram);

    /// <summary>A human summary for a <c>detect</c> command: every zone (name, path, state, use), the sensors and the diagnostics.</summary>
    public string Describe(bool includeDiagnostics = true)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (Zones.Count == 0)
        {
            text.Append(culture, $"RAPL: no zones under {PowercapPath}").Append('\n');
        }
        else
        {
            text.Append(culture, $"RAPL zones under {PowercapPath}:").Append('\n');
            foreach (var zone in Zones)
            {
                var state = !zone.Enabled ? "disabled" : zone.Readable ? "readable" : "not readable";
                var range = zone.MaxEnergyRange is { } max ? $"wraps at {max.ToString("kJ:F1", culture)}" : "no max_energy_range_uj";
                var use = zone.UsedBy is null ? "not summed" : $"summed in {zone.UsedBy}";
                text.Append(culture, $"  {zone.Id,-18} {(zone.Label.Length == 0 ? "(no name)" : zone.Label),-22} {state}, {range}, {use}");
                if (zone.Note is not null)
                {
                    text.Append(culture, $": {zone.Note}");
                }

                text.Append(culture, $"\n    {zone.Path}").Append('\n');
            }
        }

        foreach (var sensor in Sensors)
        {
            text.Append(culture, $"Sensor {sensor.DeviceId}: {sensor.DeviceName}, {sensor.Model} (measured)").Append('\n');
        }

        if (UsesPsys)
        {
            text.Append("psys covers the CPU, the RAM and more: no separate RAM figure is added.\n");
        }

        foreach (var diagnostic in includeDiagnostics ? Diagnostics : [])
        {
            text.Append(diagnostic.ToString()).Append('\n');
        }

        return text.ToString();
    }
}
