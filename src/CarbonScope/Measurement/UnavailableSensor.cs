namespace CarbonScope.Measurement;

/// <summary>A device for which no figure can be obtained: it reads zero and says why.</summary>
public sealed class UnavailableSensor(DeviceKind kind, string deviceId, string deviceName, string source, string reason) : IEnergySensor
{
    /// <inheritdoc/>
    public DeviceKind Kind => kind;

    /// <inheritdoc/>
    public string DeviceId => deviceId;

    /// <inheritdoc/>
    public string DeviceName => deviceName;

    /// <inheritdoc/>
    public MeasurementMethod Method => MeasurementMethod.Unavailable;

    /// <inheritdoc/>
    public string Source => source;

    /// <inheritdoc/>
    public string Model => "none";

    /// <inheritdoc/>
    public string? UnavailableReason => reason;

    /// <inheritdoc/>
    public SensorReading Read(in SampleContext context) => SensorReading.Baseline;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
