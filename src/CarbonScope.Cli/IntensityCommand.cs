using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using CarbonScope.Grid;
using CarbonScope.Units;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope intensity --zone Z [--source NAME | --file F] [--at TIME | --from T --to T | --forecast] [--offline]
/// [--format text|json]</c>: the carbon intensity of a zone now, at a time, over a range or forecast, with provenance.
/// </summary>
internal static class IntensityCommand
{
    private const string Bars = "▁▂▃▄▅▆▇█";
    private static readonly string[] s_columns = ["start (UTC)", "duration", "g CO2e/kWh", "kind"];

    public static Command Create(CliContext context)
    {
        var zone = new Option<string>("--zone") { Description = "The zone: a country (FR, fra), a provider's zone (US-CAL-CISO, DK1, GB-REGION-13, CAISO_NORTH), or a position LAT,LON.", HelpName = "ZONE", Required = true };
        var source = new Option<string>("--source") { Description = $"Ask this provider only: {string.Join(", ", GridSettings.Names)}. Default: the configured chain (live providers with credentials, then embedded).", HelpName = "NAME" };
        var file = new Option<string>("--file") { Description = "Read the intensity from a file (CSV, JSON or Parquet; docs/providers/files.md).", HelpName = "FILE" };
        var at = TextParsers.Option<DateTimeOffset>("--at", "The value at this time (ISO 8601, e.g. 2025-03-01T12:00Z; 'now').", "TIME", TextParsers.Time);
        var from = TextParsers.Option<DateTimeOffset>("--from", "Start of a range (inclusive).", "TIME", TextParsers.Time);
        var to = TextParsers.Option<DateTimeOffset>("--to", "End of a range (exclusive); every point overlapping [from, to) is listed.", "TIME", TextParsers.Time);
        var forecast = new Option<bool>("--forecast") { Description = "The provider's forecast." };
        var offline = new Option<bool>("--offline") { Description = "Never use the network: local sources and cached answers only." };
        var format = TextParsers.Option<OutputFormat>("--format", "text (default) or json.", "text|json", TextParsers.Format);
        var command = new Command("intensity", "The carbon intensity of a zone (now, at a time, over a range, or forecast), with where each figure comes from.");
        foreach (var option in new Option[] { zone, source, file, at, from, to, forecast, offline, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (hasAt, hasFrom, hasTo, hasForecast) = (parse.GetResult(at) is not null, parse.GetResult(from) is not null, parse.GetResult(to) is not null, parse.GetValue(forecast));
            if ((hasAt ? 1 : 0) + (hasFrom || hasTo ? 1 : 0) + (hasForecast ? 1 : 0) > 1)
            {
                throw new UsageException("give one of --at TIME, --from T --to T and --forecast.");
            }

            if (hasFrom != hasTo)
            {
                throw new UsageException("a range needs both --from and --to.");
            }

            if (parse.GetValue(source) is not null && parse.GetValue(file) is not null)
            {
                throw new UsageException("give --source NAME or --file FILE, not both.");
            }

            var time = TimeProvider.System;
            var gridZone = GridSettings.Zone(parse.GetValue(zone)!);
            using var http = new HttpClient();
            var chain = GridSettings.Chain(context.Settings, http, time, parse.GetValue(source), parse.GetValue(file));
            using var store = GridSettings.OpenCache(context);
            var service = new IntensityService(chain, store, time, offline: parse.GetValue(offline), zoneFor: IntensityService.CloudRegionsToGridZones);
            IntensityAnswer answer;
            var series = true;
            if (hasForecast)
            {
                answer = await service.GetForecastAsync(gridZone, cancellationToken).ConfigureAwait(false);
            }
            else if (hasFrom)
            {
                var (start, end) = (parse.GetValue(from), parse.GetValue(to));
                if (end <= start)
                {
                    throw new UsageException("--to must be after --from (the range is [from, to)).");
                }

                answer = await service.GetHistoryAsync(gridZone, start, end, cancellationToken).ConfigureAwait(false);
            }
            else if (hasAt)
            {
                var instant = parse.GetValue(at);
                answer = await service.GetHistoryAsync(gridZone, instant, instant.AddSeconds(1), cancellationToken).ConfigureAwait(false);
                answer = answer with { Points = [.. answer.Points.Where(p => p.Start <= instant && instant < p.End).TakeLast(1)] };
                series = false;
            }
            else
            {
                answer = await service.GetLatestAsync(gridZone, cancellationToken).ConfigureAwait(false);
                series = false;
            }

            if (parse.GetValue(format) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(Json(answer)).ConfigureAwait(false);
            }
            else
            {
                Write(Output.Console(context.Out, context.OutIsTerminal), answer, series);
            }

            return answer.Points.Count > 0 ? ExitCodes.Success : ExitCodes.NotFound;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, IntensityAnswer answer, bool series)
    {
        if (answer.Points.Count == 0)
        {
            console.WriteLine($"{answer.Zone.Key}: {answer.Source} has no value for that time.");
            return;
        }

        if (!series)
        {
            var point = answer.Points[0];
            console.WriteLine($"{answer.Zone.Key}: {Value(point)}, {Describe(point.Provenance)}, for {Interval(point)}{(point.IsEstimated ? ", estimated by the provider" : string.Empty)}.");
        }
        else
        {
            WriteTable(console, answer.Points);
            var values = answer.Points.Where(p => p.Value is not null).Select(p => p.Value!.Value.GramsPerKilowattHour).ToArray();
            if (values.Length > 0)
            {
                if (values.Length > 1)
                {
                    console.WriteLine(Markup.Escape(Sparkline(values, 72)));
                }

                console.WriteLine($"{answer.Zone.Key}: {Output.SeriesSummary(values)}; {Describe(answer.Points[0].Provenance)}.");
            }

        }

        if (answer.FromCache && answer.Points[0].Provenance.FetchedAt is { } fetched)
        {
            console.WriteLine($"(from the cache of answers fetched at {Output.Utc(fetched)})");
        }

        foreach (var fallback in answer.Fallbacks)
        {
            console.WriteLine($"note: not from {Markup.Escape(fallback)}");
        }
    }

    /// <summary>A series as a table: start, duration, value (or '-' for a gap), kind.</summary>
    internal static void WriteTable(IAnsiConsole console, IReadOnlyList<IntensityPoint> points)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in s_columns)
        {
            table.AddColumn(column);
        }

        foreach (var point in points)
        {
            table.AddRow(
                point.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Markup.Escape(DurationText.Format(point.Duration)),
                point.Value is { } value ? value.GramsPerKilowattHour.ToString("0.#", CultureInfo.InvariantCulture) : "-",
                IntensityProvenance.KindName(point.Provenance.Kind) + (point.IsEstimated ? " (estimated)" : string.Empty));
        }

        console.Write(table);
    }

