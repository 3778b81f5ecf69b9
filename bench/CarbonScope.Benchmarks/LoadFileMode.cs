using System.Diagnostics;
using System.Globalization;
using CarbonScope.Grid.Files;

namespace CarbonScope.Benchmarks;

/// <summary>
/// <c>load-file FILE [RUNS]</c>: the wall time of <see cref="IntensityFileProvider.Load"/> on FILE, RUNS times in one
/// process, and the managed memory it holds afterwards. The first run includes the JIT of the reading code.
/// </summary>
internal static class LoadFileMode
{
    public static int Run(string file, int runs)
    {
        for (var run = 1; run <= runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var provider = IntensityFileProvider.Load(file);
            var elapsed = Stopwatch.GetElapsedTime(started);
            GC.Collect();
            var held = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: load {elapsed.TotalMilliseconds:0.0} ms, {provider.Zones.Count} zones, {held / 1024.0 / 1024.0:0.0} MB held"));
            GC.KeepAlive(provider);
        }

        // Where a load goes: reading the bytes, reading the rows from them (JSON only), the rest (Load minus both:
        // grouping by zone, sorting, the points).
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            var t0 = Stopwatch.GetTimestamp();
            var bytes = File.ReadAllBytes(file);
            var t1 = Stopwatch.GetTimestamp();
            var rows = IntensityFileReader.ReadJson(file, bytes);
            var t2 = Stopwatch.GetTimestamp();
            var provider = IntensityFileProvider.Load(file);
            var t3 = Stopwatch.GetTimestamp();
            var (read, parse, load) = (Stopwatch.GetElapsedTime(t0, t1), Stopwatch.GetElapsedTime(t1, t2), Stopwatch.GetElapsedTime(t2, t3));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"breakdown: read bytes {read.TotalMilliseconds:0.0} ms, JSON to {rows.Count} rows {parse.TotalMilliseconds:0.0} ms, whole Load {load.TotalMilliseconds:0.0} ms (so index and points about {(load - read - parse).TotalMilliseconds:0.0} ms)"));
            GC.KeepAlive(provider);
        }

        return 0;
    }
}
