using System.Globalization;
using System.Text.Json;
using CarbonScope.Tests.Grid.Providers;

namespace CarbonScope.Cli.Tests;

/// <summary><c>intensity</c>, <c>zones</c>, and <c>run</c> with a live provider: a fake Electricity Maps server on 127.0.0.1.</summary>
public sealed class GridCommandTests : IDisposable
{
    private const string ApiKey = "em-key-0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-grid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, string> Live(FakeHttpServer server) => new()
    {
        ["CARBONSCOPE_GRID__ELECTRICITYMAPS__BASEURL"] = new Uri(server.BaseUrl, "v3/").ToString(),
        ["CARBONSCOPE_GRID__ELECTRICITYMAPS__APIKEY"] = ApiKey,
    };

    /// <summary>Electricity Maps' shapes (reference §2.1): hourly points from 6 h ago to the current hour, 100 + 10 g per hour.</summary>
    private static FakeResponse ElectricityMaps(FakeRequest request)
    {
        if (!request.Headers.TryGetValue("auth-token", out var token) || token != ApiKey)
        {
            return new FakeResponse(401, $$"""{"message":"Token {{token}} unauthorized for zoneKey"}""");
        }

        var hour = TimeProvider.System.GetUtcNow();
        hour = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero);
        string Point(int hoursAgo) => string.Create(CultureInfo.InvariantCulture, $$"""{"zone":"DE","carbonIntensity":{{100 + (10 * (6 - hoursAgo))}},"datetime":"{{hour.AddHours(-hoursAgo):yyyy-MM-ddTHH:mm:ss.fffZ}}","isEstimated":false}""");
        return request.Path switch
        {
            "/v3/carbon-intensity/latest" => FakeResponse.Json(Point(0)),
            "/v3/carbon-intensity/history" => FakeResponse.Json($$"""{"zone":"DE","history":[{{string.Join(',', Enumerable.Range(0, 7).Reverse().Select(Point))}}]}"""),
            _ => new FakeResponse(404, """{"message":"Endpoint not available"}"""),
        };
    }

    [Fact]
    public async Task Intensity_of_a_country_offline_is_the_embedded_annual_average_with_its_provenance()
    {
        var result = await CliProcess.RunAsync(["intensity", "--zone", "fra", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("FR", json.RootElement.GetProperty("zone").GetString());
        Assert.Equal("embedded", json.RootElement.GetProperty("source").GetString());
        var point = Assert.Single(json.RootElement.GetProperty("points").EnumerateArray());
        Assert.Equal("annual-average", point.GetProperty("kind").GetString());
        Assert.Equal("average", point.GetProperty("signal").GetString());
        Assert.InRange(point.GetProperty("gramsPerKwh").GetDouble(), 10, 200);
        Assert.Equal(2024, json.RootElement.GetProperty("provenance").GetProperty("year").GetInt32());
    }

    [Fact]
    public async Task Intensity_from_a_live_provider_names_it_and_never_prints_the_key()
    {
        using var server = new FakeHttpServer(ElectricityMaps);

        var latest = await CliProcess.RunAsync(["intensity", "--zone", "DE"], Live(server));
        var range = await CliProcess.RunAsync(["intensity", "--zone", "DE", "--from", TimeProvider.System.GetUtcNow().AddHours(-3).ToString("O", CultureInfo.InvariantCulture), "--to", TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), "--format", "json"], Live(server));

        Assert.Equal((0, 0), (latest.ExitCode, range.ExitCode));
        Assert.Contains("DE: 160 g CO2e/kWh, measured (average signal), source electricitymaps, fetched ", latest.StandardOutput, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(range.StandardOutput);
        Assert.Equal("electricitymaps", json.RootElement.GetProperty("source").GetString());
        Assert.InRange(json.RootElement.GetProperty("points").GetArrayLength(), 3, 4); // every hour overlapping [now - 3 h, now)
        foreach (var output in new[] { latest.StandardOutput, latest.StandardError, range.StandardOutput, range.StandardError })
        {
            Assert.DoesNotContain(ApiKey, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cloud_region_is_asked_of_the_live_provider_as_the_grid_zone_it_lies_in()
    {
        using var server = new FakeHttpServer(ElectricityMaps);

        var result = await CliProcess.RunAsync(["intensity", "--zone", "aws:eu-west-3", "--format", "json"], Live(server));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("FR", Assert.Single(server.Requests).Parameters["zone"]);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("aws:eu-west-3", json.RootElement.GetProperty("zone").GetString());
        Assert.Equal("electricitymaps", json.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_refused_key_falls_back_to_the_embedded_data_and_says_why_without_the_key()
    {
        using var server = new FakeHttpServer(ElectricityMaps);
        var environment = Live(server);
        environment["CARBONSCOPE_GRID__ELECTRICITYMAPS__APIKEY"] = "wrong-key-9876543210";

        var text = await CliProcess.RunAsync(["intensity", "--zone", "DE"], environment);
        var json = await CliProcess.RunAsync(["intensity", "--zone", "DE", "--format", "json"], environment);

        Assert.Equal((0, 0), (text.ExitCode, json.ExitCode));
        Assert.Contains("source embedded", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("note: not from electricitymaps:", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", text.StandardOutput, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Contains("HTTP 401", document.RootElement.GetProperty("provenance").GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key-9876543210", text.StandardOutput + text.StandardError + json.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_never_touches_the_network()
    {
        using var server = new FakeHttpServer(ElectricityMaps);

        var result = await CliProcess.RunAsync(["intensity", "--zone", "DE", "--offline"], Live(server));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(server.Requests);
        Assert.Contains("source embedded", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("electricitymaps: offline, and no cached answer", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_question_is_answered_from_the_cache_in_the_history_store()
    {
        using var server = new FakeHttpServer(ElectricityMaps);
        var environment = Live(server);
        environment["CARBONSCOPE_STORE"] = Path.Combine(_dir, "runs.db");

        var first = await CliProcess.RunAsync(["intensity", "--zone", "DE", "--format", "json"], environment);
        var second = await CliProcess.RunAsync(["intensity", "--zone", "DE", "--format", "json", "--offline"], environment);

        Assert.Single(server.Requests);
        using var cached = JsonDocument.Parse(second.StandardOutput);
        Assert.Equal("electricitymaps", cached.RootElement.GetProperty("source").GetString());
        Assert.True(cached.RootElement.GetProperty("provenance").GetProperty("fromCache").GetBoolean());
        Assert.Equal(first.StandardOutput.Replace("\"fromCache\":false", "\"fromCache\":true", StringComparison.Ordinal), second.StandardOutput);
        Assert.DoesNotContain(ApiKey, await File.ReadAllTextAsync(Path.Combine(_dir, "runs.db"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_uses_the_live_providers_history_and_the_key_appears_in_none_of_its_outputs()
    {
        using var server = new FakeHttpServer(ElectricityMaps);
        var environment = Live(server);
        var store = Path.Combine(_dir, "runs.db");
        var json = Path.Combine(_dir, "run.json");

        var result = await CliProcess.RunAsync(["run", "--country", "DE", "--no-gpu", "--store", store, "--output", _dir, "--json", json, "--format", "json", "--", "true"], environment);

        Assert.Equal(0, result.ExitCode);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var intensity = record.RootElement.GetProperty("intensity");
        Assert.Equal("electricitymaps", intensity.GetProperty("source").GetString());
        Assert.Equal("measured", intensity.GetProperty("kind").GetString());
        Assert.Equal(160, intensity.GetProperty("gramsPerKwh").GetDouble()); // the current hour's value
        Assert.Contains("source electricitymaps", result.StandardError, StringComparison.Ordinal);
        foreach (var text in new[] { result.StandardOutput, result.StandardError, await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken), await File.ReadAllTextAsync(Path.Combine(_dir, "emissions.csv"), TestContext.Current.CancellationToken) })
        {
            Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(ApiKey, System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(store, TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_offline_never_asks_the_live_provider_and_says_why_the_annual_average_was_used()
    {
        using var server = new FakeHttpServer(ElectricityMaps);

        var result = await CliProcess.RunAsync(["run", "--country", "DE", "--offline", "--no-gpu", "--no-store", "--output", _dir, "--format", "json", "--", "true"], Live(server));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(server.Requests);
        using var record = JsonDocument.Parse(result.StandardOutput);
        var intensity = record.RootElement.GetProperty("intensity");
        Assert.Equal("embedded:ember-owid", intensity.GetProperty("source").GetString());
        Assert.Equal("annual-average", intensity.GetProperty("kind").GetString());
        Assert.Contains("electricitymaps: offline", intensity.GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intensity_from_a_file_and_zones_from_every_source()
    {
        var file = Path.Combine(_dir, "series.csv");
        await File.WriteAllTextAsync(file, "region,timestamp,carbon_intensity\nSE3,2025-01-01T00:00:00Z,30\nSE3,2025-01-01T01:00:00Z,50\nSE3,2025-01-01T02:00:00Z,40\n", TestContext.Current.CancellationToken);

        var series = await CliProcess.RunAsync(["intensity", "--zone", "SE3", "--file", file, "--from", "2025-01-01T00:30Z", "--to", "2025-01-01T02:00Z", "--format", "json"]);
        var zones = await CliProcess.RunAsync(["zones", "--search", "kosovo"]);
        var cloud = await CliProcess.RunAsync(["zones", "--search", "aws:eu-west-3"]);

        Assert.Equal(0, series.ExitCode);
        using var json = JsonDocument.Parse(series.StandardOutput);
        Assert.Equal([30.0, 50.0], json.RootElement.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("gramsPerKwh").GetDouble()));
        Assert.Equal("file:series.csv", json.RootElement.GetProperty("provenance").GetProperty("source").GetString());
        Assert.Contains("XK", zones.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("embedded", cloud.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "intensity", "--zone", "XX" }, 5, "did you mean")]
    [InlineData(new[] { "intensity", "--zone", "DE", "--source", "nope" }, 2, "'nope' is not a grid provider")]
    [InlineData(new[] { "intensity", "--zone", "DE", "--from", "2025-01-02T00:00Z", "--to", "2025-01-01T00:00Z" }, 2, "--to must be after --from")]
    [InlineData(new[] { "intensity", "--zone", "DE", "--at", "yesterday" }, 2, "'yesterday' is not a time")]
    [InlineData(new[] { "intensity", "--zone", "DE", "--forecast" }, 5, "no provider has a forecast for DE")]
    public async Task Bad_intensity_questions_get_one_line_and_their_exit_code(string[] arguments, int exitCode, string message)
    {
        var result = await CliProcess.RunAsync(arguments);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }
}
