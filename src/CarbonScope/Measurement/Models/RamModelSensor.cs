using System.Globalization;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Units;

namespace CarbonScope.Measurement.Models;

/// <summary>
/// Estimates the power of the machine's memory from its size, with Green Algorithms' figure of 0.3725 W per GB
/// (Lannelongue, Grealey and Inouye, "Green Algorithms", Advanced Science 2021), GB meaning 2^30 bytes here:
/// P = 0.3725 W/GB × MemTotal, a constant.
/// </summary>
/// <remarks>
/// The first read is the baseline; each later read returns P × the elapsed time. When MemTotal is unknown (zero) the
/// sensor is unavailable from the start. Never throws from <see cref="Read"/>.
/// </remarks>
public sealed class RamModelSensor : IEnergySensor
{
    /// <summary>Green Algorithms' memory power, in watts per GB (2^30 bytes).</summary>
    public const double WattsPerGigabyte = 0.3725;

    /// <summary>Bytes in one GB as used by this model: 2^30.</summary>
    public const long BytesPerGigabyte = 1L << 30;

    private bool _started;

    /// <summary>Creates the model for the memory described by <paramref name="mem"/>.</summary>
    public RamModelSensor(MemInfo mem)
    {
        Memory = mem;
        Gigabytes = Math.Max(0, mem.TotalBytes) / (double)BytesPerGigabyte;
        Power = Power.FromWatts(WattsPerGigabyte * Gigabytes);
        var gb = Gigabytes.ToString("0.#", CultureInfo.InvariantCulture);
        DeviceName = $"RAM {gb} GB";
        Model = $"Green Algorithms memory power (Lannelongue et al. 2021): P = 0.3725 W/GB x {gb} GB = {Power.Watts.ToString("0.###", CultureInfo.InvariantCulture)} W, constant (GB = 2^30 bytes, MemTotal from /proc/meminfo)";
        if (mem.TotalBytes <= 0)
        {
            UnavailableReason = "total memory unknown (/proc/meminfo unreadable or without MemTotal)";
        }
    }

    /// <summary>The memory totals the model was built from.</summary>
    public MemInfo Memory { get; }

    /// <summary>MemTotal in GB (2^30 bytes).</summary>
    public double Gigabytes { get; }

    /// <summary>The model's constant power.</summary>
    public Power Power { get; }

    /// <inheritdoc/>
    public DeviceKind Kind => DeviceKind.Ram;

    /// <inheritdoc/>
    public string DeviceId => "ram";

    /// <inheritdoc/>
    public string DeviceName { get; }

    /// <inheritdoc/>
    public MeasurementMethod Method => MeasurementMethod.Estimated;

    /// <inheritdoc/>
    public string Source => "ram-model";

    /// <inheritdoc/>
    public string Model { get; }

    /// <inheritdoc/>
    public string? UnavailableReason { get; }

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

        var energy = context.Elapsed > TimeSpan.Zero ? Power * context.Elapsed : Energy.Zero;
        return new SensorReading(energy, Power);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
