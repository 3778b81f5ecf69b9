using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CarbonScope.Cli.Tests;

/// <summary>What one run of the carbonscope CLI printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs the built CLI (CarbonScope.Cli.dll beside the tests) through <c>dotnet</c>, as a user would. Unless the caller
/// sets them, HOME, XDG_CONFIG_HOME and XDG_DATA_HOME point into a fresh temporary home and the working directory is
/// that home, so no test reads the real configuration or writes to the real history or the test directory.
/// </summary>
internal static class CliProcess
{
    public static async Task<CliResult> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = await StartAsync(arguments, environment, workingDirectory, redirectInput: false);
        return await process.WaitAsync();
    }

    /// <summary>Runs another program (e.g. script(1) around the CLI) with the same isolated home.</summary>
    public static async Task<CliResult> RunCommandAsync(string program, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = workingDirectory;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(workingDirectory, ".config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(workingDirectory, ".local", "share");
        using var process = Process.Start(start)!;
        using var running = new RunningCli(process, Directory.CreateTempSubdirectory("carbonscope-home-").FullName);
        return await running.WaitAsync();
    }

    /// <summary>Starts the CLI and returns at once; stdout is read line by line through <see cref="RunningCli.ReadLineAsync"/>.</summary>
    public static Task<RunningCli> StartAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, bool redirectInput = true)
    {
        var home = Directory.CreateTempSubdirectory("carbonscope-home-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? home,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CarbonScope.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share");
        start.Environment.Remove("CARBONSCOPE_CONFIG");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CARBONSCOPE_", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Task.FromResult(new RunningCli(Process.Start(start)!, home));
    }
}

/// <summary>A CLI process started by <see cref="CliProcess.StartAsync"/>.</summary>
internal sealed partial class RunningCli : IDisposable
{
    private readonly Task<string> _error;
    private readonly StringBuilder _errorSoFar = new();
    private readonly Lock _errorLock = new();
    private TaskCompletionSource _errorChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _errorEnded;

    public RunningCli(Process process, string home)
    {
        Process = process;
        Home = home;
        _error = ReadErrorAsync(process.StandardError, TestContext.Current.CancellationToken);
    }

    public Process Process { get; }

    /// <summary>The temporary home (and default working directory) of this run.</summary>
    public string Home { get; }

    /// <summary>The next line of stdout (null at its end); a safety net of two minutes against a hung CLI.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        return await Process.StandardOutput.ReadLineAsync(timeout.Token);
    }

    /// <summary>
    /// The first whole line of stderr that starts with <paramref name="prefix"/>, as soon as it has been written; fails if
    /// stderr ends without one. A safety net of two minutes against a hung CLI.
    /// </summary>
    public async Task<string> WaitForErrorLineAsync(string prefix)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            Task changed;
            lock (_errorLock)
            {
                var text = _errorSoFar.ToString();
                var lines = text.Split('\n');
                if (lines[..^1].FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                {
                    return line;
                }

                Assert.False(_errorEnded, $"stderr ended without a line starting with '{prefix}': {text}");
                changed = _errorChanged.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    /// <summary>Sends a signal to the CLI process itself.</summary>
    public void Signal(int signal) => Assert.Equal(0, Kill(Process.Id, signal));

    /// <summary>Waits for the CLI to exit; the rest of stdout and all of stderr.</summary>
    public async Task<CliResult> WaitAsync()
    {
        var output = Process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        // A safety net against a hung CLI, not a timing assertion.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await Process.WaitForExitAsync(timeout.Token);
        return new CliResult(Process.ExitCode, await output, await _error);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // All of stderr, kept as it arrives so that WaitForErrorLineAsync can look at it before the CLI exits.
    private async Task<string> ReadErrorAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        int read;
        do
        {
            read = await reader.ReadAsync(buffer, cancellationToken);
            TaskCompletionSource changed;
            lock (_errorLock)
            {
                _errorSoFar.Append(buffer, 0, read);
                _errorEnded = read == 0;
                changed = _errorChanged;
                _errorChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }
        while (read > 0);

        lock (_errorLock)
        {
            return _errorSoFar.ToString();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int processId, int signal);
}
