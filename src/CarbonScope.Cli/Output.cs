using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Reporting;
using CarbonScope.Units;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>Renders measurement figures for people: every number with its unit and how it was obtained.</summary>
internal static class Output
{
    /// <summary>A console over <paramref name="writer"/>: terminal width on a terminal; no wrapping when redirected (logs, pipes).</summary>
    public static IAnsiConsole Console(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!isTerminal)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }

    /// <summary>
    /// A run for people: energy and mean power per device with method and source, the total before and after PUE, the
    /// intensity with its zone, source, kind and year, the emissions, the equivalents with their source, each model in
    /// full, and the diagnostics.
    /// </summary>
    public static void WriteRun(IAnsiConsole console, RunRecord run)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("device");
        table.AddColumn("name");
        table.AddColumn(new TableColumn("energy").RightAligned());
        table.AddColumn(new TableColumn("mean power").RightAligned());
        table.AddColumn("method");
        table.AddColumn("source");
        foreach (var device in run.Components)
        {
            table.AddRow(
                Markup.Escape(WireNames.Kind(device.Kind)),
                Markup.Escape(device.DeviceName),
                Markup.Escape(device.Energy.ToString()),
                Markup.Escape(device.MeanPower.ToString()),
                WireNames.Method(device.Method),
                Markup.Escape(device.Source));
        }

        var meanPower = run.Duration > TimeSpan.Zero ? run.DeviceEnergy / run.Duration : Power.Zero;
        table.AddRow("total", "(before PUE)", Markup.Escape(run.DeviceEnergy.ToString()), Markup.Escape(meanPower.ToString()), string.Empty, string.Empty);
        console.Write(table);
        var provenance = run.Intensity.Provenance;
        console.WriteLine($"Duration:    {DurationText.Format(run.Duration)} (wall clock); attributed to {run.AttributedTo}.");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Energy:      {run.DeviceEnergy} x PUE {run.Pue} = {run.Energy} ({run.Energy.KilowattHours:G4} kWh)."));
        console.WriteLine($"Intensity:   {run.Intensity.Value} for {ZoneText(run)}: {IntensityText(provenance)}.");
        console.WriteLine($"Emissions:   {run.Emissions} (energy after PUE x intensity).");
        foreach (var equivalent in run.Equivalents)
        {
            console.WriteLine($"             = {Equivalents.Describe(equivalent)}.");
        }

        if (run.Schedule is { } schedule)
        {
            WriteSchedule(console, schedule);
        }

        foreach (var device in run.Components)
        {
            var detail = device.Method == MeasurementMethod.Unavailable ? device.UnavailableReason : device.Model;
            console.WriteLine($"{device.DeviceId}: {detail}");
            if (device.Method != MeasurementMethod.Unavailable && device.UnavailableReason is not null)
            {
                console.WriteLine($"{device.DeviceId}: stopped part-way, the figure covers the time before: {device.UnavailableReason}");
            }
        }

        foreach (var diagnostic in run.Diagnostics)
        {
            console.WriteLine($"note: {diagnostic}");
        }
    }

    private static void WriteSchedule(IAnsiConsole console, RunSchedule schedule)
    {
        console.WriteLine($"Schedule:    {schedule.Strategy}.");
        if (schedule.StartReason is { } reason)
        {
            console.WriteLine($"Waited:      {DurationText.Format(schedule.Waited)} before starting: {reason}.");
        }

        if (!schedule.Pauses.Any() && schedule.StartReason is not null)
        {
            return;
        }

        console.WriteLine($"Paused:      {DurationText.Format(schedule.PausedTime)} in {schedule.Pauses.Count} pause{(schedule.Pauses.Count == 1 ? string.Empty : "s")}.");
        foreach (var pause in schedule.Pauses)
        {
            console.WriteLine($"             {Utc(pause.Start)} to {(pause.End is { } end ? Utc(end) : "the end")}: {pause.Reason}; resumed: {pause.ResumeReason ?? "-"}.");
        }

        if (schedule.Avoided is { } avoided)
        {
            console.WriteLine($"Avoided:     {avoided} by pausing: {schedule.ObservedEmissions} at the intensities observed at the checks, against {schedule.CounterfactualEmissions} for the same work without pauses (docs/scheduling.md, \"Carbon avoided\").");
        }
        else if (schedule.AccountProblem is { } problem)
        {
            console.WriteLine($"Avoided:     not computed: {problem}.");
        }
    }

    /// <summary>An instant in the JSON outputs: ISO 8601 in UTC, to the second (<c>2025-03-01T12:00:00Z</c>).</summary>
    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An instant for people, to the minute: <c>2025-03-01 12:00 UTC</c>.</summary>
    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>One JSON object, written by <paramref name="body"/> (non-ASCII text left unescaped).</summary>
    public static string JsonObject(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A number, or null when there is none.</summary>
    public static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>The array <paramref name="name"/> of intensity points: <c>start</c>, <c>durationSeconds</c>, <c>gramsPerKwh</c> (null for a gap), <c>kind</c>, <c>signal</c>, <c>estimated</c>.</summary>
    public static void WritePoints(Utf8JsonWriter writer, string name, IEnumerable<IntensityPoint> points)
    {
        writer.WriteStartArray(name);
        foreach (var point in points)
        {
            writer.WriteStartObject();
            writer.WriteString("start", Iso(point.Start));
            writer.WriteNumber("durationSeconds", point.Duration.TotalSeconds);
            WriteNumberOrNull(writer, "gramsPerKwh", point.Value?.GramsPerKilowattHour);
            writer.WriteString("kind", IntensityProvenance.KindName(point.Provenance.Kind));
            writer.WriteString("signal", IntensityProvenance.SignalName(point.Provenance.Signal));
            writer.WriteBoolean("estimated", point.IsEstimated);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A series' values in one phrase: <c>48 values, min 30, mean 35, max 40 g CO2e/kWh</c>.</summary>
    public static string SeriesSummary(IReadOnlyCollection<double> values) =>
        string.Create(CultureInfo.InvariantCulture, $"{values.Count} values, min {values.Min():0.#}, mean {values.Average():0.#}, max {values.Max():0.#} g CO2e/kWh");

    /// <summary>The zone, its name and how it was chosen: <c>FR (France; from --country fr)</c>.</summary>
    public static string ZoneText(RunRecord run)
    {
        var zone = run.Zone;
        var name = run.Intensity.Provenance.ZoneName ?? zone.CountryName;
        var origin = zone.Origin switch
        {
            ZoneOrigin.Given => $"from {zone.Detail}",
            ZoneOrigin.TimeZone => $"inferred from the {zone.Detail}",
            _ => zone.Detail,
        };
        return name is null ? $"{zone.Zone} ({origin})" : $"{zone.Zone} ({name}; {origin})";
    }

    /// <summary>
    /// How an intensity was obtained: <c>annual average 2024 (average signal), Ember / Our World in Data (CC BY 4.0), source
    /// embedded:ember-owid</c>, the fetch time of a live figure, and (unless <paramref name="withFallback"/> is false) why
    /// the preferred source was passed over.
    /// </summary>
    public static string IntensityText(IntensityProvenance provenance, bool withFallback = true)
    {
        var text = new StringBuilder(IntensityProvenance.KindName(provenance.Kind).Replace('-', ' '));
        if (provenance.Year is { } year)
        {
            text.Append(CultureInfo.InvariantCulture, $" {year}");
        }

        text.Append(CultureInfo.InvariantCulture, $" ({IntensityProvenance.SignalName(provenance.Signal)} signal)");
        if (provenance.Dataset is { } dataset)
        {
            text.Append(CultureInfo.InvariantCulture, $", {dataset}");
        }

        text.Append(CultureInfo.InvariantCulture, $", source {provenance.Source}");
        if (provenance.FetchedAt is { } fetched)
        {
            text.Append(CultureInfo.InvariantCulture, $", fetched {fetched.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        }

        if (withFallback && provenance.FallbackReason is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {provenance.FallbackReason}");
        }

        return text.ToString();
    }
}
