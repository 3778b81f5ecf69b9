namespace CarbonScope.Reporting;

/// <summary>
/// The keys of the run record's JSON form (schema version <see cref="RunRecordJson.SchemaVersion"/>), in one place so
/// that the writer, the reader and docs/run-record.md cannot drift apart (a test checks that the docs name each one).
/// </summary>
public static class RunRecordJsonKeys
{
    /// <summary>The schema version, an integer (1).</summary>
    public const string SchemaVersion = "schemaVersion";

    /// <summary>The run id.</summary>
    public const string Id = "id";

    /// <summary>The command and its arguments, an array of strings.</summary>
    public const string Command = "command";

    /// <summary>The project name, or null.</summary>
    public const string Project = "project";

    /// <summary>The exit code, or null.</summary>
    public const string ExitCode = "exitCode";

    /// <summary>How the run ended (<see cref="RunStatusNames"/>).</summary>
    public const string Status = "status";

    /// <summary>When measuring started (ISO 8601, UTC).</summary>
    public const string StartedAt = "startedAt";

    /// <summary>When measuring stopped (ISO 8601, UTC).</summary>
    public const string EndedAt = "endedAt";

    /// <summary>The wall-clock duration in seconds (derived).</summary>
    public const string DurationSeconds = "durationSeconds";

    /// <summary><c>process</c> or <c>machine</c>.</summary>
    public const string Mode = "mode";

    /// <summary>What the energy was attributed to, or null.</summary>
    public const string AttributedTo = "attributedTo";

    /// <summary>The power usage effectiveness.</summary>
    public const string Pue = "pue";

    /// <summary>The devices' energy in joules, before PUE (derived).</summary>
    public const string DeviceEnergyJoules = "deviceEnergyJoules";

    /// <summary>The facility's energy in joules, after PUE (derived).</summary>
    public const string EnergyJoules = "energyJoules";

    /// <summary>The emissions in grams CO2e (derived).</summary>
    public const string EmissionsGrams = "emissionsGrams";

    /// <summary>The zone object (keys <c>Zone*</c>).</summary>
    public const string Zone = "zone";

    /// <summary>The intensity object (keys <c>Intensity*</c>).</summary>
    public const string Intensity = "intensity";

    /// <summary>The array of component objects (keys <c>Component*</c>).</summary>
    public const string Components = "components";

    /// <summary>The host object (keys <c>Host*</c>).</summary>
    public const string Host = "host";

    /// <summary>The array of equivalent objects (keys <c>Equivalent*</c>).</summary>
    public const string Equivalents = "equivalents";

    /// <summary>The diagnostics, an array of strings.</summary>
    public const string Diagnostics = "diagnostics";

    /// <summary>The carbonscope version, or null.</summary>
    public const string CarbonScopeVersion = "carbonscopeVersion";

    /// <summary>zone.zone: the zone key.</summary>
    public const string ZoneZone = "zone";

    /// <summary>zone.origin: <c>given</c>, <c>time-zone</c> or <c>default</c>.</summary>
    public const string ZoneOrigin = "origin";

    /// <summary>zone.detail: what the zone was chosen from.</summary>
    public const string ZoneDetail = "detail";

    /// <summary>zone.countryName, or null.</summary>
    public const string ZoneCountryName = "countryName";

    /// <summary>zone.countryAlpha3, or null.</summary>
    public const string ZoneCountryAlpha3 = "countryAlpha3";

    /// <summary>intensity.gramsPerKwh: g CO2e/kWh.</summary>
    public const string IntensityGramsPerKwh = "gramsPerKwh";

    /// <summary>intensity.zone: the zone the figure is for.</summary>
    public const string IntensityZone = "zone";

    /// <summary>intensity.zoneName, or null.</summary>
    public const string IntensityZoneName = "zoneName";

    /// <summary>intensity.source: the provider or dataset.</summary>
    public const string IntensitySource = "source";

    /// <summary>intensity.kind: <c>measured</c>, <c>forecast</c> or <c>annual-average</c>.</summary>
    public const string IntensityKind = "kind";

    /// <summary>intensity.signal: <c>average</c> or <c>marginal</c>.</summary>
    public const string IntensitySignal = "signal";

    /// <summary>intensity.year, or null.</summary>
    public const string IntensityYear = "year";

    /// <summary>intensity.fetchedAt, or null.</summary>
    public const string IntensityFetchedAt = "fetchedAt";

