using System.Globalization;
using System.Text.Json;
using CarbonScope.Units;

namespace CarbonScope.Grid.Providers;

/// <summary>
/// Electricity Maps (API v3): the average (lifecycle) carbon intensity of a zone, latest, history and forecast. Every
/// request sends the <c>auth-token</c> header with <see cref="GridProviderOptions.ApiKey"/> and goes through
/// <see cref="GridHttpClient"/> (timeout, retries, Retry-After, failures without credentials).
/// </summary>
/// <remarks>
/// <para>Latest calls <c>carbon-intensity/latest</c>; history calls <c>carbon-intensity/history</c> when the range starts
/// within the last 24 hours, otherwise <c>carbon-intensity/past-range</c> in requests of at most
/// <see cref="MaxPastRangeSpan"/>; forecast calls <c>carbon-intensity/forecast</c>.</para>
/// <para>No <c>temporalGranularity</c> is sent, so the API answers at its default (hourly) granularity. A point lasts
/// the spacing of its series: the smallest gap between two consecutive distinct <c>datetime</c>s of the answer, or one
/// hour when the answer holds a single point (so a gap in the series does not stretch the point before it).</para>
/// </remarks>
public sealed class ElectricityMapsProvider : ICarbonIntensityProvider
{
    /// <summary>The public API's base address.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.electricitymap.org/v3/");

    /// <summary>The longest range asked in one <c>past-range</c> request; longer ranges are split.</summary>
    public static readonly TimeSpan MaxPastRangeSpan = TimeSpan.FromDays(10);

    /// <summary>How far back <c>carbon-intensity/history</c> reaches.</summary>
    public static readonly TimeSpan RecentHistorySpan = TimeSpan.FromHours(24);

    private const string ProviderName = "electricitymaps";
    private static readonly TimeSpan s_defaultSpacing = TimeSpan.FromHours(1);

    private readonly GridHttpClient _client;
    private readonly GridProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _baseUrl;

