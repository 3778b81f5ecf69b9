using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Grid.Providers;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Tests.Grid.Providers;

[SuppressMessage("Reliability", "CA2000", Justification = "Disposed by the using of the test.")]
public sealed class ElectricityMapsProviderTests
{
    private const string Key = "em-secret-key-42";
    private static readonly DateTimeOffset s_now = new(2024, 5, 21, 12, 30, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ElectricityMapsProvider Provider(FakeHttpServer server, HttpClient http, TimeProvider? time = null, string? key = Key, int maxRetries = 0, TimeSpan? timeout = null) =>
        new(http, ProviderTestKit.Options(new Uri(server.BaseUrl, "v3/"), maxRetries, timeout, apiKey: key), time ?? new FakeTimeProvider(s_now));

    private static string Item(string datetime, string intensity, bool estimated = false) =>
        $$"""{"carbonIntensity":{{intensity}},"datetime":"{{datetime}}","updatedAt":"2024-05-21T12:00:00.000Z","createdAt":"2024-05-18T12:00:00.000Z","emissionFactorType":"lifecycle","isEstimated":{{(estimated ? "true" : "false")}},"estimationMethod":null}""";

    [Fact]
    public async Task Latest_asks_for_the_zone_with_the_key_and_returns_the_value_with_its_provenance()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json($$"""{"zone":"DE",{{Item("2024-05-21T12:00:00.000Z", "322.5", estimated: true)[1..]}}"""));
        using var http = new HttpClient();
        var provider = Provider(server, http);

