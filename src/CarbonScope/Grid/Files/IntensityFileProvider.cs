using CarbonScope.Units;

namespace CarbonScope.Grid.Files;

/// <summary>
/// Carbon intensity from a file the user already has: the Carbon-Aware-Trainer cache (JSON, CSV or Parquet) or a Carbon
/// Aware SDK JSON data source. The file is read once, by <see cref="Load"/>, and indexed by zone (case-insensitive).
/// </summary>
/// <remarks>
/// <para>Formats, by extension: <c>.json</c> (<c>{"regions":{"DE":{"historical":[...],"forecast":[...]}}}</c> or
/// <c>{"Emissions":[{"Location","Time","Rating","Duration"}]}</c>), <c>.csv</c> and <c>.parquet</c> (columns
/// <c>region,timestamp,carbon_intensity[,renewable_percentage,confidence]</c>; <c>location</c>/<c>time</c>/<c>rating</c>
/// and an optional <c>duration</c> are accepted too). Keys and column names are matched in any case.</para>
/// <para>Timestamps must carry <c>Z</c> or an offset (a timestamp without one is rejected: it could be any zone's local
/// time). A point without a duration lasts until the next point of its series (zone, and historical or forecast)
/// starts; the last one as long as the spacing before it; a series of one point lasts one hour. Input in any order is
/// sorted; when a series has two points with the same start, the later one in the file wins.</para>
/// <para>Points of <c>forecast</c> arrays are <see cref="IntensityKind.Forecast"/>, all others
/// <see cref="IntensityKind.Measured"/>; the signal is <see cref="IntensitySignal.Average"/>, the source
/// <c>file:NAME</c>, the fetch time the load time. A missing or <c>null</c> value (an empty CSV cell) is a gap
/// (<see cref="IntensityPoint.Value"/> null).</para>
/// <para>Errors are <see cref="IntensityProviderException"/>s of provider <c>file</c>: <see cref="IntensityFailure.Malformed"/>
/// with the file, the line (CSV), row (Parquet) or JSON path and what is wrong; <see cref="IntensityFailure.UnknownZone"/>
/// listing the file's zones. Immutable after loading and thread-safe.</para>
/// </remarks>
public sealed class IntensityFileProvider : ICarbonIntensityProvider
{
    /// <summary>The provider's name.</summary>
    public const string ProviderName = "file";

    private const int MaxZonesInMessage = 20;

    private readonly Dictionary<string, ZoneSeries> _zones;

    private IntensityFileProvider(string path, string source, DateTimeOffset loadedAt, Dictionary<string, ZoneSeries> zones)
    {
        Path = path;
        Source = source;
        LoadedAt = loadedAt;
        _zones = zones;
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public IntensityCapabilities Capabilities => IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast;

    /// <summary>The path the file was loaded from, as given.</summary>
    public string Path { get; }

    /// <summary>The provenance source of every point: <c>file:NAME</c> (the file name without its folder).</summary>
    public string Source { get; }

    /// <summary>When the file was read (the <see cref="IntensityProvenance.FetchedAt"/> of every point).</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The zones of the file, as first spelled in it, sorted ordinally (case-insensitive).</summary>
    public IReadOnlyList<string> Zones
    {
        get
        {
            var zones = new List<string>(_zones.Count);
            foreach (var series in _zones.Values)
            {
                zones.Add(series.Zone);
            }

            zones.Sort(StringComparer.OrdinalIgnoreCase);
            return zones;
        }
    }

    /// <summary>Reads an intensity file; its format is chosen by its extension (<c>.csv</c>, <c>.json</c>, <c>.parquet</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="time">The clock for the load time; the system clock when null.</param>
    /// <exception cref="IntensityProviderException">
    /// The file cannot be read (<see cref="IntensityFailure.NotFound"/>), has another extension
    /// (<see cref="IntensityFailure.NotSupported"/>), or is malformed (<see cref="IntensityFailure.Malformed"/>): one line
    /// naming the file, the line, row or JSON path, and the problem.
    /// </exception>
    public static IntensityFileProvider Load(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        time ??= TimeProvider.System;
        var extension = System.IO.Path.GetExtension(path).ToUpperInvariant();
        if (extension is not (".CSV" or ".JSON" or ".PARQUET"))
        {
            throw new IntensityProviderException(
                ProviderName,
                IntensityFailure.NotSupported,
                $"{path}: unknown intensity file format '{System.IO.Path.GetExtension(path)}': use a .csv, .json or .parquet file");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IntensityProviderException(ProviderName, IntensityFailure.NotFound, $"{path}: cannot be read: {exception.Message}", exception);
        }

        var loadedAt = time.GetUtcNow();
        if (bytes.Length == 0)
        {
            throw Malformed(path, "the file is empty");
        }

        var rows = extension switch
        {
            ".CSV" => IntensityFileReader.ReadCsv(path, bytes),
            ".JSON" => IntensityFileReader.ReadJson(path, bytes),
            _ => IntensityFileReader.ReadParquet(path, bytes),
        };
        if (rows.Count == 0)
        {
            throw Malformed(path, "the file holds no intensity points");
        }

        var source = "file:" + System.IO.Path.GetFileName(path);
        return new IntensityFileProvider(path, source, loadedAt, Index(rows, source, loadedAt));
    }

    /// <inheritdoc />
    /// <remarks>The last point (by start) of the zone that is not a forecast and has a value.</remarks>
    public Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var series = Find(zone);
        for (var i = series.Measured.Length - 1; i >= 0; i--)
        {
            if (series.Measured[i].Value is not null)
            {
                return Task.FromResult(series.Measured[i]);
            }
        }

        throw new IntensityProviderException(ProviderName, IntensityFailure.NoData, $"{Path}: zone {series.Zone} has no measured value (only forecasts or gaps)");
    }

