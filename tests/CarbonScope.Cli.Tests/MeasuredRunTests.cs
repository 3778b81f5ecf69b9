using System.Text.Json;
using CarbonScope.Testing;

namespace CarbonScope.Cli.Tests;

/// <summary>A run measured from a powercap tree given by --sysfs-root, whose counter this test advances while CMD runs.</summary>
public sealed class MeasuredRunTests
{
    [Fact]
    public async Task The_energy_written_to_the_counter_is_the_energy_reported_across_a_wrap()
    {
        // 2 J in all, written as fast as the test can, across one wrap: whatever samples fall between the writes, no
        // interval holds more than the counter's range (so the wrap is unambiguous), and 2 J stays plausible (under the
        // 5 kW limit of a 1000 W package) even over the shortest interval the command's exit can take.
        const ulong Range = 1_000_000_000; // the counter wraps at 1000 J
        const ulong Start = 999_000_000;   // 1 J before the wrap
        const ulong Step = 200_000;        // 0.2 J a step
        const int Steps = 10;
        using var sys = new FakePowercapTree(FakeLayout.Kernel).Zone("intel-rapl:0", "package-0", Start, Range);
        var json = Path.Combine(sys.Root, "run.json");

        // Machine mode starts the tracker (its baseline reading) before CMD, so "ready" means the baseline is taken.
        using var cli = await CliProcess.StartAsync(["run", "--sysfs-root", sys.Root, "--mode", "machine", "--cpu-tdp", "1000W", "--no-gpu", "--no-store", "--output", sys.Root, "--json", json, "--interval", "200ms",
            "--", "sh", "-c", "echo ready; read line; echo done"]);
        Assert.Equal("ready", await cli.ReadLineAsync());

        var counter = Start;
        for (var i = 0; i < Steps; i++)
        {
            counter = (counter + Step) % Range;
            sys.SetEnergyConcurrently("intel-rapl:0", counter);
        }

        await cli.Process.StandardInput.WriteLineAsync("go");
        await cli.Process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        var result = await cli.WaitAsync();

        Assert.Equal(0, result.ExitCode);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var cpu = record.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "cpu");
        Assert.Equal("measured", cpu.GetProperty("method").GetString());
        Assert.Equal("rapl", cpu.GetProperty("source").GetString());
        var written = (double)(Step * Steps) / 1e6;
        Assert.InRange(cpu.GetProperty("energyJoules").GetDouble(), written * 0.95, written * 1.05);
        Assert.Equal("machine", record.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task On_a_terminal_a_live_status_line_shows_while_the_command_runs()
    {
        // script(1) gives the CLI a pseudo-terminal, as a user's shell would.
        var sys = Directory.CreateTempSubdirectory("carbonscope-tty-").FullName;
        try
        {
            var cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "CarbonScope.Cli.dll")} run --sysfs-root {sys} --no-gpu --no-store --output {sys} --country FR -- sh -c 'echo from-cmd'";
            var result = await CliProcess.RunCommandAsync("script", ["-qec", cli, "/dev/null"], sys);

            Assert.Equal(0, result.ExitCode);
            Assert.Matches(@"\r\u001b\[2Kcarbonscope 0 ms \| .*W.* \| .*J \| .*CO2e", result.StandardOutput);
            Assert.Contains("from-cmd", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("Emissions:", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(sys, recursive: true);
        }
    }

    [Fact]
    public async Task Ctrl_c_at_a_terminal_reaches_the_command_once_and_the_run_is_interrupted()
    {
        var dir = Directory.CreateTempSubdirectory("carbonscope-ctrlc-").FullName;
        try
        {
            var json = Path.Combine(dir, "run.json");
            // The command counts the SIGINTs it gets until half a second after the first.
            var command = Path.Combine(dir, "count-sigint.sh");
            await File.WriteAllTextAsync(command, "n=0\ntrap 'n=$((n+1))' INT\necho ready\nwhile [ $n -eq 0 ]; do sleep 0.05; done\nsleep 0.5\necho got-int-$n\nexit 130\n", TestContext.Current.CancellationToken);
            var cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "CarbonScope.Cli.dll")} run --sysfs-root {dir} --no-gpu --no-store --output {dir} --json {json} -- sh {command}";
            var start = new System.Diagnostics.ProcessStartInfo("script", ["-qec", cli, "/dev/null"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir,
            };
            start.Environment["HOME"] = dir;
            using var script = System.Diagnostics.Process.Start(start)!;
            using var running = new RunningCli(script, Directory.CreateTempSubdirectory("carbonscope-home-").FullName);
            while (await running.ReadLineAsync() is { } line && !line.Contains("ready", StringComparison.Ordinal))
            {
            }

            // The terminal turns ^C into SIGINT for its foreground process group: carbonscope and the command.
            await script.StandardInput.WriteAsync("\u0003");
            await script.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
            var result = await running.WaitAsync();

            Assert.Equal(130, result.ExitCode);
            // (The terminal echoes ^C just before the command's line.)
            Assert.Single(result.StandardOutput.Split('\n'), l => l.TrimEnd('\r').EndsWith("got-int-1", StringComparison.Ordinal));
            Assert.Contains("was interrupted and exited with code 130", System.Text.RegularExpressions.Regex.Replace(result.StandardOutput, @"\s+", " "), StringComparison.Ordinal);
            using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            Assert.Equal("interrupted", record.RootElement.GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
