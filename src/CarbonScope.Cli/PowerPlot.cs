using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using ScottPlot;

namespace CarbonScope.Cli;

/// <summary>Draws a run's power timeline, one line per device, from its recorded samples (ScottPlot).</summary>
internal static class PowerPlot
{
    private const int Width = 1200;
    private const int Height = 600;

    public static bool IsSupported(string path) =>
        path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Each sample is the mean power over its interval, so each device is drawn as steps: flat from the interval's start
    /// to its end. The time axis is in seconds, minutes or hours since the start, whichever keeps the numbers readable.
    /// </summary>
    public static void Save(string path, RunRecord run, IReadOnlyList<EnergySample> samples)
    {
        var (unitSeconds, unitName) = run.Duration.TotalHours >= 3 ? (3600.0, "h") : run.Duration.TotalMinutes >= 5 ? (60.0, "min") : (1.0, "s");
        var plot = new Plot();
        foreach (var component in run.Components)
        {
            var xs = new List<double>(samples.Count * 2);
            var ys = new List<double>(samples.Count * 2);
            foreach (var sample in samples)
            {
                var device = sample.Devices.FirstOrDefault(d => d.DeviceId == component.DeviceId);
                if (device.DeviceId is null)
                {
                    continue;
                }

                var end = (sample.Timestamp - run.StartedAt).TotalSeconds / unitSeconds;
                var start = end - (sample.Elapsed.TotalSeconds / unitSeconds);
                xs.Add(start);
                ys.Add(device.MeanPower.Watts);
                xs.Add(end);
                ys.Add(device.MeanPower.Watts);
            }

            if (xs.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = $"{component.DeviceId}: {component.DeviceName} ({WireNames.Method(component.Method)}, {component.Source})";
        }

        var command = string.Join(' ', run.Command);
        if (command.Length > 60)
        {
            command = string.Concat(command.AsSpan(0, 57), "...");
        }

        plot.Title($"{command}: {run.DeviceEnergy} before PUE, {run.Emissions}");
        plot.XLabel($"time since start ({unitName})");
        plot.YLabel("mean power over each sample (W), attributed to the run");
        plot.Axes.Left.Min = 0;
        plot.ShowLegend(Alignment.UpperRight);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, Width, Height);
        }
        else
        {
            plot.SavePng(path, Width, Height);
        }
    }
}
