using System.Globalization;
using System.Text.Json;
using CarbonScope.Tests.Reporting;

namespace CarbonScope.Cli.Tests;

/// <summary>What <c>carbonscope run</c> writes: emissions.csv, the JSON record, the zone and intensity, the settings it honours.</summary>
public sealed class RunOutputsTests : IDisposable
{
    private static readonly string[] s_codecarbonColumns =
    [
        "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate", "cpu_power", "gpu_power",
        "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed", "water_consumed", "country_name",
        "country_iso_code", "region", "cloud_provider", "cloud_region", "os", "python_version", "codecarbon_version", "cpu_count",
        "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude", "ram_total_size", "tracking_mode",
        "cpu_utilization_percent", "gpu_utilization_percent", "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string EmptySys => Directory.CreateDirectory(Path.Combine(_dir, "sys")).FullName;

    [Fact]
    public async Task The_csv_row_has_codecarbons_38_columns_and_agrees_with_the_json_record()
    {
        var json = Path.Combine(_dir, "run.json");
        var result = await CliProcess.RunAsync(
            ["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--country", "fra", "--pue", "1.5", "--project", "demo", "--output", _dir, "--json", json, "--interval", "50ms",
             "--", "sh", "-c", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done"]);

        Assert.Equal(0, result.ExitCode);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_dir, "emissions.csv"), TestContext.Current.CancellationToken);
        Assert.Equal(2, lines.Length);
        Assert.Equal(string.Join(',', s_codecarbonColumns), lines[0]);
        var row = Csv(lines[1]);
        Assert.Equal(38, row.Count);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var root = record.RootElement;

        Assert.Equal(root.GetProperty("id").GetString(), row["run_id"]);
        Assert.Equal("demo", row["project_name"]);
        Assert.Equal("FRA", row["country_iso_code"]);
        Assert.Equal("France", row["country_name"]);
        Assert.Equal("process", row["tracking_mode"]);
        Assert.Equal("N", row["on_cloud"]);
        Assert.Equal(1.5, Number(row["pue"]));
        Assert.Equal(root.GetProperty("durationSeconds").GetDouble(), Number(row["duration"]), 6);
        var energyJoules = root.GetProperty("energyJoules").GetDouble();
        Assert.Equal(energyJoules / 3.6e6, Number(row["energy_consumed"]), 12);
        Assert.Equal(root.GetProperty("deviceEnergyJoules").GetDouble() * 1.5, energyJoules, 9);
        Assert.Equal(root.GetProperty("emissionsGrams").GetDouble() / 1000, Number(row["emissions"]), 12);
        var intensity = root.GetProperty("intensity");
        Assert.Equal(energyJoules / 3.6e6 * intensity.GetProperty("gramsPerKwh").GetDouble(), root.GetProperty("emissionsGrams").GetDouble(), 9);
        var cpu = root.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "cpu");
        Assert.Equal(cpu.GetProperty("energyJoules").GetDouble() * 1.5 / 3.6e6, Number(row["cpu_energy"]), 12);
        Assert.Equal(cpu.GetProperty("meanPowerWatts").GetDouble(), Number(row["cpu_power"]), 6);
        Assert.True(cpu.GetProperty("energyJoules").GetDouble() > 0);
        foreach (var empty in new[] { "experiment_id", "water_consumed", "region", "cloud_provider", "cloud_region", "python_version", "codecarbon_version", "longitude", "latitude", "wue" })
        {
            Assert.Equal(string.Empty, row[empty]);
        }
    }

    [Fact]
    public async Task A_csv_with_another_header_is_moved_aside_and_never_mixed()
    {
        var csv = Path.Combine(_dir, "emissions.csv");
        const string Old = "timestamp,project_name,run_id,duration,emissions\n2024-01-01T00:00:00,old,1,2,3\n";
        await File.WriteAllTextAsync(csv, Old, TestContext.Current.CancellationToken);

        var result = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--output", _dir, "--", "true"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Old, await File.ReadAllTextAsync(csv + ".bak", TestContext.Current.CancellationToken));
        var lines = await File.ReadAllLinesAsync(csv, TestContext.Current.CancellationToken);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("timestamp,project_name,run_id,experiment_id,", lines[0], StringComparison.Ordinal);
        Assert.Contains("emissions.csv.bak", result.StandardError, StringComparison.Ordinal);

        var second = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--output", _dir, "--", "true"]);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(3, (await File.ReadAllLinesAsync(csv, TestContext.Current.CancellationToken)).Length); // appended, same header
    }

