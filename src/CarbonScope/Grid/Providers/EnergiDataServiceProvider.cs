using System.Globalization;
using System.Text.Json;
using CarbonScope.Units;

namespace CarbonScope.Grid.Providers;

/// <summary>
/// Energinet's Energi Data Service (<c>api.energidataservice.dk</c>, no key): the 5-minute <em>average</em> CO2
/// intensity of the electricity of Denmark's two price areas, DK1 (west) and DK2 (east), measured
/// (<c>dataset/CO2Emis</c>) and forecast (<c>dataset/CO2EmisProg</c>).
/// </summary>
/// <remarks>
/// <para>Zone keys (case-insensitive): <c>DK1</c> or <c>DK-DK1</c>, <c>DK2</c> or <c>DK-DK2</c>; the provenance
/// carries <c>DK1</c> or <c>DK2</c>.</para>
/// <para>Every request is <c>dataset/{name}?start=YYYY-MM-DDTHH:MM&amp;end=...&amp;filter={"PriceArea":["DK1"]}&amp;sort=Minutes5UTC&amp;limit=0</c>.
/// The times are sent in UTC; as the service may read them as Danish time (UTC+1/+2), the end is sent 2 h later and
/// the records are kept by their <c>Minutes5UTC</c> (a UTC time without an offset). <c>limit=0</c> asks for every
/// record instead of a first page. Records are sorted by time; of two with the same start the last one is kept; a
/// null <c>CO2Emission</c> stays a point without a value.</para>
/// <para><see cref="GetLatestAsync"/>: the last record of <c>CO2Emis</c> with a value over the last 2 hours.
/// <see cref="GetHistoryAsync"/>: <c>CO2Emis</c> over the range. <see cref="GetForecastAsync"/>: <c>CO2EmisProg</c>
/// from now (floored to 5 minutes) to 48 hours later.</para>
/// </remarks>
public sealed class EnergiDataServiceProvider : ICarbonIntensityProvider
{
    /// <summary>The provider's name, and the provenance source of its points.</summary>
    public const string ProviderName = "energidataservice";

    /// <summary>The dataset and its licence, for attribution.</summary>
    public const string DatasetName = "Energinet, Energi Data Service (see the provider's terms)";

    /// <summary>The public API's address.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.energidataservice.dk/");

    /// <summary>How far back <see cref="GetLatestAsync"/> looks.</summary>
    public static readonly TimeSpan LatestWindow = TimeSpan.FromHours(2);

    /// <summary>How far ahead <see cref="GetForecastAsync"/> asks.</summary>
    public static readonly TimeSpan ForecastHorizon = TimeSpan.FromHours(48);

    /// <summary>The length of one record.</summary>
    public static readonly TimeSpan RecordDuration = TimeSpan.FromMinutes(5);

    private const string Measured = "CO2Emis";
    private const string Forecasts = "CO2EmisProg";
    private const string AcceptedZones = "DK1 (or DK-DK1), DK2 (or DK-DK2)";
    private static readonly TimeSpan s_localTimeMargin = TimeSpan.FromHours(2);

    private readonly GridHttpClient _client;
    private readonly Uri _baseUrl;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    /// <param name="http">The HTTP client (not disposed by the provider).</param>
    /// <param name="options">Base URL (null: <see cref="DefaultBaseUrl"/>), timeout and retries.</param>
    /// <param name="timeProvider">The clock; null means the system clock.</param>
    public EnergiDataServiceProvider(HttpClient http, GridProviderOptions options, TimeProvider? timeProvider = null)
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
    public IntensityCapabilities Capabilities => IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast;

    /// <inheritdoc />
    public async Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        var area = ParseZone(zone);
        var now = _time.GetUtcNow();
        var points = await FetchAsync(Measured, area, now - LatestWindow, now, now, cancellationToken).ConfigureAwait(false);
        return points.LastOrDefault(point => point.Value is not null)
            ?? throw new IntensityProviderException(ProviderName, IntensityFailure.NoData, $"{ProviderName} has no {Measured} value for {area} over the last {DurationText.Format(LatestWindow)}: try again later");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        var area = ParseZone(zone);
        if (endsAt <= startsAt)
        {
            throw new ArgumentException($"The range's end ({endsAt:O}) must be after its start ({startsAt:O}).", nameof(endsAt));
        }

