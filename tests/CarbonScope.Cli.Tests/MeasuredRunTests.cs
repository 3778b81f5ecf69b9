using System.Text.Json;
using CarbonScope.Testing;

namespace CarbonScope.Cli.Tests;

/// <summary>A run measured from a powercap tree given by --sysfs-root, whose counter this test advances while CMD runs.</summary>
public sealed class MeasuredRunTests
{
    [Fact]
    public async Task The_energy_written_to_the_counter_is_the_energy_reported_across_a_wrap()
    {
        const ulong Range = 1_000_000_000; // the counter wraps at 1000 J
        const ulong Start = 950_000_000;   // 50 J before the wrap
        const ulong Step = 25_000_000;     // 25 J a step: 250 W at one step per 100 ms; with 200 ms samples, far under the 5 kW plausibility limit
        const int Steps = 40;              // 1000 J in all, across one wrap
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
            // Paces the writes like a real package drawing 250 W; the figure checked does not depend on this delay.
            await Task.Delay(100, TestContext.Current.CancellationToken);
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
}
