using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CarbonScope.Grid;
using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Units;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope forecast --zone Z --model NAME --horizon 48h [--origin TIME] [--source NAME | --file F] [--format text|json]</c>:
/// a forecast made from the zone's last 14 days of history; <c>carbonscope forecast evaluate --file F [--zone Z]
/// [--model NAME|all] [--horizon 48h] [--every 24h] [--format text|json]</c>: a backtest over the file's history
/// (docs/forecasting.md).
/// </summary>
internal static class ForecastCommand
{
    /// <summary>The history a forecast is made from.</summary>
    internal static readonly TimeSpan History = TimeSpan.FromDays(14);

    /// <summary>The history before the first origin of a backtest.</summary>
    internal static readonly TimeSpan WarmUp = TimeSpan.FromDays(14);

    public static Command Create(CliContext context)
    {
        var zone = new Option<string>("--zone") { Description = "The zone: a country (FR, fra), a provider's zone (US-CAL-CISO, DK1), or a position LAT,LON.", HelpName = "ZONE", Required = true };
        var model = new Option<string>("--model") { Description = $"The model: {string.Join(", ", ForecastModels.Names)}. Default: ensemble.", HelpName = "NAME" };
        var horizon = TextParsers.Option<TimeSpan>("--horizon", "How far ahead, e.g. 24h or 2d. Default: 48h.", "DURATION", Duration);
        var origin = TextParsers.Option<DateTimeOffset>("--origin", "Forecast from this time (ISO 8601, e.g. 2025-03-01T00:00Z). Default: now.", "TIME", TextParsers.Time);
        var source = new Option<string>("--source") { Description = $"Take the history from this provider only: {string.Join(", ", GridSettings.Names)}. Default: the configured chain.", HelpName = "NAME" };
        var file = new Option<string>("--file") { Description = "Take the history from a file (CSV, JSON or Parquet; docs/providers/files.md).", HelpName = "FILE" };
        var format = TextParsers.Option<OutputFormat>("--format", "text (default) or json.", "text|json", TextParsers.Format);
        var command = new Command("forecast", "Forecast a zone's carbon intensity from its own history (seasonal naive, exponential smoothing, linear trend, ensemble), or backtest the models.");
        foreach (var option in new Option[] { zone, model, horizon, origin, source, file, format })
        {
            command.Options.Add(option);
        }

        command.Subcommands.Add(Evaluate(context));
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(source) is not null && parse.GetValue(file) is not null)
            {
                throw new UsageException("give --source NAME or --file FILE, not both.");
            }

            var forecaster = Model(parse.GetValue(model) ?? "ensemble");
            var ahead = parse.GetResult(horizon) is null ? TimeSpan.FromHours(48) : parse.GetValue(horizon);
            var time = TimeProvider.System;
            var at = parse.GetResult(origin) is null ? time.GetUtcNow() : parse.GetValue(origin);
            var gridZone = GridSettings.Zone(parse.GetValue(zone)!);
            using var http = new HttpClient();
            var chain = GridSettings.Chain(context.Settings, http, time, parse.GetValue(source), parse.GetValue(file));
            var service = new IntensityService(chain, cache: null, time, zoneFor: IntensityService.CloudRegionsToGridZones);
            var history = await service.GetHistoryAsync(gridZone, at - History, at, cancellationToken).ConfigureAwait(false);
            var measured = history.Points.Where(p => p.Provenance.Kind == IntensityKind.Measured).ToList();
            if (measured.Count == 0)
            {
                await context.Error.WriteLineAsync($"carbonscope: {gridZone.Key}: {history.Source} has no measured history in the 14 days before {Output.Utc(at)}; a forecast needs it.").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            var points = forecaster.Forecast(measured, at, ahead);
            var answer = new IntensityAnswer(history.Zone, "forecast:" + forecaster.Name, points, history.Fallbacks, FromCache: false);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(ForecastJson(answer, history.Source, measured.Count, at)).ConfigureAwait(false);
            }
            else
            {
                WriteForecast(Output.Console(context.Out, context.OutIsTerminal), answer, history.Source, measured.Count, at);
            }

