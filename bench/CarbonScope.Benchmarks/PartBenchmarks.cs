using System.Globalization;
using BenchmarkDotNet.Attributes;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Rapl;
using CarbonScope.Measurement.Tracking;
using Microsoft.Win32.SafeHandles;

namespace CarbonScope.Benchmarks;

/// <summary>
/// The parts of a sampling tick on the fake machine, one by one: what <see cref="TickBenchmarks"/> adds up.
/// </summary>
[MemoryDiagnoser]
public class PartBenchmarks
{
    private static readonly SampleContext s_context = new(default, TimeSpan.FromSeconds(1), new CpuActivity(100, 200));

    private FakeMachine _machine = null!;
    private RaplSensor _raplCpu = null!;
    private RaplSensor _raplRam = null!;
    private RaplSensor _movingCpu = null!;
    private RaplSensor _movingRam = null!;
    private SafeFileHandle[] _counterHandles = [];
    private ulong _counter = 10_000_000_000;
    private IEnergySensor _cpuModel = null!;
    private IEnergySensor _ramModel = null!;
    private ProcessTreeAttribution _attribution = null!;
    private ProcStatCpuSource _procStat = null!;

    [GlobalSetup]
    public void Setup()
    {
        _machine = new FakeMachine();
        var rapl = RaplPowercap.Discover(new RaplOptions { SysfsRoot = _machine.Rapl.Root });
        (_raplCpu, _raplRam) = (rapl.Cpu!, rapl.Ram!);
        var moving = RaplPowercap.Discover(new RaplOptions { SysfsRoot = _machine.Rapl.Root });
        (_movingCpu, _movingRam) = (moving.Cpu!, moving.Ram!);
        if (_raplCpu.Zones.Count != 2 || _raplRam.Zones.Count != 2)
        {
            throw new InvalidOperationException("Expected 2 package and 2 dram zones.");
        }

        _counterHandles = [.. _movingCpu.Zones.Concat(_movingRam.Zones)
            .Select(z => File.OpenHandle(Path.Join(_machine.Rapl.ZoneDir(z.Id), "energy_uj"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))];

        var models = SensorDiscovery.Discover(_machine.Options(rapl: false, TimeSpan.FromSeconds(1)));
        (_cpuModel, _ramModel) = (models.Sensors[0], models.Sensors[1]);

        var fileSystem = _machine.Proc.FileSystem();
        _attribution = new ProcessTreeAttribution(fileSystem, FakeMachine.RootPid, 999);
        _procStat = new ProcStatCpuSource(fileSystem);

        // Baselines, so that every measured call is a steady-state one.
        RaplRead();
        RaplReadMovingCounters();
        ModelSensorsRead();
        if (ProcessTreeSample().ProcessIds!.Count != FakeMachine.TreeSize)
        {
            throw new InvalidOperationException("The fake tree does not have the expected size.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var handle in _counterHandles)
        {
            handle.Dispose();
        }

        foreach (var sensor in new[] { _raplCpu, _raplRam, _movingCpu, _movingRam, _cpuModel, _ramModel })
        {
            sensor.Dispose();
        }

        _machine.Dispose();
    }

    /// <summary>
    /// Both RAPL sensors (4 zones) with counters that do not move: each read also checks that the file still exists
    /// (one stat per zone), which a real, moving counter skips.
    /// </summary>
    [Benchmark]
    public double RaplRead() => _raplCpu.Read(s_context).Energy.Joules + _raplRam.Read(s_context).Energy.Joules;

    /// <summary>What <see cref="RaplReadMovingCounters"/> spends writing the 4 counters; subtract it.</summary>
    [Benchmark]
    public void RaplWriteCountersOnly() => WriteCounters();

    /// <summary>Both RAPL sensors after the 4 counters moved (written in place first): the path real hardware takes.</summary>
    [Benchmark]
    public double RaplReadMovingCounters()
    {
        WriteCounters();
        return _movingCpu.Read(s_context).Energy.Joules + _movingRam.Read(s_context).Energy.Joules;
    }

    /// <summary>The CPU load model and the RAM model: arithmetic only, no I/O.</summary>
    [Benchmark]
    public double ModelSensorsRead() => _cpuModel.Read(s_context).Energy.Joules + _ramModel.Read(s_context).Energy.Joules;

    /// <summary>The process tree (20 processes, plus the reaper's stat) and the shares.</summary>
    [Benchmark]
    public AttributionShares ProcessTreeSample() => _attribution.Sample(s_context);

    /// <summary>The machine's CPU time from <c>/proc/stat</c>.</summary>
    [Benchmark]
    public long ProcStatRead() => _procStat.TryRead(out var busy, out var total) ? busy + total : -1;

    private void WriteCounters()
    {
        // Same number of digits each time (11), so the file never needs truncating.
        _counter += 1_000;
        Span<byte> text = stackalloc byte[24];
        _counter.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture);
        text[length++] = (byte)'\n';
        foreach (var handle in _counterHandles)
        {
            RandomAccess.Write(handle, text[..length], 0);
        }
    }
}
