using System.Text.Json;

namespace CarbonScope.Cli.Tests;

/// <summary>
/// <c>simulate</c> over a small CSV trace: the JSON numbers computed by hand (12 hourly points, jobs of 2h at 1 kW every
/// 4h with a deadline of 4h: emissions in grams are Σ value × hours) and the bad input.
/// </summary>
public sealed class SimulateCommandTests : IDisposable
{
    private static readonly double[] s_values = [100, 300, 50, 200, 400, 20, 500, 100, 300, 60, 250, 80];

    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> TraceAsync()
    {
        var file = Path.Combine(_dir, "trace.csv");
        var rows = s_values.Select((v, i) => FormattableString.Invariant($"FR,2025-01-01T{i:00}:00:00Z,{v}"));
        await File.WriteAllTextAsync(file, "region,timestamp,carbon_intensity\n" + string.Join('\n', rows) + "\n", TestContext.Current.CancellationToken);
        return file;
    }

    private static string[] Job(string file) => ["simulate", "--file", file, "--zone", "FR", "--duration", "2h", "--power", "1kW", "--deadline", "4h", "--start-every", "4h"];

    [Fact]
    public async Task Json_has_each_strategy_with_the_hand_computed_figures()
    {
        var file = await TraceAsync();

        var result = await CliProcess.RunAsync([.. Job(file), "--strategy", "window,interruptible", "--strategy", "threshold", "--pause-above", "300", "--resume-below", "100", "--forecast-model", "perfect", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal(("FR", 7200.0, 1000.0, 14400.0, "perfect", 3), (root.GetProperty("zone").GetString(), root.GetProperty("durationSeconds").GetDouble(), root.GetProperty("powerWatts").GetDouble(), root.GetProperty("deadlineSeconds").GetDouble(), root.GetProperty("forecastModel").GetString(), root.GetProperty("jobs").GetInt32()));
        var strategies = root.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["now", "window", "interruptible", "threshold"], strategies.Keys);
        // now 400, 420, 360; window 250, 420, 310; interruptible 150, 120, 140; threshold 150, 120, 310.
        (string Name, double Mean, double MeanDelay, double MaxDelay, bool Upper)[] expected =
        [
            ("now", 1180 / 3.0, 0, 0, false),
            ("window", 980 / 3.0, 3600, 7200, true),
            ("interruptible", 410 / 3.0, 6000, 7200, true),
            ("threshold", 580 / 3.0, 4800, 7200, false),
        ];
        foreach (var (name, mean, meanDelay, maxDelay, upper) in expected)
        {
            var s = strategies[name];
            Assert.Equal(3, s.GetProperty("jobs").GetInt32());
            Assert.Equal(mean, s.GetProperty("meanEmissionsGrams").GetDouble(), 9);
            Assert.Equal((1180 - (mean * 3)) / 1180 * 100, s.GetProperty("savingPercent").GetDouble(), 9);
            Assert.Equal(meanDelay, s.GetProperty("meanDelaySeconds").GetDouble(), 6);
            Assert.Equal(maxDelay, s.GetProperty("maxDelaySeconds").GetDouble(), 6);
            Assert.Equal(0, s.GetProperty("deadlineMisses").GetInt32());
            Assert.Equal(0, s.GetProperty("fallbacks").GetInt32());
            Assert.Equal(upper, s.GetProperty("upperBound").GetBoolean());
        }
    }

    [Fact]
    public async Task Text_is_a_table_that_labels_the_perfect_forecast_and_says_where_the_intensities_came_from()
    {
        var file = await TraceAsync();

        var result = await CliProcess.RunAsync([.. Job(file), "--strategy", "interruptible", "--forecast-model", "perfect"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("FR: 3 jobs of 2h at 1000 W, deadline 4h, submitted every 4h from 2025-01-01 00:00 UTC to 2025-01-01 08:00 UTC; forecast: perfect.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mean g CO2e", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"interruptible \(upper bound: perfect forecast\)\s+3\s+136\.67\s+65\.3\s+1\.67\s+2\s+0\s+0", result.StandardOutput);
        Assert.Contains("upper bound: perfect forecast", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Intensities: measured (average signal), source file:trace.csv", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_forecast_with_too_little_history_falls_back_to_now()
    {
        var file = await TraceAsync();

        var result = await CliProcess.RunAsync([.. Job(file), "--strategy", "window", "--forecast-model", "seasonal-naive-day", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var window = json.RootElement.GetProperty("strategies")[1];
        Assert.Equal(("window", 3, false), (window.GetProperty("name").GetString(), window.GetProperty("fallbacks").GetInt32(), window.GetProperty("upperBound").GetBoolean()));
        Assert.Equal(1180 / 3.0, window.GetProperty("meanEmissionsGrams").GetDouble(), 9);
    }

    [Theory]
    [InlineData("--strategy|later", "unknown strategy 'later': use one of now, window, interruptible, threshold, percentile, forecast.")]
    [InlineData("--strategy|threshold", "the threshold strategy needs --pause-above P and --resume-below R (g CO2e/kWh).")]
    [InlineData("--strategy|threshold|--pause-above|100|--resume-below|300", "--pause-above 100 is below --resume-below 300; it must be at or above it.")]
    [InlineData("--strategy|window|--to|2025-01-01T12:00Z", "the job submitted at 2025-01-01T12:00Z needs data to 2025-01-01T16:00Z (D 2h, deadline 4h); the trace ends at 2025-01-01T12:00Z.")]
    [InlineData("--strategy|window|--forecast-model|oracle", "unknown forecast model 'oracle'")]
    public async Task Bad_input_is_one_line_and_exit_2(string extra, string message)
    {
        var file = await TraceAsync();
        string[] arguments = [.. Job(file), .. extra.Split('|')];

        var result = await CliProcess.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--duration", "0h", "the duration 0h must be positive.")]
    [InlineData("--power", "0W", "the power 0W must be positive.")]
    [InlineData("--power", "300", "'300' is not a power")]
    [InlineData("--zone", "DE", "the zone DE is not in")]
    [InlineData("--deadline", "1h", "the duration 2h is longer than the deadline 1h: no strategy could meet it.")]
    [InlineData("--start-every", "0m", "the duration 0m must be positive.")]
    public async Task Bad_values_are_usage_errors(string option, string value, string message)
    {
        var file = await TraceAsync();
        var arguments = Job(file).ToList();
        arguments[arguments.IndexOf(option) + 1] = value;

        var result = await CliProcess.RunAsync([.. arguments, "--strategy", "window"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trace_too_short_or_without_values_is_a_usage_error()
    {
        var file = Path.Combine(_dir, "short.csv");
        await File.WriteAllTextAsync(file, "region,timestamp,carbon_intensity\nFR,2025-01-01T00:00:00Z,100\nFR,2025-01-01T01:00:00Z,200\n", TestContext.Current.CancellationToken);
        var empty = Path.Combine(_dir, "empty.csv");
        await File.WriteAllTextAsync(empty, "region,timestamp,carbon_intensity\nFR,2025-01-01T00:00:00Z,\n", TestContext.Current.CancellationToken);

        var tooShort = await CliProcess.RunAsync([.. Job(file), "--strategy", "window"]);
        var noValues = await CliProcess.RunAsync([.. Job(empty), "--strategy", "window"]);

        Assert.Equal((2, 2), (tooShort.ExitCode, noValues.ExitCode));
        Assert.Contains("is too short for one job", tooShort.StandardError, StringComparison.Ordinal);
        Assert.StartsWith("carbonscope: ", noValues.StandardError, StringComparison.Ordinal);
    }
}
