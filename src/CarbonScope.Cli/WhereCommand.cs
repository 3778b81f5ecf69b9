using System.CommandLine;
using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Scheduling;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope where --zones FR,DE,PL --duration 4h [--within 24h | --from T --to T] [--source NAME | --file F]
/// [--offline] [--format text|json]</c>: the zones ranked by the best window's average intensity, with its times
/// (docs/scheduling.md).
/// </summary>
internal static class WhereCommand
{
    public static Command Create(CliContext context)
    {
        var zones = new Option<string>("--zones") { Description = "The zones to compare, separated by commas: FR,DE,PL.", HelpName = "ZONES", Required = true };
        var duration = TextParsers.Option<TimeSpan>("--duration", "How long the job runs, e.g. 4h.", "DURATION", WindowCommand.PositiveDuration);
        duration.Required = true;
        var options = new WindowCommand.RangeOptions();
        var command = new Command("where", "Where and when a job of a given length emits least: the zones ranked by the average intensity of their best window.");
        command.Options.Add(zones);
        command.Options.Add(duration);
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keys = parse.GetValue(zones)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (keys.Length == 0)
            {
                throw new UsageException("--zones needs at least one zone, e.g. --zones FR,DE,PL.");
            }

            var time = TimeProvider.System;
            var length = parse.GetValue(duration);
            var range = options.Range(parse, time.GetUtcNow(), length);
            using var http = new HttpClient();
            using var store = GridSettings.OpenCache(context);
            var service = options.Service(parse, context, http, store, time);
            var series = new Dictionary<string, IntensitySeries>(StringComparer.Ordinal);
            var problems = new List<ZoneWindow>();
            foreach (var key in keys.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var gridZone = GridSettings.Zone(key);
                try
                {
                    series[gridZone.Key] = await WindowCommand.FetchAsync(service, gridZone, range, cancellationToken).ConfigureAwait(false);
                }
                catch (IntensityProviderException e)
                {
                    problems.Add(new ZoneWindow(gridZone.Key, null, e.Message));
                }
                catch (SeriesCoverageException e)
                {
                    problems.Add(new ZoneWindow(gridZone.Key, null, e.Message));
                }
            }

            var ranking = WindowFinder.Where(series, length, range.From, range.To).Concat(problems.OrderBy(p => p.Zone, StringComparer.Ordinal)).ToList();
            if (parse.GetValue(options.Format) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(Json(length, ranking)).ConfigureAwait(false);
            }
            else
            {
                Write(Output.Console(context.Out, context.OutIsTerminal), length, ranking, series);
            }

            return ranking.Any(z => z.Window is not null) ? ExitCodes.Success : ExitCodes.NoIntensity;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, TimeSpan duration, IReadOnlyList<ZoneWindow> ranking, Dictionary<string, IntensitySeries> series)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "#", "zone", "start", "end", "g CO2e/kWh", "how obtained" })
        {
            table.AddColumn(column);
        }

        var rank = 0;
        foreach (var zone in ranking)
        {
            if (zone.Window is { } window)
            {
                table.AddRow((++rank).ToString(CultureInfo.InvariantCulture), Markup.Escape(zone.Zone), Output.Utc(window.Start), Output.Utc(window.End), window.Average.GramsPerKilowattHour.ToString("0.#", CultureInfo.InvariantCulture), Markup.Escape(Output.IntensityText(series[zone.Zone].Points.First(p => p.Value is not null).Provenance, withFallback: false)));
            }
            else
            {
                table.AddRow("-", Markup.Escape(zone.Zone), "-", "-", "-", "-");
            }
        }

        console.Write(table);
        console.WriteLine($"Best {SeriesCoverageException.Format(duration)} window in each zone, lowest average first.");
        foreach (var zone in ranking.Where(z => z.Window is null))
        {
            console.WriteLine($"{zone.Zone}: no window: {zone.Problem}");
        }
    }

    private static string Json(TimeSpan duration, IReadOnlyList<ZoneWindow> ranking) => Output.JsonObject(writer =>
    {
        writer.WriteNumber("durationSeconds", duration.TotalSeconds);
        writer.WriteStartArray("zones");
        foreach (var zone in ranking)
        {
            writer.WriteStartObject();
            writer.WriteString("zone", zone.Zone);
            writer.WriteString("start", zone.Window is { } w ? Output.Iso(w.Start) : null);
            writer.WriteString("end", zone.Window is { } e ? Output.Iso(e.End) : null);
            Output.WriteNumberOrNull(writer, "averageGramsPerKwh", zone.Window?.Average.GramsPerKilowattHour);
            writer.WriteString("problem", zone.Problem);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });
}
