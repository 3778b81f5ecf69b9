using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Testing;

namespace CarbonScope.Benchmarks;

/// <summary>
/// The fake machine the per-tick benchmarks run on: a <c>/proc</c> with a 20-process tree, <c>stat</c>, <c>cpuinfo</c>
/// and <c>meminfo</c>, a <c>/sys</c> with RAPL (2 packages, each with a dram sub-zone), and an empty <c>/sys</c> (no
/// powercap, so discovery falls back to the CPU load model and the RAM model).
/// </summary>
public sealed class FakeMachine : IDisposable
{
    /// <summary>The root of the tracked process tree.</summary>
    public const int RootPid = 1000;

    /// <summary>Processes in the tracked tree, root included.</summary>
    public const int TreeSize = 20;

    public FakeMachine()
    {
        Proc = new FakeProcTree();
        Proc.CpuInfo("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", logicalCpus: 80, sockets: 2);
        Proc.MemInfo(totalKilobytes: 394_264_576, availableKilobytes: 300_000_000);
        Proc.MachineStat(busyTicks: 5_000_000, idleTicks: 45_000_000, logicalCpus: 80);

        // The launcher (pid 999, the reaper) started the root; the root started 3 workers, which started 5, 5 and 6 helpers:
        // 1 + 3 + 16 = 20 processes, like a training script with data-loader workers.
        Proc.Process(999, ppid: 1, utime: 50, comm: "carbonscope");
        Proc.Children(999, RootPid);
        Proc.Process(RootPid, ppid: 999, utime: 100_000, stime: 5_000, rss: 1_000_000, comm: "python");
        int[] workers = [1001, 1002, 1003];
        Proc.Children(RootPid, workers);
        var next = 1100;
        for (var w = 0; w < workers.Length; w++)
        {
            Proc.Process(workers[w], ppid: RootPid, utime: 20_000, stime: 1_000, rss: 200_000, comm: "pt_data_worker");
            var helpers = new int[w == 2 ? 6 : 5];
            for (var h = 0; h < helpers.Length; h++)
            {
                helpers[h] = next++;
                Proc.Process(helpers[h], ppid: workers[w], utime: 3_000, stime: 100, rss: 50_000, comm: "helper");
            }

            Proc.Children(workers[w], helpers);
        }

        Rapl = new FakePowercapTree()
            .ControlType()
            .Zone("intel-rapl:0", "package-0", energy: 10_000_000)
            .Zone("intel-rapl:0:0", "dram", energy: 1_000_000)
            .Zone("intel-rapl:1", "package-1", energy: 20_000_000)
            .Zone("intel-rapl:1:0", "dram", energy: 2_000_000);
        NoRapl = new FakePowercapTree();
    }

    /// <summary>The fake <c>/proc</c>.</summary>
    public FakeProcTree Proc { get; }

    /// <summary>A <c>/sys</c> with 2 RAPL packages and 2 dram zones.</summary>
    public FakePowercapTree Rapl { get; }

    /// <summary>A <c>/sys</c> without powercap.</summary>
    public FakePowercapTree NoRapl { get; }

    /// <summary>Options for a process-mode tracker of the tree on this machine, without NVML.</summary>
    public MeasurementOptions Options(bool rapl, TimeSpan interval) => new()
    {
        SysfsRoot = rapl ? Rapl.Root : NoRapl.Root,
        ProcfsRoot = Proc.Root,
        Mode = TrackingMode.Process,
        ProcessId = RootPid,
        ReaperProcessId = 999,
        UseNvml = false,
        Interval = interval,
    };

    public void Dispose()
    {
        Proc.Dispose();
        Rapl.Dispose();
        NoRapl.Dispose();
    }
}
