using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using CarbonScope.Scheduling;
using CarbonScope.Units;

namespace CarbonScope.Tests.Reporting;

/// <summary>Run records with known figures.</summary>
internal static class SampleRecords
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// 600 s; CPU 90 kJ (150 W) measured by RAPL, GPU 180 kJ (300 W) by NVML; PUE 1.2; 56 g/kWh (FR, annual average).
    /// Device energy 270 kJ; facility energy 324 kJ = 0.09 kWh; emissions 0.09 x 56 = 5.04 g.
    /// </summary>
    public static RunRecord Known() => new()
    {
        Id = "3f2b8c1e-7d4a-4e9b-9c1a-2b5d6e7f8a90",
        Command = ["python", "train.py", "--epochs", "3"],
        Project = "resnet",
        Status = RunStatus.Completed,
        ExitCode = 0,
        StartedAt = Start,
        EndedAt = Start.AddSeconds(600),
        Mode = TrackingMode.Process,
        Pue = 1.2,
        Zone = new ZoneSelection("FR", ZoneOrigin.Given, "--country FR", "France", "FRA"),
        Intensity = new IntensityEstimate(
            CarbonIntensity.FromGramsPerKilowattHour(56),
            new IntensityProvenance("embedded:owid-ember", "FR", IntensityKind.AnnualAverage, IntensitySignal.Average, Year: 2023, ZoneName: "France", Dataset: "Ember / Our World in Data, CC BY 4.0")),
        Components =
        [
            new DeviceEnergy(DeviceKind.Cpu, "cpu", "Intel Xeon Gold 6248", MeasurementMethod.Measured, "rapl", "RAPL package-0", Energy.FromJoules(90_000), Power.FromWatts(150), null),
            new DeviceEnergy(DeviceKind.Gpu, "gpu:0", "NVIDIA A100-SXM4-40GB", MeasurementMethod.Measured, "nvml", "NVML total energy counter", Energy.FromJoules(180_000), Power.FromWatts(300), null),
        ],
        Host = new HostInfo("Linux-6.1.0-18-amd64-x86_64", "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 80, 1, "1 x NVIDIA A100-SXM4-40GB", 270_582_939_648),
        AttributedTo = "process tree of pid 4242",
        CarbonScopeVersion = "0.3.0",
    };

    /// <summary>Every optional field set, odd characters in the strings, non-round numbers and times with fractions.</summary>
    public static RunRecord Full() => new()
    {
        Id = "00000000-0000-0000-0000-000000000001",
        Command = ["sh", "-c", "echo \"a, b\"\n; exit 3", "é ünïcode ✓"],
        Project = "proj \"quoted\", with comma",
        Status = RunStatus.Interrupted,
        ExitCode = 130,
        StartedAt = new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(1234567),
        EndedAt = new DateTimeOffset(2025, 1, 1, 1, 2, 3, TimeSpan.FromHours(-2)).AddTicks(7),
        Mode = TrackingMode.Machine,
        Pue = 1.37,
        Zone = new ZoneSelection("DE", ZoneOrigin.TimeZone, "time zone Europe/Berlin", "Germany", "DEU"),
        Intensity = new IntensityEstimate(
            CarbonIntensity.FromGramsPerKilowattHour(381.123456789),
            new IntensityProvenance("electricitymaps", "DE", IntensityKind.Forecast, IntensitySignal.Marginal, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1), 2024, "Germany", "Electricity Maps", "token expired")),
        Components =
        [
            new DeviceEnergy(DeviceKind.Cpu, "cpu", "AMD EPYC 7763", MeasurementMethod.Estimated, "cpu-load-model", "codecarbon cpu_load: TDP x (0.1 + 0.9 x load^3)", Energy.FromJoules(0.1 + 0.2), Power.FromWatts(1e-300), null),
            new DeviceEnergy(DeviceKind.Ram, "ram", "RAM 512 GB", MeasurementMethod.Unavailable, "ram-model", "", Energy.Zero, Power.Zero, "no RAM figure: meminfo unreadable"),
            new DeviceEnergy(DeviceKind.Gpu, "gpu:3", "NVIDIA H100 80GB HBM3", MeasurementMethod.Measured, "nvml", "NVML power samples integrated (trapezoid)", Energy.FromJoules(123_456_789.123), Power.FromWatts(699.99), "GPU is lost"),
        ],
        Diagnostics = ["rapl (cpu): energy_uj is readable by root only. Fix: sudo chmod o+r ...", "second"],
        Host = new HostInfo("Linux-aarch64", null, 0, 3, "2 x NVIDIA H100 80GB HBM3, 1 x NVIDIA T4", long.MaxValue),
        AttributedTo = "the whole machine",
        Equivalents =
        [
            new Equivalent(1.0 / 3.0, "km", "driven by an average new car in the EU (2024)", "EEA 2024, via carbontracker"),
            new Equivalent(2.5e-7, "flights", "Paris-New York, one passenger", "ADEME"),
        ],
        CarbonScopeVersion = "1.0.0-beta+abc",
        Schedule = new RunSchedule(
            "threshold 400/300 g/kWh",
            TimeSpan.FromSeconds(1234.5),
            "intensity 180 g/kWh <= 200: starting",
            [
                new PauseRecord(new DateTimeOffset(2025, 1, 1, 0, 10, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 0, 40, 0, TimeSpan.Zero).AddTicks(3), "intensity 412 g/kWh >= pause threshold 400", "intensity 290 g/kWh <= resume threshold 300: resuming"),
                new PauseRecord(new DateTimeOffset(2025, 1, 1, 0, 50, 0, TimeSpan.Zero), null, "intensity 401 g/kWh >= pause threshold 400", null),
            ],
            CarbonMass.FromGrams(12.345678901),
            CarbonMass.FromGrams(15.5),
            null),
    };

    /// <summary>The smallest record: every nullable field null, every list empty.</summary>
    public static RunRecord Minimal() => new()
    {
        Id = "id-1",
        Command = [],
        Status = RunStatus.Running,
        StartedAt = Start,
        EndedAt = Start,
        Mode = TrackingMode.Process,
        Zone = new ZoneSelection("WORLD", ZoneOrigin.Default, "no zone given or inferred"),
        Intensity = new IntensityEstimate(CarbonIntensity.FromGramsPerKilowattHour(480), new IntensityProvenance("embedded:owid-ember", "WORLD", IntensityKind.AnnualAverage, IntensitySignal.Average)),
        Components = [],
        Host = new HostInfo("Linux-x86_64", null, 0, 0, null, null),
    };
}
