using System.Globalization;
using System.Text.Json;
using CarbonScope.Units;

namespace CarbonScope.Grid.Providers;

/// <summary>
/// The UK Carbon Intensity API of the National Energy System Operator (<c>api.carbonintensity.org.uk</c>, no key,
/// CC BY 4.0): half-hourly <em>average</em> intensity of Great Britain's electricity, nationally (measured and
/// forecast) and per region (forecast only).
/// </summary>
/// <remarks>
/// <para>Zone keys (case-insensitive; the provenance carries the canonical form on the left):</para>
/// <list type="bullet">
/// <item><c>GB</c> (also <c>UK</c>, <c>GB-NATIONAL</c>): Great Britain as a whole.</item>
/// <item><c>GB-REGION-&lt;1..17&gt;</c> (also a bare <c>1</c>..<c>17</c>): a region by the API's region id.</item>
/// <item><c>GB-POSTCODE-&lt;outward code&gt;</c>, e.g. <c>GB-POSTCODE-RG10</c>: the region of a postcode's outward code.</item>
/// </list>
/// <para>National: <see cref="GetLatestAsync"/> calls <c>/intensity</c> and uses <c>actual</c> when it is published
/// (kind <see cref="IntensityKind.Measured"/>), otherwise <c>forecast</c> (kind <see cref="IntensityKind.Forecast"/>);
/// <see cref="GetHistoryAsync"/> calls <c>/intensity/{from}/{to}</c> in pieces of at most 14 days (the API limits the
/// span of one request), with the same actual-else-forecast rule; <see cref="GetForecastAsync"/> calls
/// <c>/intensity/{now}/fw48h</c> and uses <c>forecast</c>.</para>
/// <para>Regional (the API publishes forecasts only, so every regional point is a forecast): latest from
/// <c>/regional/regionid/{id}</c> or <c>/regional/postcode/{code}</c>, forecast from
/// <c>/regional/intensity/{now}/fw24h/regionid/{id}</c> or <c>.../postcode/{code}</c>; history is not supported.</para>
/// </remarks>
public sealed class UkCarbonIntensityProvider : ICarbonIntensityProvider
{
    /// <summary>The provider's name, and the provenance source of its points.</summary>
    public const string ProviderName = "ukgrid";

    /// <summary>The dataset and its licence, for attribution.</summary>
    public const string DatasetName = "NESO Carbon Intensity API (CC BY 4.0)";

    /// <summary>The public API's address.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.carbonintensity.org.uk/");

    /// <summary>The longest span asked in one history request.</summary>
    public static readonly TimeSpan MaxRequestSpan = TimeSpan.FromDays(14);

    private const string AcceptedZones = "GB (or UK, GB-NATIONAL), GB-REGION-<1..17> (or 1..17), GB-POSTCODE-<outward code> (e.g. GB-POSTCODE-RG10)";
    private const string NationalName = "Great Britain";

