using System.Diagnostics.CodeAnalysis;
using CarbonScope.Grid;
using CarbonScope.Grid.Providers;

namespace CarbonScope.Tests.Grid.Providers;

[SuppressMessage("Reliability", "CA2000", Justification = "Disposed by the using of the test.")]
public sealed class EnergiDataServiceProviderTests
{
    private static readonly DateTimeOffset s_now = new(2024, 1, 1, 12, 7, 30, TimeSpan.Zero);

    private static readonly GridZone s_dk1 = new("DK1");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task History_asks_the_dataset_for_the_price_area_and_keeps_sorted_distinct_records_that_overlap_the_range()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"total":7,"records":[
              {"Minutes5UTC":"2024-01-01T00:10:00","Minutes5DK":"2024-01-01T01:10:00","PriceArea":"DK1","CO2Emission":110.0},
              {"Minutes5UTC":"2024-01-01T00:00:00","Minutes5DK":"2024-01-01T01:00:00","PriceArea":"DK1","CO2Emission":100.5},
              {"Minutes5UTC":"2024-01-01T00:05:00","Minutes5DK":"2024-01-01T01:05:00","PriceArea":"DK1","CO2Emission":null},
              {"Minutes5UTC":"2024-01-01T00:10:00","Minutes5DK":"2024-01-01T01:10:00","PriceArea":"DK1","CO2Emission":111.0},
              {"Minutes5UTC":"2024-01-01T00:15:00","Minutes5DK":"2024-01-01T01:15:00","PriceArea":"DK1","CO2Emission":120.0},
              {"Minutes5UTC":"2023-12-31T23:55:00","Minutes5DK":"2024-01-01T00:55:00","PriceArea":"DK1","CO2Emission":90.0},
              {"Minutes5UTC":"2024-01-01T00:10:00","Minutes5DK":"2024-01-01T01:10:00","PriceArea":"DK2","CO2Emission":999.0}
            ]}
            """));
        using var http = new HttpClient();
        var from = new DateTimeOffset(2024, 1, 1, 0, 2, 0, TimeSpan.Zero);

        var points = await Provider(server, http).GetHistoryAsync(s_dk1, from, from.AddMinutes(13), Token);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/dataset/CO2Emis", request.Path);
        Assert.Equal("2024-01-01T00:02", request.Parameters["start"]);
        Assert.Equal("2024-01-01T02:16", request.Parameters["end"]); // 2 h later: the service may read times as Danish
        Assert.Equal("""{"PriceArea":["DK1"]}""", request.Parameters["filter"]);
        Assert.Equal("Minutes5UTC", request.Parameters["sort"]);
        Assert.Contains("filter=%7B%22PriceArea%22%3A%5B%22DK1%22%5D%7D", request.Query, StringComparison.Ordinal);
        var midnight = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal([midnight, midnight.AddMinutes(5), midnight.AddMinutes(10)], points.Select(p => p.Start));
        Assert.Equal([100.5, null, 111.0], points.Select(p => p.Value?.GramsPerKilowattHour));
        Assert.All(points, p => Assert.Equal(TimeSpan.FromMinutes(5), p.Duration));
        Assert.Equal(
            new IntensityProvenance("energidataservice", "DK1", IntensityKind.Measured, IntensitySignal.Average, s_now, ZoneName: "Denmark West (DK1)", Dataset: EnergiDataServiceProvider.DatasetName),
            points[0].Provenance);
    }

    [Theory]
    [InlineData("DK1", "DK1")]
    [InlineData("dk1", "DK1")]
    [InlineData("DK-DK1", "DK1")]
    [InlineData("DK2", "DK2")]
    [InlineData("dk-dk2", "DK2")]
    [InlineData(" Dk-Dk2 ", "DK2")]
    public async Task Every_form_of_a_price_area_asks_for_that_area(string key, string area)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json($$"""
            {"total":1,"records":[{"Minutes5UTC":"2024-01-01T12:00:00","Minutes5DK":"2024-01-01T13:00:00","PriceArea":"{{area}}","CO2Emission":80.0}]}
            """));
        using var http = new HttpClient();

        var point = await Provider(server, http).GetLatestAsync(new GridZone(key), Token);

        Assert.Equal($$"""{"PriceArea":["{{area}}"]}""", Assert.Single(server.Requests).Parameters["filter"]);
        Assert.Equal(area, point.Provenance.Zone);
        Assert.Equal(80, point.Value!.Value.GramsPerKilowattHour);
    }

    [Fact]
    public async Task The_latest_value_is_the_last_record_with_a_value_over_the_last_two_hours()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"total":3,"records":[
              {"Minutes5UTC":"2024-01-01T11:55:00","PriceArea":"DK2","CO2Emission":150.0},
              {"Minutes5UTC":"2024-01-01T12:00:00","PriceArea":"DK2","CO2Emission":140.0},
              {"Minutes5UTC":"2024-01-01T12:05:00","PriceArea":"DK2","CO2Emission":null}
            ]}
            """));
        using var http = new HttpClient();

        var point = await Provider(server, http).GetLatestAsync(new GridZone("DK2"), Token);

        Assert.Equal("2024-01-01T10:07", Assert.Single(server.Requests).Parameters["start"]);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), point.Start);
        Assert.Equal(140, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(IntensityKind.Measured, point.Provenance.Kind);
        Assert.Equal("Denmark East (DK2)", point.Provenance.ZoneName);
    }

    [Fact]
    public async Task No_value_over_the_last_two_hours_is_no_data()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""{"total":1,"records":[{"Minutes5UTC":"2024-01-01T12:00:00","PriceArea":"DK1","CO2Emission":null}]}"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(s_dk1, Token));

        Assert.Equal(IntensityFailure.NoData, error.Failure);
    }

    [Fact]
    public async Task The_forecast_asks_the_forecast_dataset_from_now_for_48_hours()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""
            {"total":4,"records":[
              {"Minutes5UTC":"2024-01-01T12:10:00","PriceArea":"DK1","CO2Emission":70.0},
              {"Minutes5UTC":"2024-01-01T12:05:00","PriceArea":"DK1","CO2Emission":75.0},
              {"Minutes5UTC":"2024-01-03T12:05:00","PriceArea":"DK1","CO2Emission":60.0},
              {"Minutes5UTC":"2024-01-01T12:00:00","PriceArea":"DK1","CO2Emission":77.0}
            ]}
            """));
        using var http = new HttpClient();

        var points = await Provider(server, http).GetForecastAsync(s_dk1, Token);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/dataset/CO2EmisProg", request.Path);
        Assert.Equal("2024-01-01T12:05", request.Parameters["start"]);
        Assert.Equal("""{"PriceArea":["DK1"]}""", request.Parameters["filter"]);
        Assert.Equal([75.0, 70.0], points.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.All(points, p => Assert.Equal(IntensityKind.Forecast, p.Provenance.Kind));
    }

    [Theory]
    [InlineData("DK")]
    [InlineData("DK3")]
    [InlineData("SE3")]
    [InlineData("DK-DK")]
    public async Task An_unknown_zone_fails_with_the_accepted_forms(string key)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("{}"));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetForecastAsync(new GridZone(key), Token));

        Assert.Equal(IntensityFailure.UnknownZone, error.Failure);
        Assert.Equal("energidataservice", error.Provider);
        Assert.Contains("DK1 (or DK-DK1), DK2 (or DK-DK2)", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(404, IntensityFailure.NotFound, 1)]
    [InlineData(500, IntensityFailure.ServerError, 3)]
    public async Task An_error_status_is_a_failure_of_its_kind_and_only_5xx_are_retried(int status, IntensityFailure failure, int expectedCalls)
    {
        using var server = new FakeHttpServer(_ => new FakeResponse(status, """{"error":"Bad dataset"}"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http, retries: 2).GetHistoryAsync(s_dk1, s_now.AddHours(-1), s_now, Token));

        Assert.Equal(failure, error.Failure);
        Assert.Equal(expectedCalls, server.Requests.Count);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dataset/CO2Emis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_a_short_retry_after_and_fails_as_rate_limited_after_a_long_one()
    {
        var calls = 0;
        using var shortWait = new FakeHttpServer(_ => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "0" })
            : FakeResponse.Json("""{"total":1,"records":[{"Minutes5UTC":"2024-01-01T12:00:00","PriceArea":"DK1","CO2Emission":80.0}]}"""));
        using var longWait = new FakeHttpServer(_ => new FakeResponse(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        using var http = new HttpClient();

        var point = await Provider(shortWait, http, retries: 2).GetLatestAsync(s_dk1, Token);
        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(longWait, http, retries: 2).GetLatestAsync(s_dk1, Token));

        Assert.Equal(80, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(2, calls);
        Assert.Equal(IntensityFailure.RateLimited, error.Failure);
        Assert.Single(longWait.Requests);
    }

    [Fact]
    public async Task Malformed_json_is_a_malformed_failure()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""{"total":1,"records":[{"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(s_dk1, Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
    }

    [Theory]
    [InlineData("""{"total":0}""", "'records'")]
    [InlineData("""{"total":1,"records":[{"PriceArea":"DK1","CO2Emission":80.0}]}""", "'Minutes5UTC'")]
    [InlineData("""{"total":1,"records":[{"Minutes5UTC":"2024-01-01T12:00:00","PriceArea":"DK1"}]}""", "'CO2Emission'")]
    [InlineData("""{"total":1,"records":[{"Minutes5UTC":"2024-01-01T12:00:00","PriceArea":"DK1","CO2Emission":"high"}]}""", "'CO2Emission'")]
    [InlineData("""{"total":1,"records":[{"Minutes5UTC":"noon","PriceArea":"DK1","CO2Emission":80.0}]}""", "'Minutes5UTC'")]
    public async Task A_missing_or_wrong_field_is_a_malformed_failure_that_names_it(string body, string field)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json(body));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetLatestAsync(s_dk1, Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains("dataset/CO2Emis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_past_the_timeout_is_a_timeout_failure()
    {
        var error = await ProviderTestKit.NeverAnsweredAsync((server, http) =>
            new EnergiDataServiceProvider(http, ProviderTestKit.Options(server.BaseUrl, timeout: ProviderTestKit.ShortTimeout), new FixedClock(s_now)).GetLatestAsync(s_dk1, Token));

        Assert.Equal(IntensityFailure.Timeout, error.Failure);
    }

    [Fact]
    public void The_provider_names_itself_and_answers_every_kind_of_question()
    {
        using var http = new HttpClient();

        ProviderTestKit.AssertNamesItselfAndAnswersEverything(new EnergiDataServiceProvider(http, new GridProviderOptions()), "energidataservice");
    }

    private static EnergiDataServiceProvider Provider(FakeHttpServer server, HttpClient http, int retries = 0) =>
        new(http, ProviderTestKit.Options(server.BaseUrl, retries), new FixedClock(s_now));
}
