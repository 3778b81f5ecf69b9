using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CarbonScope.Cli.Tests;

/// <summary><c>forecast</c> and <c>forecast evaluate</c> on a small CSV written by the test.</summary>
public sealed class ForecastCommandTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-forecast-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>21 days of hourly values for DE, the same every day: 100 + 10 × hour.</summary>
    private string PeriodicCsv()
    {
        var text = new StringBuilder("region,timestamp,carbon_intensity\n");
        for (var i = 0; i < 24 * 21; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"DE,{s_start.AddHours(i):yyyy-MM-ddTHH:mm:ssZ},{100 + (10 * (i % 24))}\n");
        }

        var path = Path.Combine(_dir, "de.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public async Task Forecast_from_a_file_continues_the_daily_profile()
    {
        var result = await CliProcess.RunAsync(["forecast", "--zone", "DE", "--file", PeriodicCsv(), "--model", "seasonal-naive-day", "--horizon", "6h", "--origin", "2024-03-21T00:00Z", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("seasonal-naive-day", json.RootElement.GetProperty("model").GetString());
        Assert.Equal("forecast:seasonal-naive-day", json.RootElement.GetProperty("source").GetString());
        Assert.Equal(24 * 14, json.RootElement.GetProperty("historyPoints").GetInt32());
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal([100.0, 110, 120, 130, 140, 150], points.Select(p => p.GetProperty("gramsPerKwh").GetDouble()));
        Assert.Equal("2024-03-21T00:00:00Z", points[0].GetProperty("start").GetString());
        Assert.All(points, p => Assert.Equal("forecast", p.GetProperty("kind").GetString()));
        Assert.All(points, p => Assert.Equal(3600, p.GetProperty("durationSeconds").GetDouble()));
    }

    [Fact]
    public async Task Forecast_as_text_is_a_table_with_its_source()
    {
        var result = await CliProcess.RunAsync(["forecast", "--zone", "DE", "--file", PeriodicCsv(), "--model", "exp-smoothing", "--horizon", "3h", "--origin", "2024-03-21T00:00Z"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2024-03-21 02:00", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("DE: 3 values, min 100, mean 110, max 120 g CO2e/kWh; forecast:exp-smoothing", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_a_usage_error_listing_the_models()
    {
        var result = await CliProcess.RunAsync(["forecast", "--zone", "DE", "--file", PeriodicCsv(), "--model", "prophet"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown model 'prophet': use one of seasonal-naive-day, seasonal-naive-week, exp-smoothing, linear-trend, ensemble.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_backtests_every_model_by_lead_time()
    {
        var result = await CliProcess.RunAsync(["forecast", "evaluate", "--file", PeriodicCsv(), "--horizon", "24h", "--every", "24h", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var zone = Assert.Single(json.RootElement.GetProperty("zones").EnumerateArray());
        Assert.Equal("DE", zone.GetProperty("zone").GetString());
        var models = zone.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        Assert.Equal(["seasonal-naive-day", "seasonal-naive-week", "exp-smoothing", "linear-trend", "ensemble"], models.Keys);

        // Origins at midnight on days 14..20 (the last day's origin has its 24 h): 7 origins × 24 values, all exact.
        var naive = models["seasonal-naive-day"];
        Assert.Equal(7, naive.GetProperty("origins").GetInt32());
        Assert.Equal([3600.0, 21600, 86400], naive.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("upToSeconds").GetDouble()));
        Assert.Equal([7, 35, 126], naive.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(0, naive.GetProperty("overall").GetProperty("maeGramsPerKwh").GetDouble());
        Assert.Equal(0, naive.GetProperty("overall").GetProperty("mapePercent").GetDouble());
        Assert.True(models["linear-trend"].GetProperty("overall").GetProperty("maeGramsPerKwh").GetDouble() > 10);
    }

    [Fact]
    public async Task Evaluating_a_file_that_does_not_exist_is_a_one_line_usage_error()
    {
        var result = await CliProcess.RunAsync(["forecast", "evaluate", "--file", "/no/such/series.csv"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("carbonscope: /no/such/series.csv: cannot be read", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Evaluate_as_text_has_a_row_per_model()
    {
        var result = await CliProcess.RunAsync(["forecast", "evaluate", "--file", PeriodicCsv(), "--zone", "DE", "--model", "seasonal-naive-week"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("DE: 504 points", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("seasonal-naive-week", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("exp-smoothing", result.StandardOutput, StringComparison.Ordinal);
    }
}
