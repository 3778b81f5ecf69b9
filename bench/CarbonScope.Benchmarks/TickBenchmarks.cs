using BenchmarkDotNet.Attributes;
using CarbonScope.Measurement.Tracking;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Benchmarks;

/// <summary>
/// One sampling tick of a process-mode <see cref="EnergyTracker"/> with all its sensors, on the fake machine: the
/// machine's <c>/proc/stat</c>, the 20-process tree (ProcessTreeAttribution) and the sensors.
/// </summary>
/// <remarks>
/// <para><c>Rapl = true</c>: discovery finds RAPL, so the sensors are the 2 package zones (CPU) and the 2 dram zones (RAM).
/// <c>Rapl = false</c>: no powercap, so the sensors are the CPU load model and the RAM model. Discovery never gives both
/// at once: the models are the fallback for RAPL.</para>
/// <para><see cref="TimerTick"/> is exactly what the timer does: the fake clock advances one interval and fires the
/// tracker's timer callback on this thread. <see cref="Snapshot"/> is <see cref="EnergyTracker.Snapshot"/> after the
/// clock moved 1 s: a tick plus building the <see cref="TrackerResult"/>.</para>
/// </remarks>
[MemoryDiagnoser]
public class TickBenchmarks
{
    private FakeMachine _machine = null!;
    private FakeTimeProvider _timerClock = null!;
    private FakeTimeProvider _snapshotClock = null!;
    private EnergyTracker _timerTracker = null!;
    private EnergyTracker _snapshotTracker = null!;
    private int _ticks;

    [Params(true, false)]
    public bool Rapl { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _machine = new FakeMachine();
        _timerClock = new FakeTimeProvider();
        _timerTracker = EnergyTrackerFactory.Create(_machine.Options(Rapl, TimeSpan.FromSeconds(1)), _timerClock);
        _timerTracker.Sampled += (_, _) => _ticks++;
        _timerTracker.Start();

        _snapshotClock = new FakeTimeProvider();
        _snapshotTracker = EnergyTrackerFactory.Create(_machine.Options(Rapl, TimeSpan.FromHours(1)), _snapshotClock);
        _snapshotTracker.Start();

        // The sensors must be the ones the benchmark claims to measure.
        var expected = Rapl ? "rapl" : "cpu-load-model";
        if (_timerTracker.Sensors[0].Source != expected || _timerTracker.Sensors.Count != 2)
        {
            throw new InvalidOperationException($"Unexpected sensors: {string.Join(", ", _timerTracker.Sensors.Select(s => s.Source))}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_ticks == 0)
        {
            throw new InvalidOperationException("The timer never fired: TimerTick measured nothing.");
        }

        _timerTracker.Dispose();
        _snapshotTracker.Dispose();
        _machine.Dispose();
    }

    [Benchmark]
    public void TimerTick() => _timerClock.Advance(TimeSpan.FromSeconds(1));

    [Benchmark]
    public TrackerResult Snapshot()
    {
        _snapshotClock.Advance(TimeSpan.FromSeconds(1));
        return _snapshotTracker.Snapshot();
    }
}
