using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Measurement.Tracking;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Benchmarks;

/// <summary>
/// A tick and its <c>/proc</c> parts on this machine's real <c>/proc</c> and <c>/sys</c> (whatever sensors discovery
/// finds here; without RAPL, the CPU load model and the RAM model), tracking a child <c>sleep</c> process, and for
/// comparison this benchmark process itself (a .NET process with many threads: one <c>children</c> file per thread).
/// </summary>
[MemoryDiagnoser]
public class RealMachineBenchmarks
{
    private static readonly SampleContext s_context = new(default, TimeSpan.FromSeconds(1), new CpuActivity(100, 200));

    private Process _sleep = null!;
    private FakeTimeProvider _clock = null!;
    private EnergyTracker _tracker = null!;
    private ProcessTreeAttribution _sleepTree = null!;
    private ProcessTreeAttribution _selfTree = null!;
    private ProcStatCpuSource _procStat = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sleep = Process.Start(new ProcessStartInfo("sleep", "100000") { UseShellExecute = false })
            ?? throw new InvalidOperationException("sleep did not start");
        _clock = new FakeTimeProvider();
        _tracker = EnergyTrackerFactory.Create(
            new MeasurementOptions { Mode = TrackingMode.Process, ProcessId = _sleep.Id, ReaperProcessId = Environment.ProcessId, UseNvml = false },
            _clock);
        _tracker.Start();
        _sleepTree = new ProcessTreeAttribution(ProcFileSystem.Default, _sleep.Id, Environment.ProcessId);
        _selfTree = new ProcessTreeAttribution(ProcFileSystem.Default, Environment.ProcessId);
        _procStat = new ProcStatCpuSource(ProcFileSystem.Default);
        _sleepTree.Sample(s_context);
        _selfTree.Sample(s_context);
        Console.WriteLine($"// Real sensors: {string.Join(", ", _tracker.Sensors.Select(s => s.Source))}; threads of this process: {Directory.GetDirectories($"/proc/{Environment.ProcessId}/task").Length}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tracker.Dispose();
        _sleep.Kill();
        _sleep.WaitForExit();
        _sleep.Dispose();
    }

    /// <summary>One timer tick of a process-mode tracker of the <c>sleep</c> child: what the overhead runs pay per tick.</summary>
    [Benchmark]
    public void RealTimerTick() => _clock.Advance(TimeSpan.FromSeconds(1));

    /// <summary>The process tree of the <c>sleep</c> child (1 process, 1 thread) plus the reaper's stat.</summary>
    [Benchmark]
    public AttributionShares RealProcessTreeSleep() => _sleepTree.Sample(s_context);

    /// <summary>The process tree rooted at this .NET process: one <c>task/*/children</c> file per thread.</summary>
    [Benchmark]
    public AttributionShares RealProcessTreeSelf() => _selfTree.Sample(s_context);

    /// <summary>The real <c>/proc/stat</c>.</summary>
    [Benchmark]
    public long RealProcStatRead() => _procStat.TryRead(out var busy, out var total) ? busy + total : -1;
}
