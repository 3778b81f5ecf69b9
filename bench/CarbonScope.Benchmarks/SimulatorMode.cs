using System.Diagnostics;
using System.Globalization;
using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Scheduling.Simulation;
using CarbonScope.Units;

namespace CarbonScope.Benchmarks;

/// <summary>
/// <c>simulate [--trace FILE.csv] [--seconds 3]</c>: the simulator's throughput, in jobs per minute, over a year of hourly
/// data (a synthetic one with daily and weekly cycles and noise, or a <c>region,timestamp,carbon_intensity</c> file):
/// 8 h jobs at 300 W, deadline 24 h, one every hour, for each strategy with the perfect forecast and with <c>ensemble</c>.
/// Each simulation also computes <c>now</c> (the baseline); the column "alone" subtracts the time of <c>now</c> by itself.
/// Each case runs once to warm up, then as many times as fit in the given seconds (at least twice); the mean is printed.
/// </summary>
internal static class SimulatorMode
{
    public static int Run(string[] args)
    {
        var seconds = 3.0;
        string? file = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--trace":
                    file = args[i + 1];
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var trace = file is null ? Synthetic() : Load(file);
        var settings = new SimulationSettings(TimeSpan.FromHours(8), Power.FromWatts(300))
        {
            PauseAtOrAbove = PercentileStrategyThreshold(trace, 70),
            ResumeAtOrBelow = PercentileStrategyThreshold(trace, 50),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trace: {file ?? "synthetic"}, {trace.ValuedCount} hourly values; 8h jobs at 300 W, deadline 24h, every 1h; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        var nowAlone = Measure(trace, [SimulatedStrategy.Now], settings, seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"strategy",-14} {"forecast",-9} {"jobs",6} {"ms/run",9} {"jobs/min (with now)",20} {"jobs/min (alone)",17}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"now",-14} {"-",-9} {nowAlone.Jobs,6} {nowAlone.Milliseconds,9:0.00} {nowAlone.Jobs / nowAlone.Milliseconds * 60_000,20:N0} {nowAlone.Jobs / nowAlone.Milliseconds * 60_000,17:N0}"));
        foreach (var forecast in new IForecastModel?[] { null, ForecastModels.ByName("ensemble") })
        {
            foreach (var strategy in new[] { SimulatedStrategy.Window, SimulatedStrategy.Interruptible, SimulatedStrategy.Threshold, SimulatedStrategy.Percentile, SimulatedStrategy.Forecast })
            {
                if (forecast is not null && strategy is SimulatedStrategy.Threshold or SimulatedStrategy.Percentile)
                {
                    continue; // no forecast: the same as above
                }

                var measured = Measure(trace, [strategy], settings with { ForecastModel = forecast }, seconds);
                var alone = measured.Milliseconds - nowAlone.Milliseconds;
                var name = strategy is SimulatedStrategy.Threshold or SimulatedStrategy.Percentile ? "-" : forecast?.Name ?? Simulator.PerfectForecast;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Simulator.NameOf(strategy),-14} {name,-9} {measured.Jobs,6} {measured.Milliseconds,9:0.00} {measured.Jobs / measured.Milliseconds * 60_000,20:N0} {measured.Jobs / alone * 60_000,17:N0}"));
            }
        }

        return 0;
    }

    private static (int Jobs, double Milliseconds) Measure(IntensitySeries trace, SimulatedStrategy[] strategies, SimulationSettings settings, double seconds)
    {
        var jobs = Simulator.Run(trace, strategies, settings).Jobs; // warm-up (JIT, and the first forecasts' code paths)
        var runs = 0;
        var watch = Stopwatch.StartNew();
        while (runs < 2 || watch.Elapsed.TotalSeconds < seconds)
        {
            Simulator.Run(trace, strategies, settings);
            runs++;
        }

        return (jobs, watch.Elapsed.TotalMilliseconds / runs);
    }

    private static CarbonIntensity PercentileStrategyThreshold(IntensitySeries trace, double p) =>
        Scheduling.Strategies.PercentileStrategy.Percentile(trace, p);

    /// <summary>2023 hourly: 300 g/kWh ± a daily cycle (cheap at midday), a weekly one (cheap at the weekend) and noise.</summary>
    private static IntensitySeries Synthetic()
    {
        var start = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        return IntensitySeries.From(Enumerable.Range(0, 8760).Select(h =>
        {
            var daily = -80 * Math.Cos((h % 24 - 1) / 24.0 * 2 * Math.PI);
            var weekly = (h / 24 % 7) >= 5 ? -40 : 0;
            return (start.AddHours(h), TimeSpan.FromHours(1), (double?)Math.Max(20, 300 + daily + weekly + (random.NextDouble() * 60) - 30));
        }));
    }

    /// <summary>A <c>region,timestamp,carbon_intensity</c> file of hourly values (the first region only).</summary>
    private static IntensitySeries Load(string file)
    {
        var points = new List<(DateTimeOffset, TimeSpan, double?)>();
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var fields = line.Split(',');
            double? value = double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
            points.Add((DateTimeOffset.Parse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), TimeSpan.FromHours(1), value));
        }

        return IntensitySeries.From(points);
    }
}
