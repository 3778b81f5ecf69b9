namespace CarbonScope.Measurement;

/// <summary>
/// Reads the energy of one device (a CPU, possibly several packages summed; one GPU; the RAM) for the whole machine.
/// </summary>
/// <remarks>
/// <para>A sensor is stateful: <see cref="Read"/> returns the energy used since the previous call. The first call
/// establishes the baseline and returns <see cref="SensorReading.Baseline"/> (zero energy). Attribution to a process
/// tree is the tracker's job, not the sensor's.</para>
/// <para>A sensor never throws from <see cref="Read"/>. When the device stops answering (a file vanished, the
/// library failed) it sets <see cref="UnavailableReason"/> and from then on returns zero energy; what was read
/// before stays valid. Sensors are read from one thread at a time.</para>
/// </remarks>
public interface IEnergySensor : IDisposable
{
    /// <summary>The kind of device.</summary>
    DeviceKind Kind { get; }

    /// <summary>A stable identifier, unique within one tracker, e.g. <c>cpu</c>, <c>ram</c>, <c>gpu:0</c>.</summary>
    string DeviceId { get; }

    /// <summary>A human name, e.g. "Intel Xeon Gold 6248 (2 packages)", "NVIDIA H100 80GB HBM3", "RAM 64 GB".</summary>
    string DeviceName { get; }

    /// <summary>Whether figures are measured by a counter or estimated by a model.</summary>
    MeasurementMethod Method { get; }

    /// <summary>Where the figure comes from, in the words of the output: <c>rapl</c>, <c>nvml</c>, <c>cpu-load-model</c>, <c>ram-model</c>.</summary>
    string Source { get; }

    /// <summary>
    /// For estimates, the model and its parameters (e.g. "codecarbon cpu_load: TDP x (0.1 + 0.9 x load^3), TDP 150 W
    /// from the CPU table entry 'Xeon Gold 6248'"); for measurements, the counters read (e.g. "RAPL package-0 + package-1").
    /// </summary>
    string Model { get; }

    /// <summary>Null while the sensor works; otherwise why it stopped giving figures.</summary>
    string? UnavailableReason { get; }

    /// <summary>Reads the device and returns the energy used since the previous read.</summary>
    /// <param name="context">The time of this sample, the time since the previous one, and the machine's CPU activity.</param>
    SensorReading Read(in SampleContext context);
}

/// <summary>
/// A sensor that can tell which share of its device's energy belongs to a set of processes (e.g. NVML's list of
/// compute processes per GPU).
/// </summary>
public interface IProcessAwareSensor
{
    /// <summary>
    /// The share in [0, 1] of the device's use that belongs to <paramref name="processIds"/> at the last read,
    /// or null when the device cannot tell (then the tracker attributes the device whole).
    /// </summary>
    double? ShareOf(IReadOnlySet<int> processIds);
}
