using System.Diagnostics.Metrics;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Tests.Measurement.Tracking;

public class EnergyTrackerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(s_start);

    /// <summary>Moves the fake clock in steps of at most 100 ms, as a real clock would, so each timer period fires.</summary>
    private void Advance(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (; by > step; by -= step)
        {
            _time.Advance(step);
        }

        _time.Advance(by);
    }

    [Fact]
    public async Task Timer_ticks_integrate_energy_per_device()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(50));
        var gpu = new FakeSensor(DeviceKind.Gpu, "gpu:0", Power.FromWatts(300));
        await using var tracker = new EnergyTracker([cpu, gpu], TimeSpan.FromSeconds(1), timeProvider: _time);

        tracker.Start();
        Advance(TimeSpan.FromSeconds(10));
        var result = await tracker.StopAsync();

        Assert.Equal(11, cpu.Reads); // the baseline and ten ticks; the stop sample at the same instant adds nothing
        Assert.Equal(TimeSpan.FromSeconds(10), result.Duration);
        Assert.Equal(500, result.EnergyOf(DeviceKind.Cpu).Joules, 9);
        Assert.Equal(3000, result.EnergyOf(DeviceKind.Gpu).Joules, 9);
        Assert.Equal(3500, result.TotalEnergy.Joules, 9);
        Assert.Equal(300, result.Devices.Single(d => d.DeviceId == "gpu:0").MeanPower.Watts, 9);
        Assert.Equal(TrackingMode.Machine, result.Mode);
    }

    [Fact]
    public async Task Stop_takes_a_final_sample_between_ticks()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(10));
        await using var tracker = new EnergyTracker([cpu], TimeSpan.FromSeconds(1), timeProvider: _time);

        tracker.Start();
        Advance(TimeSpan.FromMilliseconds(2500));
        var result = await tracker.StopAsync();

        Assert.Equal(25, result.TotalEnergy.Joules, 9);
        Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, cpu.Reads); // no tick after stop
    }

    [Fact]
    public async Task Task_totals_cover_exactly_the_task()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(100));
        await using var tracker = new EnergyTracker([cpu], TimeSpan.FromSeconds(1), timeProvider: _time);
        tracker.Start();
        Advance(TimeSpan.FromMilliseconds(1500));

        await using (tracker.BeginTask("epoch 1"))
        {
            Advance(TimeSpan.FromMilliseconds(2250));
            cpu.Power = Power.FromWatts(200);
            Advance(TimeSpan.FromMilliseconds(750)); // the tick at 4 s samples the interval from 3 s at 200 W
        }

        Advance(TimeSpan.FromSeconds(2));
        var result = await tracker.StopAsync();

        var epoch = Assert.Single(result.Tasks);
        Assert.Equal("epoch 1", epoch.Name);
        Assert.Equal(TimeSpan.FromSeconds(3), epoch.Duration);
        Assert.Equal(s_start.AddSeconds(1.5), epoch.StartedAt);
        // From 1.5 s to 3 s at 100 W (150 J), then 3 s to 4 s sampled at 200 W (200 J), 4 s to 4.5 s at 200 W (100 J).
        Assert.Equal(450, epoch.TotalEnergy.Joules, 9);
        Assert.Equal(150 + 450 + 400, result.TotalEnergy.Joules, 9);
    }

    [Fact]
    public async Task Nested_tasks_each_get_their_own_totals_and_open_tasks_end_at_stop()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(10));
        await using var tracker = new EnergyTracker([cpu], TimeSpan.FromSeconds(1), timeProvider: _time);
        tracker.Start();

        var epoch = tracker.BeginTask("epoch");
        Advance(TimeSpan.FromSeconds(2));
        using (tracker.BeginTask("step"))
        {
            Advance(TimeSpan.FromSeconds(3));
        }

        Advance(TimeSpan.FromSeconds(1));
        var result = await tracker.StopAsync();
        epoch.Dispose(); // after stop: a no-op

        Assert.Equal(["step", "epoch"], result.Tasks.Select(t => t.Name));
        Assert.Equal(30, result.Tasks[0].TotalEnergy.Joules, 9);
        Assert.Equal(60, result.Tasks[1].TotalEnergy.Joules, 9);
        Assert.Equal(2, tracker.CompletedTasks.Count);
    }

    [Fact]
    public async Task Prediction_after_1_of_10_epochs_is_ten_times_the_first()
    {
        var gpu = new FakeSensor(DeviceKind.Gpu, "gpu:0", Power.FromWatts(250));
        await using var tracker = new EnergyTracker([gpu], TimeSpan.FromSeconds(1), timeProvider: _time);
        tracker.Start();
        await using (tracker.BeginTask("epoch 1"))
        {
            Advance(TimeSpan.FromMinutes(6));
        }

        var prediction = EpochPrediction.FromEpochs(tracker.CompletedTasks, totalEpochs: 10);

        Assert.Equal(250 * 360, prediction.MeasuredEnergy.Joules, 6);
        Assert.Equal(0.25, prediction.PredictedTotalEnergy.KilowattHours, 9); // 250 W x 1 h
        Assert.Equal(TimeSpan.FromHours(1), prediction.PredictedTotalDuration);
        Assert.Equal(0.225, prediction.PredictedRemainingEnergy.KilowattHours, 9);
        Assert.Equal(TimeSpan.FromMinutes(54), prediction.PredictedRemainingDuration);

        var current = CarbonIntensity.FromGramsPerKilowattHour(400);
        var withoutForecast = prediction.PredictEmissions(current, _time.GetUtcNow(), pue: 1.5);
        Assert.Equal(0.25 * 400 * 1.5, withoutForecast.TotalEmissions.Grams, 9);
        Assert.False(withoutForecast.FromForecast);

        DateTimeOffset? askedFrom = null, askedTo = null;
        var withForecast = prediction.PredictEmissions(current, _time.GetUtcNow(), forecastAverage: (from, to) =>
        {
            (askedFrom, askedTo) = (from, to);
            return CarbonIntensity.FromGramsPerKilowattHour(100);
        });
        Assert.Equal((0.025 * 400) + (0.225 * 100), withForecast.TotalEmissions.Grams, 9);
        Assert.True(withForecast.FromForecast);
        Assert.Equal(_time.GetUtcNow(), askedFrom);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(54), askedTo);
    }

    [Fact]
    public void Prediction_needs_a_completed_epoch_and_a_consistent_total()
    {
        var epoch = new TaskResult("e", s_start, s_start.AddSeconds(1), []);
        Assert.Throws<ArgumentException>(() => EpochPrediction.FromEpochs([], 10));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => EpochPrediction.FromEpochs([epoch, epoch], 1));
        Assert.Contains("at least the 2 already completed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_mode_applies_cpu_and_ram_shares_and_asks_gpus_for_their_share()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(100));
        var ram = new FakeSensor(DeviceKind.Ram, "ram", Power.FromWatts(20));
        var usedGpu = new FakeSensor(DeviceKind.Gpu, "gpu:0", Power.FromWatts(300)) { ProcessShare = 1 };
        var otherGpu = new FakeSensor(DeviceKind.Gpu, "gpu:1", Power.FromWatts(300)) { ProcessShare = 0 };
        var unknownGpu = new FakeSensor(DeviceKind.Gpu, "gpu:2", Power.FromWatts(50)) { ProcessShare = null };
        var attribution = new ScriptedAttribution(new AttributionShares(0.25, 0.5, new HashSet<int> { 42, 43 }));
        await using var tracker = new EnergyTracker([cpu, ram, usedGpu, otherGpu, unknownGpu], TimeSpan.FromSeconds(1), attribution, timeProvider: _time);

        tracker.Start();
        Advance(TimeSpan.FromSeconds(4));
        var result = await tracker.StopAsync();

        Assert.Equal(TrackingMode.Process, result.Mode);
        Assert.Equal("scripted", result.AttributedTo);
        Assert.Equal(100, result.EnergyOf(DeviceKind.Cpu).Joules, 9);   // 100 W x 4 s x 0.25
        Assert.Equal(40, result.EnergyOf(DeviceKind.Ram).Joules, 9);    // 20 W x 4 s x 0.5
        Assert.Equal(1200, result.Devices.Single(d => d.DeviceId == "gpu:0").Energy.Joules, 9);
        Assert.Equal(0, result.Devices.Single(d => d.DeviceId == "gpu:1").Energy.Joules, 9);
        Assert.Equal(200, result.Devices.Single(d => d.DeviceId == "gpu:2").Energy.Joules, 9); // no per-process data: whole
        Assert.Equal([42, 43], usedGpu.LastAskedProcessIds!.Order());
    }

    [Fact]
    public async Task A_per_process_gpu_share_counts_the_mean_of_each_intervals_two_ends()
    {
        var gpu = new FakeSensor(DeviceKind.Gpu, "gpu:0", Power.FromWatts(100)) { ProcessShare = 1 };
        var attribution = new ScriptedAttribution(new AttributionShares(0, 0, new HashSet<int> { 7 }));
        await using var tracker = new EnergyTracker([gpu], TimeSpan.FromSeconds(1), attribution, timeProvider: _time);

        tracker.Start();
        Advance(TimeSpan.FromSeconds(2)); // shares 1 -> 1 -> 1: 200 J
        gpu.ProcessShare = 0;             // the process has left the GPU by the next sample
        Advance(TimeSpan.FromSeconds(1)); // 1 -> 0: half of 100 J
        Advance(TimeSpan.FromSeconds(1)); // 0 -> 0: nothing
        var result = await tracker.StopAsync();

        Assert.Equal(250, result.TotalEnergy.Joules, 9);
    }

    [Fact]
    public async Task Machine_mode_attributes_every_device_whole()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(100));
        var gpu = new FakeSensor(DeviceKind.Gpu, "gpu:0", Power.FromWatts(300)) { ProcessShare = 0 };
        await using var tracker = new EnergyTracker([cpu, gpu], TimeSpan.FromSeconds(1), attribution: null, timeProvider: _time);

        tracker.Start();
        Advance(TimeSpan.FromSeconds(4));
        var result = await tracker.StopAsync();

        Assert.Equal(400, result.EnergyOf(DeviceKind.Cpu).Joules, 9);
        Assert.Equal(1200, result.EnergyOf(DeviceKind.Gpu).Joules, 9);
        Assert.Null(gpu.LastAskedProcessIds);
        Assert.Equal("whole machine", result.AttributedTo);
    }

    [Fact]
    public async Task Machine_cpu_activity_is_passed_to_sensors_as_deltas()
    {
        var cpuTimes = new ScriptedCpuSource();
        var probe = new ContextProbe();
        await using var tracker = new EnergyTracker([probe], TimeSpan.FromSeconds(1), machineCpu: cpuTimes, timeProvider: _time);

        cpuTimes.Set(busy: 1000, total: 4000);
        tracker.Start();
        cpuTimes.Set(busy: 1300, total: 4400);
        Advance(TimeSpan.FromSeconds(1));
        cpuTimes.Fail = true;
        Advance(TimeSpan.FromSeconds(1));

        Assert.False(probe.Contexts[0].MachineCpu.IsKnown);
        Assert.Equal(new CpuActivity(300, 400, true), probe.Contexts[1].MachineCpu);
        Assert.Equal(0.75, probe.Contexts[1].MachineCpu.Load, 12);
        Assert.False(probe.Contexts[2].MachineCpu.IsKnown);
        Assert.Equal(TimeSpan.FromSeconds(1), probe.Contexts[1].Elapsed);
    }

    [Fact]
    public async Task A_sensor_that_fails_part_way_keeps_what_it_integrated()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(10));
        await using var tracker = new EnergyTracker([cpu], TimeSpan.FromSeconds(1), timeProvider: _time);
        tracker.Start();
        Advance(TimeSpan.FromSeconds(3));
        cpu.UnavailableReason = "energy_uj vanished";
        Advance(TimeSpan.FromSeconds(3));
        var result = await tracker.StopAsync();

        var device = Assert.Single(result.Devices);
        Assert.Equal(30, device.Energy.Joules, 9);
        Assert.Equal("energy_uj vanished", device.UnavailableReason);
    }

    [Fact]
    public async Task Every_tick_raises_a_sample_event_and_a_throwing_handler_does_not_stop_the_measurement()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(10));
        await using var tracker = new EnergyTracker([cpu], TimeSpan.FromMilliseconds(500), timeProvider: _time);
        var samples = new List<EnergySample>();
        tracker.Sampled += (_, s) => samples.Add(s);
        tracker.Sampled += (_, _) => throw new InvalidOperationException("subscriber bug");

        tracker.Start();
        Advance(TimeSpan.FromSeconds(2));
        var result = await tracker.StopAsync();

        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.Equal(5, s.TotalEnergy.Joules, 9));
        Assert.All(samples, s => Assert.Equal(10, s.Devices[0].MeanPower.Watts, 9));
        Assert.Equal(20, result.TotalEnergy.Joules, 9);
    }

    [Fact]
    public async Task Metrics_report_energy_per_device_and_samples()
    {
        using var meterFactory = new TestMeterFactory();
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(10), MeasurementMethod.Estimated);
        await using var tracker = new EnergyTracker([cpu], TimeSpan.FromSeconds(1), timeProvider: _time, meterFactory: meterFactory);
        using var energy = new MetricCollector<double>(meterFactory, "CarbonScope.Measurement", "carbonscope.energy");
        using var samples = new MetricCollector<long>(meterFactory, "CarbonScope.Measurement", "carbonscope.samples");
        using var power = new MetricCollector<double>(meterFactory, "CarbonScope.Measurement", "carbonscope.power");

        tracker.Start();
        Advance(TimeSpan.FromSeconds(3));
        power.RecordObservableInstruments();

        Assert.Equal(30, energy.GetMeasurementSnapshot().Sum(m => m.Value), 9);
        var tags = energy.LastMeasurement!.Tags;
        Assert.Equal("cpu", tags["device.kind"]);
        Assert.Equal("estimated", tags["method"]);
        Assert.Equal(4, samples.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(10, power.LastMeasurement!.Value, 9);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(3_600_001)]
    public void Interval_outside_10_ms_to_1_h_is_rejected(int milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyTracker([], TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Contains("[10 ms, 1 h]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_need_a_started_tracker_and_device_ids_must_be_unique()
    {
        await using var tracker = new EnergyTracker([], timeProvider: _time);
        var error = Assert.Throws<InvalidOperationException>(() => tracker.BeginTask("epoch 1"));
        Assert.Contains("Start the tracker", error.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new EnergyTracker(
            [new FakeSensor(DeviceKind.Cpu, "cpu", Power.Zero), new FakeSensor(DeviceKind.Cpu, "cpu", Power.Zero)]));
    }

    [Fact]
    public async Task Disposing_the_tracker_disposes_its_sensors()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.Zero);
        var tracker = new EnergyTracker([cpu], timeProvider: _time);
        tracker.Start();
        await tracker.DisposeAsync();
        Assert.True(cpu.Disposed);
    }

    private sealed class ScriptedAttribution(AttributionShares shares) : IEnergyAttribution
    {
        public string Description => "scripted";

        public AttributionShares Sample(in SampleContext context) => shares;
    }

    private sealed class ScriptedCpuSource : IMachineCpuSource
    {
        private long _busy;
        private long _total;

        public bool Fail { get; set; }

        public void Set(long busy, long total) => (_busy, _total) = (busy, total);

        public bool TryRead(out long busyTicks, out long totalTicks)
        {
            (busyTicks, totalTicks) = (_busy, _total);
            return !Fail;
        }
    }

    private sealed class ContextProbe : IEnergySensor
    {
        public List<SampleContext> Contexts { get; } = [];

        public DeviceKind Kind => DeviceKind.Cpu;

        public string DeviceId => "probe";

        public string DeviceName => "probe";

        public MeasurementMethod Method => MeasurementMethod.Estimated;

        public string Source => "probe";

        public string Model => "probe";

        public string? UnavailableReason => null;

        public SensorReading Read(in SampleContext context)
        {
            Contexts.Add(context);
            return SensorReading.Baseline;
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>An IMeterFactory that creates and owns meters, for MetricCollector.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
