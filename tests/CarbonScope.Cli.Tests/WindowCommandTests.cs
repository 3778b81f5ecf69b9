using System.Globalization;
using System.Text.Json;

namespace CarbonScope.Cli.Tests;

/// <summary><c>window</c> and <c>where</c> over intensity files: history ranges, a forecast from now, bad input.</summary>
public sealed class WindowCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-window-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> HistoryFileAsync()
    {
        var file = Path.Combine(_dir, "history.csv");
        await File.WriteAllTextAsync(
            file,
            "region,timestamp,carbon_intensity\n"
            + "FR,2025-01-01T00:00:00Z,100\nFR,2025-01-01T01:00:00Z,10\nFR,2025-01-01T02:00:00Z,200\nFR,2025-01-01T03:00:00Z,20\nFR,2025-01-01T04:00:00Z,300\n"
            + "DE,2025-01-01T00:00:00Z,400\nDE,2025-01-01T01:00:00Z,300\nDE,2025-01-01T02:00:00Z,350\nDE,2025-01-01T03:00:00Z,500\nDE,2025-01-01T04:00:00Z,100\n",
            TestContext.Current.CancellationToken);
        return file;
    }

    private static readonly string[] s_range = ["--from", "2025-01-01T00:00Z", "--to", "2025-01-01T05:00Z"];

    [Fact]
    public async Task Window_over_a_history_range_is_the_best_start_and_the_saving_against_from()
    {
        var file = await HistoryFileAsync();

        var contiguous = await CliProcess.RunAsync(["window", "--zone", "DE", "--duration", "2h", "--file", file, .. s_range, "--format", "json"]);
        var text = await CliProcess.RunAsync(["window", "--zone", "DE", "--duration", "2h", "--file", file, .. s_range]);

        Assert.Equal((0, 0), (contiguous.ExitCode, text.ExitCode));
        using var json = JsonDocument.Parse(contiguous.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("DE", root.GetProperty("zone").GetString());
        Assert.Equal(7200, root.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(300, root.GetProperty("averageGramsPerKwh").GetDouble(), 9); // 03:00-05:00: (500 + 100) / 2
        var slice = Assert.Single(root.GetProperty("slices").EnumerateArray());
        Assert.Equal("2025-01-01T03:00:00Z", slice.GetProperty("start").GetString());
        Assert.Equal("2025-01-01T05:00:00Z", slice.GetProperty("end").GetString());
        Assert.Equal(350, root.GetProperty("startNowAverageGramsPerKwh").GetDouble(), 9);
        Assert.Equal(100.0 * 50 / 350, root.GetProperty("savingPercent").GetDouble(), 9);
        Assert.Contains("DE: run the 2h from 2025-01-01 03:00 UTC to 2025-01-01 05:00 UTC: 300 g CO2e/kWh on average.", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("saving 14.3%", text.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interruptible_window_lists_its_slices()
    {
        var file = await HistoryFileAsync();

        var result = await CliProcess.RunAsync(["window", "--zone", "FR", "--duration", "90m", "--interruptible", "--file", file, .. s_range, "--format", "json"]);
        var minSlice = await CliProcess.RunAsync(["window", "--zone", "FR", "--duration", "2h", "--interruptible", "--min-slice", "2h", "--file", file, .. s_range, "--format", "json"]);

        Assert.Equal((0, 0), (result.ExitCode, minSlice.ExitCode));
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(
            [("2025-01-01T01:00:00Z", "2025-01-01T02:00:00Z"), ("2025-01-01T03:00:00Z", "2025-01-01T03:30:00Z")],
            json.RootElement.GetProperty("slices").EnumerateArray().Select(s => (s.GetProperty("start").GetString(), s.GetProperty("end").GetString())));
        Assert.Equal(40 / 3.0, json.RootElement.GetProperty("averageGramsPerKwh").GetDouble(), 9);
        using var min = JsonDocument.Parse(minSlice.StandardOutput);
        Assert.Equal(55, min.RootElement.GetProperty("averageGramsPerKwh").GetDouble(), 9);
        Assert.Single(min.RootElement.GetProperty("slices").EnumerateArray());
    }

    [Fact]
    public async Task Window_within_a_duration_uses_the_forecast_from_now()
    {
        var now = TimeProvider.System.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var points = Enumerable.Range(0, 30).Select(i => string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"timestamp":"{{hour.AddHours(i):yyyy-MM-ddTHH:mm:ssZ}}","carbon_intensity":{{(i < 4 ? 300 : i is >= 5 and < 7 ? 50 : 200)}}}"""));
        var file = Path.Combine(_dir, "forecast.json");
        await File.WriteAllTextAsync(file, """{"regions":{"FR":{"forecast":[""" + string.Join(',', points) + "]}}}", TestContext.Current.CancellationToken);

        var result = await CliProcess.RunAsync(["window", "--zone", "FR", "--duration", "2h", "--within", "24h", "--file", file, "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var slice = Assert.Single(json.RootElement.GetProperty("slices").EnumerateArray());
        Assert.Equal(hour.AddHours(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), slice.GetProperty("start").GetString());
        Assert.Equal(50, json.RootElement.GetProperty("averageGramsPerKwh").GetDouble(), 9);
        Assert.Equal(300, json.RootElement.GetProperty("startNowAverageGramsPerKwh").GetDouble(), 9);
        Assert.Equal(100.0 * 250 / 300, json.RootElement.GetProperty("savingPercent").GetDouble(), 9);
    }

    [Fact]
    public async Task Where_ranks_zones_by_their_best_window()
    {
        var file = await HistoryFileAsync();

        var result = await CliProcess.RunAsync(["where", "--zones", "DE,FR", "--duration", "2h", "--file", file, .. s_range, "--format", "json"]);
        var text = await CliProcess.RunAsync(["where", "--zones", "DE,FR", "--duration", "2h", "--file", file, .. s_range]);

        Assert.Equal((0, 0), (result.ExitCode, text.ExitCode));
        using var json = JsonDocument.Parse(result.StandardOutput);
        var zones = json.RootElement.GetProperty("zones").EnumerateArray().ToList();
        Assert.Equal(["FR", "DE"], zones.Select(z => z.GetProperty("zone").GetString()));
        Assert.Equal([55.0, 300.0], zones.Select(z => z.GetProperty("averageGramsPerKwh").GetDouble()));
        Assert.Equal("2025-01-01T03:00:00Z", zones[1].GetProperty("start").GetString());
        Assert.Contains("FR", text.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "window", "--zone", "FR", "--duration", "6h" }, "the duration 6h is longer than the range 2025-01-01T00:00Z to 2025-01-01T05:00Z (5h).")]
    [InlineData(new[] { "window", "--zone", "PL", "--duration", "1h" }, "zone 'PL' is not in the file")]
    [InlineData(new[] { "window", "--zone", "FR", "--duration", "0m" }, "the duration 0m must be positive.")]
    [InlineData(new[] { "window", "--zone", "FR", "--duration", "1h", "--min-slice", "30m" }, "--min-slice goes with --interruptible.")]
    [InlineData(new[] { "where", "--zones", "FR,PL", "--duration", "1h" }, "zone 'PL' is not in the file")]
    public async Task Bad_input_is_one_line_and_exit_code_2(string[] arguments, string message)
    {
        var file = await HistoryFileAsync();

        var result = await CliProcess.RunAsync([.. arguments, "--file", file, .. s_range]);

        Assert.Equal(2, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("carbonscope: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length == 1 || lines[1].StartsWith("Run 'carbonscope --help'", StringComparison.Ordinal), result.StandardError); // option parse errors add the usage hint
    }

    [Fact]
    public async Task A_window_from_now_without_a_forecast_says_so()
    {
        var result = await CliProcess.RunAsync(["window", "--zone", "FR", "--duration", "2h", "--within", "24h"]);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("A window in the future needs a forecast", result.StandardError, StringComparison.Ordinal);
    }
}
