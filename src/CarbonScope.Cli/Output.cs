using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
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

    public static string Method(MeasurementMethod method) => method switch
    {
        MeasurementMethod.Measured => "measured",
        MeasurementMethod.Estimated => "estimated",
        _ => "unavailable",
    };

    public static string Kind(DeviceKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The run's energy per device with its method and source, the total, each model in full, and the diagnostics.</summary>
    public static void WriteSummary(IAnsiConsole console, TrackerResult result)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("device");
        table.AddColumn("name");
        table.AddColumn(new TableColumn("energy").RightAligned());
        table.AddColumn(new TableColumn("mean power").RightAligned());
        table.AddColumn("method");
        table.AddColumn("source");
        foreach (var device in result.Devices)
        {
            table.AddRow(
                Markup.Escape(Kind(device.Kind)),
                Markup.Escape(device.DeviceName),
                Markup.Escape(device.Energy.ToString()),
                Markup.Escape(device.MeanPower.ToString()),
                Method(device.Method),
                Markup.Escape(device.Source));
        }

        var meanPower = result.Duration > TimeSpan.Zero ? result.TotalEnergy / result.Duration : Power.Zero;
        table.AddRow("total", "(before PUE)", Markup.Escape(result.TotalEnergy.ToString()), Markup.Escape(meanPower.ToString()), string.Empty, string.Empty);
        console.Write(table);
        console.WriteLine($"Attributed to: {result.AttributedTo}; duration {DurationText.Format(result.Duration)} (wall clock).");
        foreach (var device in result.Devices)
        {
            var detail = device.Method == MeasurementMethod.Unavailable ? device.UnavailableReason : device.Model;
            console.WriteLine($"{device.DeviceId}: {detail}");
            if (device.Method != MeasurementMethod.Unavailable && device.UnavailableReason is not null)
            {
                console.WriteLine($"{device.DeviceId}: stopped part-way, the figure covers the time before: {device.UnavailableReason}");
            }
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            console.WriteLine($"note: {diagnostic}");
        }
    }
}
