using CarbonScope.Measurement.Models;
using CarbonScope.Measurement.Nvml;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Measurement.Rapl;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Measurement;

/// <summary>
/// Finds the sensors of this machine, preferring hardware counters: RAPL for the CPU (else the CPU load model), RAPL
/// dram for RAM (else the RAM model), NVML for NVIDIA GPUs. Each counter that cannot be used is reported once, with
/// the reason and the fix.
/// </summary>
public static class SensorDiscovery
{
    /// <summary>Discovers the sensors. Never throws for a missing or unreadable device: it falls back and says why.</summary>
    /// <param name="options">Roots and choices; validated here.</param>
    /// <param name="loggerFactory">Where sensors log warnings (e.g. an implausible RAPL reading).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static DiscoveryResult Discover(MeasurementOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var procfs = new ProcFileSystem(options.ProcfsRoot, ProcFileSystem.Default.ClockTicksPerSecond, ProcFileSystem.Default.PageSizeBytes);
        var cpuInfo = procfs.ReadCpuInfo();
        var cpuPower = new Lazy<CpuPowerMatch>(() => MatchCpu(cpuInfo, options));
        var sensors = new List<IEnergySensor>();
        var diagnostics = new List<SensorDiagnostic>();

        var rapl = RaplPowercap.Discover(new RaplOptions
        {
            SysfsRoot = options.SysfsRoot,
            UsePsys = options.UsePsys,
            // Only a TDP from the table or the user bounds plausibility; looked up at the first read, off the start path.
            PackageTdpSource = () => cpuPower.Value.IsFromTable || options.CpuTdp is not null ? cpuPower.Value.TdpPerPackage : null,
            DeviceName = CpuDeviceName(cpuInfo),
            Logger = loggerFactory?.CreateLogger("CarbonScope.Measurement.Rapl"),
        });
        diagnostics.AddRange(rapl.Diagnostics);
        sensors.Add(rapl.Cpu ?? (IEnergySensor)new CpuLoadModelSensor(cpuInfo, cpuPower.Value));

        if (!rapl.UsesPsys)
        {
            if (rapl.Ram is not null)
            {
                sensors.Add(rapl.Ram);
            }
            else if (procfs.TryReadMemInfo(out var memory, out var memoryError))
            {
                sensors.Add(new RamModelSensor(memory));
            }
            else
            {
                sensors.Add(new UnavailableSensor(DeviceKind.Ram, "ram", "RAM", "ram-model", $"no RAM figure: {memoryError}"));
            }
        }

        NvmlDiscovery? gpus = null;
        if (options.UseNvml)
        {
            gpus = NvmlGpus.Discover(new NvmlOptions { LibraryPath = options.NvmlLibraryPath });
            sensors.AddRange(gpus.Sensors);
            diagnostics.AddRange(gpus.Diagnostics);
        }

        return new DiscoveryResult(sensors, diagnostics, cpuInfo, rapl, gpus);
    }

    private static CpuPowerMatch MatchCpu(CpuInfo cpu, MeasurementOptions options) =>
        options.CpuTdp is { } tdp
            ? new CpuPowerMatch(tdp, CpuMatchKind.Exact, null, $"TDP {tdp} per package set by the user")
            : CpuPowerTable.Default.Match(cpu.ModelName, cpu.LogicalCpus);

    private static string? CpuDeviceName(CpuInfo cpu) =>
        cpu.ModelName is null ? null : CpuLoadModelSensor.BuildDeviceName(cpu.ModelName, cpu.Sockets);
}

/// <summary>What <see cref="SensorDiscovery"/> found.</summary>
/// <param name="Sensors">The sensors to track with, one per device.</param>
/// <param name="Diagnostics">Why hardware counters could not be used, and how to fix it; one line each.</param>
/// <param name="Cpu">The CPU as <c>/proc/cpuinfo</c> describes it.</param>
/// <param name="Rapl">The RAPL zones found (for <c>detect</c>).</param>
/// <param name="Gpus">The NVML devices found, or null when NVML was not asked for.</param>
public sealed record DiscoveryResult(
    IReadOnlyList<IEnergySensor> Sensors,
    IReadOnlyList<SensorDiagnostic> Diagnostics,
    CpuInfo Cpu,
    RaplDiscovery Rapl,
    NvmlDiscovery? Gpus);
