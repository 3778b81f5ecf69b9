namespace CarbonScope.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("carbonscope-cli-").FullName;

    public void Dispose() => Directory.Delete(_empty, recursive: true);

    [Fact]
    public async Task Run_passes_the_commands_output_through_and_exits_with_its_code()
    {
        var result = await CliProcess.RunAsync(["run", "--sysfs-root", _empty, "--no-gpu", "--", "sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("to-stdout\n", result.StandardOutput); // stdout belongs to the command alone
        Assert.Contains("to-stderr", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_reports_each_device_with_its_unit_method_and_source_and_why_rapl_was_not_used()
    {
        var result = await CliProcess.RunAsync(["run", "--sysfs-root", _empty, "--no-gpu", "--interval", "100ms", "--", "sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardError.Split('\n');
        var cpu = Assert.Single(lines, l => l.TrimStart().StartsWith("cpu ", StringComparison.Ordinal));
        Assert.Matches(@"\d+(\.\d+)? (µJ|mJ|J|Wh)\s+\d+(\.\d+)? (mW|W)\s+estimated\s+cpu-load-model", cpu);
        var ram = Assert.Single(lines, l => l.TrimStart().StartsWith("ram ", StringComparison.Ordinal));
        Assert.Contains("ram-model", ram, StringComparison.Ordinal);
        Assert.Contains("process tree of pid", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("cpu: codecarbon cpu_load", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"no RAPL powercap zones under {_empty}/class/powercap", result.StandardError.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_does_not_exist_exits_127_with_one_line()
    {
        var result = await CliProcess.RunAsync(["run", "--no-gpu", "--", "carbonscope-no-such-command"]);

        Assert.Equal(127, result.ExitCode);
        Assert.Equal("carbonscope: carbonscope-no-such-command: command not found (check the name and PATH).\n", result.StandardError);
    }

    [Fact]
    public async Task A_file_that_is_not_executable_exits_126()
    {
        var script = Path.Combine(_empty, "not-executable.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await CliProcess.RunAsync(["run", "--no-gpu", "--", script]);

        Assert.Equal(126, result.ExitCode);
        Assert.StartsWith($"carbonscope: {script}: cannot run it:", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5ms", "outside the allowed range: use 10ms to 1h")]
    [InlineData("2h", "outside the allowed range: use 10ms to 1h")]
    [InlineData("fast", "'fast' is not a duration")]
    public async Task A_bad_interval_exits_2_and_says_how_to_fix_it(string interval, string message)
    {
        var result = await CliProcess.RunAsync(["run", "--interval", interval, "--", "true"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task A_bad_mode_or_tdp_exits_2()
    {
        var mode = await CliProcess.RunAsync(["run", "--mode", "cluster", "--", "true"]);
        var tdp = await CliProcess.RunAsync(["run", "--cpu-tdp", "150", "--", "true"]);

        Assert.Equal((2, 2), (mode.ExitCode, tdp.ExitCode));
        Assert.Contains("'cluster' is not a tracking mode: use process or machine", mode.StandardError, StringComparison.Ordinal);
        Assert.Contains("'150' is not a power: write a number and a unit, e.g. 150W", tdp.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_without_a_command_exits_2()
    {
        var result = await CliProcess.RunAsync(["run"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("carbonscope:", result.StandardError, StringComparison.Ordinal);
    }
}
