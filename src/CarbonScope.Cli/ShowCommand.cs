using System.CommandLine;
using CarbonScope.Reporting;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary><c>carbonscope show RUN [--store PATH] [--plot FILE.png|.svg] [--format json]</c>: one run, and its power timeline.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var store = new StoreArguments();
        var run = new Argument<string>("run") { Description = "The run's id, or the first characters of it (at least 4).", HelpName = "RUN" };
        var plot = new Option<string>("--plot")
        {
            Description = "Draw the power timeline per device to FILE (.png or .svg).",
            HelpName = "FILE",
        };
        var command = new Command("show", "Show one recorded run: energy per device, intensity, emissions; optionally plot its power over time.");
        command.Arguments.Add(run);
        command.Options.Add(store.Store);
        command.Options.Add(store.Format);
        command.Options.Add(plot);
        command.SetAction(parse =>
        {
            var (path, format) = store.Resolve(parse, context);
            var plotFile = parse.GetValue(plot);
            if (plotFile is not null && !PowerPlot.IsSupported(plotFile))
            {
                throw new UsageException($"--plot {plotFile}: the file name must end in .png or .svg.");
            }

            var id = parse.GetValue(run)!;
            using var runStore = StoreArguments.OpenExisting(path);
            var record = runStore?.FindRun(id);
            if (runStore is null || record is null)
            {
                context.Error.WriteLine($"carbonscope: no run '{id}' in {path}: 'carbonscope runs' lists the recorded ones.");
                return ExitCodes.NotFound;
            }

            var samples = runStore.ReadSamples(record.Id);
            if (format == OutputFormat.Json)
            {
                context.Out.WriteLine(RunRecordJson.Serialize(record));
            }
            else
            {
                var console = Output.Console(context.Out, context.OutIsTerminal);
                console.WriteLine($"Run {record.Id}: {RunStatusNames.Name(record.Status)}, exit code {record.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}; '{string.Join(' ', record.Command)}'{(record.Project is null ? string.Empty : $" (project {record.Project})")}.");
                console.WriteLine($"Started {record.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; {samples.Count} samples recorded.");
                Output.WriteRun(console, record);
            }

            if (plotFile is not null)
            {
                var target = Path.GetFullPath(plotFile);
                try
                {
                    PowerPlot.Save(target, record, samples);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"--plot {target}: cannot be written ({exception.Message}): check the directory exists and you may write to it.", exception);
                }

                context.Error.WriteLine($"carbonscope: power timeline written to {target}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
