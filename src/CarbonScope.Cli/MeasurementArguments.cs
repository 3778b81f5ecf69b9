using System.CommandLine;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;

namespace CarbonScope.Cli;

/// <summary>The options that say where and how to measure, shared by <c>run</c> and <c>detect</c>.</summary>
internal sealed class MeasurementArguments
{
    public Option<string> SysfsRoot { get; } = new("--sysfs-root")
    {
        Description = "Directory that stands for /sys (e.g. the host's /sys mounted into a container).",
        DefaultValueFactory = _ => "/sys",
        HelpName = "DIR",
    };

    public Option<string> ProcfsRoot { get; } = new("--procfs-root")
    {
        Description = "Directory that stands for /proc.",
        DefaultValueFactory = _ => "/proc",
        HelpName = "DIR",
    };

    public Option<bool> Psys { get; } = new("--psys")
    {
        Description = "Use the RAPL psys (platform) zone instead of package + dram where the machine has one.",
    };

    public Option<Power?> CpuTdp { get; } = new("--cpu-tdp")
    {
        Description = "The CPU's TDP per package (e.g. 150W), when the built-in table does not know it.",
        HelpName = "POWER",
        CustomParser = result => Power.TryParse(result.Tokens.Single().Value, null, out var power) ? power : Fail<Power?>(result, $"'{result.Tokens.Single().Value}' is not a power: write a number and a unit, e.g. 150W."),
    };

    public Option<bool> NoGpu { get; } = new("--no-gpu")
    {
        Description = "Do not look for NVIDIA GPUs (NVML).",
    };

    public IEnumerable<Option> All => [SysfsRoot, ProcfsRoot, Psys, CpuTdp, NoGpu];

    public MeasurementOptions ToOptions(ParseResult parse) => new()
    {
        SysfsRoot = parse.GetValue(SysfsRoot)!,
        ProcfsRoot = parse.GetValue(ProcfsRoot)!,
        UsePsys = parse.GetValue(Psys),
        CpuTdp = parse.GetValue(CpuTdp),
        UseNvml = !parse.GetValue(NoGpu),
    };

    internal static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    internal static Option<TimeSpan> IntervalOption() => new("--interval")
    {
        Description = "Sampling interval, from 10ms to 1h (e.g. 200ms, 1s, 5m).",
        HelpName = "DURATION",
        DefaultValueFactory = _ => EnergyTracker.DefaultInterval,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (!DurationText.TryParse(text, out var interval))
            {
                return Fail<TimeSpan>(result, $"'{text}' is not a duration: write a number and a unit, e.g. 200ms, 1s, 5m or 2h.");
            }

            return interval < EnergyTracker.MinimumInterval || interval > EnergyTracker.MaximumInterval
                ? Fail<TimeSpan>(result, $"The interval {text} is outside the allowed range: use 10ms to 1h.")
                : interval;
        },
    };
}
