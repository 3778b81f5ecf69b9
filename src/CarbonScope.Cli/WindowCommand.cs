using System.CommandLine;
using System.Globalization;
using System.Text;
using CarbonScope.Grid;
using CarbonScope.Scheduling;
using CarbonScope.Storage;
using CarbonScope.Units;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope window --zone Z --duration 2h [--within 24h | --from T --to T] [--interruptible [--min-slice 30m]]
/// [--source NAME | --file F] [--offline] [--format text|json]</c>: when a job of that length emits least, and the
/// saving against starting now (docs/scheduling.md).
/// </summary>
internal static class WindowCommand
{
    public static Command Create(CliContext context)
    {
        var zone = new Option<string>("--zone") { Description = "The zone: a country (FR, fra), a provider's zone (US-CAL-CISO, DK1), or a position LAT,LON.", HelpName = "ZONE", Required = true };
        var duration = TextParsers.Option<TimeSpan>("--duration", "How long the job runs, e.g. 2h, 90m.", "DURATION", PositiveDuration);
        duration.Required = true;
        var interruptible = new Option<bool>("--interruptible") { Description = "The job can pause and resume: the cheapest slices totalling the duration before the end of the range." };
        var minSlice = TextParsers.Option<TimeSpan>("--min-slice", "With --interruptible: each slice runs at least this long, e.g. 30m.", "DURATION", PositiveDuration);
        var options = new RangeOptions();
        var command = new Command("window", "When to run a job of a given length in a zone so that it emits least: the best start (or slices), its average intensity and the saving against starting now.");
        foreach (var option in new Option[] { zone, duration, interruptible, minSlice })
        {
            command.Options.Add(option);
        }

        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetResult(minSlice) is not null && !parse.GetValue(interruptible))
            {
                throw new UsageException("--min-slice goes with --interruptible.");
            }

            var time = TimeProvider.System;
            var length = parse.GetValue(duration);
            var range = options.Range(parse, time.GetUtcNow(), length);
            var gridZone = GridSettings.Zone(parse.GetValue(zone)!);
            using var http = new HttpClient();
            using var store = GridSettings.OpenCache(context);
            var service = options.Service(parse, context, http, store, time);
            var series = await FetchAsync(service, gridZone, range, cancellationToken).ConfigureAwait(false);

            Schedule schedule = parse.GetValue(interruptible)
                ? WindowFinder.BestInterruptible(series, length, range.To, range.From, parse.GetResult(minSlice) is not null ? parse.GetValue(minSlice) : null)
                : FromWindow(WindowFinder.BestWindow(series, length, range.From, range.To));
            CarbonIntensity? startNow = null;
            try
            {
                startNow = SeriesMath.Average(series, range.From, range.From + length);
            }
            catch (SeriesCoverageException)
            {
                // no data for starting now (a forecast that begins later): no saving to report
            }

            double? saving = startNow is { GramsPerKilowattHour: > 0 } now ? (now.GramsPerKilowattHour - schedule.Average.GramsPerKilowattHour) / now.GramsPerKilowattHour * 100 : null;
            if (parse.GetValue(options.Format) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(Json(gridZone.Key, length, schedule, startNow, saving)).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync(Text(gridZone.Key, length, schedule, startNow, saving, range.IsForecast, series.Points.First(p => p.Value is not null).Provenance)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The range a schedule must lie in: [now, now + within) from a forecast, or [from, to) from history or a file.</summary>
    internal sealed record ScheduleRange(DateTimeOffset From, DateTimeOffset To, bool IsForecast);

    /// <summary>The options <c>window</c> and <c>where</c> share: the range, the source, offline and the format.</summary>
    internal sealed class RangeOptions
    {
        public Option<TimeSpan> Within { get; } = TextParsers.Option<TimeSpan>("--within", "Look this far ahead from now, in the forecast (default 24h).", "DURATION", PositiveDuration);

        public Option<DateTimeOffset> From { get; } = TextParsers.Option<DateTimeOffset>("--from", "Start of the range (ISO 8601, e.g. 2025-03-01T12:00Z; 'now'); with --to, the series is the history (or the file).", "TIME", TextParsers.Time);

        public Option<DateTimeOffset> To { get; } = TextParsers.Option<DateTimeOffset>("--to", "End of the range: the job ends by then.", "TIME", TextParsers.Time);

        public Option<string> Source { get; } = new("--source") { Description = $"Ask this provider only: {string.Join(", ", GridSettings.Names)}. Default: the configured chain.", HelpName = "NAME" };

        public Option<string> File { get; } = new("--file") { Description = "Read the intensity from a file (CSV, JSON or Parquet; docs/providers/files.md); its forecast points for --within.", HelpName = "FILE" };

        public Option<bool> Offline { get; } = new("--offline") { Description = "Never use the network: local sources and cached answers only." };

        public Option<OutputFormat> Format { get; } = TextParsers.Option<OutputFormat>("--format", "text (default) or json.", "text|json", TextParsers.Format);

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Within, From, To, Source, File, Offline, Format })
            {
                command.Options.Add(option);
            }
        }

