using System.Diagnostics;
using System.Globalization;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Models;
using CarbonScope.Measurement.Nvml;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Measurement.Rapl;
using CarbonScope.Measurement.Tracking;

namespace CarbonScope.Benchmarks;

/// <summary>
/// The cold in-process start: from <c>Main</c>'s first line, discovery (real <c>/proc</c> and <c>/sys</c>; NVML too unless
/// <c>--no-nvml</c>), the tracker's creation and its first sample, in a fresh process (JIT included). Prints the wall
/// time from Main to the first sample and this process's CPU time at Main and after the first sample. With
/// <c>--breakdown</c>, the steps of discovery are first run one by one and timed (each step then pays its own JIT and
/// first use), and the tracker's creation and start come last.
/// </summary>
internal static class StartupMode
{
    public static int Run(long entered, string[] args)
    {
        var cpuAtMain = ProcessCpu.Now();
        var useNvml = !args.Contains("--no-nvml");
        var steps = new List<string>();
        if (args.Contains("--breakdown"))
        {
            var cpu = Step(steps, "cpuinfo", () => ProcFileSystem.Default.ReadCpuInfo());
            Step(steps, "cpu_table_load", () => CpuPowerTable.Default);
            Step(steps, "cpu_table_match", () => CpuPowerTable.Default.Match(cpu.ModelName, cpu.LogicalCpus));
            Step(steps, "rapl_discover", () => RaplPowercap.Discover());
            if (useNvml)
            {
                Step(steps, "nvml_discover", () => NvmlGpus.Discover());
            }

            Step(steps, "meminfo", () => ProcFileSystem.Default.TryReadMemInfo(out _, out _));
        }

        var options = new MeasurementOptions { Mode = TrackingMode.Process, UseNvml = useNvml };
        var beforeTracker = Stopwatch.GetTimestamp();
        var cpuBeforeTracker = ProcessCpu.Now();
        using var tracker = EnergyTrackerFactory.Create(options);
        tracker.Start();
        var wall = Stopwatch.GetElapsedTime(entered);
        var cpuNow = ProcessCpu.Now();
        steps.Add(Format("create_and_start", Stopwatch.GetElapsedTime(beforeTracker), cpuNow - cpuBeforeTracker));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"startup sensors={string.Join('+', tracker.Sensors.Select(s => s.Source))} main_to_first_sample_ms={wall.TotalMilliseconds:0.000} " +
            $"cpu_at_main_ms={cpuAtMain.TotalMilliseconds:0.000} cpu_at_first_sample_ms={cpuNow.TotalMilliseconds:0.000} " +
            $"cpu_main_to_first_sample_ms={(cpuNow - cpuAtMain).TotalMilliseconds:0.000}"));
        if (steps.Count > 1)
        {
            Console.WriteLine("steps " + string.Join(' ', steps));
        }

        return 0;
    }

    public static int Noop(long entered)
    {
        var cpu = ProcessCpu.Now();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"noop main_ms={Stopwatch.GetElapsedTime(entered).TotalMilliseconds:0.000} cpu_at_main_ms={cpu.TotalMilliseconds:0.000}"));
        return 0;
    }

    private static T Step<T>(List<string> steps, string name, Func<T> step)
    {
        var started = Stopwatch.GetTimestamp();
        var cpu = ProcessCpu.Now();
        var result = step();
        steps.Add(Format(name, Stopwatch.GetElapsedTime(started), ProcessCpu.Now() - cpu));
        return result;
    }

    private static string Format(string name, TimeSpan wall, TimeSpan cpu) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}_ms={wall.TotalMilliseconds:0.00}/{cpu.TotalMilliseconds:0.00}cpu");
}
