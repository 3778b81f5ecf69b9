using BenchmarkDotNet.Attributes;
using CarbonScope.Grid;
using CarbonScope.Grid.Files;
using CarbonScope.Scheduling;

namespace CarbonScope.Benchmarks;

/// <summary>
/// Best window and interruptible schedule over a whole year (<see cref="SyntheticIntensity"/>, fixed seed): one zone of
/// five-minute points (105,120), and 100 zones of hourly points (8,760 each; one operation answers all 100 zones).
/// </summary>
[MemoryDiagnoser]
public class SchedulingYearBenchmarks
{
    private const int HourlyZones = 100;
    private IntensitySeries _fiveMinutes = null!;
    private IntensitySeries[] _hourly = null!;
    private DateTimeOffset _from;
    private DateTimeOffset _to;

    [GlobalSetup]
    public void Setup()
    {
        _fiveMinutes = SyntheticIntensity.Series(1000, TimeSpan.FromMinutes(5), SyntheticIntensity.FiveMinuteZone);
        _hourly = new IntensitySeries[HourlyZones];
        for (var z = 0; z < HourlyZones; z++)
        {
            _hourly[z] = SyntheticIntensity.Series(z, TimeSpan.FromHours(1), SyntheticIntensity.HourlyZone(z));
        }

        (_from, _to) = (SyntheticIntensity.YearStart, SyntheticIntensity.YearStart.AddDays(365));
        if (_fiveMinutes.ValuedCount != 105_120 || _hourly.Sum(s => s.ValuedCount) != 876_000)
        {
            throw new InvalidOperationException("Unexpected point counts.");
        }
    }

    [Benchmark(Description = "5-min year: BestWindow 4h")]
    public Window FiveMinutesBestWindow4h() => WindowFinder.BestWindow(_fiveMinutes, TimeSpan.FromHours(4), _from, _to);

    [Benchmark(Description = "5-min year: BestWindow 24h")]
    public Window FiveMinutesBestWindow24h() => WindowFinder.BestWindow(_fiveMinutes, TimeSpan.FromHours(24), _from, _to);

    [Benchmark(Description = "5-min year: BestInterruptible 8h")]
    public Schedule FiveMinutesInterruptible8h() => WindowFinder.BestInterruptible(_fiveMinutes, TimeSpan.FromHours(8), _to, _from);

    [Benchmark(Description = "5-min year: BestInterruptible 8h, min slice 1h")]
    public Schedule FiveMinutesInterruptible8hMin1h() => WindowFinder.BestInterruptible(_fiveMinutes, TimeSpan.FromHours(8), _to, _from, TimeSpan.FromHours(1));

    [Benchmark(Description = "100 hourly zones: BestWindow 4h")]
    public double HourlyBestWindow4h() => AllZones(s => WindowFinder.BestWindow(s, TimeSpan.FromHours(4), _from, _to).Average.GramsPerKilowattHour);

    [Benchmark(Description = "100 hourly zones: BestWindow 24h")]
    public double HourlyBestWindow24h() => AllZones(s => WindowFinder.BestWindow(s, TimeSpan.FromHours(24), _from, _to).Average.GramsPerKilowattHour);

    [Benchmark(Description = "100 hourly zones: BestInterruptible 8h")]
    public double HourlyInterruptible8h() => AllZones(s => WindowFinder.BestInterruptible(s, TimeSpan.FromHours(8), _to, _from).Average.GramsPerKilowattHour);

    [Benchmark(Description = "100 hourly zones: BestInterruptible 8h, min slice 1h")]
    public double HourlyInterruptible8hMin1h() => AllZones(s => WindowFinder.BestInterruptible(s, TimeSpan.FromHours(8), _to, _from, TimeSpan.FromHours(1)).Average.GramsPerKilowattHour);

    private double AllZones(Func<IntensitySeries, double> answer)
    {
        var sum = 0.0;
        foreach (var series in _hourly)
        {
            sum += answer(series);
        }

        return sum;
    }
}

/// <summary>
/// The warm one-day query: a loaded year of 50 hourly zones and one five-minute zone (543,120 points), a best 2 h window
/// for one zone inside one day. <c>Series</c>: the zones held as <see cref="IntensitySeries"/> (a dictionary look-up and
/// <see cref="WindowFinder.BestWindow"/>). <c>Provider</c>: the same data loaded from the generated Carbon Aware SDK
/// JSON file by <see cref="IntensityFileProvider"/>, and the query the CLI makes: the day's history from the provider,
/// a series of it, the best window.
/// </summary>
[MemoryDiagnoser]
public class SchedulingQueryBenchmarks
{
    private readonly Dictionary<string, IntensitySeries> _zones = new(StringComparer.OrdinalIgnoreCase);
    private IntensityFileProvider _provider = null!;
    private DateTimeOffset _from;
    private DateTimeOffset _to;
    private GridZone _hourlyZone = null!;
    private GridZone _fiveMinuteZone = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (var z = 0; z < SyntheticIntensity.LoadedHourlyZones; z++)
        {
            _zones.Add(SyntheticIntensity.HourlyZone(z), SyntheticIntensity.Series(z, TimeSpan.FromHours(1), SyntheticIntensity.HourlyZone(z)));
        }

        _zones.Add(SyntheticIntensity.FiveMinuteZone, SyntheticIntensity.Series(1000, TimeSpan.FromMinutes(5), SyntheticIntensity.FiveMinuteZone));
        var total = _zones.Values.Sum(s => s.ValuedCount);
        if (total != 543_120)
        {
            throw new InvalidOperationException($"Unexpected point count {total}.");
        }

        var file = Path.Combine(Path.GetTempPath(), $"carbonscope-bench-{Environment.ProcessId}.json");
        try
        {
            SyntheticIntensity.WriteCarbonAwareSdkJson(file);
            _provider = IntensityFileProvider.Load(file);
        }
        finally
        {
            File.Delete(file);
        }

        (_from, _to) = (SyntheticIntensity.QueryDay, SyntheticIntensity.QueryDay.AddDays(1));
        _hourlyZone = new GridZone(SyntheticIntensity.HourlyZone(24));
        _fiveMinuteZone = new GridZone(SyntheticIntensity.FiveMinuteZone);
        if (ViaProviderHourly().Start != SeriesHourly().Start || ViaProviderFiveMinutes().Start != SeriesFiveMinutes().Start)
        {
            throw new InvalidOperationException("The provider and the series disagree.");
        }
    }

    [Benchmark(Description = "Series: one day, 2h, hourly zone")]
    public Window SeriesHourly() => WindowFinder.BestWindow(_zones[_hourlyZone.Key], TimeSpan.FromHours(2), _from, _to);

    [Benchmark(Description = "Series: one day, 2h, 5-min zone")]
    public Window SeriesFiveMinutes() => WindowFinder.BestWindow(_zones[_fiveMinuteZone.Key], TimeSpan.FromHours(2), _from, _to);

    [Benchmark(Description = "Provider: one day, 2h, hourly zone")]
    public Window ViaProviderHourly() => ViaProvider(_hourlyZone);

    [Benchmark(Description = "Provider: one day, 2h, 5-min zone")]
    public Window ViaProviderFiveMinutes() => ViaProvider(_fiveMinuteZone);

    private Window ViaProvider(GridZone zone)
    {
        var points = _provider.GetHistoryAsync(zone, _from, _to).GetAwaiter().GetResult();
        return WindowFinder.BestWindow(new IntensitySeries(points), TimeSpan.FromHours(2), _from, _to);
    }
}