    private readonly GridHttpClient _client;
    private readonly Uri _baseUrl;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    /// <param name="http">The HTTP client (not disposed by the provider).</param>
    /// <param name="options">Base URL (null: <see cref="DefaultBaseUrl"/>), timeout and retries.</param>
    /// <param name="timeProvider">The clock; null means the system clock.</param>
    public UkCarbonIntensityProvider(HttpClient http, GridProviderOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider ?? TimeProvider.System;
        _client = new GridHttpClient(ProviderName, http, options, _time);
        _baseUrl = ProviderAnswers.BaseAddress(options.BaseUrl, DefaultBaseUrl);
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    /// <remarks>History is national only; a regional zone's history is <see cref="IntensityFailure.NotSupported"/>.</remarks>
    public IntensityCapabilities Capabilities => IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast;

    /// <inheritdoc />
    public async Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        var target = ParseZone(zone);
        var fetchedAt = _time.GetUtcNow();
        List<IntensityPoint> points;
        string path;
        if (target.IsNational)
        {
            path = "intensity";
            using var json = await GetAsync(path, cancellationToken).ConfigureAwait(false);
            points = ReadNational(json.RootElement, path, target, fetchedAt, forecastOnly: false);
        }
        else
        {
            path = target.RegionId is { } id ? $"regional/regionid/{id.ToString(CultureInfo.InvariantCulture)}" : $"regional/postcode/{target.Postcode}";
            using var json = await GetAsync(path, cancellationToken).ConfigureAwait(false);
            points = ReadRegional(json.RootElement, path, target, fetchedAt);
        }

        return points.Count > 0
            ? points[^1]
            : throw new IntensityProviderException(ProviderName, IntensityFailure.NoData, $"{ProviderName} answered /{path} without any period for {target.Key}: try again later");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        var target = ParseZone(zone);
        if (endsAt <= startsAt)
        {
            throw new ArgumentException($"The range's end ({endsAt:O}) must be after its start ({startsAt:O}).", nameof(endsAt));
        }

        if (!target.IsNational)
        {
            throw new IntensityProviderException(ProviderName, IntensityFailure.NotSupported, $"{ProviderName} publishes regional forecasts only, so {target.Key} has no history: use the national zone GB, or another provider");
        }

        var fetchedAt = _time.GetUtcNow();
        var points = new List<IntensityPoint>();
        var from = FloorToHalfHour(startsAt.ToUniversalTime());
        var end = endsAt.ToUniversalTime();
        while (from < end)
        {
            var to = from + MaxRequestSpan < end ? from + MaxRequestSpan : end;
            var path = $"intensity/{Format(from)}/{Format(CeilingToMinute(to))}";
            using (var json = await GetAsync(path, cancellationToken).ConfigureAwait(false))
            {
                points.AddRange(ReadNational(json.RootElement, path, target, fetchedAt, forecastOnly: false));
            }

            from = to;
        }

        return ProviderAnswers.SortedDistinct(points).Where(point => point.Overlaps(startsAt, endsAt)).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        var target = ParseZone(zone);
        var fetchedAt = _time.GetUtcNow();
        var now = Format(fetchedAt.ToUniversalTime());
        if (target.IsNational)
        {
            var path = $"intensity/{now}/fw48h";
            using var json = await GetAsync(path, cancellationToken).ConfigureAwait(false);
            return ProviderAnswers.SortedDistinct(ReadNational(json.RootElement, path, target, fetchedAt, forecastOnly: true));
        }
        else
        {
            var path = target.RegionId is { } id
                ? $"regional/intensity/{now}/fw24h/regionid/{id.ToString(CultureInfo.InvariantCulture)}"
                : $"regional/intensity/{now}/fw24h/postcode/{target.Postcode}";
            using var json = await GetAsync(path, cancellationToken).ConfigureAwait(false);
            return ProviderAnswers.SortedDistinct(ReadRegional(json.RootElement, path, target, fetchedAt));
        }
    }

    /// <summary>Reads a zone key; see the class remarks for the accepted forms.</summary>
    /// <exception cref="IntensityProviderException">The key is none of them (<see cref="IntensityFailure.UnknownZone"/>).</exception>
    internal static UkZone ParseZone(GridZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var key = zone.Key.Trim().ToUpperInvariant();
        if (key is "GB" or "UK" or "GB-NATIONAL")
        {
            return new UkZone("GB", null, null);
        }

        const string RegionPrefix = "GB-REGION-";
        const string PostcodePrefix = "GB-POSTCODE-";
        var idText = key.StartsWith(RegionPrefix, StringComparison.Ordinal) ? key[RegionPrefix.Length..] : key;
        if (idText.Length is > 0 and <= 2 && idText.All(char.IsAsciiDigit)
            && int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id is >= 1 and <= 17)
        {
            return new UkZone($"{RegionPrefix}{id.ToString(CultureInfo.InvariantCulture)}", id, null);
        }

        if (key.StartsWith(PostcodePrefix, StringComparison.Ordinal) && IsOutwardCode(key[PostcodePrefix.Length..]))
        {
            return new UkZone(key, null, key[PostcodePrefix.Length..]);
        }

        throw new IntensityProviderException(ProviderName, IntensityFailure.UnknownZone, $"{ProviderName} does not know the zone '{zone.Key}': use {AcceptedZones}");
    }

