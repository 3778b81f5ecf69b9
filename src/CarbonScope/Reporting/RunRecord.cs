using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;

namespace CarbonScope.Reporting;

/// <summary>
/// One run of <c>carbonscope run</c>: what ran, when, how it ended, the energy of each device, the intensity with its
/// provenance, and the emissions. The unit of history; written as JSON (docs/run-record.md), to the store, and as a row
/// of <c>emissions.csv</c>.
/// </summary>
public sealed record RunRecord
{
    /// <summary>A unique id (a GUID in its 36-character form; also codecarbon's <c>run_id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The command and its arguments, as given.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The project name (<c>--project</c>); null when not given.</summary>
    public string? Project { get; init; }

    /// <summary>How the run ended (or that it is still running).</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The command's exit code (128+N when it died of signal N; 126/127 when it could not start); null while running.</summary>
    public int? ExitCode { get; init; }

    /// <summary>When measuring started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When measuring stopped (UTC); for a running or incomplete run, the time of the last figures.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Process tree or whole machine.</summary>
    public required TrackingMode Mode { get; init; }

    /// <summary>The power usage effectiveness applied, in [1, 5].</summary>
    public double Pue { get; init; } = 1.0;

    /// <summary>The zone and how it was chosen.</summary>
    public required ZoneSelection Zone { get; init; }

    /// <summary>The carbon intensity applied, with its provenance.</summary>
    public required IntensityEstimate Intensity { get; init; }

    /// <summary>The energy of each device (before PUE), with its method and source.</summary>
    public required IReadOnlyList<DeviceEnergy> Components { get; init; }

    /// <summary>Why hardware counters could not be used, and how to fix it; one line each.</summary>
    public IReadOnlyList<string> Diagnostics { get; init; } = [];

    /// <summary>The machine.</summary>
    public required HostInfo Host { get; init; }

    /// <summary>What the process tree or machine the energy was attributed to (e.g. <c>process tree of pid 1234</c>).</summary>
    public string? AttributedTo { get; init; }

    /// <summary>Everyday equivalents of the emissions, each with its source.</summary>
    public IReadOnlyList<Equivalent> Equivalents { get; init; } = [];

    /// <summary>The carbonscope version that wrote the record.</summary>
    public string? CarbonScopeVersion { get; init; }

    /// <summary>What carbon-aware scheduling did (waited, paused, carbon avoided); null for a plain run.</summary>
    public RunSchedule? Schedule { get; init; }

    /// <summary>How long the run was measured (wall clock).</summary>
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>The devices' energy, summed, before PUE.</summary>
    public Energy DeviceEnergy => Components.Aggregate(Energy.Zero, (sum, c) => sum + c.Energy);

    /// <summary>The facility's energy: <see cref="DeviceEnergy"/> × <see cref="Pue"/>.</summary>
    public Energy Energy => CarbonFootprint.FacilityEnergy(DeviceEnergy, Pue);

    /// <summary>The emissions: <see cref="Energy"/> × the intensity.</summary>
    public CarbonMass Emissions => CarbonFootprint.Emissions(Energy, Intensity.Value);

    /// <summary>The energy of the devices of one kind, before PUE.</summary>
    public Energy DeviceEnergyOf(DeviceKind kind) => Components.Where(c => c.Kind == kind).Aggregate(Energy.Zero, (sum, c) => sum + c.Energy);

    /// <summary>The mean power of the devices of one kind over the run, before PUE; zero for a zero-length run.</summary>
    public Power MeanPowerOf(DeviceKind kind) => Duration > TimeSpan.Zero ? DeviceEnergyOf(kind) / Duration : Power.Zero;
}
