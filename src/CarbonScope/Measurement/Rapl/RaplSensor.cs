using CarbonScope.Units;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Measurement.Rapl;

/// <summary>
/// Energy of the CPU packages, the DRAM or the platform, summed over RAPL powercap zones (Linux
/// <c>/sys/class/powercap</c>). Built by <see cref="RaplPowercap.Discover(RaplOptions?)"/>.
/// </summary>
/// <remarks>
/// <para>Each zone's <c>energy_uj</c> is opened once, on the first <see cref="Read"/>, and re-read with pread at
/// offset 0 into a stack buffer, so a read allocates nothing. Per zone and interval the delta is
/// <c>cur &gt;= prev ? cur - prev : (max_energy_range_uj - prev) + cur</c>. When the counter goes backwards and the
/// zone has no <c>max_energy_range_uj</c>, the modulus is unknown: the zone counts 0 for that interval (a warning is
/// logged once per zone) and the new value is the baseline. A delta implying more than the zone's plausibility limit
/// (see <see cref="RaplPowercap.MaxPlausiblePower"/>) is rejected the same way, with a warning each time.</para>
/// <para>When a zone's file vanishes, becomes unreadable or malformed, the sensor sets
/// <see cref="UnavailableReason"/>, closes its files and returns zero energy from then on; it never throws from
/// <see cref="Read"/>. Not thread-safe: read from one thread at a time.</para>
/// </remarks>
public sealed class RaplSensor : IEnergySensor
{
    private readonly ZoneState[] _states;
    private readonly IRaplFiles _files;
    private readonly ILogger _logger;
    private bool _hasBaseline;

    internal RaplSensor(
        DeviceKind kind,
        string deviceId,
        string deviceName,
        string model,
        IReadOnlyList<(RaplZone Zone, ulong? MaxRangeMicrojoules, Lazy<Power> Limit)> zones,
        IRaplFiles files,
        ILogger logger)
    {
        Kind = kind;
        DeviceId = deviceId;
        DeviceName = deviceName;
        Model = model;
        _files = files;
        _logger = logger;
        _states = [.. zones.Select(z => new ZoneState(z.Zone, z.MaxRangeMicrojoules, z.Limit))];
        Zones = [.. zones.Select(z => z.Zone)];
    }

    /// <inheritdoc/>
    public DeviceKind Kind { get; }

    /// <inheritdoc/>
    public string DeviceId { get; }

    /// <inheritdoc/>
    public string DeviceName { get; }

    /// <inheritdoc/>
    public MeasurementMethod Method => MeasurementMethod.Measured;

    /// <inheritdoc/>
    public string Source => RaplPowercap.SourceName;

    /// <inheritdoc/>
    /// <remarks>"RAPL " and the zones summed, e.g. "RAPL package-0 + package-1", or <see cref="RaplPowercap.PsysModel"/>.</remarks>
    public string Model { get; }

    /// <inheritdoc/>
    public string? UnavailableReason { get; private set; }

    /// <summary>The zones summed by this sensor.</summary>
    public IReadOnlyList<RaplZone> Zones { get; }

    /// <inheritdoc/>
    /// <remarks>
    /// The first read, and any read with a zero <see cref="SampleContext.Elapsed"/>, only sets the baseline and
    /// returns <see cref="SensorReading.Baseline"/>. Otherwise <see cref="SensorReading.Power"/> is the mean power over
    /// the interval (energy / elapsed).
    /// </remarks>
    public SensorReading Read(in SampleContext context)
    {
        if (UnavailableReason is not null)
        {
            return new SensorReading(Energy.Zero, null);
        }

        var current = 0;
        try
        {
            for (current = 0; current < _states.Length; current++)
            {
                var state = _states[current];
                state.Counter ??= _files.OpenCounter(state.Zone.EnergyPath);
                state.Current = state.Counter.Read();
            }

            if (_hasBaseline)
            {
                for (current = 0; current < _states.Length; current++)
                {
                    // A deleted regular file still answers through an open handle; a counter that did not move is
                    // checked for presence (a real sysfs zone that goes away fails the read itself).
                    var state = _states[current];
                    if (state.Current == state.Previous && !state.Counter!.Exists())
                    {
                        throw new FileNotFoundException(null, state.Zone.EnergyPath);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            Stop(_states[current].Zone, ex);
            return new SensorReading(Energy.Zero, null);
        }

        if (!_hasBaseline || context.Elapsed <= TimeSpan.Zero)
        {
            foreach (var state in _states)
            {
                state.Previous = state.Current;
            }

            _hasBaseline = true;
            return SensorReading.Baseline;
        }

        ulong total = 0;
        foreach (var state in _states)
        {
            total += Delta(state, context.Elapsed);
        }

        var energy = Energy.FromMicrojoules(total);
        return new SensorReading(energy, energy / context.Elapsed);
    }

    /// <summary>Closes the zone files. Later reads return zero energy.</summary>
    public void Dispose()
    {
        UnavailableReason ??= "the sensor was disposed";
        CloseAll();
    }

    private ulong Delta(ZoneState state, TimeSpan elapsed)
    {
        var previous = state.Previous;
        var current = state.Current;
        state.Previous = current;

        ulong delta;
        if (current >= previous)
        {
            delta = current - previous;
        }
        else if (state.MaxRange is ulong max && previous <= max)
        {
            // One wrap: the rest of the range up to the modulus, then from 0 to the new value. Cannot overflow:
            // current < previous <= max, so the sum is below max.
            delta = max - previous + current;
        }
        else
        {
            if (!state.WarnedBackwards)
            {
                state.WarnedBackwards = true;
                RaplLog.BackwardsWithoutModulus(_logger, state.Zone.Label, state.Zone.EnergyPath, previous, current);
            }

            return 0;
        }

        var implied = Energy.FromMicrojoules(delta) / elapsed;
        if (implied > state.Limit.Value)
        {
            RaplLog.ImplausibleReading(_logger, state.Zone.Label, state.Zone.EnergyPath, implied, elapsed, state.Limit.Value);
            return 0;
        }

        return delta;
    }

    private void Stop(RaplZone zone, Exception error)
    {
        var path = zone.EnergyPath;
        var what = error switch
        {
            FileNotFoundException or DirectoryNotFoundException => $"{path} vanished",
            UnauthorizedAccessException => $"reading {path} is not permitted (readable by root only?)",
            FormatException => error.Message,
            _ => $"{path} could not be read: {error.Message}",
        };
        UnavailableReason = RaplText.OneLine($"RAPL zone {zone.Label} stopped answering: {what}");
        RaplLog.SensorStopped(_logger, DeviceId, UnavailableReason);
        CloseAll();
    }

    private void CloseAll()
    {
        foreach (var state in _states)
        {
            state.Counter?.Dispose();
            state.Counter = null;
        }
    }

    private sealed class ZoneState(RaplZone zone, ulong? maxRange, Lazy<Power> limit)
    {
        public RaplZone Zone { get; } = zone;

        public ulong? MaxRange { get; } = maxRange;

        public Lazy<Power> Limit { get; } = limit;

        public IRaplCounter? Counter { get; set; }

        public ulong Previous { get; set; }

        public ulong Current { get; set; }

        public bool WarnedBackwards { get; set; }
    }
}
