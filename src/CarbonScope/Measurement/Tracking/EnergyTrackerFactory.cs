using System.Diagnostics.Metrics;
using CarbonScope.Measurement.Nvml;
using CarbonScope.Measurement.Procfs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonScope.Measurement.Tracking;

/// <summary>Creates trackers: discovers the sensors, sets up attribution, wires clock, logging and metrics.</summary>
/// <remarks>Registered by <c>services.AddCarbonScope(...)</c>; without a host, use <see cref="Create(MeasurementOptions, TimeProvider?, ILoggerFactory?, IMeterFactory?)"/>.</remarks>
public sealed class EnergyTrackerFactory(
    IOptionsMonitor<MeasurementOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory? loggerFactory = null,
    IMeterFactory? meterFactory = null)
{
    /// <summary>Creates a tracker with the named options (the default options when <paramref name="name"/> is null).</summary>
    public EnergyTracker Create(string? name = null) =>
        Create(options.Get(name ?? Options.DefaultName), timeProvider, loggerFactory, meterFactory);

    /// <summary>Creates a tracker without a host: discovers the sensors and sets up attribution from <paramref name="options"/>.</summary>
    /// <param name="options">Where and what to measure; validated.</param>
    /// <param name="timeProvider">Clock and timer; null means the system clock.</param>
    /// <param name="loggerFactory">Where warnings go.</param>
    /// <param name="meterFactory">Creates the <c>CarbonScope.Measurement</c> meter.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static EnergyTracker Create(MeasurementOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options, SensorDiscovery.Discover(options, loggerFactory), timeProvider, loggerFactory, meterFactory);
    }

    /// <summary>
    /// Creates a tracker over sensors already discovered (e.g. before starting the command to measure, so that
    /// discovery does not delay the first sample). The tracker takes ownership of the sensors.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static EnergyTracker Create(MeasurementOptions options, DiscoveryResult discovery, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(discovery);
        options.Validate();
        var procfs = new ProcFileSystem(options.ProcfsRoot, ProcFileSystem.Default.ClockTicksPerSecond, ProcFileSystem.Default.PageSizeBytes);
        IEnergyAttribution? attribution = null;
        if (options.Mode == TrackingMode.Process)
        {
            attribution = new ProcessTreeAttribution(procfs, options.ProcessId ?? Environment.ProcessId, options.ReaperProcessId);
            foreach (var gpu in discovery.Sensors.OfType<NvmlGpuSensor>())
            {
                gpu.TrackProcesses = true;
            }
        }

        return new EnergyTracker(
            discovery.Sensors,
            options.Interval,
            attribution,
            new ProcStatCpuSource(procfs),
            timeProvider,
            discovery.Diagnostics,
            loggerFactory?.CreateLogger<EnergyTracker>(),
            meterFactory);
    }
}