        public ScheduleRange Range(ParseResult parse, DateTimeOffset now, TimeSpan duration)
        {
            var (hasWithin, hasFrom, hasTo) = (parse.GetResult(Within) is not null, parse.GetResult(From) is not null, parse.GetResult(To) is not null);
            if (hasWithin && (hasFrom || hasTo))
            {
                throw new UsageException("give --within DURATION or --from T --to T, not both.");
            }

            if (hasFrom != hasTo)
            {
                throw new UsageException("a range needs both --from and --to.");
            }

            if (parse.GetValue(Source) is not null && parse.GetValue(File) is not null)
            {
                throw new UsageException("give --source NAME or --file FILE, not both.");
            }

            var range = hasFrom
                ? new ScheduleRange(parse.GetValue(From), parse.GetValue(To), IsForecast: false)
                : new ScheduleRange(now, now + (hasWithin ? parse.GetValue(Within) : TimeSpan.FromHours(24)), IsForecast: true);
            if (range.To <= range.From)
            {
                throw new UsageException("--to must be after --from (the range is [from, to)).");
            }

            if (range.To - range.From < duration)
            {
                throw new UsageException($"the duration {SeriesCoverageException.Format(duration)} is longer than the range {SeriesCoverageException.Format(range.From)} to {SeriesCoverageException.Format(range.To)} ({SeriesCoverageException.Format(range.To - range.From)}).");
            }

            return range;
        }

        public IntensityService Service(ParseResult parse, CliContext context, HttpClient http, SqliteRunStore? store, TimeProvider time)
        {
            var chain = GridSettings.Chain(context.Settings, http, time, parse.GetValue(Source), parse.GetValue(File));
            return new IntensityService(chain, store, time, offline: parse.GetValue(Offline), zoneFor: IntensityService.CloudRegionsToGridZones);
        }
    }

    /// <summary>
    /// The zone's series for the range: the forecast for a range from now (a future window needs one: without it, the
    /// error says so and suggests --file or --from/--to), the history otherwise. An unknown zone is a usage error.
    /// </summary>
    internal static async Task<IntensitySeries> FetchAsync(IntensityService service, GridZone zone, ScheduleRange range, CancellationToken cancellationToken)
    {
        IntensityAnswer answer;
        try
        {
            answer = range.IsForecast
                ? await service.GetForecastAsync(zone, cancellationToken).ConfigureAwait(false)
                : await service.GetHistoryAsync(zone, range.From, range.To, cancellationToken).ConfigureAwait(false);
        }
        catch (IntensityProviderException e) when (e.Failure == IntensityFailure.UnknownZone)
        {
            throw new UsageException(e.Message, e);
        }
        catch (IntensityProviderException e) when (range.IsForecast && e.Failure == IntensityFailure.NotSupported)
        {
            throw new IntensityProviderException(e.Provider, e.Failure, $"{e.Message}. A window in the future needs a forecast: configure a provider that has one, give --file with forecast points, or look back with --from T --to T.", e);
        }

        var series = new IntensitySeries(answer.Points);
        if (series.IsEmpty)
        {
            throw new SeriesCoverageException($"{answer.Source} has no values for {zone.Key} between {SeriesCoverageException.Format(range.From)} and {SeriesCoverageException.Format(range.To)}.");
        }

        return series;
    }

    internal static bool PositiveDuration(string text, out TimeSpan value, out string error)
    {
        error = $"'{text}' is not a duration: write a number and a unit, e.g. 30m, 2h or 1d.";
        if (!DurationText.TryParse(text, out value))
        {
            return false;
        }

        if (value <= TimeSpan.Zero)
        {
            error = $"the duration {text} must be positive.";
            return false;
        }

        return true;
    }

    private static Schedule FromWindow(Window window) => new([new Slice(window.Start, window.End, window.Average)], window.Average);

    private static string Text(string zone, TimeSpan duration, Schedule schedule, CarbonIntensity? startNow, double? saving, bool fromNow, IntensityProvenance provenance)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        if (schedule.Slices.Count == 1)
        {
            var slice = schedule.Slices[0];
            text.Append(invariant, $"{zone}: run the {SeriesCoverageException.Format(duration)} from {Output.Utc(slice.Start)} to {Output.Utc(slice.End)}: {schedule.Average.GramsPerKilowattHour:0.#} g CO2e/kWh on average.");
        }
        else
        {
            text.Append(invariant, $"{zone}: run the {SeriesCoverageException.Format(duration)} in {schedule.Slices.Count} slices: {schedule.Average.GramsPerKilowattHour:0.#} g CO2e/kWh on average.");
            foreach (var slice in schedule.Slices)
            {
                text.AppendLine().Append(invariant, $"  {Output.Utc(slice.Start)} to {Output.Utc(slice.End)} ({SeriesCoverageException.Format(slice.Duration)}, {slice.Average.GramsPerKilowattHour:0.#} g CO2e/kWh)");
            }
        }

        text.AppendLine();
        var when = fromNow ? "now" : "at --from";
        text.Append(startNow is { } now
            ? string.Create(invariant, $"Starting {when}: {now.GramsPerKilowattHour:0.#} g CO2e/kWh{(saving is { } s ? $"; saving {s:0.#}%" : string.Empty)}.")
            : $"Starting {when}: no data for the first {SeriesCoverageException.Format(duration)}, so no saving to compare.");
        text.AppendLine().Append(invariant, $"Intensities: {Output.IntensityText(provenance)}.");
        return text.ToString();
    }

    private static string Json(string zone, TimeSpan duration, Schedule schedule, CarbonIntensity? startNow, double? saving) => Output.JsonObject(writer =>
    {
        writer.WriteString("zone", zone);
        writer.WriteNumber("durationSeconds", duration.TotalSeconds);
        writer.WriteNumber("averageGramsPerKwh", schedule.Average.GramsPerKilowattHour);
        writer.WriteStartArray("slices");
        foreach (var slice in schedule.Slices)
        {
            writer.WriteStartObject();
            writer.WriteString("start", Output.Iso(slice.Start));
            writer.WriteString("end", Output.Iso(slice.End));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        Output.WriteNumberOrNull(writer, "startNowAverageGramsPerKwh", startNow?.GramsPerKilowattHour);
        Output.WriteNumberOrNull(writer, "savingPercent", saving);
    });
}
