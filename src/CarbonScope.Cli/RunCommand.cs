using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope run [options] -- CMD [ARGS...]</c>: runs CMD with this terminal's stdin/stdout/stderr, measures the
/// energy of its process tree (or of the machine), and prints the figures on stderr when it ends.
/// </summary>
internal static partial class RunCommand
{
    private const int SigTerm = 15;

    public static Command Create(MeasurementArguments arguments, TextWriter error)
    {
        var mode = new Option<TrackingMode>("--mode")
        {
            Description = "process: CMD's process tree (default); machine: the whole host.",
            DefaultValueFactory = _ => TrackingMode.Process,
            HelpName = "process|machine",
            CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
            {
                "process" => TrackingMode.Process,
                "machine" => TrackingMode.Machine,
                var other => MeasurementArguments.Fail<TrackingMode>(result, $"'{other}' is not a tracking mode: use process or machine."),
            },
        };
        var interval = MeasurementArguments.IntervalOption();
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run and its arguments, after --.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("run", "Run a command and measure the energy it uses, per CPU, GPU and RAM.");
        command.Options.Add(mode);
        command.Options.Add(interval);
        foreach (var option in arguments.All)
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(commandLine);
        command.SetAction((parse, cancellationToken) =>
        {
            var options = arguments.ToOptions(parse);
            options.Mode = parse.GetValue(mode);
            options.Interval = parse.GetValue(interval);
            return RunAsync(parse.GetValue(commandLine)!, options, error);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] commandLine, MeasurementOptions options, TextWriter error)
    {
        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // Discover first: the command's first moments are measured only once the tracker has started.
        var discovery = SensorDiscovery.Discover(options);
        using var child = new Process { StartInfo = start };
        try
        {
            child.Start();
        }
        catch (Win32Exception exception) when (exception.NativeErrorCode == 2)
        {
            DisposeAll(discovery);
            await error.WriteLineAsync($"carbonscope: {commandLine[0]}: command not found (check the name and PATH).").ConfigureAwait(false);
            return ExitCodes.CommandNotFound;
        }
        catch (Win32Exception exception)
        {
            DisposeAll(discovery);
            await error.WriteLineAsync($"carbonscope: {commandLine[0]}: cannot run it: {exception.Message} (check that it is an executable file and that you may execute it).").ConfigureAwait(false);
            return ExitCodes.CommandNotExecutable;
        }

        // The terminal sends Ctrl-C to CMD as well: carbonscope stays alive to report. SIGTERM sent to carbonscope alone is passed on.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _ = Kill(child.Id, SigTerm);
        });

        options.ProcessId = child.Id;
        options.ReaperProcessId = Environment.ProcessId;
        await using var tracker = EnergyTrackerFactory.Create(options, discovery);
        tracker.Start();
        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        var result = await tracker.StopAsync().ConfigureAwait(false);

        var console = Output.Console(error, isTerminal: !Console.IsErrorRedirected);
        console.WriteLine();
        console.WriteLine($"carbonscope: '{string.Join(' ', commandLine)}' exited with code {child.ExitCode}.");
        Output.WriteSummary(console, result);
        return child.ExitCode;
    }

    private static void DisposeAll(DiscoveryResult discovery)
    {
        foreach (var sensor in discovery.Sensors)
        {
            sensor.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
