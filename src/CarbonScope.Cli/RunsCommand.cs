using System.CommandLine;
using System.Globalization;
using CarbonScope.Reporting;
using CarbonScope.Units;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary><c>carbonscope runs [--store PATH] [--format json] [--limit N]</c>: the history, newest first.</summary>
internal static class RunsCommand
{
    private static readonly string[] s_columns = ["id", "status", "exit", "started (UTC)", "duration", "energy", "CO2e", "zone", "command"];

    public static Command Create(CliContext context)
    {
        var store = new StoreArguments();
        var limit = TextParsers.Option<int>("--limit", "How many runs to list, newest first. Default 50.", "N", ParseLimit);
        var command = new Command("runs", "List the recorded runs, newest first: id, status, when, duration, energy, emissions, command.");
        command.Options.Add(store.Store);
        command.Options.Add(store.Format);
        command.Options.Add(limit);
        command.SetAction(parse =>
        {
            var (path, format) = store.Resolve(parse, context);
            var count = parse.GetResult(limit) is { Implicit: false } ? parse.GetValue(limit) : 50;
            using var runStore = StoreArguments.OpenExisting(path);
            var runs = runStore?.ListRuns(count) ?? [];
            if (format == OutputFormat.Json)
            {
                context.Out.WriteLine(RunRecordJson.SerializeList(runs));
                return ExitCodes.Success;
            }

            if (runs.Count == 0)
            {
                context.Out.WriteLine($"No runs recorded in {path} yet: 'carbonscope run -- CMD' records one.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple);
            foreach (var column in s_columns)
            {
                table.AddColumn(column);
            }

            foreach (var run in runs)
            {
                table.AddRow(
                    Markup.Escape(run.Id),
                    Markup.Escape(RunStatusNames.Name(run.Status)),
                    run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(DurationText.Format(run.Duration)),
                    Markup.Escape(run.Energy.ToString()),
                    Markup.Escape(run.Emissions.ToString()),
                    Markup.Escape(run.Zone.Zone),
                    Markup.Escape(string.Join(' ', run.Command)));
            }

            Output.Console(context.Out, context.OutIsTerminal).Write(table);
            context.Out.WriteLine($"{runs.Count} run(s) from {path}; energy after PUE; 'carbonscope show ID' for details.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool ParseLimit(string text, out int value, out string error)
    {
        error = $"'{text}' is not a number of runs: use a whole number from 1 to 100000.";
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= 100_000;
    }
}
