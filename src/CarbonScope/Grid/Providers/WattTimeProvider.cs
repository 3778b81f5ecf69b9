using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CarbonScope.Units;

namespace CarbonScope.Grid.Providers;

/// <summary>
/// WattTime (API v3): the marginal operating emissions rate (<c>co2_moer</c>) of a WattTime region, latest, history and
/// forecast, converted from lbs CO2/MWh to g/kWh. Logs in with HTTP Basic (<see cref="GridProviderOptions.Username"/>,
/// <see cref="GridProviderOptions.Password"/>) on <c>/login</c>, keeps the token and sends it as a bearer token; a
/// 401/403 logs in again once and retries the call once (the token expired). Every request goes through
/// <see cref="GridHttpClient"/>; no message ever holds the password or the token.
/// </summary>
/// <remarks>
/// <para>The zone's key is a WattTime region (<c>CAISO_NORTH</c>); a position is first resolved with
/// <c>/v3/region-from-loc</c> (the answer is kept). History calls <c>/v3/historical</c>, forecast <c>/v3/forecast</c>.
/// Latest is the last point with a value of <c>/v3/historical</c> over the last hour: a measured figure, not the first
/// point of a forecast.</para>
/// <para>A point lasts <c>meta.data_point_period_seconds</c>. History is asked from the start of the
/// 5-minute period that holds the range's start, so that the point covering it comes back.</para>
/// </remarks>
public sealed class WattTimeProvider : ICarbonIntensityProvider
{
    /// <summary>The public API's base address.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.watttime.org/");

    /// <summary>The only unit understood: pounds of CO2 per megawatt-hour.</summary>
    public const string PoundsPerMegawattHourUnit = "lbs_co2_per_mwh";

    /// <summary>
    /// The longest range asked in one <c>/v3/historical</c> request; longer ranges are split. WattTime limits a request's
    /// span (about a month, not stated in the reference data: an assumption, see docs/providers/watttime.md).
    /// </summary>
    public static readonly TimeSpan MaxHistorySpan = TimeSpan.FromDays(30);

    private const string ProviderName = "watttime";
    private const string Signal = "co2_moer";
    private static readonly TimeSpan s_latestWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_period = TimeSpan.FromMinutes(5);

    private readonly GridHttpClient _client;
    private readonly GridProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _baseUrl;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _regions = new(StringComparer.Ordinal);
    private Task<string>? _token;

    /// <summary>Creates the provider.</summary>
    /// <param name="http">The HTTP client (not disposed by the provider).</param>
    /// <param name="options">Base address, user name, password, timeout and retries.</param>
    /// <param name="timeProvider">The clock (fetch times, the latest window, timeouts); null means the system clock.</param>
    public WattTimeProvider(HttpClient http, GridProviderOptions options, TimeProvider? timeProvider = null)
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
        RequireCredentials();
        var now = _time.GetUtcNow();
        var points = await HistoryAsync(zone, now - s_latestWindow, now, cancellationToken).ConfigureAwait(false);
        for (var i = points.Count - 1; i >= 0; i--)
        {
            if (points[i].Value is not null)
            {
                return points[i];
            }
        }