    /// <summary>Creates the provider.</summary>
    /// <param name="http">The HTTP client (not disposed by the provider).</param>
    /// <param name="options">Base address, API key, timeout and retries.</param>
    /// <param name="timeProvider">The clock (fetch times, the 24-hour history window, timeouts); null means the system clock.</param>
    public ElectricityMapsProvider(HttpClient http, GridProviderOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _client = new GridHttpClient(ProviderName, http, options, _time);
        _baseUrl = ProviderAnswers.BaseAddress(options.BaseUrl, DefaultBaseUrl);
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public IntensityCapabilities Capabilities => IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast;

    /// <inheritdoc />
    public async Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var key = RequireKey();
        const string Path = "carbon-intensity/latest";
        using var json = await GetAsync(Path, ZoneQuery(zone), zone, key, cancellationToken).ConfigureAwait(false);
        var root = RequireObject(json.RootElement, Path, "the answer");
        var raw = ReadRaw(root, Path, "the answer");
        var fetchedAt = _time.GetUtcNow();
        var provenance = Provenance(ZoneOf(root, zone), IntensityKind.Measured, fetchedAt);
        return new IntensityPoint(raw.Start, s_defaultSpacing, raw.Value, provenance, raw.IsEstimated);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfLessThan(endsAt, startsAt);
        var key = RequireKey();
        if (endsAt == startsAt)
        {
            return [];
        }

        var now = _time.GetUtcNow();
        var raws = new List<RawPoint>();
        string? answeredZone = null;
        if (startsAt >= now - RecentHistorySpan)
        {
            const string Path = "carbon-intensity/history";
            using var json = await GetAsync(Path, ZoneQuery(zone), zone, key, cancellationToken).ConfigureAwait(false);
            var root = RequireObject(json.RootElement, Path, "the answer");
            answeredZone = ZoneOf(root, zone);
            ReadSeries(root, "history", Path, raws);
        }
        else
        {
            const string Path = "carbon-intensity/past-range";

            // Ask from the start of the hour so that the point that covers startsAt comes back too.
            var from = new DateTimeOffset(startsAt.UtcTicks - (startsAt.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            var to = endsAt.ToUniversalTime();
            while (from < to)
            {
                var chunkEnd = to - from > MaxPastRangeSpan ? from + MaxPastRangeSpan : to;
                var query = string.Concat(ZoneQuery(zone), "&start=", ProviderAnswers.QueryTime(from), "&end=", ProviderAnswers.QueryTime(chunkEnd));
                using var json = await GetAsync(Path, query, zone, key, cancellationToken).ConfigureAwait(false);
                var root = RequireObject(json.RootElement, Path, "the answer");
                answeredZone ??= ZoneOf(root, zone);
                ReadSeries(root, "data", Path, raws);
                from = chunkEnd;
            }
        }

        var provenance = Provenance(answeredZone ?? zone.Key, IntensityKind.Measured, _time.GetUtcNow());
        return ToPoints(raws, provenance, startsAt, endsAt);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var key = RequireKey();
        const string Path = "carbon-intensity/forecast";
        using var json = await GetAsync(Path, ZoneQuery(zone), zone, key, cancellationToken).ConfigureAwait(false);
        var root = RequireObject(json.RootElement, Path, "the answer");
        var raws = new List<RawPoint>();
        ReadSeries(root, "forecast", Path, raws);
        var provenance = Provenance(ZoneOf(root, zone), IntensityKind.Forecast, _time.GetUtcNow());
        return ToPoints(raws, provenance, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
    }

    private string RequireKey() => string.IsNullOrWhiteSpace(_options.ApiKey)
        ? throw new IntensityProviderException(ProviderName, IntensityFailure.MissingCredentials, "electricitymaps needs an API key: set Grid:ElectricityMaps:ApiKey or CARBONSCOPE_GRID__ELECTRICITYMAPS__APIKEY")
        : _options.ApiKey;

    private async Task<JsonDocument> GetAsync(string path, string query, GridZone zone, string key, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseUrl, string.Concat(path, "?", query));
        try
        {
            return await _client.GetJsonAsync(uri, request => request.Headers.TryAddWithoutValidation("auth-token", key), cancellationToken).ConfigureAwait(false);
        }
        catch (IntensityProviderException exception) when (exception.Failure is IntensityFailure.Unauthorized or IntensityFailure.NotFound)
        {
            var what = exception.Failure == IntensityFailure.Unauthorized ? "refused access to" : "has nothing at " + path + " for";
            throw new IntensityProviderException(ProviderName, exception.Failure, _client.Redact($"electricitymaps {what} zone {zone.Key}: {exception.Message}"), exception.InnerException);
        }
    }

    private static string ZoneQuery(GridZone zone) => zone.IsPosition
        ? string.Concat("lat=", zone.Latitude!.Value.ToString("R", CultureInfo.InvariantCulture), "&lon=", zone.Longitude!.Value.ToString("R", CultureInfo.InvariantCulture))
        : "zone=" + Uri.EscapeDataString(zone.Key);

    private static IntensityProvenance Provenance(string zone, IntensityKind kind, DateTimeOffset fetchedAt) =>
        new(ProviderName, zone, kind, IntensitySignal.Average, fetchedAt);

    private static string ZoneOf(JsonElement root, GridZone zone) =>
        root.TryGetProperty("zone", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } answered ? answered : zone.Key;

    private static JsonElement RequireObject(JsonElement element, string path, string what) => element.ValueKind == JsonValueKind.Object
        ? element
        : throw Malformed(path, $"{what} is not a JSON object");

    private static void ReadSeries(JsonElement root, string field, string path, List<RawPoint> into)
    {
        if (!root.TryGetProperty(field, out var series) || series.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(path, $"'{field}' is missing or not an array");
        }

        var index = 0;
        foreach (var item in series.EnumerateArray())
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");
            into.Add(ReadRaw(RequireObject(item, path, where), path, where));
            index++;
        }
    }

    private static RawPoint ReadRaw(JsonElement item, string path, string where)
    {
        if (!item.TryGetProperty("datetime", out var datetime))
        {
            throw Malformed(path, $"{where} has no 'datetime'");
        }

        if (datetime.ValueKind != JsonValueKind.String || !datetime.TryGetDateTimeOffset(out var start))
        {
            throw Malformed(path, $"{where}'s 'datetime' is not an ISO 8601 time");
        }

        if (!item.TryGetProperty("carbonIntensity", out var intensity))
        {
            throw Malformed(path, $"{where} has no 'carbonIntensity'");
        }

        CarbonIntensity? value = intensity.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number when intensity.TryGetDouble(out var grams) && double.IsFinite(grams) => CarbonIntensity.FromGramsPerKilowattHour(grams),
            _ => throw Malformed(path, $"{where}'s 'carbonIntensity' is not a number"),
        };
        var estimated = item.TryGetProperty("isEstimated", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new RawPoint(start.ToUniversalTime(), value, estimated);
    }

    private static List<IntensityPoint> ToPoints(List<RawPoint> raws, IntensityProvenance provenance, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        // Same start: the last one answered wins.
        var byStart = new Dictionary<DateTimeOffset, RawPoint>();
        foreach (var raw in raws)
        {
            byStart[raw.Start] = raw;
        }

        var starts = byStart.Keys.Order().ToList();
        var spacing = s_defaultSpacing;
        if (starts.Count > 1)
        {
            spacing = TimeSpan.MaxValue;
            for (var i = 1; i < starts.Count; i++)
            {
                var gap = starts[i] - starts[i - 1];
                spacing = gap < spacing ? gap : spacing;
            }
        }

        var points = new List<IntensityPoint>(starts.Count);
        foreach (var start in starts)
        {
            var raw = byStart[start];
            var point = new IntensityPoint(start, spacing, raw.Value, provenance, raw.IsEstimated);
            if (point.Overlaps(startsAt, endsAt))
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static IntensityProviderException Malformed(string path, string what) =>
        new(ProviderName, IntensityFailure.Malformed, $"electricitymaps answered {path} with data that cannot be used: {what}");

    private readonly record struct RawPoint(DateTimeOffset Start, CarbonIntensity? Value, bool IsEstimated);
}
