using System.Globalization;
using System.Text;
using CarbonScope.Scheduling;

namespace CarbonScope.Benchmarks;

/// <summary>
/// Deterministic synthetic grid intensity for the scheduling benchmarks: per zone, a base level (80-580 g/kWh), a daily
/// cycle (lowest around midday: solar), a weekly and a seasonal drift, and noise, all from a fixed seed. The same zone
/// index always gives the same values, in the BenchmarkDotNet suite and in the generated Carbon Aware SDK file.
/// </summary>
internal static class SyntheticIntensity
{
    /// <summary>The year of data: 2023 (365 days, so 8,760 hourly and 105,120 five-minute points).</summary>
    public static readonly DateTimeOffset YearStart = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The number of hourly zones of the "loaded year" data set.</summary>
    public const int LoadedHourlyZones = 50;

    /// <summary>The one-day query's day, inside the year.</summary>
    public static readonly DateTimeOffset QueryDay = new(2023, 7, 14, 0, 0, 0, TimeSpan.Zero);

    private const int Seed = 20_231_124;

    /// <summary>The name of hourly zone <paramref name="index"/> (0-based): <c>hourly-01</c>, …</summary>
    public static string HourlyZone(int index) => string.Create(CultureInfo.InvariantCulture, $"hourly-{index + 1:00}");

    /// <summary>The name of the five-minute zone.</summary>
    public const string FiveMinuteZone = "fivemin-01";

    /// <summary>A year of points of <paramref name="step"/> for zone <paramref name="zoneIndex"/> (g/kWh, one per step).</summary>
    public static double[] Values(int zoneIndex, TimeSpan step)
    {
        var count = (int)(TimeSpan.FromDays(365) / step);
        var random = new Random(Seed + zoneIndex);
        var baseLevel = 80 + (500 * random.NextDouble());
        var dailyAmplitude = 0.15 + (0.35 * random.NextDouble());
        var noise = 0.05 + (0.1 * random.NextDouble());
        var values = new double[count];
        var drift = 0.0;
        for (var i = 0; i < count; i++)
        {
            var hours = i * step.TotalHours;
            var hourOfDay = hours % 24;
            var day = hours / 24;
            var daily = -Math.Cos((hourOfDay - 1) / 24 * 2 * Math.PI); // lowest at 13:00
            var weekly = day % 7 >= 5 ? -0.08 : 0;
            var seasonal = 0.1 * Math.Cos(day / 365 * 2 * Math.PI);
            drift = (0.98 * drift) + (0.02 * ((2 * random.NextDouble()) - 1)); // slow random walk, mean-reverting
            var value = baseLevel * (1 + (dailyAmplitude * daily) + weekly + seasonal + (5 * drift) + (noise * ((2 * random.NextDouble()) - 1)));
            values[i] = Math.Round(Math.Max(5, value), 2);
        }

        return values;
    }

    /// <summary>A year of points of <paramref name="step"/> for zone <paramref name="zoneIndex"/> as a series.</summary>
    public static IntensitySeries Series(int zoneIndex, TimeSpan step, string zone)
    {
        var values = Values(zoneIndex, step);
        var points = new (DateTimeOffset, TimeSpan, double?)[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            points[i] = (YearStart + (i * step), step, values[i]);
        }

        return IntensitySeries.From(points, zone);
    }

    /// <summary>
    /// Writes the "loaded year" as a Carbon Aware SDK JSON data source (<c>{"Emissions":[{"Location","Time","Rating","Duration"}]}</c>):
    /// <see cref="LoadedHourlyZones"/> hourly zones and one five-minute zone, zone after zone, one point per line.
    /// </summary>
    /// <returns>The number of points written.</returns>
    public static long WriteCarbonAwareSdkJson(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        writer.Write("{\"Emissions\":[\n");
        long written = 0;
        void Zone(string name, int index, TimeSpan step, string duration)
        {
            var values = Values(index, step);
            for (var i = 0; i < values.Length; i++)
            {
                if (written++ > 0)
                {
                    writer.Write(",\n");
                }

                var time = (YearStart + (i * step)).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"Location\":\"{name}\",\"Time\":\"{time}\",\"Rating\":{values[i]},\"Duration\":\"{duration}\"}}"));
            }
        }

        for (var z = 0; z < LoadedHourlyZones; z++)
        {
            Zone(HourlyZone(z), z, TimeSpan.FromHours(1), "01:00:00");
        }

        Zone(FiveMinuteZone, 1000, TimeSpan.FromMinutes(5), "00:05:00");
        writer.Write("\n]}\n");
        return written;
    }
}
