using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace CarbonScope.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/CarbonScope.Benchmarks -- [mode] [options]</c>:
/// <list type="bullet">
/// <item>no mode, or BenchmarkDotNet's options (<c>--filter '*Tick*'</c>): the BenchmarkDotNet suites;</item>
/// <item><c>overhead --interval 1s --seconds 30 [--warmup 3s] [--baseline]</c>: the tracker's CPU use per second of run on
/// this machine (see <see cref="OverheadMode"/>);</item>
/// <item><c>startup</c>: the cold start of discovery + the first sample in a fresh process (see <see cref="StartupMode"/>);</item>
/// <item><c>noop</c>: the same process doing nothing (the baseline of <c>startup</c>);</item>
/// <item><c>simulate [--trace FILE.csv] [--seconds 3]</c>: the simulator's jobs per minute (see <see cref="SimulatorMode"/>);</item>
/// <item><c>sustainml [--tasks 20000] [--rest-tasks 5000] [--concurrency 1,8,64]</c>: tasks per second and latency through the
/// SustainML pipeline, in-process and through the REST API (see <see cref="SustainMLMode"/>);</item>
/// <item><c>make-casdk-json OUT</c>: writes the scheduling benchmarks' loaded year (50 hourly zones and one five-minute
/// zone, 543,120 points) as a Carbon Aware SDK JSON data source (see <see cref="SyntheticIntensity"/>);</item>
/// <item><c>load-file FILE [RUNS]</c>: times <c>IntensityFileProvider.Load</c> of FILE, RUNS times in this process (the
/// first run pays the JIT).</item>
/// </list>
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var entered = Stopwatch.GetTimestamp();
        var mode = args.Length > 0 ? args[0] : string.Empty;
        switch (mode)
        {
            case "overhead":
                return await OverheadMode.RunAsync(args[1..]);
            case "startup":
                return StartupMode.Run(entered, args[1..]);
            case "noop":
                return StartupMode.Noop(entered);
            case "simulate":
                return SimulatorMode.Run(args[1..]);
            case "sustainml":
                return await SustainMLMode.RunAsync(args[1..]);
            case "make-casdk-json" when args.Length == 2:
                var written = SyntheticIntensity.WriteCarbonAwareSdkJson(args[1]);
                Console.WriteLine($"{args[1]}: {written} points, {new FileInfo(args[1]).Length} bytes");
                return 0;
            case "load-file" when args.Length is 2 or 3:
                return LoadFileMode.Run(args[1], args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
            default:
                RunBenchmarks(args);
                return 0;
        }
    }

    // Kept out of Main so that the other modes never load BenchmarkDotNet.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunBenchmarks(string[] args)
    {
        // In-process: no generated project to build (2 cores), and the library's analyzers never see generated code.
        // Short: 1 launch, 3 warm-up and 15 measured iterations of about 250 ms each.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Short-InProcess");
        var config = DefaultConfig.Instance.AddJob(job);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