    // An outward code: one or two letters, a digit, then an optional letter or digit (A9, A99, A9A, AA9, AA99, AA9A).
    private static bool IsOutwardCode(string code)
    {
        var letters = 0;
        while (letters < code.Length && char.IsAsciiLetterUpper(code[letters]))
        {
            letters++;
        }

        var rest = code[letters..];
        return letters is 1 or 2
            && rest.Length is 1 or 2
            && char.IsAsciiDigit(rest[0])
            && (rest.Length == 1 || char.IsAsciiDigit(rest[1]) || char.IsAsciiLetterUpper(rest[1]));
    }

    private async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken) =>
        await _client.GetJsonAsync(new Uri(_baseUrl, path), cancellationToken: cancellationToken).ConfigureAwait(false);

    // {"data":[{"from","to","intensity":{"forecast","actual","index"}}]}
    private static List<IntensityPoint> ReadNational(JsonElement root, string path, UkZone zone, DateTimeOffset fetchedAt, bool forecastOnly)
    {
        var data = ProviderAnswers.Required(root, "data", what => Malformed(path, what), JsonValueKind.Array);
        var points = new List<IntensityPoint>();
        foreach (var period in data.EnumerateArray())
        {
            points.Add(ReadPeriod(period, path, zone, NationalName, fetchedAt, forecastOnly));
        }

        return points;
    }

    // /regional/regionid/{id}, /regional/postcode/{code} and their /regional/intensity/... variants:
    // {"data":[{"regionid","shortname","postcode","data":[{"from","to","intensity":{"forecast","index"},"generationmix"}]}]}
    // (an object instead of the outer array is accepted too); the all-regions shape
    // {"data":[{"from","to","regions":[{"regionid","shortname","intensity"}]}]} is read for a region id.
    private static List<IntensityPoint> ReadRegional(JsonElement root, string path, UkZone zone, DateTimeOffset fetchedAt)
    {
        var data = ProviderAnswers.Required(root, "data", what => Malformed(path, what));
        var regions = data.ValueKind switch
        {
            JsonValueKind.Array => data.EnumerateArray().ToList(),
            JsonValueKind.Object => [data],
            _ => throw Malformed(path, "'data' is neither a list nor an object"),
        };
        var points = new List<IntensityPoint>();
        foreach (var region in regions)
        {
            if (region.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, "an entry of 'data' is not an object");
            }

            if (region.TryGetProperty("regions", out var all))
            {
                points.Add(ReadFromAllRegions(region, all, path, zone, fetchedAt));
                continue;
            }

            var name = region.TryGetProperty("shortname", out var shortName) && shortName.ValueKind == JsonValueKind.String ? shortName.GetString() : null;
            foreach (var period in ProviderAnswers.Required(region, "data", what => Malformed(path, what), JsonValueKind.Array).EnumerateArray())
            {
                points.Add(ReadPeriod(period, path, zone, name, fetchedAt, forecastOnly: true));
            }
        }

        return points;
    }

    private static IntensityPoint ReadFromAllRegions(JsonElement period, JsonElement regions, string path, UkZone zone, DateTimeOffset fetchedAt)
    {
        if (zone.RegionId is not { } id || regions.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(path, "the answer lists every region, and a postcode's region cannot be told from it");
        }

        foreach (var region in regions.EnumerateArray())
        {
            if (region.ValueKind == JsonValueKind.Object && region.TryGetProperty("regionid", out var regionId)
                && regionId.ValueKind == JsonValueKind.Number && regionId.TryGetInt32(out var value) && value == id)
            {
                var (start, duration) = ReadInterval(period, path);
                var name = region.TryGetProperty("shortname", out var shortName) && shortName.ValueKind == JsonValueKind.String ? shortName.GetString() : null;
                var intensity = ProviderAnswers.Required(region, "intensity", what => Malformed(path, what), JsonValueKind.Object);
                return MakePoint(start, duration, Number(intensity, "forecast", path), IntensityKind.Forecast, zone, name, fetchedAt);
            }
        }

        throw Malformed(path, $"region {id.ToString(CultureInfo.InvariantCulture)} is missing from 'regions'");
    }

    private static IntensityPoint ReadPeriod(JsonElement period, string path, UkZone zone, string? zoneName, DateTimeOffset fetchedAt, bool forecastOnly)
    {
        if (period.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(path, "a period is not an object");
        }

        var (start, duration) = ReadInterval(period, path);
        var intensity = ProviderAnswers.Required(period, "intensity", what => Malformed(path, what), JsonValueKind.Object);
        var forecast = Number(intensity, "forecast", path);
        if (forecastOnly)
        {
            return MakePoint(start, duration, forecast, IntensityKind.Forecast, zone, zoneName, fetchedAt);
        }

        var actual = intensity.TryGetProperty("actual", out _) ? Number(intensity, "actual", path) : null;
        return actual is { } measured
            ? MakePoint(start, duration, measured, IntensityKind.Measured, zone, zoneName, fetchedAt)
            : MakePoint(start, duration, forecast, IntensityKind.Forecast, zone, zoneName, fetchedAt);
    }

    private static IntensityPoint MakePoint(DateTimeOffset start, TimeSpan duration, double? grams, IntensityKind kind, UkZone zone, string? zoneName, DateTimeOffset fetchedAt) =>
        new(
            start,
            duration,
            grams is { } value ? CarbonIntensity.FromGramsPerKilowattHour(value) : null,
            new IntensityProvenance(ProviderName, zone.Key, kind, IntensitySignal.Average, fetchedAt, ZoneName: zoneName, Dataset: DatasetName));

    private static (DateTimeOffset Start, TimeSpan Duration) ReadInterval(JsonElement period, string path)
    {
        var from = Time(period, "from", path);
        var to = Time(period, "to", path);
        return to > from ? (from, to - from) : throw Malformed(path, $"a period ends ({to:O}) before it starts ({from:O})");
    }

    private static DateTimeOffset Time(JsonElement element, string name, string path)
    {
        var value = ProviderAnswers.Required(element, name, what => Malformed(path, what), JsonValueKind.String).GetString();
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw Malformed(path, $"'{name}' is not a time: '{value}'");
    }

    private static double? Number(JsonElement element, string name, string path)
    {
        var value = ProviderAnswers.Required(element, name, what => Malformed(path, what));
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number) => number,
            _ => throw Malformed(path, $"'{name}' is not a number: {value.GetRawText()}"),
        };
    }

    private static IntensityProviderException Malformed(string path, string what) =>
        new(ProviderName, IntensityFailure.Malformed, $"{ProviderName} answered /{path} in an unexpected shape: {what}");

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset FloorToHalfHour(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);

    private static DateTimeOffset CeilingToMinute(DateTimeOffset time)
    {
        var remainder = time.UtcTicks % TimeSpan.TicksPerMinute;
        return new DateTimeOffset(time.UtcTicks - remainder + (remainder == 0 ? 0 : TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    /// <summary>A parsed zone: national, a region id, or a postcode's outward code.</summary>
    /// <param name="Key">The canonical key (<c>GB</c>, <c>GB-REGION-13</c>, <c>GB-POSTCODE-RG10</c>).</param>
    /// <param name="RegionId">The region id, for a region.</param>
    /// <param name="Postcode">The outward code, for a postcode.</param>
    internal sealed record UkZone(string Key, int? RegionId, string? Postcode)
    {
        public bool IsNational => RegionId is null && Postcode is null;
    }
}