    [Fact]
    public async Task Format_json_prints_the_record_on_stdout_after_the_commands_own_output()
    {
        var result = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--format", "json", "--country", "DE", "--", "sh", "-c", "echo from-cmd; exit 3"]);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("from-cmd\n{", result.StandardOutput, StringComparison.Ordinal);
        using var record = JsonDocument.Parse(result.StandardOutput["from-cmd\n".Length..]);
        var root = record.RootElement;
        foreach (var key in new[] { "id", "command", "exitCode", "status", "startedAt", "endedAt", "durationSeconds", "mode", "pue", "energyJoules", "emissionsGrams", "intensity", "components" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"the record has no '{key}'");
        }

        Assert.Equal(["sh", "-c", "echo from-cmd; exit 3"], root.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal("process", root.GetProperty("mode").GetString());
        Assert.Equal(1.0, root.GetProperty("pue").GetDouble());
        var intensity = root.GetProperty("intensity");
        Assert.Equal("DE", intensity.GetProperty("zone").GetString());
        Assert.Equal("annual-average", intensity.GetProperty("kind").GetString());
        Assert.True(intensity.GetProperty("year").GetInt32() >= 2022);
        Assert.True(intensity.GetProperty("gramsPerKwh").GetDouble() > 100);
        Assert.False(string.IsNullOrEmpty(intensity.GetProperty("source").GetString()));
        foreach (var component in root.GetProperty("components").EnumerateArray())
        {
            foreach (var key in new[] { "kind", "device", "method", "source", "energyJoules", "meanPowerWatts", "unavailableReason" })
            {
                Assert.True(component.TryGetProperty(key, out _), $"a component has no '{key}'");
            }
        }

        var duration = DateTimeOffset.Parse(root.GetProperty("endedAt").GetString()!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(root.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(duration.TotalSeconds, root.GetProperty("durationSeconds").GetDouble(), 3);
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("kill -TERM $$", 128 + 15)]
    [InlineData("kill -KILL $$", 128 + 9)]
    public async Task The_exit_code_is_the_commands_and_128_plus_the_signal_that_killed_it(string script, int expected)
    {
        var result = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--output", _dir, "--", "sh", "-c", script]);

        Assert.Equal(expected, result.ExitCode);
        Assert.Contains($"exited with code {expected}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_zone_is_inferred_from_the_time_zone_and_said_to_be_inferred()
    {
        var paris = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--output", _dir, "--format", "json", "--", "true"], new Dictionary<string, string> { ["TZ"] = "Europe/Paris" });
        var utc = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--output", _dir, "--format", "json", "--", "true"], new Dictionary<string, string> { ["TZ"] = "UTC" });

        using var parisRecord = JsonDocument.Parse(paris.StandardOutput);
        Assert.Equal("FR", parisRecord.RootElement.GetProperty("zone").GetProperty("zone").GetString());
        Assert.Equal("time-zone", parisRecord.RootElement.GetProperty("zone").GetProperty("origin").GetString());
        Assert.Contains("inferred from the time zone Europe/Paris", paris.StandardError, StringComparison.Ordinal);
        using var utcRecord = JsonDocument.Parse(utc.StandardOutput);
        Assert.Equal("WORLD", utcRecord.RootElement.GetProperty("zone").GetProperty("zone").GetString());
        Assert.Equal("default", utcRecord.RootElement.GetProperty("zone").GetProperty("origin").GetString());
    }

    [Fact]
    public async Task An_unknown_country_exits_2_before_the_command_runs_and_suggests_codes()
    {
        var marker = Path.Combine(_dir, "ran");
        var result = await CliProcess.RunAsync(["run", "--no-gpu", "--no-store", "--country", "FRX", "--", "touch", marker]);

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(marker));
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'FRX'", line, StringComparison.Ordinal);
        Assert.Contains("FR", line.Replace("'FRX'", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pue", "0.8", "outside the allowed range")]
    [InlineData("--pue", "abc", "'abc' is not a PUE")]
    [InlineData("--interval", "5ms", "outside the allowed range: use 10ms to 1h")]
    [InlineData("--mode", "cluster", "'cluster' is not a tracking mode")]
    [InlineData("--format", "xml", "'xml' is not an output format")]
    [InlineData("--cpu-tdp", "150", "'150' is not a power")]
    public async Task A_bad_option_exits_2_with_one_line_before_the_command_runs(string option, string value, string message)
    {
        var marker = Path.Combine(_dir, "ran");
        var result = await CliProcess.RunAsync(["run", option, value, "--", "touch", marker]);

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(marker));
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal); // no stack trace
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Settings_come_from_the_config_file_then_the_environment_then_the_command_line()
    {
        var config = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(config, """{ "pue": 1.5, "country": "de", "noStore": true, "output": "OUT" }""".Replace("OUT", _dir, StringComparison.Ordinal), TestContext.Current.CancellationToken);
        string[] run = ["run", "--sysfs-root", EmptySys, "--no-gpu", "--format", "json", "--", "true"];

        var fromFile = await CliProcess.RunAsync(run, new Dictionary<string, string> { ["CARBONSCOPE_CONFIG"] = config });
        var fromEnvironment = await CliProcess.RunAsync(run, new Dictionary<string, string> { ["CARBONSCOPE_CONFIG"] = config, ["CARBONSCOPE_PUE"] = "1.3" });
        var fromCommandLine = await CliProcess.RunAsync([.. run[..^2], "--pue", "1.1", "--", "true"], new Dictionary<string, string> { ["CARBONSCOPE_CONFIG"] = config, ["CARBONSCOPE_PUE"] = "1.3" });

        Assert.Equal((1.5, "DE"), Settings(fromFile));
        Assert.Equal((1.3, "DE"), Settings(fromEnvironment));
        Assert.Equal((1.1, "DE"), Settings(fromCommandLine));
        Assert.Equal(3, (await File.ReadAllLinesAsync(Path.Combine(_dir, "emissions.csv"), TestContext.Current.CancellationToken)).Length - 1);

        static (double, string?) Settings(CliResult result)
        {
            Assert.Equal(0, result.ExitCode);
            using var record = JsonDocument.Parse(result.StandardOutput);
            return (record.RootElement.GetProperty("pue").GetDouble(), record.RootElement.GetProperty("zone").GetProperty("zone").GetString());
        }
    }

    [Fact]
    public async Task A_bad_configuration_value_exits_2_and_names_where_it_came_from()
    {
        var config = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(config, """{ "interval": "fast" }""", TestContext.Current.CancellationToken);

        var fromFile = await CliProcess.RunAsync(["run", "--", "true"], new Dictionary<string, string> { ["CARBONSCOPE_CONFIG"] = config });
        var fromEnvironment = await CliProcess.RunAsync(["run", "--", "true"], new Dictionary<string, string> { ["CARBONSCOPE_PUE"] = "high" });
        await File.WriteAllTextAsync(config, "{ not json", TestContext.Current.CancellationToken);
        var notJson = await CliProcess.RunAsync(["run", "--", "true"], new Dictionary<string, string> { ["CARBONSCOPE_CONFIG"] = config });

        Assert.Equal((2, 2, 2), (fromFile.ExitCode, fromEnvironment.ExitCode, notJson.ExitCode));
        Assert.Equal($"carbonscope: {config}: \"interval\": 'fast' is not a duration: write a number and a unit, e.g. 200ms, 1s, 5m or 2h.\n", fromFile.StandardError);
        Assert.Equal("carbonscope: CARBONSCOPE_PUE: 'high' is not a PUE: write a number such as 1.0 (a laptop) or 1.2 (a cloud data centre).\n", fromEnvironment.StandardError);
        Assert.StartsWith($"carbonscope: the configuration file {config} cannot be read:", notJson.StandardError, StringComparison.Ordinal);
        Assert.Single(notJson.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_summary_gives_intensity_with_zone_source_and_year_the_emissions_and_an_equivalent_with_its_source()
    {
        var result = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--no-store", "--output", _dir, "--country", "PL", "--pue", "1.2", "--", "true"]);

        Assert.Equal(0, result.ExitCode);
        var error = result.StandardError;
        Assert.Matches(@"Energy:\s+.+ x PUE 1\.2 = ", error);
        Assert.Matches(@"Intensity:\s+\d+(\.\d+)? g CO2e/kWh for PL \(Poland; from --country PL\): annual average 20\d\d", error);
        Assert.Matches(@"Emissions:\s+\d+(\.\d+)? (µg|mg|g|kg) CO2e", error);
        Assert.Matches(@"= \S+ km .+\(.*EEA.*\)", error);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Splits one CSV row (RFC 4180) into the codecarbon columns.</summary>
    private static Dictionary<string, string> Csv(string line)
    {
        var fields = CsvRow.Split(line);
        Assert.Equal(s_codecarbonColumns.Length, fields.Count);
        return s_codecarbonColumns.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }
}