            return points.Any(p => p.Value is not null) ? ExitCodes.Success : ExitCodes.NotFound;
        });
        return command;
    }

    private static Command Evaluate(CliContext context)
    {
        var file = new Option<string>("--file") { Description = "The recorded history (CSV, JSON or Parquet; docs/providers/files.md).", HelpName = "FILE", Required = true };
        var zone = new Option<string>("--zone") { Description = "The zone in the file. Default: every zone of the file.", HelpName = "ZONE" };
        var model = new Option<string>("--model") { Description = $"A model ({string.Join(", ", ForecastModels.Names)}) or all (default).", HelpName = "NAME|all" };
        var horizon = TextParsers.Option<TimeSpan>("--horizon", "How far ahead each forecast goes. Default: 48h.", "DURATION", Duration);
        var every = TextParsers.Option<TimeSpan>("--every", "The spacing of the forecast origins. Default: 24h (every midnight UTC).", "DURATION", Duration);
        var format = TextParsers.Option<OutputFormat>("--format", "text (default) or json.", "text|json", TextParsers.Format);
        var command = new Command("evaluate", "Backtest the models over a file's history: MAE and MAPE by lead time (0-1 h, 1-6 h, 6-24 h, 24-48 h), origins every 24 h after 14 days of warm-up.");
        foreach (var option in new Option[] { file, zone, model, horizon, every, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(model) ?? "all";
            IReadOnlyList<IForecastModel> models = name.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? ForecastModels.All : [Model(name)];
            var ahead = parse.GetResult(horizon) is null ? TimeSpan.FromHours(48) : parse.GetValue(horizon);
            var spacing = parse.GetResult(every) is null ? TimeSpan.FromHours(24) : parse.GetValue(every);
            var provider = GridSettings.LoadFile(parse.GetValue(file)!);
            IReadOnlyList<string> zones = parse.GetValue(zone) is { } one ? [one] : provider.Zones;
            var evaluations = new List<(string Zone, int Points, IReadOnlyList<BacktestResult> Results)>();
            foreach (var zoneName in zones)
            {
                var series = await provider.GetHistoryAsync(GridSettings.Zone(zoneName), DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
                evaluations.Add((zoneName, series.Count, [.. models.Select(m => Backtest.Run(m, series, spacing, ahead, WarmUp))]));
            }

            if (parse.GetValue(format) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(EvaluationJson(provider.Source, ahead, spacing, evaluations)).ConfigureAwait(false);
            }
            else
            {
                WriteEvaluation(Output.Console(context.Out, context.OutIsTerminal), provider.Source, ahead, spacing, evaluations);
            }

            return evaluations.Any(e => e.Results.Any(r => r.Overall.Count > 0)) ? ExitCodes.Success : ExitCodes.NotFound;
        });
        return command;
    }

    private static IForecastModel Model(string name)
    {
        try
        {
            return ForecastModels.ByName(name);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"unknown model '{name}': use one of {string.Join(", ", ForecastModels.Names)}.");
        }
    }

    private static bool Duration(string text, out TimeSpan value, out string error)
    {
        error = $"'{text}' is not a duration: write a number and a unit, e.g. 6h, 48h or 2d.";
        if (!DurationText.TryParse(text, out value))
        {
            return false;
        }

        if (value < TimeSpan.FromMinutes(1) || value > TimeSpan.FromDays(14))
        {
            error = $"{text} is outside the allowed range: use 1m to 14d.";
            return false;
        }

        return true;
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static void WriteForecast(IAnsiConsole console, IntensityAnswer answer, string historySource, int historyPoints, DateTimeOffset origin)
    {
        IntensityCommand.WriteTable(console, answer.Points);
        var values = answer.Points.Where(p => p.Value is not null).Select(p => p.Value!.Value.GramsPerKilowattHour).ToArray();
        if (values.Length > 1)
        {
            console.WriteLine(Markup.Escape(IntensityCommand.Sparkline(values, 72)));
        }

        var summary = values.Length > 0
            ? Output.SeriesSummary(values)
            : "no value (too little history for this model)";
        console.WriteLine($"{answer.Zone.Key}: {summary}; {answer.Source}, from {Output.Utc(origin)}, made from {historyPoints} points of {historySource} history.");
        foreach (var fallback in answer.Fallbacks)
        {
            console.WriteLine($"note: not from {Markup.Escape(fallback)}");
        }
    }

    private static string ForecastJson(IntensityAnswer answer, string historySource, int historyPoints, DateTimeOffset origin) => Output.JsonObject(writer =>
    {
        writer.WriteString("zone", answer.Zone.Key);
        writer.WriteString("model", answer.Source["forecast:".Length..]);
        writer.WriteString("source", answer.Source);
        writer.WriteString("origin", Output.Iso(origin));
        writer.WriteString("historySource", historySource);
        writer.WriteNumber("historyPoints", historyPoints);
        Output.WritePoints(writer, "points", answer.Points);
    });

    private static void WriteEvaluation(IAnsiConsole console, string source, TimeSpan horizon, TimeSpan every, List<(string Zone, int Points, IReadOnlyList<BacktestResult> Results)> evaluations)
    {
        foreach (var (zone, points, results) in evaluations)
        {
            var origins = results.Count > 0 ? results.Max(r => r.Origins) : 0;
            console.WriteLine($"{zone}: {points} points of {source}; origins every {DurationText.Format(every)} after {WarmUp.TotalDays:0} days ({origins}), horizon {DurationText.Format(horizon)}; MAE g CO2e/kWh (MAPE %) by lead time.");
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("model");
            foreach (var bucket in results.Count > 0 ? results[0].Buckets : [])
            {
                table.AddColumn(new TableColumn(Markup.Escape($"{DurationText.Format(bucket.After)}-{DurationText.Format(bucket.UpTo)}")).RightAligned());
            }

            table.AddColumn(new TableColumn("all").RightAligned());
            foreach (var result in results)
            {
                table.AddRow([Markup.Escape(result.Model), .. result.Buckets.Append(result.Overall).Select(Cell)]);
            }

            console.Write(table);
        }
    }

    private static string Cell(BacktestBucket bucket) =>
        bucket.Mae is { } mae ? $"{Number(mae.GramsPerKilowattHour)} ({(bucket.MapePercent is { } mape ? Number(mape) : "-")})" : "-";

    private static string EvaluationJson(string source, TimeSpan horizon, TimeSpan every, List<(string Zone, int Points, IReadOnlyList<BacktestResult> Results)> evaluations) => Output.JsonObject(writer =>
    {
        writer.WriteString("source", source);
        writer.WriteNumber("horizonSeconds", horizon.TotalSeconds);
        writer.WriteNumber("everySeconds", every.TotalSeconds);
        writer.WriteNumber("warmUpSeconds", WarmUp.TotalSeconds);
        writer.WriteStartArray("zones");
        foreach (var (zone, points, results) in evaluations)
        {
            writer.WriteStartObject();
            writer.WriteString("zone", zone);
            writer.WriteNumber("points", points);
            writer.WriteStartArray("models");
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteString("model", result.Model);
                writer.WriteNumber("origins", result.Origins);
                writer.WriteStartArray("buckets");
                foreach (var bucket in result.Buckets)
                {
                    WriteBucket(writer, bucket);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("overall");
                WriteBucket(writer, result.Overall);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static void WriteBucket(Utf8JsonWriter writer, BacktestBucket bucket)
    {
        writer.WriteStartObject();
        writer.WriteNumber("afterSeconds", bucket.After.TotalSeconds);
        writer.WriteNumber("upToSeconds", bucket.UpTo.TotalSeconds);
        writer.WriteNumber("count", bucket.Count);
        Output.WriteNumberOrNull(writer, "maeGramsPerKwh", bucket.Mae is { } mae ? Math.Round(mae.GramsPerKilowattHour, 4) : null);

        writer.WriteNumber("mapeCount", bucket.MapeCount);
        Output.WriteNumberOrNull(writer, "mapePercent", bucket.MapePercent is { } mape ? Math.Round(mape, 4) : null);

        writer.WriteEndObject();
    }
}
