using System.Diagnostics.Metrics;
using CarbonScope.Units;

namespace CarbonScope.Measurement.Tracking;

/// <summary>
/// The <c>CarbonScope.Measurement</c> meter and its instruments for one tracker: energy per device (counter, J),
/// the device's reported power (gauge, W), samples taken (counter) and the cost of a sampling tick (histogram, s).
/// </summary>
internal sealed class MeasurementInstruments : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "CarbonScope.Measurement";

    private readonly Meter? _ownedMeter;
    private readonly Counter<double> _energy;
    private readonly Counter<long> _samples;
    private readonly Histogram<double> _sampleDuration;
    private readonly KeyValuePair<string, object?>[][] _deviceTags;

    public MeasurementInstruments(IMeterFactory? meterFactory, IEnergySensor[] sensors, Power?[] lastDevicePower, Lock gate)
    {
        Meter meter;
        if (meterFactory is null)
        {
            meter = _ownedMeter = new Meter(new MeterOptions(MeterName));
        }
        else
        {
            meter = meterFactory.Create(new MeterOptions(MeterName));
        }

        _deviceTags = [.. sensors.Select(s => new KeyValuePair<string, object?>[]
        {
            new("device.kind", s.Kind.ToString().ToLowerInvariant()),
            new("device.id", s.DeviceId),
            new("method", s.Method.ToString().ToLowerInvariant()),
            new("source", s.Source),
        })];
        _energy = meter.CreateCounter<double>("carbonscope.energy", "J", "Energy attributed to the tracked work, per device.");
        _samples = meter.CreateCounter<long>("carbonscope.samples", "{sample}", "Sampling ticks taken by the tracker.");
        _sampleDuration = meter.CreateHistogram<double>("carbonscope.sample.duration", "s", "Wall time spent reading all sensors in one sampling tick.");
        meter.CreateObservableGauge("carbonscope.power", () => ObservePower(lastDevicePower, gate), "W", "Power the device reported at the last sample (whole device, not attributed).");
    }

    public void RecordEnergy(int device, Energy energy) => _energy.Add(energy.Joules, _deviceTags[device]);

    public void RecordSample(TimeSpan duration)
    {
        _samples.Add(1);
        _sampleDuration.Record(duration.TotalSeconds);
    }

    public void Dispose() => _ownedMeter?.Dispose();

    private List<Measurement<double>> ObservePower(Power?[] lastDevicePower, Lock gate)
    {
        var result = new List<Measurement<double>>(lastDevicePower.Length);
        lock (gate)
        {
            for (var i = 0; i < lastDevicePower.Length; i++)
            {
                if (lastDevicePower[i] is { } power)
                {
                    result.Add(new Measurement<double>(power.Watts, _deviceTags[i]));
                }
            }
        }

        return result;
    }
}