        throw new IntensityProviderException(ProviderName, IntensityFailure.NoData, $"watttime has no value for region {zone.Key} in the last hour");
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfLessThan(endsAt, startsAt);
        RequireCredentials();
        return endsAt == startsAt ? Task.FromResult<IReadOnlyList<IntensityPoint>>([]) : HistoryAsync(zone, startsAt, endsAt, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        RequireCredentials();
        return await Scrubbed(async () =>
        {
            var region = await RegionAsync(zone, cancellationToken).ConfigureAwait(false);
            const string Path = "v3/forecast";
            var query = string.Concat("region=", Uri.EscapeDataString(region), "&signal_type=", Signal);
            using var json = await GetAuthorizedAsync(Path, query, cancellationToken).ConfigureAwait(false);
            return ReadSeries(json.RootElement, Path, region, IntensityKind.Forecast, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        }).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<IntensityPoint>> HistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken) =>
        Scrubbed<IReadOnlyList<IntensityPoint>>(async () =>
        {
            var region = await RegionAsync(zone, cancellationToken).ConfigureAwait(false);
            const string Path = "v3/historical";
            var from = new DateTimeOffset(startsAt.UtcTicks - (startsAt.UtcTicks % s_period.Ticks), TimeSpan.Zero);

            // One request per MaxHistorySpan at most; a start repeated across requests keeps the last answer.
            var points = new List<IntensityPoint>();
            for (var chunkStart = from; chunkStart < endsAt; chunkStart += MaxHistorySpan)
            {
                var chunkEnd = chunkStart + MaxHistorySpan < endsAt ? chunkStart + MaxHistorySpan : endsAt;
                var query = string.Concat("region=", Uri.EscapeDataString(region), "&start=", ProviderAnswers.QueryTime(chunkStart), "&end=", ProviderAnswers.QueryTime(chunkEnd), "&signal_type=", Signal);
                using var json = await GetAuthorizedAsync(Path, query, cancellationToken).ConfigureAwait(false);
                points.AddRange(ReadSeries(json.RootElement, Path, region, IntensityKind.Measured, startsAt, endsAt));
            }

            return ProviderAnswers.SortedDistinct(points);
        });

    private void RequireCredentials()
    {
        if (string.IsNullOrWhiteSpace(_options.Username) || string.IsNullOrEmpty(_options.Password))
        {
            throw new IntensityProviderException(
                ProviderName,
                IntensityFailure.MissingCredentials,
                "watttime needs a user name and a password: set Grid:WattTime:Username and Grid:WattTime:Password (or CARBONSCOPE_GRID__WATTTIME__USERNAME and CARBONSCOPE_GRID__WATTTIME__PASSWORD)");
        }
    }

    private async Task<string> RegionAsync(GridZone zone, CancellationToken cancellationToken)
    {
        if (!zone.IsPosition)
        {
            return zone.Key;
        }

        var latitude = zone.Latitude!.Value.ToString("R", CultureInfo.InvariantCulture);
        var longitude = zone.Longitude!.Value.ToString("R", CultureInfo.InvariantCulture);
        var cacheKey = latitude + "," + longitude;
        if (_regions.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        const string Path = "v3/region-from-loc";
        using var json = await GetAuthorizedAsync(Path, string.Concat("latitude=", latitude, "&longitude=", longitude, "&signal_type=", Signal), cancellationToken).ConfigureAwait(false);
        if (json.RootElement.ValueKind != JsonValueKind.Object
            || !json.RootElement.TryGetProperty("region", out var region)
            || region.ValueKind != JsonValueKind.String
            || region.GetString() is not { Length: > 0 } name)
        {
            throw Malformed(Path, "no 'region'");
        }

        _regions[cacheKey] = name;
        return name;
    }

    /// <summary>GETs with the bearer token; a refusal logs in again once and retries once.</summary>
    private async Task<JsonDocument> GetAuthorizedAsync(string path, string query, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseUrl, string.Concat(path, "?", query));
        var login = Token(null, cancellationToken);
        var token = await login.ConfigureAwait(false);
        try
        {
            return await _client.GetJsonAsync(uri, request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token), cancellationToken).ConfigureAwait(false);
        }
        catch (IntensityProviderException exception) when (exception.Failure == IntensityFailure.Unauthorized)
        {
            token = await Token(login, cancellationToken).ConfigureAwait(false);
            return await _client.GetJsonAsync(uri, request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The cached login, or a new one when there is none, it failed, or it is the one that was refused.</summary>
    private Task<string> Token(Task<string>? refused, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_token is null || _token == refused || _token.IsFaulted || _token.IsCanceled)
            {
                _token = LoginAsync(cancellationToken);
            }

            return _token;
        }
    }

    private async Task<string> LoginAsync(CancellationToken cancellationToken)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(_options.Username + ":" + _options.Password));
        lock (_gate)
        {
            _secrets.Add(basic);
        }

