using System.Text.Json;

namespace CarbonScope.Cli.Tests;

/// <summary>The history store as a user meets it: runs, show, plots, interrupted and killed runs, a store that cannot be used.</summary>
public sealed class HistoryTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;

    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-history-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => Path.Combine(_dir, "runs.db");

    private string EmptySys => Directory.CreateDirectory(Path.Combine(_dir, "sys")).FullName;

    [Fact]
    public async Task A_run_is_listed_shown_and_plotted_from_the_store()
    {
        var run = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", _dir, "--interval", "50ms", "--format", "json", "--project", "p1",
            "--", "sh", "-c", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done"]);
        Assert.Equal(0, run.ExitCode);
        using var record = JsonDocument.Parse(run.StandardOutput);
        var id = record.RootElement.GetProperty("id").GetString()!;

        var runs = await CliProcess.RunAsync(["runs", "--store", Store, "--format", "json"]);
        var text = await CliProcess.RunAsync(["runs", "--store", Store]);
        var show = await CliProcess.RunAsync(["show", id[..8], "--store", Store]);
        var png = Path.Combine(_dir, "power.png");
        var svg = Path.Combine(_dir, "power.svg");
        var plotPng = await CliProcess.RunAsync(["show", id, "--store", Store, "--plot", png]);
        var plotSvg = await CliProcess.RunAsync(["show", id, "--store", Store, "--plot", svg, "--format", "json"]);

        Assert.Equal(0, runs.ExitCode);
        using var list = JsonDocument.Parse(runs.StandardOutput);
        var stored = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal(id, stored.GetProperty("id").GetString());
        Assert.Equal("completed", stored.GetProperty("status").GetString());
        Assert.Equal("p1", stored.GetProperty("project").GetString());
        Assert.Equal(record.RootElement.GetProperty("energyJoules").GetDouble(), stored.GetProperty("energyJoules").GetDouble());
        Assert.Equal(record.RootElement.GetProperty("emissionsGrams").GetDouble(), stored.GetProperty("emissionsGrams").GetDouble());
        Assert.Contains(id, text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("completed", text.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains($"Run {id}: completed, exit code 0", show.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"Intensity:\s+\d", show.StandardOutput);
        Assert.Equal((0, 0), (plotPng.ExitCode, plotSvg.ExitCode));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(png, TestContext.Current.CancellationToken))[..4]);
        var svgText = await File.ReadAllTextAsync(svg, TestContext.Current.CancellationToken);
        Assert.Contains("<svg", svgText, StringComparison.Ordinal);
        Assert.Contains("cpu", svgText, StringComparison.Ordinal); // the legend names the devices
        using var shown = JsonDocument.Parse(plotSvg.StandardOutput);
        Assert.Equal(id, shown.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Show_of_an_unknown_run_exits_3_and_a_bad_plot_name_exits_2()
    {
        await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", _dir, "--", "true"]);

        var unknown = await CliProcess.RunAsync(["show", "ffffffff", "--store", Store]);
        var badPlot = await CliProcess.RunAsync(["show", "ffffffff", "--store", Store, "--plot", Path.Combine(_dir, "x.gif")]);

        Assert.Equal(3, unknown.ExitCode);
        Assert.Equal($"carbonscope: no run 'ffffffff' in {Store}: 'carbonscope runs' lists the recorded ones.\n", unknown.StandardError);
        Assert.Equal(2, badPlot.ExitCode);
        Assert.Contains("must end in .png or .svg", badPlot.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plot_that_cannot_be_written_and_a_store_that_is_a_directory_are_one_line_usage_errors()
    {
        var run = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", _dir, "--format", "json", "--", "true"]);
        using var record = JsonDocument.Parse(run.StandardOutput);
        var id = record.RootElement.GetProperty("id").GetString()!;
        var missingDirectory = Path.Combine(_dir, "no-such-directory", "power.png");

        var plot = await CliProcess.RunAsync(["show", id, "--store", Store, "--plot", missingDirectory]);
        var directory = await CliProcess.RunAsync(["runs", "--store", _dir]);

        Assert.Equal(2, plot.ExitCode);
        Assert.StartsWith($"carbonscope: --plot {missingDirectory}: cannot be written", plot.StandardError, StringComparison.Ordinal);
        Assert.Single(plot.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, directory.ExitCode);
        Assert.Equal($"carbonscope: --store {_dir} is a directory: give the database file, e.g. {Path.Combine(_dir, "runs.db")}.\n", directory.StandardError);
    }

    [Fact]
    public async Task The_default_store_is_under_xdg_data_home()
    {
        using var cli = await CliProcess.StartAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--", "true"]);
        var result = await cli.WaitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(cli.Home, ".local", "share", "carbonscope", "runs.db")));
        Assert.True(File.Exists(Path.Combine(cli.Home, "emissions.csv"))); // the working directory
    }

    [Fact]
    public async Task Sigint_is_passed_on_the_command_awaited_and_the_run_saved_as_interrupted()
    {
        var json = Path.Combine(_dir, "run.json");
        using var cli = await CliProcess.StartAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", _dir, "--json", json,
            "--", "sh", "-c", "trap 'echo cleaning-up; exit 130' INT; echo ready; while :; do sleep 0.05; done"]);
        Assert.Equal("ready", await cli.ReadLineAsync());

        cli.Signal(SigInt);
        Assert.Equal("cleaning-up", await cli.ReadLineAsync()); // the command got SIGINT and ran its handler
        var result = await cli.WaitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("was interrupted and exited with code 130", result.StandardError, StringComparison.Ordinal);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        Assert.Equal("interrupted", record.RootElement.GetProperty("status").GetString());
        var runs = await CliProcess.RunAsync(["runs", "--store", Store, "--format", "json"]);
        using var list = JsonDocument.Parse(runs.StandardOutput);
        Assert.Equal("interrupted", Assert.Single(list.RootElement.EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(2, (await File.ReadAllLinesAsync(Path.Combine(_dir, "emissions.csv"), TestContext.Current.CancellationToken)).Length);
    }

    [Fact]
    public async Task A_killed_carbonscope_leaves_an_incomplete_run_with_the_energy_of_its_last_flush()
    {
        using var cli = await CliProcess.StartAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", _dir, "--interval", "50ms",
            "--", "sh", "-c", "echo $$; exec sleep 120"]);
        var childPid = int.Parse((await cli.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            // Wait (on the store, not on a clock) until carbonscope has flushed samples at least once, then kill it.
            JsonElement running;
            // Woken by the store's files changing (inotify), not by a clock: each write may be the flush looked for.
            using var written = new SemaphoreSlim(0);
            using var watcher = new FileSystemWatcher(_dir, "runs.db*") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Changed += (_, _) => written.Release();
            watcher.EnableRaisingEvents = true;
            while (true)
            {
                running = await SingleRunAsync();
                Assert.Equal("running", running.GetProperty("status").GetString());
                if (running.GetProperty("durationSeconds").GetDouble() > 0)
                {
                    break;
                }

                Assert.True(await written.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken), "the store was not written to for a minute: no flush");
            }

            cli.Signal(SigKill);
            await cli.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            _ = RunningCli.Kill(childPid, SigKill);
        }

        var incomplete = await SingleRunAsync();
        Assert.Equal("incomplete", incomplete.GetProperty("status").GetString());
        Assert.True(incomplete.GetProperty("durationSeconds").GetDouble() > 0);
        Assert.True(incomplete.GetProperty("deviceEnergyJoules").GetDouble() > 0);
        Assert.False(File.Exists(Path.Combine(_dir, "emissions.csv"))); // carbonscope never reached its end
    }

    [Fact]
    public async Task A_corrupt_store_gives_one_warning_and_the_csv_and_json_are_still_written_with_the_commands_exit_code()
    {
        await File.WriteAllBytesAsync(Store, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256))], TestContext.Current.CancellationToken);
        var json = Path.Combine(_dir, "run.json");

        var result = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", _dir, "--json", json, "--", "sh", "-c", "exit 5"]);

        Assert.Equal(5, result.ExitCode);
        var warning = Assert.Single(result.StandardError.Split('\n'), l => l.StartsWith("carbonscope: warning:", StringComparison.Ordinal));
        Assert.Contains(Store, warning, StringComparison.Ordinal);
        Assert.True(File.Exists(json));
        Assert.Equal(2, (await File.ReadAllLinesAsync(Path.Combine(_dir, "emissions.csv"), TestContext.Current.CancellationToken)).Length);
        var runs = await CliProcess.RunAsync(["runs", "--store", Store]);
        Assert.Equal(4, runs.ExitCode);
        Assert.StartsWith("carbonscope: ", runs.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_cannot_be_written_gives_a_warning_and_the_other_outputs()
    {
        // /proc refuses new files even to root, so this holds whoever runs the tests.
        var store = "/proc/carbonscope-test/runs.db";
        var json = Path.Combine(_dir, "run.json");

        var result = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", store, "--output", _dir, "--json", json, "--", "true"]);

        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(result.StandardError.Split('\n'), l => l.StartsWith("carbonscope: warning:", StringComparison.Ordinal));
        Assert.Contains("/proc/carbonscope-test", warning, StringComparison.Ordinal);
        Assert.True(File.Exists(json));
        Assert.True(File.Exists(Path.Combine(_dir, "emissions.csv")));
    }

    [Fact]
    public async Task A_read_only_store_gives_a_warning_and_the_csv_and_json_are_still_written()
    {
        var first = await CliProcess.RunAsync(["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", _dir, "--", "true"]);
        Assert.Equal(0, first.ExitCode);
        File.SetUnixFileMode(Store, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var output = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        var json = Path.Combine(output, "run.json");
        string[] run = ["run", "--sysfs-root", EmptySys, "--no-gpu", "--store", Store, "--output", output, "--json", json, "--", "sh", "-c", "exit 4"];

        CliResult result;
        if (Environment.UserName == "root")
        {
            // Root writes to a read-only file anyway: run carbonscope as nobody, as an ordinary user would meet this.
            var dll = Path.Combine(AppContext.BaseDirectory, "CarbonScope.Cli.dll");
            if (!OthersCanRead(dll))
            {
                Assert.Skip($"running as root, and user nobody cannot read {dll} (a parent directory is closed to others), so the read-only case cannot be shown");
            }

            foreach (var directory in new[] { _dir, output, EmptySys })
            {
                File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
            }

            result = await CliProcess.RunCommandAsync(
                "setpriv",
                ["--reuid", "65534", "--regid", "65534", "--clear-groups", "dotnet", Path.Combine(AppContext.BaseDirectory, "CarbonScope.Cli.dll"), .. run],
                output);
        }
        else
        {
            result = await CliProcess.RunAsync(run);
        }

        Assert.Equal(4, result.ExitCode);
        var warning = Assert.Single(result.StandardError.Split('\n'), l => l.StartsWith("carbonscope: warning:", StringComparison.Ordinal));
        Assert.Contains("read-only", warning, StringComparison.Ordinal);
        Assert.Contains(Store, warning, StringComparison.Ordinal);
        Assert.True(File.Exists(json));
        Assert.Equal(2, (await File.ReadAllLinesAsync(Path.Combine(output, "emissions.csv"), TestContext.Current.CancellationToken)).Length);
    }

    private static bool OthersCanRead(string file)
    {
        if ((File.GetUnixFileMode(file) & UnixFileMode.OtherRead) == 0)
        {
            return false;
        }

        for (var directory = Path.GetDirectoryName(file); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            if ((File.GetUnixFileMode(directory) & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<JsonElement> SingleRunAsync()
    {
        var runs = await CliProcess.RunAsync(["runs", "--store", Store, "--format", "json"]);
        Assert.Equal(0, runs.ExitCode);
        using var list = JsonDocument.Parse(runs.StandardOutput);
        return Assert.Single(list.RootElement.EnumerateArray()).Clone();
    }
}
