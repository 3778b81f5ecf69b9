using CarbonScope.Units;

namespace CarbonScope.Measurement.Tracking;

/// <summary>The energy of one device over a run or a task, with how it was obtained.</summary>
/// <param name="Kind">cpu, gpu or ram.</param>
/// <param name="DeviceId">Stable id within the run (<c>cpu</c>, <c>ram</c>, <c>gpu:0</c>).</param>
/// <param name="DeviceName">Human name of the device.</param>
/// <param name="Method">Measured by a counter, estimated by a model, or unavailable.</param>
/// <param name="Source">The sensor (<c>rapl</c>, <c>nvml</c>, <c>cpu-load-model</c>, <c>ram-model</c>).</param>
/// <param name="Model">The counters read, or the model and its parameters.</param>
/// <param name="Energy">Energy attributed to the tracked work (before PUE).</param>
/// <param name="MeanPower">Energy divided by the duration.</param>
/// <param name="UnavailableReason">Why the device gave no figure, or stopped giving figures part-way; null when it worked throughout.</param>
public sealed record DeviceEnergy(
    DeviceKind Kind,
    string DeviceId,
    string DeviceName,
    MeasurementMethod Method,
    string Source,
    string Model,
    Energy Energy,
    Power MeanPower,
    string? UnavailableReason);

/// <summary>The energy attributed to the tracked work by one device during one sampling interval.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Energy">Energy attributed over the interval.</param>
/// <param name="MeanPower">Attributed energy divided by the interval (zero for a zero interval).</param>
/// <param name="DevicePower">The device's own power as reported by the sensor (whole device), when it reports one.</param>
/// <param name="Share">The share of the device's energy attributed, in [0, 1].</param>
public readonly record struct DeviceSample(string DeviceId, DeviceKind Kind, Energy Energy, Power MeanPower, Power? DevicePower, double Share);

/// <summary>One sampling tick: what each device contributed since the previous one.</summary>
/// <param name="Timestamp">End of the interval (UTC).</param>
/// <param name="Elapsed">Length of the interval.</param>
/// <param name="Devices">One entry per device, in the tracker's device order.</param>
public sealed record EnergySample(DateTimeOffset Timestamp, TimeSpan Elapsed, IReadOnlyList<DeviceSample> Devices)
{
    /// <summary>Total attributed energy over the interval.</summary>
    public Energy TotalEnergy => Devices.Aggregate(Energy.Zero, (sum, d) => sum + d.Energy);
}

/// <summary>A named piece of work (an epoch, a step, a code block) and its energy.</summary>
/// <param name="Name">The name given to <see cref="EnergyTracker.BeginTask(string)"/>.</param>
/// <param name="StartedAt">When it began (UTC).</param>
/// <param name="EndedAt">When it ended (UTC).</param>
/// <param name="Devices">Energy per device during the task.</param>
public sealed record TaskResult(string Name, DateTimeOffset StartedAt, DateTimeOffset EndedAt, IReadOnlyList<DeviceEnergy> Devices)
{
    /// <summary>How long the task ran.</summary>
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>Total energy over all devices.</summary>
    public Energy TotalEnergy => Devices.Aggregate(Energy.Zero, (sum, d) => sum + d.Energy);
}

/// <summary>Everything a tracker measured, from start to stop (or to now, for a snapshot).</summary>
/// <param name="StartedAt">When tracking started (UTC).</param>
/// <param name="EndedAt">When it stopped, or the time of the snapshot.</param>
/// <param name="Mode">Process or machine.</param>
/// <param name="AttributedTo">What the energy is attributed to.</param>
/// <param name="Devices">Energy per device.</param>
/// <param name="Tasks">Completed tasks, in the order they ended.</param>
/// <param name="Diagnostics">Why hardware sensors could not be used (each reported once).</param>
public sealed record TrackerResult(
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    TrackingMode Mode,
    string AttributedTo,
    IReadOnlyList<DeviceEnergy> Devices,
    IReadOnlyList<TaskResult> Tasks,
    IReadOnlyList<SensorDiagnostic> Diagnostics)
{
    /// <summary>How long tracking lasted.</summary>
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>Total energy over all devices (before PUE).</summary>
    public Energy TotalEnergy => Devices.Aggregate(Energy.Zero, (sum, d) => sum + d.Energy);

    /// <summary>Total energy of the devices of one kind.</summary>
    public Energy EnergyOf(DeviceKind kind) => Devices.Where(d => d.Kind == kind).Aggregate(Energy.Zero, (sum, d) => sum + d.Energy);
}
