using System.CommandLine;
using CarbonScope.Measurement;
using CarbonScope.Reporting;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary><c>carbonscope detect</c>: the sensors found, which are readable, and for each unreadable one why and how to fix it.</summary>
internal static class DetectCommand
{
    public static Command Create(MeasurementArguments arguments, CliContext context)
    {
        var command = new Command("detect", "List the energy sensors of this machine: what is measured, what is estimated and why.");
        foreach (var option in arguments.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var settings = new SettingResolver(parse, context.Settings);
            var options = arguments.ToOptions(settings);
            if (settings.FirstError is { } error)
            {
                throw new UsageException(error);
            }

            var discovery = SensorDiscovery.Discover(options);
            try
            {
                Write(Output.Console(context.Out, context.OutIsTerminal), discovery, options);
            }
            finally
            {
                foreach (var sensor in discovery.Sensors)
                {
                    sensor.Dispose();
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, DiscoveryResult discovery, MeasurementOptions options)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("device");
        table.AddColumn("id");
        table.AddColumn("name");
        table.AddColumn("method");
        table.AddColumn("source");
        foreach (var sensor in discovery.Sensors)
        {
            table.AddRow(
                Markup.Escape(WireNames.Kind(sensor.Kind)),
                Markup.Escape(sensor.DeviceId),
                Markup.Escape(sensor.DeviceName),
                Markup.Escape(WireNames.Method(sensor.Method)),
                Markup.Escape(sensor.Source));
        }

        console.Write(table);
        foreach (var sensor in discovery.Sensors)
        {
            console.WriteLine($"{sensor.DeviceId}: {sensor.UnavailableReason ?? sensor.Model}");
        }

        if (!discovery.Sensors.Any(s => s.Kind == DeviceKind.Gpu))
        {
            console.WriteLine(options.UseNvml ? "gpu: no NVIDIA GPU found through NVML." : "gpu: not looked for (--no-gpu).");
        }

        console.WriteLine();
        console.WriteLine("RAPL (powercap):");
        foreach (var line in discovery.Rapl.Describe(includeDiagnostics: false).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            console.WriteLine("  " + line);
        }

        if (discovery.Gpus is { } gpus && gpus.Devices.Count > 0)
        {
            console.WriteLine();
            console.WriteLine("NVML devices:");
            foreach (var gpu in gpus.Devices)
            {
                var counters = gpu.EnergyCounterSupported ? "energy counter" : gpu.PowerSupported ? "power only" : "no energy or power readings";
                console.WriteLine($"  {gpu.Index}: {gpu.Name} {gpu.Uuid} ({counters}{(gpu.Visible ? string.Empty : ", hidden by CUDA_VISIBLE_DEVICES")})");
            }
        }

        if (discovery.Diagnostics.Count > 0)
        {
            console.WriteLine();
            console.WriteLine("Not used, and why:");
            foreach (var diagnostic in discovery.Diagnostics)
            {
                console.WriteLine("  " + diagnostic);
            }
        }
    }
}
