using System.Globalization;
using System.Text;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Units;

namespace CarbonScope.Measurement.Models;

/// <summary>
/// Estimates the power of the machine's CPUs from their utilisation and TDP, with codecarbon's <c>cpu_load</c> model:
/// P = TDP × (0.1 + 0.9 × load³), where TDP is the TDP per package × the packages (or a machine-wide default) and load
/// is the machine's CPU utilisation over the interval, from <c>/proc/stat</c>.
/// </summary>
/// <remarks>
/// <para>The utilisation comes from <see cref="SampleContext.MachineCpu"/>. The first read is the baseline. When a later
/// read has no known utilisation (<c>/proc/stat</c> unreadable), <see cref="UnavailableReason"/> is set and from then on
/// the sensor returns zero energy, as <see cref="IEnergySensor"/> specifies. Never throws from <see cref="Read"/>.</para>
/// </remarks>
public sealed class CpuLoadModelSensor : IEnergySensor
{
    /// <summary>The reason given when the machine's utilisation is unknown.</summary>
    public const string UnknownLoadReason = "machine CPU utilisation unknown (/proc/stat unreadable)";

    private bool _started;

    /// <summary>Creates the model for a CPU.</summary>
    /// <param name="cpu">What <c>/proc/cpuinfo</c> says: the model name for the device name, the packages (sockets).</param>
    /// <param name="match">The TDP found for the model (<see cref="CpuPowerTable.Match(string?, int)"/>).</param>
    public CpuLoadModelSensor(CpuInfo cpu, CpuPowerMatch match)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(match);
        Cpu = cpu;
        Match = match;
        Packages = Math.Max(1, cpu.Sockets);
        Tdp = match.TotalTdp(Packages);
        DeviceName = BuildDeviceName(cpu.ModelName, Packages);
        Model = BuildModel(match, Packages, Tdp);
    }

    /// <summary>The CPU description the model was built from.</summary>
    public CpuInfo Cpu { get; }

    /// <summary>The TDP found for the CPU and how.</summary>
    public CpuPowerMatch Match { get; }

    /// <summary>The CPU packages counted (at least 1).</summary>
    public int Packages { get; }

    /// <summary>The TDP of the whole machine's CPUs used by the model (the power at full load).</summary>
    public Power Tdp { get; }

    /// <inheritdoc/>
    public DeviceKind Kind => DeviceKind.Cpu;

    /// <inheritdoc/>
    public string DeviceId => "cpu";

    /// <inheritdoc/>
    public string DeviceName { get; }

    /// <inheritdoc/>
    public MeasurementMethod Method => MeasurementMethod.Estimated;

    /// <inheritdoc/>
    public string Source => "cpu-load-model";

    /// <inheritdoc/>
    public string Model { get; }

    /// <inheritdoc/>
    public string? UnavailableReason { get; private set; }

    /// <summary>The model's power at a utilisation: TDP × (0.1 + 0.9 × load³), load clamped to [0, 1].</summary>
    public Power PowerAt(double load)
    {
        var l = double.IsFinite(load) ? Math.Clamp(load, 0, 1) : 0;
        return Tdp * (0.1 + (0.9 * l * l * l));
    }

    /// <inheritdoc/>
    public SensorReading Read(in SampleContext context)
    {
        if (!_started)
        {
            _started = true;
            return SensorReading.Baseline;
        }

        if (UnavailableReason is not null)
        {
            return new SensorReading(Energy.Zero, null);
        }

        if (!context.MachineCpu.IsKnown)
        {
            UnavailableReason = UnknownLoadReason;
            return new SensorReading(Energy.Zero, null);
        }

        var power = PowerAt(context.MachineCpu.Load);
        var energy = context.Elapsed > TimeSpan.Zero ? power * context.Elapsed : Energy.Zero;
        return new SensorReading(energy, power);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>The model name without (R), (TM), "CPU", "Processor" and the frequency, plus "(N packages)" when N &gt; 1.</summary>
    internal static string BuildDeviceName(string? modelName, int packages)
    {
        var name = CleanModelName(modelName);
        if (name.Length == 0)
        {
            name = "CPU (model not detected)";
        }

        return packages > 1 ? $"{name} ({packages.ToString(CultureInfo.InvariantCulture)} packages)" : name;
    }

    internal static string CleanModelName(string? modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName))
        {
            return string.Empty;
        }

        var text = modelName;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            text = text[..at];
        }

        foreach (var mark in (ReadOnlySpan<string>)["(R)", "(r)", "(TM)", "(tm)", "(Tm)", "®", "™"])
        {
            text = text.Replace(mark, string.Empty, StringComparison.Ordinal);
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.Equals("CPU", StringComparison.OrdinalIgnoreCase) && !w.Equals("Processor", StringComparison.OrdinalIgnoreCase));
        return string.Join(' ', words);
    }

    private static string BuildModel(CpuPowerMatch match, int packages, Power tdp)
    {
        var model = new StringBuilder("codecarbon cpu_load: P = TDP x (0.1 + 0.9 x load^3); TDP ");
        if (match.IsFromTable)
        {
            model.Append(CpuPowerMatch.Watts(match.TdpPerPackage));
            model.Append(packages > 1 ? $" x {packages.ToString(CultureInfo.InvariantCulture)} packages = {CpuPowerMatch.Watts(tdp)}" : " x 1 package");
            model.Append(" from the ").Append(match.Description);
        }
        else
        {
            model.Append(CpuPowerMatch.Watts(tdp)).Append(" for the whole machine: ").Append(match.Description);
        }

        return model.ToString();
    }
}
