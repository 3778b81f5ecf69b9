using System.Diagnostics.CodeAnalysis;
using System.Text;
using CarbonScope.Grid;
using CarbonScope.Grid.Providers;
using CarbonScope.Units;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Tests.Grid.Providers;

[SuppressMessage("Reliability", "CA2000", Justification = "Disposed by the using of the test.")]
public sealed class WattTimeProviderTests
{
    private const string User = "wt-user";
    private const string Password = "wt-pass-S3cret!";
    private static readonly DateTimeOffset s_now = new(2024, 5, 1, 12, 7, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Basic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password));

    private static WattTimeProvider Provider(FakeHttpServer server, HttpClient http, TimeProvider? time = null, string? user = User, string? password = Password, TimeSpan? timeout = null) =>
        new(http, ProviderTestKit.Options(server.BaseUrl, timeout: timeout, username: user, password: password), time ?? new FakeTimeProvider(s_now));

    private static string Series(string units = "lbs_co2_per_mwh", int period = 300, params (string Time, string Value)[] points)
    {
        var data = string.Join(',', points.Select(p => $$"""{"point_time":"{{p.Time}}","value":{{p.Value}}}"""));
        var meta = $$"""{"data_point_period_seconds":{{period}},"region":"CAISO_NORTH","signal_type":"co2_moer","units":"{{units}}","generated_at":"2024-05-01T12:00:00+00:00"}""";
        return $$"""{"data":[{{data}}],"meta":{{meta}}}""";
    }

    /// <summary>A WattTime that hands out tokens token-1, token-2, ... and answers data requests with <see cref="Data"/> (given the request and the bearer token).</summary>
    private sealed class FakeWattTime
    {
        private int _logins;

        public FakeWattTime(Func<FakeRequest, string, FakeResponse> data) => Data = data;

        public Func<FakeRequest, string, FakeResponse> Data { get; }

        public int Logins => _logins;

        public FakeResponse Answer(FakeRequest request)
        {
            if (request.Path == "/login")
            {
                if (!request.Headers.TryGetValue("Authorization", out var basic) || basic != Basic)
                {
                    return new FakeResponse(401, "bad credentials");
                }

                return FakeResponse.Json($$"""{"token":"token-{{Interlocked.Increment(ref _logins)}}"}""");
            }

            var bearer = request.Headers.TryGetValue("Authorization", out var header) && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : string.Empty;
            return Data(request, bearer);
        }
    }

    [Fact]
    public async Task The_forecast_logs_in_once_sends_the_token_and_converts_pounds_per_megawatt_hour_exactly()
    {
        var wattTime = new FakeWattTime((_, _) => FakeResponse.Json(Series(points: [("2024-05-01T12:05:00+00:00", "870.0"), ("2024-05-01T12:10:00+00:00", "331"), ("2024-05-01T12:15:00+00:00", "null")])));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();
        var provider = Provider(server, http);

        var points = await provider.GetForecastAsync(new GridZone("CAISO_NORTH"), Token);
        var again = await provider.GetForecastAsync(new GridZone("CAISO_NORTH"), Token);

        Assert.Equal(1, wattTime.Logins);
        var requests = server.Requests.ToArray();
        Assert.Equal(new[] { "/login", "/v3/forecast", "/v3/forecast" }, requests.Select(r => r.Path));
        Assert.Equal(Basic, requests[0].Headers["Authorization"]);
        Assert.All(requests[1..], r => Assert.Equal("Bearer token-1", r.Headers["Authorization"]));
        Assert.Equal("CAISO_NORTH", requests[1].Parameters["region"]);
        Assert.Equal("co2_moer", requests[1].Parameters["signal_type"]);

        Assert.Equal(3, points.Count);
        Assert.Equal(new[] { 5, 10, 15 }, points.Select(p => p.Start.Minute));
        Assert.All(points, p => Assert.Equal(TimeSpan.FromSeconds(300), p.Duration));
        Assert.Equal(870.0 * 0.45359237, points[0].Value!.Value.GramsPerKilowattHour, 1e-9);
        Assert.Equal(150.13907447, points[1].Value!.Value.GramsPerKilowattHour, 1e-9);
        Assert.Equal(CarbonIntensity.FromPoundsPerMegawattHour(331), points[1].Value);
        Assert.Null(points[2].Value);
        Assert.All(points, p => Assert.Equal(new IntensityProvenance("watttime", "CAISO_NORTH", IntensityKind.Forecast, IntensitySignal.Marginal, s_now), p.Provenance));
        Assert.Equal(points, again);
        Assert.Equal("watttime", provider.Name);
        Assert.Equal(IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast, provider.Capabilities);
    }

    [Fact]
    public async Task History_asks_for_the_range_and_returns_measured_points_filtered_sorted_without_duplicates()
    {
        var wattTime = new FakeWattTime((_, _) => FakeResponse.Json(Series(period: 300, points:
        [
            ("2024-05-01T10:10:00+00:00", "500"),
            ("2024-05-01T10:00:00+00:00", "400"),
            ("2024-05-01T10:05:00+00:00", "450"),
            ("2024-05-01T10:05:00+00:00", "455"),
            ("2024-05-01T10:15:00+00:00", "600"),
            ("2024-05-01T09:50:00+00:00", "300"),
        ])));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();
        var startsAt = new DateTimeOffset(2024, 5, 1, 10, 2, 0, TimeSpan.Zero);

        var points = await Provider(server, http).GetHistoryAsync(new GridZone("CAISO_NORTH"), startsAt, startsAt.AddMinutes(13), Token);

        var request = server.Requests.Last();
        Assert.Equal("/v3/historical", request.Path);
        Assert.Equal("2024-05-01T10:00:00Z", request.Parameters["start"]);
        Assert.Equal("2024-05-01T10:15:00Z", request.Parameters["end"]);
        Assert.Equal("co2_moer", request.Parameters["signal_type"]);
        Assert.Equal(new[] { 0, 5, 10 }, points.Select(p => p.Start.Minute));
        Assert.Equal(new[] { 400.0, 455, 500 }.Select(v => CarbonIntensity.FromPoundsPerMegawattHour(v)), points.Select(p => p.Value!.Value));
        Assert.All(points, p => Assert.Equal(IntensityKind.Measured, p.Provenance.Kind));
        Assert.All(points, p => Assert.Equal(IntensitySignal.Marginal, p.Provenance.Signal));
        Assert.All(points, p => Assert.False(p.IsEstimated));
    }

    [Fact]
    public async Task A_long_history_is_asked_in_30_day_requests_and_merged()
    {
        var wattTime = new FakeWattTime((request, _) => FakeResponse.Json(Series(points:
        [
            (request.Parameters["start"].Replace("Z", "+00:00", StringComparison.Ordinal), "100"),
            (request.Parameters["end"].Replace("Z", "+00:00", StringComparison.Ordinal), "200"), // the next request's first point, answered twice
        ])));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();
        var startsAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var points = await Provider(server, http).GetHistoryAsync(new GridZone("CAISO_NORTH"), startsAt, startsAt.AddDays(70), Token);

        var requests = server.Requests.Where(r => r.Path == "/v3/historical").ToList();
        Assert.Equal(["2024-01-01T00:00:00Z", "2024-01-31T00:00:00Z", "2024-03-01T00:00:00Z"], requests.Select(r => r.Parameters["start"]));
        Assert.Equal(["2024-01-31T00:00:00Z", "2024-03-01T00:00:00Z", "2024-03-11T00:00:00Z"], requests.Select(r => r.Parameters["end"]));
        Assert.Equal([startsAt, startsAt.AddDays(30), startsAt.AddDays(60)], points.Select(p => p.Start)); // sorted, each start once, the range's end excluded
        Assert.Equal(CarbonIntensity.FromPoundsPerMegawattHour(100), points[1].Value); // the later answer for a repeated start wins
    }

    [Fact]
    public async Task Latest_is_the_last_value_of_the_last_hour_of_history()
    {
        var wattTime = new FakeWattTime((_, _) => FakeResponse.Json(Series(points: [("2024-05-01T11:55:00+00:00", "700"), ("2024-05-01T12:00:00+00:00", "710"), ("2024-05-01T12:05:00+00:00", "null")])));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();

        var point = await Provider(server, http).GetLatestAsync(new GridZone("CAISO_NORTH"), Token);

        var request = server.Requests.Last();
        Assert.Equal("/v3/historical", request.Path);
        Assert.Equal("2024-05-01T11:05:00Z", request.Parameters["start"]);
        Assert.Equal("2024-05-01T12:07:00Z", request.Parameters["end"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), point.Start);
        Assert.Equal(CarbonIntensity.FromPoundsPerMegawattHour(710), point.Value);
        Assert.Equal(new IntensityProvenance("watttime", "CAISO_NORTH", IntensityKind.Measured, IntensitySignal.Marginal, s_now), point.Provenance);
    }

    [Fact]
    public async Task A_position_is_resolved_to_a_region_once()
    {
        var wattTime = new FakeWattTime((request, _) => request.Path == "/v3/region-from-loc"
            ? FakeResponse.Json("""{"region":"CAISO_NORTH","region_full_name":"California ISO Northern","signal_type":"co2_moer"}""")
            : FakeResponse.Json(Series(points: [("2024-05-01T12:05:00+00:00", "800")])));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();
        var provider = Provider(server, http);
        var zone = new GridZone("37.77,-122.42", 37.77, -122.42);

        await provider.GetForecastAsync(zone, Token);
        var points = await provider.GetForecastAsync(zone, Token);

        var requests = server.Requests.ToArray();
        Assert.Equal(new[] { "/login", "/v3/region-from-loc", "/v3/forecast", "/v3/forecast" }, requests.Select(r => r.Path));
        Assert.Equal("37.77", requests[1].Parameters["latitude"]);
        Assert.Equal("-122.42", requests[1].Parameters["longitude"]);
        Assert.Equal("co2_moer", requests[1].Parameters["signal_type"]);
        Assert.Equal("Bearer token-1", requests[1].Headers["Authorization"]);
        Assert.All(requests[2..], r => Assert.Equal("CAISO_NORTH", r.Parameters["region"]));
        Assert.Equal("CAISO_NORTH", Assert.Single(points).Provenance.Zone);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task An_expired_token_is_renewed_once_and_the_call_retried(int status)
    {
        var wattTime = new FakeWattTime((_, bearer) => bearer == "token-1"
            ? new FakeResponse(status, "token expired")
            : FakeResponse.Json(Series(points: [("2024-05-01T12:05:00+00:00", "800")])));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();
        var provider = Provider(server, http);

        var points = await provider.GetForecastAsync(new GridZone("CAISO_NORTH"), Token);
        await provider.GetForecastAsync(new GridZone("CAISO_NORTH"), Token);

        Assert.Equal(2, wattTime.Logins);
        Assert.Equal(new[] { "/login", "/v3/forecast", "/login", "/v3/forecast", "/v3/forecast" }, server.Requests.Select(r => r.Path));
        Assert.Equal("Bearer token-2", server.Requests.Last().Headers["Authorization"]);
        Assert.Equal(CarbonIntensity.FromPoundsPerMegawattHour(800), Assert.Single(points).Value);
    }

    [Fact]
    public async Task A_second_refusal_is_unauthorized_and_no_message_holds_the_password_or_a_token()
    {
        var wattTime = new FakeWattTime((_, bearer) => new FakeResponse(403, $$"""{"error":"token {{bearer}} for {{User}}:{{Password}} ({{Basic}}) may not see this region"}"""));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetForecastAsync(new GridZone("PJM_DC"), Token));

        Assert.Equal(IntensityFailure.Unauthorized, error.Failure);
        Assert.Equal(2, wattTime.Logins);
        Assert.Equal(4, server.Requests.Count);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token-1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token-2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Basic["Basic ".Length..], error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task Refused_credentials_at_login_are_unauthorized_without_the_password()
    {
        using var server = new FakeHttpServer(_ => new FakeResponse(401, $$"""{"error":"wrong password {{Password}}"}"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetHistoryAsync(new GridZone("CAISO_NORTH"), s_now.AddHours(-1), s_now, Token));

        Assert.Equal(IntensityFailure.Unauthorized, error.Failure);
        Assert.Equal("/login", Assert.Single(server.Requests).Path);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, IntensityFailure.NotFound)]
    [InlineData(429, IntensityFailure.RateLimited)]
    [InlineData(500, IntensityFailure.ServerError)]
    public async Task A_failed_call_is_a_failure_of_its_kind(int status, IntensityFailure failure)
    {
        var wattTime = new FakeWattTime((_, bearer) => new FakeResponse(status, $"no luck with {bearer}", new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http, TimeProvider.System).GetForecastAsync(new GridZone("CAISO_NORTH"), Token));

        Assert.Equal(failure, error.Failure);
        Assert.Equal("watttime", error.Provider);
        Assert.Equal(1, wattTime.Logins);
        Assert.DoesNotContain("token-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "not JSON")]
    [InlineData("""{"data":[],"meta":{"data_point_period_seconds":300,"units":"kg_co2_per_mwh"}}""", "'meta.units' is 'kg_co2_per_mwh'")]
    [InlineData("""{"data":[]}""", "'meta'")]
    [InlineData("""{"data":[],"meta":{"units":"lbs_co2_per_mwh"}}""", "'meta.data_point_period_seconds'")]
    [InlineData("""{"data":[{"value":800}],"meta":{"data_point_period_seconds":300,"units":"lbs_co2_per_mwh"}}""", "no 'point_time'")]
    [InlineData("""{"data":[{"point_time":"2024-05-01T12:05:00+00:00","value":"800"}],"meta":{"data_point_period_seconds":300,"units":"lbs_co2_per_mwh"}}""", "'value' is not a number")]
    [InlineData("""{"meta":{"data_point_period_seconds":300,"units":"lbs_co2_per_mwh"}}""", "'data'")]
    public async Task A_malformed_answer_is_malformed_and_names_what_is_wrong(string body, string expected)
    {
        var wattTime = new FakeWattTime((_, _) => FakeResponse.Json(body));
        using var server = new FakeHttpServer(wattTime.Answer);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetForecastAsync(new GridZone("CAISO_NORTH"), Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_answer_without_a_token_is_malformed()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("""{"message":"welcome"}"""));
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => Provider(server, http).GetForecastAsync(new GridZone("CAISO_NORTH"), Token));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Contains("'token'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_past_the_timeout_is_a_timeout()
    {
        var wattTime = new FakeWattTime((_, _) => FakeResponse.Json("{}"));

        var error = await ProviderTestKit.NeverAnsweredAsync(
            (server, http) => Provider(server, http, TimeProvider.System, timeout: ProviderTestKit.ShortTimeout).GetForecastAsync(new GridZone("CAISO_NORTH"), Token),
            request => request.Path == "/login" ? wattTime.Answer(request) : null);

        Assert.Equal(IntensityFailure.Timeout, error.Failure);
    }

    [Theory]
    [InlineData(null, Password)]
    [InlineData(User, null)]
    [InlineData("", "")]
    public async Task Without_credentials_nothing_is_sent_and_the_failure_says_how_to_set_them(string? user, string? password)
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("{}"));
        using var http = new HttpClient();
        var provider = Provider(server, http, user: user, password: password);

        var latest = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetLatestAsync(new GridZone("CAISO_NORTH"), Token));
        var history = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetHistoryAsync(new GridZone("CAISO_NORTH"), s_now.AddHours(-1), s_now, Token));
        var forecast = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetForecastAsync(new GridZone("CAISO_NORTH"), Token));

        Assert.All(new[] { latest, history, forecast }, error => Assert.Equal(IntensityFailure.MissingCredentials, error.Failure));
        Assert.Contains("Grid:WattTime:Username", latest.Message, StringComparison.Ordinal);
        Assert.Contains("CARBONSCOPE_GRID__WATTTIME__PASSWORD", latest.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void The_conversion_factor_is_exactly_the_pound_in_grams_per_kilo()
    {
        Assert.Equal(0.45359237, CarbonIntensity.GramsPerKilowattHourInOnePoundPerMegawattHour);
        Assert.Equal(1000.0 * 0.45359237, CarbonIntensity.FromPoundsPerMegawattHour(1000).GramsPerKilowattHour, 1e-9);
        Assert.Equal("lbs_co2_per_mwh", WattTimeProvider.PoundsPerMegawattHourUnit);
    }
}