        return await FetchAsync(Measured, area, startsAt, endsAt, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        var area = ParseZone(zone);
        var now = _time.GetUtcNow();
        var from = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % RecordDuration.Ticks), TimeSpan.Zero);
        return await FetchAsync(Forecasts, area, from, from + ForecastHorizon, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a zone key: <c>DK1</c>, <c>DK-DK1</c>, <c>DK2</c>, <c>DK-DK2</c> (case-insensitive).</summary>
    /// <returns>The price area, <c>DK1</c> or <c>DK2</c>.</returns>
    /// <exception cref="IntensityProviderException">Another key (<see cref="IntensityFailure.UnknownZone"/>).</exception>
    internal static string ParseZone(GridZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.Key.Trim().ToUpperInvariant() switch
        {
            "DK1" or "DK-DK1" => "DK1",
            "DK2" or "DK-DK2" => "DK2",
            _ => throw new IntensityProviderException(ProviderName, IntensityFailure.UnknownZone, $"{ProviderName} does not know the zone '{zone.Key}': use {AcceptedZones}"),
        };
    }

    private async Task<IReadOnlyList<IntensityPoint>> FetchAsync(string dataset, string area, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset fetchedAt, CancellationToken cancellationToken)
    {
        var start = Format(startsAt.ToUniversalTime());
        var end = Format(endsAt.ToUniversalTime() + s_localTimeMargin + TimeSpan.FromMinutes(1));
        var filter = Uri.EscapeDataString($$"""{"PriceArea":["{{area}}"]}""");
        var uri = new Uri(_baseUrl, $"dataset/{dataset}?start={start}&end={end}&filter={filter}&sort=Minutes5UTC&limit=0");
        using var json = await _client.GetJsonAsync(uri, cancellationToken: cancellationToken).ConfigureAwait(false);
        var kind = dataset == Forecasts ? IntensityKind.Forecast : IntensityKind.Measured;
        var points = new List<IntensityPoint>();
        foreach (var record in ProviderAnswers.Required(json.RootElement, "records", what => Malformed(dataset, what), JsonValueKind.Array).EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(dataset, "a record is not an object");
            }

            if (record.TryGetProperty("PriceArea", out var priceArea) && priceArea.ValueKind == JsonValueKind.String
                && !string.Equals(priceArea.GetString(), area, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var time = ProviderAnswers.Required(record, "Minutes5UTC", what => Malformed(dataset, what), JsonValueKind.String).GetString();
            if (!DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var startTime))
            {
                throw Malformed(dataset, $"'Minutes5UTC' is not a time: '{time}'");
            }

            var emission = ProviderAnswers.Required(record, "CO2Emission", what => Malformed(dataset, what));
            CarbonIntensity? value = emission.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when emission.TryGetDouble(out var grams) && double.IsFinite(grams) => CarbonIntensity.FromGramsPerKilowattHour(grams),
                _ => throw Malformed(dataset, $"'CO2Emission' is not a number: {emission.GetRawText()}"),
            };
            points.Add(new IntensityPoint(
                startTime,
                RecordDuration,
                value,
                new IntensityProvenance(ProviderName, area, kind, IntensitySignal.Average, fetchedAt, ZoneName: area == "DK1" ? "Denmark West (DK1)" : "Denmark East (DK2)", Dataset: DatasetName)));
        }

        return ProviderAnswers.SortedDistinct(points).Where(point => point.Overlaps(startsAt, endsAt)).ToList();
    }

    private static IntensityProviderException Malformed(string dataset, string what) =>
        new(ProviderName, IntensityFailure.Malformed, $"{ProviderName} answered dataset/{dataset} in an unexpected shape: {what}");

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
