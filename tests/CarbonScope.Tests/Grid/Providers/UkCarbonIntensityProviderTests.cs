using System.Diagnostics.CodeAnalysis;
using CarbonScope.Grid;
using CarbonScope.Grid.Providers;

namespace CarbonScope.Tests.Grid.Providers;

[SuppressMessage("Reliability", "CA2000", Justification = "Disposed by the using of the test.")]
public sealed class UkCarbonIntensityProviderTests
{
    private static readonly DateTimeOffset s_now = new(2018, 1, 20, 12, 7, 30, TimeSpan.Zero);

    private static readonly GridZone s_gb = new("GB");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_latest_national_value_is_the_actual_one_when_it_is_published()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"data":[{"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":266,"actual":263,"index":"moderate"}}]}
            """));
        using var http = new HttpClient();

        var point = await Provider(server, http).GetLatestAsync(new GridZone("uk"), Token);

        Assert.Equal("/intensity", Assert.Single(server.Requests).Path);
        Assert.Equal(new DateTimeOffset(2018, 1, 20, 12, 0, 0, TimeSpan.Zero), point.Start);
        Assert.Equal(TimeSpan.FromMinutes(30), point.Duration);
        Assert.Equal(263, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(new IntensityProvenance("ukgrid", "GB", IntensityKind.Measured, IntensitySignal.Average, s_now, ZoneName: "Great Britain", Dataset: "NESO Carbon Intensity API (CC BY 4.0)"), point.Provenance);
    }

    [Fact]
    public async Task The_latest_national_value_is_the_forecast_and_says_so_while_the_actual_is_null()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"data":[{"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":266,"actual":null,"index":"moderate"}}]}
            """));
        using var http = new HttpClient();

        var point = await Provider(server, http).GetLatestAsync(new GridZone("GB-NATIONAL"), Token);

        Assert.Equal(266, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(IntensityKind.Forecast, point.Provenance.Kind);
        Assert.Equal("GB", point.Provenance.Zone);
    }

    [Fact]
    public async Task History_is_sorted_without_duplicates_and_keeps_only_the_periods_that_overlap_the_range()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"data":[
              {"from":"2018-01-20T13:00Z","to":"2018-01-20T13:30Z","intensity":{"forecast":200,"actual":201,"index":"low"}},
              {"from":"2018-01-20T12:30Z","to":"2018-01-20T13:00Z","intensity":{"forecast":240,"actual":250,"index":"moderate"}},
              {"from":"2018-01-20T11:30Z","to":"2018-01-20T12:00Z","intensity":{"forecast":270,"actual":271,"index":"moderate"}},
              {"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":null,"actual":null,"index":"moderate"}},
              {"from":"2018-01-20T12:30Z","to":"2018-01-20T13:00Z","intensity":{"forecast":240,"actual":251,"index":"moderate"}},
              {"from":"2018-01-20T11:00Z","to":"2018-01-20T11:30Z","intensity":{"forecast":260,"actual":null,"index":"moderate"}}
            ]}
            """));
        using var http = new HttpClient();
        var from = new DateTimeOffset(2018, 1, 20, 12, 10, 0, TimeSpan.Zero);

        var points = await Provider(server, http).GetHistoryAsync(s_gb, from, from.AddMinutes(50), Token);

        Assert.Equal("/intensity/2018-01-20T12:00Z/2018-01-20T13:00Z", Assert.Single(server.Requests).Path);
        Assert.Equal([from.AddMinutes(-10), from.AddMinutes(20)], points.Select(p => p.Start));
        Assert.All(points, p => Assert.Equal(TimeSpan.FromMinutes(30), p.Duration));
        Assert.Null(points[0].Value); // both forecast and actual null: a gap
        Assert.Equal(251, points[1].Value!.Value.GramsPerKilowattHour); // the last of the duplicates
        Assert.Equal(IntensityKind.Measured, points[1].Provenance.Kind);
    }

    [Fact]
    public async Task A_long_history_is_asked_in_pieces_of_at_most_14_days_and_uses_the_forecast_where_the_actual_is_null()
    {
        using var server = new FakeHttpServer(request => FakeResponse.Json(request.Path.StartsWith("/intensity/2018-01-01", StringComparison.Ordinal)
            ? """{"data":[{"from":"2018-01-01T00:00Z","to":"2018-01-01T00:30Z","intensity":{"forecast":300,"actual":310,"index":"high"}}]}"""
            : """{"data":[{"from":"2018-01-19T23:30Z","to":"2018-01-20T00:00Z","intensity":{"forecast":150,"actual":null,"index":"low"}}]}"""));
        using var http = new HttpClient();

        var points = await Provider(server, http).GetHistoryAsync(s_gb, new DateTimeOffset(2018, 1, 1, 0, 10, 0, TimeSpan.Zero), new DateTimeOffset(2018, 1, 20, 0, 0, 0, TimeSpan.Zero), Token);

        Assert.Equal(["/intensity/2018-01-01T00:00Z/2018-01-15T00:00Z", "/intensity/2018-01-15T00:00Z/2018-01-20T00:00Z"], server.Requests.Select(r => r.Path));
        Assert.Equal([310.0, 150.0], points.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.Equal([IntensityKind.Measured, IntensityKind.Forecast], points.Select(p => p.Provenance.Kind));
    }

    [Fact]
    public async Task The_national_forecast_asks_48_hours_from_now_and_is_made_of_forecast_values()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"data":[
              {"from":"2018-01-20T12:30Z","to":"2018-01-20T13:00Z","intensity":{"forecast":240,"actual":null,"index":"moderate"}},
              {"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":266,"actual":263,"index":"moderate"}}
            ]}
            """));
        using var http = new HttpClient();

        var points = await Provider(server, http).GetForecastAsync(s_gb, Token);

        Assert.Equal("/intensity/2018-01-20T12:07Z/fw48h", Assert.Single(server.Requests).Path);
        Assert.Equal([266.0, 240.0], points.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.All(points, p => Assert.Equal(IntensityKind.Forecast, p.Provenance.Kind));
    }

    [Theory]
    [InlineData("GB-REGION-13")]
    [InlineData("gb-region-13")]
    [InlineData("13")]
    public async Task The_latest_regional_value_by_id_is_a_forecast_for_the_region(string key)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"data":[{"regionid":13,"dnoregion":"UKPN London","shortname":"London","data":[
              {"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":187,"index":"moderate"},"generationmix":[{"fuel":"gas","perc":43.6}]}]}]}
            """));
        using var http = new HttpClient();

        var point = await Provider(server, http).GetLatestAsync(new GridZone(key), Token);

        Assert.Equal("/regional/regionid/13", Assert.Single(server.Requests).Path);
        Assert.Equal(187, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(TimeSpan.FromMinutes(30), point.Duration);
        Assert.Equal(new IntensityProvenance("ukgrid", "GB-REGION-13", IntensityKind.Forecast, IntensitySignal.Average, s_now, ZoneName: "London", Dataset: "NESO Carbon Intensity API (CC BY 4.0)"), point.Provenance);
    }

    [Fact]
    public async Task The_latest_regional_value_by_postcode_asks_for_the_outward_code()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"data":[{"regionid":12,"dnoregion":"SSE South","shortname":"South England","postcode":"RG10","data":[
              {"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":205,"index":"moderate"}}]}]}
            """));
        using var http = new HttpClient();

        var point = await Provider(server, http).GetLatestAsync(new GridZone("GB-POSTCODE-rg10"), Token);

        Assert.Equal("/regional/postcode/RG10", Assert.Single(server.Requests).Path);
        Assert.Equal(205, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal("GB-POSTCODE-RG10", point.Provenance.Zone);
        Assert.Equal("South England", point.Provenance.ZoneName);
    }

    [Fact]
    public async Task The_regional_forecasts_by_id_and_by_postcode_are_sorted_forecasts()
    {
        const string Body = """
            {"data":{"regionid":12,"shortname":"South England","postcode":"RG10","data":[
              {"from":"2018-01-20T12:30Z","to":"2018-01-20T13:00Z","intensity":{"forecast":190,"index":"low"}},
              {"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":205,"index":"moderate"}}]}}
            """;
        using var server = new FakeHttpServer(_ => FakeResponse.Json(Body));
        using var http = new HttpClient();
        var provider = Provider(server, http);

        var byPostcode = await provider.GetForecastAsync(new GridZone("GB-POSTCODE-RG10"), Token);
        var byId = await provider.GetForecastAsync(new GridZone("GB-REGION-12"), Token);

        Assert.Equal(["/regional/intensity/2018-01-20T12:07Z/fw24h/postcode/RG10", "/regional/intensity/2018-01-20T12:07Z/fw24h/regionid/12"], server.Requests.Select(r => r.Path));
        Assert.Equal([205.0, 190.0], byPostcode.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.Equal([205.0, 190.0], byId.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.All(byId, p => Assert.Equal(IntensityKind.Forecast, p.Provenance.Kind));
        Assert.All(byId, p => Assert.Equal("GB-REGION-12", p.Provenance.Zone));
    }

    [Fact]
    public async Task A_regional_history_is_not_supported()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("{}"));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetHistoryAsync(new GridZone("GB-REGION-1"), s_now.AddHours(-1), s_now, Token));

        Assert.Equal(IntensityFailure.NotSupported, error.Failure);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("FR")]
    [InlineData("GB-REGION-18")]
    [InlineData("0")]
    [InlineData("GB-REGION-")]
    [InlineData("GB-POSTCODE-123")]
    [InlineData("GB-POSTCODE-RG10 1AA")]
    [InlineData("")]
    public async Task An_unknown_zone_fails_with_the_accepted_forms(string key)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("{}"));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(new GridZone(key), Token));

        Assert.Equal(IntensityFailure.UnknownZone, error.Failure);
        Assert.Equal("ukgrid", error.Provider);
        Assert.Contains("GB-REGION-<1..17>", error.Message, StringComparison.Ordinal);
        Assert.Contains("GB-POSTCODE-", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(404, IntensityFailure.NotFound, 1)]
    [InlineData(500, IntensityFailure.ServerError, 3)]
    public async Task An_error_status_is_a_failure_of_its_kind_and_only_5xx_are_retried(int status, IntensityFailure failure, int expectedCalls)
    {
        using var server = new FakeHttpServer(_ => new FakeResponse(status, """{"error":{"code":"x","message":"no"}}"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http, retries: 2).GetLatestAsync(s_gb, Token));

        Assert.Equal(failure, error.Failure);
        Assert.Equal(expectedCalls, server.Requests.Count);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_a_short_retry_after_and_fails_as_rate_limited_after_a_long_one()
    {
        var calls = 0;
        using var shortWait = new FakeHttpServer(_ => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "0" })
            : FakeResponse.Json("""{"data":[{"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":266,"actual":263,"index":"moderate"}}]}"""));
        using var longWait = new FakeHttpServer(_ => new FakeResponse(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        using var http = new HttpClient();

        var point = await Provider(shortWait, http, retries: 2).GetLatestAsync(s_gb, Token);
        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(longWait, http, retries: 2).GetLatestAsync(s_gb, Token));

        Assert.Equal(263, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(2, calls);
        Assert.Equal(IntensityFailure.RateLimited, error.Failure);
        Assert.Single(longWait.Requests);
        Assert.Contains("HTTP 429", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_malformed_failure()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""{"data":[{"from":"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(s_gb, Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
    }

    [Theory]
    [InlineData("""{"result":[]}""", "'data'")]
    [InlineData("""{"data":[{"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z"}]}""", "'intensity'")]
    [InlineData("""{"data":[{"from":"2018-01-20T12:00Z","intensity":{"forecast":1,"actual":1}}]}""", "'to'")]
    [InlineData("""{"data":[{"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"actual":1}}]}""", "'forecast'")]
    [InlineData("""{"data":[{"from":"2018-01-20T12:00Z","to":"2018-01-20T12:30Z","intensity":{"forecast":"high","actual":1}}]}""", "'forecast'")]
    [InlineData("""{"data":[{"from":"yesterday","to":"2018-01-20T12:30Z","intensity":{"forecast":1,"actual":1}}]}""", "'from'")]
    public async Task A_missing_or_wrong_field_is_a_malformed_failure_that_names_it(string body, string field)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json(body));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(s_gb, Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains("/intensity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_answer_is_no_data()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""{"data":[]}"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(s_gb, Token));

        Assert.Equal(IntensityFailure.NoData, error.Failure);
    }

    [Fact]
    public async Task A_slow_answer_past_the_timeout_is_a_timeout_failure()
    {
        var error = await ProviderTestKit.NeverAnsweredAsync((server, http) =>
            new UkCarbonIntensityProvider(http, ProviderTestKit.Options(server.BaseUrl, timeout: ProviderTestKit.ShortTimeout), new FixedClock(s_now)).GetLatestAsync(s_gb, Token));

        Assert.Equal(IntensityFailure.Timeout, error.Failure);
    }

    [Fact]
    public void The_provider_names_itself_and_answers_every_kind_of_question()
    {
        using var http = new HttpClient();

        ProviderTestKit.AssertNamesItselfAndAnswersEverything(new UkCarbonIntensityProvider(http, new GridProviderOptions()), "ukgrid");
    }

    private static UkCarbonIntensityProvider Provider(FakeHttpServer server, HttpClient http, int retries = 0) =>
        new(http, ProviderTestKit.Options(server.BaseUrl, retries), new FixedClock(s_now));
}
