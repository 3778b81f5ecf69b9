using System.CommandLine;
using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Scheduling.Simulation;
using CarbonScope.Units;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope simulate --file TRACE --zone Z --duration 8h --power 300W [--deadline 24h] --strategy now|window|...
/// [--forecast-model NAME|perfect] [--start-every 1h] [--from T --to T] [--pause-above P --resume-below R] [--max-pause 6h]
/// [--pause-percentile 70 --resume-percentile 50 --percentile-days 7] [--min-slice 30m] [--format text|json]</c>: replays a
/// recorded trace and compares the strategies' emissions, delays and deadline misses (docs/scheduling.md, "Simulator").
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Option<string>("--file") { Description = "The recorded trace (CSV, JSON or Parquet; docs/providers/files.md).", HelpName = "FILE", Required = true };
        var zone = new Option<string>("--zone") { Description = "The zone in the file.", HelpName = "ZONE", Required = true };
        var duration = TextParsers.Option<TimeSpan>("--duration", "How long each job runs, e.g. 8h.", "DURATION", WindowCommand.PositiveDuration);
        duration.Required = true;
        var power = TextParsers.Option<Power>("--power", "The job's constant power, e.g. 300W or 1.5kW.", "POWER", PositivePower);
        power.Required = true;
        var deadline = TextParsers.Option<TimeSpan>("--deadline", "Each job must be done within this of its submission. Default: 24h.", "DURATION", WindowCommand.PositiveDuration);
        var strategy = new Option<string[]>("--strategy") { Description = $"The strategies, repeated or comma-separated: {string.Join(", ", Simulator.Names)}. now is always computed as the baseline.", HelpName = "NAME", Required = true, AllowMultipleArgumentsPerToken = false };
        var model = new Option<string>("--forecast-model") { Description = $"The forecast of window, interruptible and forecast: {string.Join(", ", ForecastModels.Names)}, or perfect (the trace itself: an upper bound). Default: ensemble.", HelpName = "NAME|perfect" };
        var every = TextParsers.Option<TimeSpan>("--start-every", "The spacing of the submissions. Default: 1h.", "DURATION", WindowCommand.PositiveDuration);
        var from = TextParsers.Option<DateTimeOffset>("--from", "The first submission (ISO 8601). Default: the trace's start.", "TIME", TextParsers.Time);
        var to = TextParsers.Option<DateTimeOffset>("--to", "The last submission is at or before this. Default: the last whose deadline lies inside the trace.", "TIME", TextParsers.Time);
        var pauseAbove = TextParsers.Option<CarbonIntensity>("--pause-above", "threshold: pause at or above this many g CO2e/kWh.", "G_PER_KWH", TextParsers.Intensity);
        var resumeBelow = TextParsers.Option<CarbonIntensity>("--resume-below", "threshold: resume at or below this many g CO2e/kWh.", "G_PER_KWH", TextParsers.Intensity);
        var maxPause = TextParsers.Option<TimeSpan>("--max-pause", "threshold and percentile: the longest pause, e.g. 6h. Default: none.", "DURATION", WindowCommand.PositiveDuration);
        var pausePercentile = TextParsers.Option<double>("--pause-percentile", "percentile: pause at or above this percentile of the trailing history. Default: 70.", "P", Percent);
        var resumePercentile = TextParsers.Option<double>("--resume-percentile", "percentile: resume at or below this percentile. Default: 50.", "P", Percent);
        var percentileDays = TextParsers.Option<TimeSpan>("--percentile-days", "percentile: the trailing history in days (before each submission). Default: 7.", "DAYS", Days);
        var minSlice = TextParsers.Option<TimeSpan>("--min-slice", "interruptible and forecast: each slice runs at least this long, e.g. 30m.", "DURATION", WindowCommand.PositiveDuration);
        var format = TextParsers.Option<OutputFormat>("--format", "text (default) or json.", "text|json", TextParsers.Format);
        var command = new Command("simulate", "Replay a recorded intensity trace: jobs of a given length and power submitted at regular times, each strategy deciding with what it could know then; mean emissions, saving against running at once, delays and deadline misses.");
        foreach (var option in new Option[] { file, zone, duration, power, deadline, strategy, model, every, from, to, pauseAbove, resumeBelow, maxPause, pausePercentile, resumePercentile, percentileDays, minSlice, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var strategies = Strategies(parse.GetValue(strategy) ?? []);
            var forecastName = parse.GetValue(model)?.Trim() ?? "ensemble";
            IForecastModel? forecaster = null;
            if (!forecastName.Equals(Simulator.PerfectForecast, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    forecaster = ForecastModels.ByName(forecastName);
                }
                catch (ArgumentException)
                {
                    throw new UsageException($"unknown forecast model '{forecastName}': use one of {string.Join(", ", ForecastModels.Names)}, or perfect.");
                }
            }

            if (strategies.Contains(SimulatedStrategy.Threshold) && (parse.GetResult(pauseAbove) is null || parse.GetResult(resumeBelow) is null))
            {
                throw new UsageException("the threshold strategy needs --pause-above P and --resume-below R (g CO2e/kWh).");
            }

            if (parse.GetResult(pauseAbove) is not null && parse.GetResult(resumeBelow) is not null && parse.GetValue(pauseAbove) < parse.GetValue(resumeBelow))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--pause-above {parse.GetValue(pauseAbove).GramsPerKilowattHour:0.##} is below --resume-below {parse.GetValue(resumeBelow).GramsPerKilowattHour:0.##}; it must be at or above it."));
            }

            var settings = new SimulationSettings(parse.GetValue(duration), parse.GetValue(power))
            {
                Deadline = parse.GetResult(deadline) is null ? TimeSpan.FromHours(24) : parse.GetValue(deadline),
                StartEvery = parse.GetResult(every) is null ? TimeSpan.FromHours(1) : parse.GetValue(every),
                From = parse.GetResult(from) is null ? null : parse.GetValue(from),
                To = parse.GetResult(to) is null ? null : parse.GetValue(to),
                ForecastModel = forecaster,
                PauseAtOrAbove = parse.GetResult(pauseAbove) is null ? null : parse.GetValue(pauseAbove),
                ResumeAtOrBelow = parse.GetResult(resumeBelow) is null ? null : parse.GetValue(resumeBelow),
                MaxPause = parse.GetResult(maxPause) is null ? null : parse.GetValue(maxPause),
                PausePercentile = parse.GetResult(pausePercentile) is null ? 70 : parse.GetValue(pausePercentile),
                ResumePercentile = parse.GetResult(resumePercentile) is null ? 50 : parse.GetValue(resumePercentile),
                PercentileHistory = parse.GetResult(percentileDays) is null ? TimeSpan.FromDays(7) : parse.GetValue(percentileDays),
                MinSlice = parse.GetResult(minSlice) is null ? null : parse.GetValue(minSlice),
            };
            if (settings.Duration > settings.Deadline)
            {
                throw new UsageException($"the duration {SeriesCoverageException.Format(settings.Duration)} is longer than the deadline {SeriesCoverageException.Format(settings.Deadline)}: no strategy could meet it.");
            }

            if (settings.PausePercentile < settings.ResumePercentile)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--pause-percentile {settings.PausePercentile} is below --resume-percentile {settings.ResumePercentile}; it must be at or above it."));
            }

            var trace = await LoadAsync(parse.GetValue(file)!, parse.GetValue(zone)!, cancellationToken).ConfigureAwait(false);
            var result = Simulator.Run(trace, strategies, settings);
            var provenance = trace.Points.First(p => p.Value is not null).Provenance;
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(Json(provenance.Zone, settings, result)).ConfigureAwait(false);
            }
            else
            {
                Write(Output.Console(context.Out, context.OutIsTerminal), provenance.Zone, settings, result, provenance);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The strategies named by the repeated, comma-separated <c>--strategy</c> values.</summary>
    internal static List<SimulatedStrategy> Strategies(IEnumerable<string> values)
    {
        var strategies = new List<SimulatedStrategy>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            try
            {
                strategies.Add(Simulator.Parse(name));
            }
            catch (ArgumentException)
            {
                throw new UsageException($"unknown strategy '{name}': use one of {string.Join(", ", Simulator.Names)}.");
            }
        }

        return strategies.Count > 0 ? strategies : throw new UsageException($"--strategy needs a name: one of {string.Join(", ", Simulator.Names)}.");
    }

    private static async Task<IntensitySeries> LoadAsync(string file, string zone, CancellationToken cancellationToken)
    {
        var provider = GridSettings.LoadFile(file);
        var gridZone = GridSettings.Zone(zone);
        if (!provider.Zones.Any(z => z.Equals(zone.Trim(), StringComparison.OrdinalIgnoreCase) || z.Equals(gridZone.Key, StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException($"the zone {zone.Trim()} is not in {file}: it has {(provider.Zones.Count == 0 ? "none" : string.Join(", ", provider.Zones))}.");
        }

        IReadOnlyList<IntensityPoint> points;
        try
        {
            points = await provider.GetHistoryAsync(gridZone, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
        }
        catch (IntensityProviderException e)
        {
            throw new UsageException(e.Message, e);
        }

        var trace = new IntensitySeries(points);
        return trace.IsEmpty ? throw new UsageException($"{file} has no recorded values for {zone.Trim()}: a simulation needs a trace.") : trace;
    }

    private static void Write(IAnsiConsole console, string zone, SimulationSettings settings, SimulationResult result, IntensityProvenance provenance)
    {
        var invariant = CultureInfo.InvariantCulture;
        var skipped = result.SkippedJobs > 0 ? string.Create(invariant, $" ({result.SkippedJobs} left out: the trace has a gap in their span)") : string.Empty;
        console.WriteLine(string.Create(invariant, $"{zone}: {result.Jobs} jobs of {SeriesCoverageException.Format(settings.Duration)} at {settings.Power.Watts:0.###} W, deadline {SeriesCoverageException.Format(settings.Deadline)}, submitted every {SeriesCoverageException.Format(settings.StartEvery)} from {Output.Utc(result.FirstSubmission)} to {Output.Utc(result.LastSubmission)}{skipped}; forecast: {settings.ForecastName}."));
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("strategy");
        foreach (var header in new[] { "jobs", "mean g CO2e", "saving %", "mean delay h", "max delay h", "deadline misses", "fallbacks" })
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var s in result.Strategies)
        {
            table.AddRow(
                Markup.Escape(s.UpperBound ? s.Name + " (upper bound: perfect forecast)" : s.Name),
                s.Jobs.ToString(invariant),
                s.MeanEmissionsGrams.ToString("0.##", invariant),
                s.SavingPercent is { } saving ? saving.ToString("0.#", invariant) : "-",
                s.MeanDelay.TotalHours.ToString("0.##", invariant),
                s.MaxDelay.TotalHours.ToString("0.##", invariant),
                s.DeadlineMisses.ToString(invariant),
                s.Fallbacks.ToString(invariant));
        }

        console.Write(table);
        if (result.Strategies.Any(s => s.UpperBound))
        {
            console.WriteLine("upper bound: perfect forecast (the trace's own future) for the strategies so marked; a real forecast does worse.");
        }

        console.WriteLine($"Intensities: {Output.IntensityText(provenance)}; emissions always from the trace's values.");
    }

    private static string Json(string zone, SimulationSettings settings, SimulationResult result) => Output.JsonObject(writer =>
    {
        writer.WriteString("zone", zone);
        writer.WriteNumber("durationSeconds", settings.Duration.TotalSeconds);
        writer.WriteNumber("powerWatts", settings.Power.Watts);
        writer.WriteNumber("deadlineSeconds", settings.Deadline.TotalSeconds);
        writer.WriteNumber("startEverySeconds", settings.StartEvery.TotalSeconds);
        writer.WriteString("forecastModel", settings.ForecastName);
        writer.WriteString("firstSubmission", Output.Iso(result.FirstSubmission));
        writer.WriteString("lastSubmission", Output.Iso(result.LastSubmission));
        writer.WriteNumber("jobs", result.Jobs);
        writer.WriteNumber("skippedJobs", result.SkippedJobs);
        writer.WriteStartArray("strategies");
        foreach (var s in result.Strategies)
        {
            writer.WriteStartObject();
            writer.WriteString("name", s.Name);
            writer.WriteNumber("jobs", s.Jobs);
            writer.WriteNumber("meanEmissionsGrams", s.MeanEmissionsGrams);
            Output.WriteNumberOrNull(writer, "savingPercent", s.SavingPercent);
            writer.WriteNumber("meanDelaySeconds", s.MeanDelay.TotalSeconds);
            writer.WriteNumber("maxDelaySeconds", s.MaxDelay.TotalSeconds);
            writer.WriteNumber("deadlineMisses", s.DeadlineMisses);
            writer.WriteNumber("fallbacks", s.Fallbacks);
            writer.WriteBoolean("upperBound", s.UpperBound);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static bool PositivePower(string text, out Power value, out string error)
    {
        value = default;
        if (!TextParsers.Power(text, out var power, out error) || power is not { } parsed)
        {
            error = $"'{text}' is not a power: write a number and a unit, e.g. 300W or 1.5kW.";
            return false;
        }

        if (!(parsed.Watts > 0))
        {
            error = $"the power {text} must be positive.";
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool Percent(string text, out double value, out string error)
    {
        error = $"'{text}' is not a percentile: write a number from 0 to 100, e.g. 70.";
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 100;
    }

    private static bool Days(string text, out TimeSpan value, out string error)
    {
        error = $"'{text}' is not a number of days: write a positive number, e.g. 7.";
        value = default;
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && double.IsFinite(days) && days > 0 && days <= 3650)
        {
            value = TimeSpan.FromDays(days);
            return true;
        }

        return false;
    }
}