        var point = await provider.GetLatestAsync(new GridZone("DE"), Token);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v3/carbon-intensity/latest", request.Path);
        Assert.Equal("DE", request.Parameters["zone"]);
        Assert.Equal(Key, request.Headers["auth-token"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 21, 12, 0, 0, TimeSpan.Zero), point.Start);
        Assert.Equal(TimeSpan.FromHours(1), point.Duration);
        Assert.Equal(322.5, point.Value!.Value.GramsPerKilowattHour);
        Assert.True(point.IsEstimated);
        Assert.Equal(new IntensityProvenance("electricitymaps", "DE", IntensityKind.Measured, IntensitySignal.Average, s_now), point.Provenance);
        Assert.Equal("electricitymaps", provider.Name);
        Assert.Equal(IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast, provider.Capabilities);
    }

    [Fact]
    public async Task A_position_is_asked_as_lat_and_lon_in_invariant_form_and_the_answered_zone_is_kept()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json($$"""{"zone":"FR",{{Item("2024-05-21T12:00:00.000Z", "null")[1..]}}"""));
        using var http = new HttpClient();
        var previous = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NegativeSign = "~";
        CultureInfo.CurrentCulture = comma;
        try
        {
            var point = await Provider(server, http).GetLatestAsync(new GridZone("48.85,2.35", 48.85, -2.35), Token);

            var request = Assert.Single(server.Requests);
            Assert.Equal("48.85", request.Parameters["lat"]);
            Assert.Equal("-2.35", request.Parameters["lon"]);
            Assert.False(request.Parameters.ContainsKey("zone"));
            Assert.Equal("FR", point.Provenance.Zone);
            Assert.Null(point.Value);
            Assert.False(point.IsEstimated);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Recent_history_uses_the_24_hour_endpoint_filtered_sorted_without_duplicates()
    {
        var body = $$"""
            {"zone":"DE","history":[
              {{Item("2024-05-21T09:00:00.000Z", "300")}},
              {{Item("2024-05-21T11:00:00.000Z", "320")}},
              {{Item("2024-05-21T10:00:00.000Z", "310")}},
              {{Item("2024-05-21T10:00:00.000Z", "315", estimated: true)}},
              {{Item("2024-05-21T08:00:00.000Z", "null")}},
              {{Item("2024-05-21T12:00:00.000Z", "330")}}
            ]}
            """;
        using var server = new FakeHttpServer(_ => FakeResponse.Json(body));
        using var http = new HttpClient();

        var points = await Provider(server, http).GetHistoryAsync(new GridZone("DE"), s_now.AddHours(-4), s_now.AddMinutes(-60), Token);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v3/carbon-intensity/history", request.Path);
        Assert.Equal(new[] { 8, 9, 10, 11 }, points.Select(p => p.Start.Hour));
        Assert.All(points, p => Assert.Equal(TimeSpan.FromHours(1), p.Duration));
        Assert.Null(points[0].Value);
        Assert.Equal(new double?[] { null, 300, 315, 320 }, points.Select(p => p.Value?.GramsPerKilowattHour));
        Assert.Equal(new[] { false, false, true, false }, points.Select(p => p.IsEstimated));
        Assert.All(points, p => Assert.Equal(new IntensityProvenance("electricitymaps", "DE", IntensityKind.Measured, IntensitySignal.Average, s_now), p.Provenance));
    }

    [Fact]
    public async Task An_older_range_uses_past_range_split_into_requests_of_at_most_ten_days()
    {
        using var server = new FakeHttpServer(request =>
        {
            var start = DateTimeOffset.Parse(request.Parameters["start"], CultureInfo.InvariantCulture);
            return FakeResponse.Json($$"""{"zone":"DE","data":[{{Item(start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), "100")}},{{Item(start.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), "200")}}]}""");
        });
        using var http = new HttpClient();
        var startsAt = new DateTimeOffset(2024, 3, 1, 6, 30, 0, TimeSpan.Zero);
        var endsAt = startsAt.AddDays(25);

        var points = await Provider(server, http).GetHistoryAsync(new GridZone("DE"), startsAt, endsAt, Token);

        var requests = server.Requests.ToArray();
        Assert.All(requests, r => Assert.Equal("/v3/carbon-intensity/past-range", r.Path));
        Assert.Equal(new[] { "2024-03-01T06:00:00Z", "2024-03-11T06:00:00Z", "2024-03-21T06:00:00Z" }, requests.Select(r => r.Parameters["start"]));
        Assert.Equal(new[] { "2024-03-11T06:00:00Z", "2024-03-21T06:00:00Z", "2024-03-26T06:30:00Z" }, requests.Select(r => r.Parameters["end"]));
        Assert.All(requests, r => Assert.Equal("DE", r.Parameters["zone"]));

        // The 06:00 point overlaps the range's start (06:30) and is kept.
        Assert.Equal(
            new[] { "2024-03-01T06:00", "2024-03-01T07:00", "2024-03-11T06:00", "2024-03-11T07:00", "2024-03-21T06:00", "2024-03-21T07:00" },
            points.Select(p => p.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)));
        Assert.Equal(new double?[] { 100, 200, 100, 200, 100, 200 }, points.Select(p => p.Value?.GramsPerKilowattHour));
        Assert.All(points, p => Assert.Equal(TimeSpan.FromHours(1), p.Duration));
    }

    [Fact]
    public async Task The_forecast_is_a_forecast_whose_points_last_the_spacing_of_the_series()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"zone":"DE","forecast":[
              {"carbonIntensity":326,"datetime":"2024-05-21T13:30:00.000Z"},
              {"carbonIntensity":320.25,"datetime":"2024-05-21T13:00:00.000Z"},
              {"carbonIntensity":340,"datetime":"2024-05-21T15:00:00.000Z"}
            ],"updatedAt":"2024-05-21T12:00:00.000Z"}
            """));
        using var http = new HttpClient();

        var points = await Provider(server, http).GetForecastAsync(new GridZone("DE"), Token);

        Assert.Equal("/v3/carbon-intensity/forecast", Assert.Single(server.Requests).Path);
        Assert.Equal(new[] { 13.0, 13.5, 15.0 }, points.Select(p => p.Start.TimeOfDay.TotalHours));
        Assert.All(points, p => Assert.Equal(TimeSpan.FromMinutes(30), p.Duration));
        Assert.Equal(new double?[] { 320.25, 326, 340 }, points.Select(p => p.Value?.GramsPerKilowattHour));
        Assert.All(points, p => Assert.Equal(new IntensityProvenance("electricitymaps", "DE", IntensityKind.Forecast, IntensitySignal.Average, s_now), p.Provenance));
    }

    [Theory]
    [InlineData(401, IntensityFailure.Unauthorized)]
    [InlineData(403, IntensityFailure.Unauthorized)]
    [InlineData(404, IntensityFailure.NotFound)]
    [InlineData(429, IntensityFailure.RateLimited)]
    [InlineData(500, IntensityFailure.ServerError)]
    public async Task A_refusal_or_failure_is_a_failure_of_its_kind_that_names_the_zone_but_not_the_key(int status, IntensityFailure failure)
    {
        using var server = new FakeHttpServer(_ => new FakeResponse(status, $$"""{"status":"error","message":"Token {{Key}} unauthorized for zoneKey US-CAL-CISO"}""", new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http, TimeProvider.System).GetLatestAsync(new GridZone("US-CAL-CISO"), Token));

        Assert.Equal(failure, error.Failure);
        Assert.Equal("electricitymaps", error.Provider);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        if (failure is IntensityFailure.Unauthorized or IntensityFailure.NotFound)
        {
            Assert.Contains("zone US-CAL-CISO", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{ not json", "not JSON")]
    [InlineData("""{"zone":"DE","carbonIntensity":322}""", "'datetime'")]
    [InlineData("""{"zone":"DE","carbonIntensity":"322","datetime":"2024-05-21T12:00:00.000Z"}""", "'carbonIntensity' is not a number")]
    [InlineData("""{"zone":"DE","datetime":"2024-05-21T12:00:00.000Z"}""", "no 'carbonIntensity'")]
    [InlineData("""{"zone":"DE","carbonIntensity":322,"datetime":"yesterday"}""", "'datetime' is not an ISO 8601 time")]
    [InlineData("[1,2]", "not a JSON object")]
    public async Task A_malformed_answer_is_malformed_and_names_what_is_wrong(string body, string expected)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json(body));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(new GridZone("DE"), Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_without_its_array_is_malformed()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""{"zone":"DE","data":[]}"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetHistoryAsync(new GridZone("DE"), s_now.AddHours(-2), s_now, Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Contains("'history'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_past_the_timeout_is_a_timeout()
    {
        var error = await ProviderTestKit.NeverAnsweredAsync((server, http) =>
            Provider(server, http, TimeProvider.System, timeout: ProviderTestKit.ShortTimeout).GetForecastAsync(new GridZone("DE"), Token));

        Assert.Equal(IntensityFailure.Timeout, error.Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Without_a_key_nothing_is_sent_and_the_failure_says_how_to_set_it(string? key)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("{}"));
        using var http = new HttpClient();
        var provider = Provider(server, http, key: key);

        var latest = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetLatestAsync(new GridZone("DE"), Token));
        var history = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetHistoryAsync(new GridZone("DE"), s_now.AddHours(-1), s_now, Token));
        var forecast = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetForecastAsync(new GridZone("DE"), Token));

        Assert.All(new[] { latest, history, forecast }, error => Assert.Equal(IntensityFailure.MissingCredentials, error.Failure));
        Assert.Contains("set Grid:ElectricityMaps:ApiKey or CARBONSCOPE_GRID__ELECTRICITYMAPS__APIKEY", latest.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
