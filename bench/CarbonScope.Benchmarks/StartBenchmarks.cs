using BenchmarkDotNet.Attributes;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Nvml;
using CarbonScope.Measurement.Tracking;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Benchmarks;

/// <summary>
/// The in-process start cost, warm (JIT done, CPU table loaded): <see cref="SensorDiscovery.Discover"/>, and a
/// tracker created and started (discovery, attribution set-up and the first sample), on the fake machine and on this
/// machine's real <c>/proc</c> and <c>/sys</c>. The cold cost (a fresh process) is the <c>startup</c> mode.
/// </summary>
[MemoryDiagnoser]
public class StartBenchmarks
{
    private FakeMachine _machine = null!;
    private FakeTimeProvider _clock = null!;

    [GlobalSetup]
    public void Setup()
    {
        _machine = new FakeMachine();
        _clock = new FakeTimeProvider();
    }

    [GlobalCleanup]
    public void Cleanup() => _machine.Dispose();

    [Benchmark]
    public int DiscoverFakeRapl() => Discover(_machine.Options(rapl: true, TimeSpan.FromSeconds(1)));

    [Benchmark]
    public int DiscoverFakeModels() => Discover(_machine.Options(rapl: false, TimeSpan.FromSeconds(1)));

    [Benchmark]
    public int DiscoverReal() => Discover(RealOptions());

    /// <summary>NVML discovery on a machine without the NVIDIA driver: the failed load of <c>libnvidia-ml.so.1</c>.</summary>
    [Benchmark]
    public int DiscoverNvmlWithoutDriver() => NvmlGpus.Discover().Diagnostics.Count;

    [Benchmark]
    public void CreateAndStartFakeRapl() => CreateAndStart(_machine.Options(rapl: true, TimeSpan.FromSeconds(1)));

    [Benchmark]
    public void CreateAndStartFakeModels() => CreateAndStart(_machine.Options(rapl: false, TimeSpan.FromSeconds(1)));

    [Benchmark]
    public void CreateAndStartReal() => CreateAndStart(RealOptions());

    private static MeasurementOptions RealOptions() => new() { Mode = TrackingMode.Process, UseNvml = false };

    private static int Discover(MeasurementOptions options)
    {
        var result = SensorDiscovery.Discover(options);
        foreach (var sensor in result.Sensors)
        {
            sensor.Dispose();
        }

        return result.Sensors.Count;
    }

    private void CreateAndStart(MeasurementOptions options)
    {
        using var tracker = EnergyTrackerFactory.Create(options, _clock);
        tracker.Start();
    }
}
