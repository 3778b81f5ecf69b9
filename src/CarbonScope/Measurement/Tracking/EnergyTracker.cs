using System.Diagnostics.Metrics;
using CarbonScope.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarbonScope.Measurement.Tracking;

/// <summary>
/// Samples energy sensors on a timer, integrates the energy per device, attributes it to the tracked work
/// (a process tree or the whole machine), and keeps totals for the run and for named tasks.
/// </summary>
/// <remarks>
/// <para>Create it with the sensors (usually from <c>SensorDiscovery</c>, or through
/// <c>EnergyTrackerFactory</c>), call <see cref="Start"/>, wrap epochs or steps in
/// <c>await using (tracker.BeginTask("epoch 1")) { ... }</c>, then <see cref="StopAsync"/>. Sampling runs on a
/// timer of the injected <see cref="TimeProvider"/> (with <see cref="TimeProvider.System"/>, on a dedicated background
/// thread, which costs far less CPU per tick than a thread-pool timer), never on the caller's thread, except for the one
/// sample taken at each task boundary (so task totals are exact).</para>
/// <para>Sensors never throw; a sensor that fails part-way keeps what it had integrated. The tracker owns the sensors
/// and disposes them. Members are thread-safe.</para>
/// </remarks>
public sealed class EnergyTracker : IAsyncDisposable, IDisposable
{
    /// <summary>The shortest sampling interval allowed.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest sampling interval allowed.</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromHours(1);

    /// <summary>The default sampling interval.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly IEnergySensor[] _sensors;
    private readonly Energy[] _totals;
    private readonly Power?[] _lastDevicePower;
    private readonly double?[] _lastProcessShare;
    private readonly IEnergyAttribution _attribution;
    private readonly IMachineCpuSource? _machineCpu;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MeasurementInstruments _instruments;
    private readonly IReadOnlyList<SensorDiagnostic> _diagnostics;
    private readonly List<OpenTask> _openTasks = [];
    private readonly List<TaskResult> _completedTasks = [];
    private readonly TrackingMode _mode;
    private ITimer? _timer;
    private DateTimeOffset _startedAt;
    private DateTimeOffset _lastSampleAt;
    private DateTimeOffset? _stoppedAt;
    private long _lastBusyTicks;
    private long _lastTotalTicks;
    private bool _haveCpuBaseline;
    private bool _sampledOnce;
    private bool _disposed;

    /// <summary>Creates a tracker over the given sensors. It does not sample until <see cref="Start"/>.</summary>
    /// <param name="sensors">The sensors, one per device; the tracker owns and disposes them.</param>
    /// <param name="interval">Sampling interval, from 10 ms to 1 h; <see cref="DefaultInterval"/> is 1 s.</param>
    /// <param name="attribution">Who the energy belongs to; null means the whole machine.</param>
    /// <param name="machineCpu">The machine's CPU time (for CPU models and process shares); null when unavailable.</param>
    /// <param name="timeProvider">The clock and timer; null means <see cref="TimeProvider.System"/>.</param>
    /// <param name="diagnostics">Why hardware sensors could not be used, reported with the result.</param>
    /// <param name="logger">Where warnings go.</param>
    /// <param name="meterFactory">Creates the <c>CarbonScope.Measurement</c> meter; null creates an unshared one.</param>
    /// <exception cref="ArgumentOutOfRangeException">The interval is outside [10 ms, 1 h].</exception>
    public EnergyTracker(
        IEnumerable<IEnergySensor> sensors,
        TimeSpan? interval = null,
        IEnergyAttribution? attribution = null,
        IMachineCpuSource? machineCpu = null,
        TimeProvider? timeProvider = null,
        IEnumerable<SensorDiagnostic>? diagnostics = null,
        ILogger? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        Interval = interval ?? DefaultInterval;
        ValidateInterval(Interval, nameof(interval));
        _sensors = [.. sensors];
        var duplicate = _sensors.GroupBy(s => s.DeviceId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two sensors have the device id '{duplicate.Key}'; device ids must be unique within a tracker.", nameof(sensors));
        }

        _totals = new Energy[_sensors.Length];
        _lastDevicePower = new Power?[_sensors.Length];
        _lastProcessShare = new double?[_sensors.Length];
        _attribution = attribution ?? WholeMachineAttribution.Instance;
        _mode = ReferenceEquals(_attribution, WholeMachineAttribution.Instance) ? TrackingMode.Machine : TrackingMode.Process;
        _machineCpu = machineCpu;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _diagnostics = diagnostics?.ToArray() ?? [];
        _logger = logger ?? NullLogger.Instance;
        _instruments = new MeasurementInstruments(meterFactory, _sensors, _lastDevicePower, _gate);
    }

    /// <summary>Raised after each sampling tick, on the sampling thread: keep handlers short.</summary>
    public event EventHandler<EnergySample>? Sampled;

    /// <summary>The sampling interval.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The sensors, in device order.</summary>
    public IReadOnlyList<IEnergySensor> Sensors => _sensors;