    /// <summary>intensity.dataset, or null.</summary>
    public const string IntensityDataset = "dataset";

    /// <summary>intensity.fallbackReason, or null.</summary>
    public const string IntensityFallbackReason = "fallbackReason";

    /// <summary>components[].kind: <c>cpu</c>, <c>gpu</c> or <c>ram</c>.</summary>
    public const string ComponentKind = "kind";

    /// <summary>components[].device: the device id.</summary>
    public const string ComponentDevice = "device";

    /// <summary>components[].name: the device name.</summary>
    public const string ComponentName = "name";

    /// <summary>components[].method: <c>measured</c>, <c>estimated</c> or <c>unavailable</c>.</summary>
    public const string ComponentMethod = "method";

    /// <summary>components[].source: the sensor.</summary>
    public const string ComponentSource = "source";

    /// <summary>components[].model: the counters read or the model.</summary>
    public const string ComponentModel = "model";

    /// <summary>components[].energyJoules: before PUE.</summary>
    public const string ComponentEnergyJoules = "energyJoules";

    /// <summary>components[].meanPowerWatts: before PUE.</summary>
    public const string ComponentMeanPowerWatts = "meanPowerWatts";

    /// <summary>components[].unavailableReason, or null.</summary>
    public const string ComponentUnavailableReason = "unavailableReason";

    /// <summary>host.os.</summary>
    public const string HostOs = "os";

    /// <summary>host.cpuModel, or null.</summary>
    public const string HostCpuModel = "cpuModel";

    /// <summary>host.cpuCount.</summary>
    public const string HostCpuCount = "cpuCount";

    /// <summary>host.gpuCount.</summary>
    public const string HostGpuCount = "gpuCount";

    /// <summary>host.gpuModel, or null.</summary>
    public const string HostGpuModel = "gpuModel";

    /// <summary>host.ramTotalBytes, or null.</summary>
    public const string HostRamTotalBytes = "ramTotalBytes";

    /// <summary>equivalents[].amount.</summary>
    public const string EquivalentAmount = "amount";

    /// <summary>equivalents[].unit.</summary>
    public const string EquivalentUnit = "unit";

    /// <summary>equivalents[].description.</summary>
    public const string EquivalentDescription = "description";

    /// <summary>equivalents[].source.</summary>
    public const string EquivalentSource = "source";

    /// <summary>What carbon-aware scheduling did, an object (keys <c>Schedule*</c>), or null for a plain run.</summary>
    public const string Schedule = "schedule";

    /// <summary>schedule.strategy: what decided, for people.</summary>
    public const string ScheduleStrategy = "strategy";

    /// <summary>schedule.waitedSeconds: how long the command waited before it started.</summary>
    public const string ScheduleWaitedSeconds = "waitedSeconds";

    /// <summary>schedule.startReason: why it started when it did, or null.</summary>
    public const string ScheduleStartReason = "startReason";

    /// <summary>schedule.pausedSeconds: the pauses' total (derived).</summary>
    public const string SchedulePausedSeconds = "pausedSeconds";

    /// <summary>schedule.pauses: an array of objects (keys <c>Pause*</c>).</summary>
    public const string SchedulePauses = "pauses";

    /// <summary>schedule.pauses[].start (ISO 8601, UTC).</summary>
    public const string PauseStart = "start";

    /// <summary>schedule.pauses[].end (ISO 8601, UTC), or null while it lasts.</summary>
    public const string PauseEnd = "end";

    /// <summary>schedule.pauses[].reason: why it paused.</summary>
    public const string PauseReason = "reason";

    /// <summary>schedule.pauses[].resumeReason: why it resumed, or null.</summary>
    public const string PauseResumeReason = "resumeReason";

    /// <summary>schedule.observedEmissionsGrams: emissions by the observed intensities, or null.</summary>
    public const string ScheduleObservedEmissionsGrams = "observedEmissionsGrams";

    /// <summary>schedule.counterfactualEmissionsGrams: the same work without pauses, or null.</summary>
    public const string ScheduleCounterfactualEmissionsGrams = "counterfactualEmissionsGrams";

    /// <summary>schedule.avoidedGrams: counterfactual minus observed (derived), or null.</summary>
    public const string ScheduleAvoidedGrams = "avoidedGrams";

    /// <summary>schedule.accountProblem: why there is no account, or null.</summary>
    public const string ScheduleAccountProblem = "accountProblem";
}