    /// <inheritdoc />
    /// <remarks>The zone's non-forecast points that overlap the range.</remarks>
    /// <exception cref="ArgumentException">The range ends before it starts.</exception>
    public Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (endsAt < startsAt)
        {
            throw new ArgumentException($"The range ends ({endsAt:O}) before it starts ({startsAt:O}).", nameof(endsAt));
        }

        // The points are sorted by start: skip those that all end by startsAt (a binary search on the running
        // maximum of the ends, as explicit durations may overlap), stop at the first that starts at or after endsAt.
        var series = Find(zone);
        var (measured, latestEnds) = (series.Measured, series.MeasuredLatestEnds);
        var (lo, hi) = (0, measured.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (latestEnds[mid] <= startsAt.UtcTicks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var result = new List<IntensityPoint>();
        for (var i = lo; i < measured.Length && measured[i].Start < endsAt; i++)
        {
            if (measured[i].Overlaps(startsAt, endsAt))
            {
                result.Add(measured[i]);
            }
        }

        return Task.FromResult<IReadOnlyList<IntensityPoint>>(result);
    }

    /// <inheritdoc />
    /// <remarks>Every point of the zone's <c>forecast</c> array, sorted by start.</remarks>
    public Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var series = Find(zone);
        if (series.Forecast.Length == 0)
        {
            throw new IntensityProviderException(ProviderName, IntensityFailure.NotSupported, $"{Path}: no forecast for zone {series.Zone} in the file");
        }

        return Task.FromResult<IReadOnlyList<IntensityPoint>>(series.Forecast);
    }

    internal static IntensityProviderException Malformed(string path, string problem) =>
        new(ProviderName, IntensityFailure.Malformed, $"{path}: {problem}");

    private ZoneSeries Find(GridZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_zones.TryGetValue(zone.Key.Trim(), out var series))
        {
            return series;
        }

