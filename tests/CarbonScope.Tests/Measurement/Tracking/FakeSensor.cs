using CarbonScope.Measurement;
using CarbonScope.Units;

namespace CarbonScope.Tests.Measurement.Tracking;

/// <summary>A sensor whose device draws a settable power; energy = power x elapsed.</summary>
internal sealed class FakeSensor(DeviceKind kind, string deviceId, Power power, MeasurementMethod method = MeasurementMethod.Measured) : IEnergySensor, IProcessAwareSensor
{
    private bool _baselineTaken;

    public Power Power { get; set; } = power;

    public double? ProcessShare { get; set; }

    public IReadOnlySet<int>? LastAskedProcessIds { get; private set; }

    public int Reads { get; private set; }

    public bool Disposed { get; private set; }

    public DeviceKind Kind => kind;

    public string DeviceId => deviceId;

    public string DeviceName => $"fake {deviceId}";

    public MeasurementMethod Method => method;

    public string Source => "fake";

    public string Model => "constant power";

    public string? UnavailableReason { get; set; }

    public SensorReading Read(in SampleContext context)
    {
        Reads++;
        if (!_baselineTaken)
        {
            _baselineTaken = true;
            return SensorReading.Baseline;
        }

        return UnavailableReason is null ? new SensorReading(Power * context.Elapsed, Power) : new SensorReading(Energy.Zero, null);
    }

    public double? ShareOf(IReadOnlySet<int> processIds)
    {
        LastAskedProcessIds = processIds;
        return ProcessShare;
    }

    public void Dispose() => Disposed = true;
}