    /// <summary>Whether <see cref="Start"/> was called and <see cref="StopAsync"/> not yet.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _timer is not null;
            }
        }
    }

    /// <summary>Checks that an interval is within [10 ms, 1 h].</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static void ValidateInterval(TimeSpan interval, string paramName)
    {
        if (interval < MinimumInterval || interval > MaximumInterval)
        {
            throw new ArgumentOutOfRangeException(paramName, interval, $"The sampling interval should be in range [10 ms, 1 h]; got {interval.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms.");
        }
    }

    /// <summary>Takes the baseline reading of every sensor and starts the sampling timer.</summary>
    /// <exception cref="InvalidOperationException">The tracker was already started.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_timer is not null || _stoppedAt is not null)
            {
                throw new InvalidOperationException("This tracker was already started; create a new tracker for a new measurement.");
            }

            _startedAt = _lastSampleAt = _timeProvider.GetUtcNow();
            SampleLocked(_startedAt);
            // The system clock gets a dedicated sampling thread: a thread-pool timer costs 30-40 times the sampling
            // itself in wake-up machinery (see SamplingThreadTimer). Other clocks (a fake one in tests) keep their timer.
            _timer = ReferenceEquals(_timeProvider, TimeProvider.System)
                ? new SamplingThreadTimer(static state => ((EnergyTracker)state!).OnTimer(), this, Interval, Interval, "CarbonScope sampler")
                : _timeProvider.CreateTimer(static state => ((EnergyTracker)state!).OnTimer(), this, Interval, Interval);
        }
    }

    /// <summary>
    /// Begins a named task (an epoch, a step). Dispose the returned scope to end it; its totals then appear in
    /// <see cref="CompletedTasks"/>. Tasks may nest and overlap.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tracker is not running.</exception>
    public TrackedTask BeginTask(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (_timer is null)
            {
                throw new InvalidOperationException($"Start the tracker before beginning the task '{name}'.");
            }

            var now = _timeProvider.GetUtcNow();
            SampleLocked(now);
            var task = new OpenTask(name, now, new Energy[_sensors.Length]);
            _openTasks.Add(task);
            return new TrackedTask(this, task);
        }
    }

    /// <summary>The tasks that have ended, in the order they ended.</summary>
    public IReadOnlyList<TaskResult> CompletedTasks
    {
        get
        {
            lock (_gate)
            {
                return [.. _completedTasks];
            }
        }
    }

    /// <summary>Takes a sample now and returns the totals so far (the tracker keeps running).</summary>
    public TrackerResult Snapshot()
    {
        lock (_gate)
        {
            if (_timer is not null)
            {
                SampleLocked(_timeProvider.GetUtcNow());
            }

            return BuildResultLocked(_stoppedAt ?? _lastSampleAt);
        }
    }

    /// <summary>Takes a final sample, stops the timer, ends open tasks and returns the totals.</summary>
    /// <exception cref="InvalidOperationException">The tracker was never started.</exception>
    public async ValueTask<TrackerResult> StopAsync()
    {
        ITimer? timer;
        TrackerResult result;
        lock (_gate)
        {
            if (_stoppedAt is not null)
            {
                return BuildResultLocked(_stoppedAt.Value);
            }

            if (_timer is null)
            {
                throw new InvalidOperationException("The tracker was never started.");
            }

            var now = _timeProvider.GetUtcNow();
            SampleLocked(now);
            foreach (var open in _openTasks.ToArray())
            {
                EndTaskLocked(open, now);
            }

            _stoppedAt = now;
            timer = _timer;
            _timer = null;
            result = BuildResultLocked(now);
        }

        await timer.DisposeAsync().ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (MarkDisposed(out var timer))
        {
            if (timer is not null)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

            DisposeSensors();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (MarkDisposed(out var timer))
        {
            timer?.Dispose();
            DisposeSensors();
        }
    }

    /// <summary>Marks the tracker disposed and takes its timer; false when it was already disposed.</summary>
    private bool MarkDisposed(out ITimer? timer)
    {
        lock (_gate)
        {
            timer = _timer;
            _timer = null;
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            return true;
        }
    }

    internal void EndTask(OpenTask task)
    {
        lock (_gate)
        {
            if (!_openTasks.Contains(task))
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            if (_timer is not null)
            {
                SampleLocked(now);
            }

            EndTaskLocked(task, now);
        }
    }

    private void DisposeSensors()
    {
        foreach (var sensor in _sensors)
        {
            sensor.Dispose();
        }

        _instruments.Dispose();
    }

    private void OnTimer()
    {
        // A tick that finds the previous one still running is skipped rather than queued.
        if (!_gate.TryEnter())
        {
            return;
        }

        try
        {
            if (_timer is not null)
            {
                SampleLocked(_timeProvider.GetUtcNow());
            }
        }
        finally
        {
            _gate.Exit();
        }
    }

    private void SampleLocked(DateTimeOffset now)
    {
        var first = !_sampledOnce;
        var elapsed = now - _lastSampleAt;
        if (!first && elapsed <= TimeSpan.Zero)
        {
            // Nothing happened since the previous sample (a task boundary at the same instant).
            return;
        }

        _sampledOnce = true;
        var started = _timeProvider.GetTimestamp();
        if (elapsed < TimeSpan.Zero)
        {
            elapsed = TimeSpan.Zero;
        }

        var context = new SampleContext(now, elapsed, ReadMachineCpu());
        var shares = _attribution.Sample(context);
        var devices = new DeviceSample[_sensors.Length];
        for (var i = 0; i < _sensors.Length; i++)
        {
            var sensor = _sensors[i];
            var reading = sensor.Read(context);
            var share = ShareFor(i, sensor, shares);
            var energy = reading.Energy * share;
            _totals[i] += energy;
            _lastDevicePower[i] = reading.Power;
            foreach (var open in _openTasks)
            {
                open.Energy[i] += energy;
            }

            devices[i] = new DeviceSample(sensor.DeviceId, sensor.Kind, energy, elapsed > TimeSpan.Zero ? energy / elapsed : Power.Zero, reading.Power, share);
            _instruments.RecordEnergy(i, energy);
        }

        _lastSampleAt = now;
        _instruments.RecordSample(_timeProvider.GetElapsedTime(started));
        if (elapsed > TimeSpan.Zero)
        {
            RaiseSampled(new EnergySample(now, elapsed, devices));
        }
    }

    private void RaiseSampled(EnergySample sample)
    {
        try
        {
            Sampled?.Invoke(this, sample);
        }
#pragma warning disable CA1031 // A subscriber's fault must not stop the measurement.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.SampleHandlerFailed(_logger, exception);
        }
    }

    private double ShareFor(int device, IEnergySensor sensor, AttributionShares shares)
    {
        var share = sensor.Kind switch
        {
            DeviceKind.Cpu => shares.Cpu,
            DeviceKind.Ram => shares.Ram,
            _ => GpuShare(device, sensor, shares),
        };
        return double.IsFinite(share) ? Math.Clamp(share, 0, 1) : 0;
    }

    /// <summary>
    /// A per-process GPU share is a level seen at each sample: the interval gets the mean of its two ends, so the last
    /// interval of a process that has exited still counts. Without per-process data the GPU is attributed whole.
    /// </summary>
    private double GpuShare(int device, IEnergySensor sensor, AttributionShares shares)
    {
        if (shares.ProcessIds is not { } processIds || sensor is not IProcessAwareSensor aware || aware.ShareOf(processIds) is not { } now)
        {
            _lastProcessShare[device] = null;
            return 1;
        }

        var before = _lastProcessShare[device] ?? now;
        _lastProcessShare[device] = now;
        return (before + now) / 2;
    }

    private CpuActivity ReadMachineCpu()
    {
        if (_machineCpu is null || !_machineCpu.TryRead(out var busy, out var total))
        {
            return CpuActivity.Unknown;
        }

        // Counters that go backwards (a CPU taken offline) re-baseline: that one interval counts as known with no ticks,
        // so models keep their last state instead of becoming unavailable for the rest of the run.
        var activity = !_haveCpuBaseline
            ? CpuActivity.Unknown
            : total >= _lastTotalTicks && busy >= _lastBusyTicks
                ? new CpuActivity(busy - _lastBusyTicks, total - _lastTotalTicks, IsKnown: true)
                : new CpuActivity(0, 0, IsKnown: true);
        _lastBusyTicks = busy;
        _lastTotalTicks = total;
        _haveCpuBaseline = true;
        return activity;
    }

    private void EndTaskLocked(OpenTask task, DateTimeOffset now)
    {
        _openTasks.Remove(task);
        _completedTasks.Add(new TaskResult(task.Name, task.StartedAt, now, BuildDevices(task.Energy, now - task.StartedAt)));
    }

    private TrackerResult BuildResultLocked(DateTimeOffset end) =>
        new(_startedAt, end, _mode, _attribution.Description, BuildDevices(_totals, end - _startedAt), [.. _completedTasks], _diagnostics);

    private DeviceEnergy[] BuildDevices(Energy[] energy, TimeSpan duration)
    {
        var result = new DeviceEnergy[_sensors.Length];
        for (var i = 0; i < _sensors.Length; i++)
        {
            var sensor = _sensors[i];
            result[i] = new DeviceEnergy(
                sensor.Kind,
                sensor.DeviceId,
                sensor.DeviceName,
                sensor.Method,
                sensor.Source,
                sensor.Model,
                energy[i],
                duration > TimeSpan.Zero ? energy[i] / duration : Power.Zero,
                sensor.UnavailableReason);
        }

        return result;
    }

    internal sealed record OpenTask(string Name, DateTimeOffset StartedAt, Energy[] Energy);
}

/// <summary>A task being tracked; dispose it to end the task.</summary>
public sealed class TrackedTask : IDisposable, IAsyncDisposable
{
    private readonly EnergyTracker _tracker;
    private readonly EnergyTracker.OpenTask _task;

    internal TrackedTask(EnergyTracker tracker, EnergyTracker.OpenTask task)
    {
        _tracker = tracker;
        _task = task;
    }

    /// <summary>The task's name.</summary>
    public string Name => _task.Name;

    /// <summary>Ends the task (idempotent).</summary>
    public void Dispose() => _tracker.EndTask(_task);

    /// <summary>Ends the task (idempotent).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