        const string Path = "login";
        using var json = await _client.GetJsonAsync(new Uri(_baseUrl, Path), request => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic), cancellationToken).ConfigureAwait(false);
        if (json.RootElement.ValueKind != JsonValueKind.Object
            || !json.RootElement.TryGetProperty("token", out var value)
            || value.ValueKind != JsonValueKind.String
            || value.GetString() is not { Length: > 0 } token)
        {
            throw Malformed(Path, "no 'token'");
        }

        lock (_gate)
        {
            _secrets.Add(token);
        }

        return token;
    }

    /// <summary>Runs <paramref name="action"/>; a failure whose message holds a token or the Basic credential (a server that echoes them) is rethrown without them.</summary>
    private async Task<T> Scrubbed<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (IntensityProviderException exception)
        {
            var message = Scrub(exception.Message);
            if (ReferenceEquals(message, exception.Message) || message == exception.Message)
            {
                throw;
            }

            throw new IntensityProviderException(ProviderName, exception.Failure, message, exception.InnerException);
        }
    }

    private string Scrub(string text)
    {
        text = _client.Redact(text);
        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private List<IntensityPoint> ReadSeries(JsonElement root, string path, string region, IntensityKind kind, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(path, "the answer is not a JSON object");
        }

        if (!root.TryGetProperty("meta", out var meta) || meta.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(path, "'meta' is missing or not an object");
        }

        if (!meta.TryGetProperty("units", out var units) || units.ValueKind != JsonValueKind.String)
        {
            throw Malformed(path, "'meta.units' is missing");
        }

        if (units.GetString() != PoundsPerMegawattHourUnit)
        {
            throw Malformed(path, $"'meta.units' is '{units.GetString()}', not {PoundsPerMegawattHourUnit}");
        }

        if (!meta.TryGetProperty("data_point_period_seconds", out var period)
            || period.ValueKind != JsonValueKind.Number
            || !period.TryGetDouble(out var seconds)
            || !double.IsFinite(seconds)
            || seconds <= 0)
        {
            throw Malformed(path, "'meta.data_point_period_seconds' is missing or not a positive number");
        }

        var duration = TimeSpan.FromSeconds(seconds);
        var zone = meta.TryGetProperty("region", out var answered) && answered.ValueKind == JsonValueKind.String && answered.GetString() is { Length: > 0 } name ? name : region;
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(path, "'data' is missing or not an array");
        }

        var provenance = new IntensityProvenance(ProviderName, zone, kind, IntensitySignal.Marginal, _time.GetUtcNow());
        var points = new List<IntensityPoint>();
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"data[{index}]");
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, where + " is not an object");
            }

            if (!item.TryGetProperty("point_time", out var time))
            {
                throw Malformed(path, where + " has no 'point_time'");
            }

            if (time.ValueKind != JsonValueKind.String || !time.TryGetDateTimeOffset(out var start))
            {
                throw Malformed(path, where + "'s 'point_time' is not an ISO 8601 time");
            }

            if (!item.TryGetProperty("value", out var value))
            {
                throw Malformed(path, where + " has no 'value'");
            }

            CarbonIntensity? intensity = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when value.TryGetDouble(out var pounds) && double.IsFinite(pounds) => CarbonIntensity.FromPoundsPerMegawattHour(pounds),
                _ => throw Malformed(path, where + "'s 'value' is not a number"),
            };
            var point = new IntensityPoint(start.ToUniversalTime(), duration, intensity, provenance);
            if (point.Overlaps(startsAt, endsAt))
            {
                points.Add(point);
            }
        }

        return ProviderAnswers.SortedDistinct(points); // same start: the last one answered wins
    }

    private static IntensityProviderException Malformed(string path, string what) =>
        new(ProviderName, IntensityFailure.Malformed, $"watttime answered {path} with data that cannot be used: {what}");
}