    /// <summary>A one-line chart: one bar per point, or per group of points when there are more than <paramref name="width"/>.</summary>
    internal static string Sparkline(IReadOnlyList<double> values, int width)
    {
        var groups = (values.Count + width - 1) / width;
        var means = new List<double>();
        for (var i = 0; i < values.Count; i += groups)
        {
            means.Add(values.Skip(i).Take(groups).Average());
        }

        var (min, max) = (means.Min(), means.Max());
        var text = new StringBuilder(means.Count);
        foreach (var mean in means)
        {
            var level = max > min ? (int)Math.Round((mean - min) / (max - min) * (Bars.Length - 1)) : Bars.Length / 2;
            text.Append(Bars[level]);
        }

        return text.ToString();
    }

    private static string Value(IntensityPoint point) => point.Value is { } value ? value.ToString() : "no value (gap)";

    private static string Interval(IntensityPoint point) =>
        $"{Output.Utc(point.Start)} + {DurationText.Format(point.Duration)}";

    private static string Describe(IntensityProvenance provenance) => Output.IntensityText(provenance, withFallback: false);

    private static string Json(IntensityAnswer answer) => Output.JsonObject(writer =>
    {
        writer.WriteString("zone", answer.Zone.Key);
        writer.WriteString("source", answer.Source);
        Output.WritePoints(writer, "points", answer.Points);
        var provenance = answer.Points.Count > 0 ? answer.Points[0].Provenance : null;
        writer.WriteStartObject("provenance");
        writer.WriteString("source", provenance?.Source ?? answer.Source);
        writer.WriteString("zone", provenance?.Zone ?? answer.Zone.Key);
        writer.WriteString("zoneName", provenance?.ZoneName);
        writer.WriteString("dataset", provenance?.Dataset);
        Output.WriteNumberOrNull(writer, "year", provenance?.Year);
        writer.WriteString("fetchedAt", provenance?.FetchedAt is { } fetched ? Output.Iso(fetched) : null);
        writer.WriteBoolean("fromCache", answer.FromCache);
        writer.WriteString("fallbackReason", provenance?.FallbackReason);
        writer.WriteEndObject();
    });
}
