using System.CommandLine;
using CarbonScope.Measurement;
using CarbonScope.Units;

namespace CarbonScope.Cli;

/// <summary>The options that say where and how to measure, shared by <c>run</c> and <c>detect</c>.</summary>
internal sealed class MeasurementArguments
{
    public Option<string> SysfsRoot { get; } = new("--sysfs-root")
    {
        Description = "Directory that stands for /sys (e.g. the host's /sys mounted into a container). Default /sys.",
        HelpName = "DIR",
    };

    public Option<string> ProcfsRoot { get; } = new("--procfs-root")
    {
        Description = "Directory that stands for /proc. Default /proc.",
        HelpName = "DIR",
    };

    public Option<bool> Psys { get; } = new("--psys")
    {
        Description = "Use the RAPL psys (platform) zone instead of package + dram where the machine has one.",
    };

    public Option<Power?> CpuTdp { get; } = TextParsers.Option<Power?>(
        "--cpu-tdp", "The CPU's TDP per package (e.g. 150W), when the built-in table does not know it.", "POWER", TextParsers.Power);

    public Option<bool> NoGpu { get; } = new("--no-gpu")
    {
        Description = "Do not look for NVIDIA GPUs (NVML).",
    };

    public IEnumerable<Option> All => [SysfsRoot, ProcfsRoot, Psys, CpuTdp, NoGpu];

    /// <summary>The measurement options from the command line, the configuration and the defaults.</summary>
    public MeasurementOptions ToOptions(SettingResolver settings) => new()
    {
        SysfsRoot = settings.Get(SysfsRoot, "SysfsRoot") ?? "/sys",
        ProcfsRoot = settings.Get(ProcfsRoot, "ProcfsRoot") ?? "/proc",
        UsePsys = settings.Get(Psys, "Psys"),
        CpuTdp = settings.Get(CpuTdp, "CpuTdp", TextParsers.Power, null),
        UseNvml = !settings.Get(NoGpu, "NoGpu"),
    };

    internal static Option<TimeSpan> IntervalOption() => TextParsers.Option<TimeSpan>(
        "--interval", $"Sampling interval, from 10ms to 1h (e.g. 200ms, 1s, 5m). Default 1s.", "DURATION", TextParsers.Interval);
}