        var zones = Zones;
        var listed = zones.Count <= MaxZonesInMessage
            ? string.Join(", ", zones)
            : string.Join(", ", zones.Take(MaxZonesInMessage)) + $" and {zones.Count - MaxZonesInMessage} more";
        throw new IntensityProviderException(
            ProviderName,
            IntensityFailure.UnknownZone,
            $"{Path}: zone '{zone.Key}' is not in the file; it has {listed}");
    }

    private static Dictionary<string, ZoneSeries> Index(List<FileIntensityRow> rows, string source, DateTimeOffset loadedAt)
    {
        // Group by zone (case-insensitive, first spelling kept) and series, keeping file order for "the last wins".
        var groups = new Dictionary<string, (string Zone, List<FileIntensityRow> Measured, List<FileIntensityRow> Forecast)>(StringComparer.OrdinalIgnoreCase);
        // First the number of rows of each zone and series, so that each list is made at its size (no growing and
        // copying); the readers give one string to a run of rows of the same zone, so a zone is looked up only when
        // it changes.
        var counts = new Dictionary<string, (int Measured, int Forecast)>(StringComparer.OrdinalIgnoreCase);
        var (runZone, runMeasured, runForecast) = ((string?)null, 0, 0);
        foreach (var row in rows)
        {
            if (!ReferenceEquals(row.Zone, runZone))
            {
                AddRun(counts, runZone, runMeasured, runForecast);
                (runZone, runMeasured, runForecast) = (row.Zone, 0, 0);
            }

            (runMeasured, runForecast) = row.IsForecast ? (runMeasured, runForecast + 1) : (runMeasured + 1, runForecast);
        }

        AddRun(counts, runZone, runMeasured, runForecast);
        (string Zone, List<FileIntensityRow> Measured, List<FileIntensityRow> Forecast) current = (string.Empty, [], []);
        string? currentKey = null;
        foreach (var row in rows)
        {
            if (!ReferenceEquals(row.Zone, currentKey))
            {
                if (!groups.TryGetValue(row.Zone, out current))
                {
                    var (measured, forecast) = counts[row.Zone];
                    current = (row.Zone, new List<FileIntensityRow>(measured), new List<FileIntensityRow>(forecast));
                    groups.Add(row.Zone, current);
                }

                currentKey = row.Zone;
            }

            (row.IsForecast ? current.Forecast : current.Measured).Add(row);
        }

        var zones = new Dictionary<string, ZoneSeries>(groups.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, group) in groups)
        {
            var measured = Build(group.Measured, group.Zone, IntensityKind.Measured, source, loadedAt);
            var latestEnds = new long[measured.Length];
            for (var i = 0; i < measured.Length; i++)
            {
                // Start + Duration in ticks, without the DateTimeOffset (which throws past year 9999, where End would only throw
                // when asked for): both are at most DateTime.MaxValue.Ticks, so the sum fits a long.
                var end = measured[i].Start.UtcTicks + Math.Min(measured[i].Duration.Ticks, DateTime.MaxValue.Ticks);
                latestEnds[i] = Math.Max(i > 0 ? latestEnds[i - 1] : long.MinValue, end);
            }

            zones.Add(key, new ZoneSeries(group.Zone, measured, latestEnds, Build(group.Forecast, group.Zone, IntensityKind.Forecast, source, loadedAt)));
        }

        return zones;
    }

    private static void AddRun(Dictionary<string, (int Measured, int Forecast)> counts, string? zone, int measured, int forecast)
    {
        if (zone is not null)
        {
            counts[zone] = counts.TryGetValue(zone, out var count) ? (count.Measured + measured, count.Forecast + forecast) : (measured, forecast);
        }
    }

    /// <summary>Sorts a series, drops all but the last of equal starts, and infers the missing durations.</summary>
    private static IntensityPoint[] Build(List<FileIntensityRow> rows, string zone, IntensityKind kind, string source, DateTimeOffset loadedAt)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        // Files are usually in order with one point per start: then there is nothing to sort or drop.
        var sorted = rows;
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Start <= rows[i - 1].Start)
            {
                var byStart = new Dictionary<DateTimeOffset, FileIntensityRow>(rows.Count);
                foreach (var row in rows)
                {
                    byStart[row.Start] = row;
                }

                sorted = new List<FileIntensityRow>(byStart.Values);
                sorted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
                break;
            }
        }

        var provenance = new IntensityProvenance(source, zone, kind, IntensitySignal.Average, FetchedAt: loadedAt);
        var points = new IntensityPoint[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            var row = sorted[i];
            var duration = row.Duration
                ?? (i + 1 < sorted.Count ? sorted[i + 1].Start - row.Start
                    : i > 0 ? row.Start - sorted[i - 1].Start
                    : TimeSpan.FromHours(1));
            points[i] = new IntensityPoint(
                row.Start,
                duration,
                row.GramsPerKilowattHour is { } grams ? CarbonIntensity.FromGramsPerKilowattHour(grams) : null,
                provenance);
        }

        return points;
    }

    /// <summary>A zone's points; <paramref name="MeasuredLatestEnds"/>[i]: the latest end (UTC ticks) of Measured[0..i].</summary>
    private sealed record ZoneSeries(string Zone, IntensityPoint[] Measured, long[] MeasuredLatestEnds, IntensityPoint[] Forecast);
}

/// <summary>One point as read from a file, before sorting and duration inference.</summary>
internal readonly record struct FileIntensityRow(string Zone, DateTimeOffset Start, double? GramsPerKilowattHour, TimeSpan? Duration, bool IsForecast);
