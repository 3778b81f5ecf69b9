using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using CarbonScope.Units;

namespace CarbonScope.Storage.Tests;

internal static class TestData
{
    /// <summary>A start time with whole microseconds (the store's resolution).</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.Zero).AddTicks(5_358_970);

    /// <summary>A record with every nullable member set, three components, diagnostics and equivalents; doubles that print badly.</summary>
    public static RunRecord Full(string id = "6f1c2a9e-0b7d-4c3e-9a51-2d8f7e6b4c10", DateTimeOffset? startedAt = null, RunStatus status = RunStatus.Completed)
    {
        var start = startedAt ?? Start;
        return new RunRecord
        {
            Id = id,
            Command = ["python", "train.py", "--lr", "3e-4", "--name", "épreuve \"quoted\" \\ back", ""],
            Project = "resnet-ablation",
            Status = status,
            ExitCode = 137,
            StartedAt = start,
            EndedAt = start + TimeSpan.FromTicks(36_001_234_560),
            Mode = TrackingMode.Process,
            Pue = 1.0 / 3.0 + 1.0,
            Zone = new ZoneSelection("FR", ZoneOrigin.TimeZone, "time zone Europe/Paris", "France", "FRA"),
            Intensity = new IntensityEstimate(
                CarbonIntensity.FromGramsPerKilowattHour(0.1 + 0.2),
                new IntensityProvenance(
                    "electricitymaps",
                    "FR",
                    IntensityKind.Forecast,
                    IntensitySignal.Marginal,
                    FetchedAt: start.AddMinutes(-3).AddTicks(10),
                    Year: 2024,
                    ZoneName: "France",
                    Dataset: "Ember / Our World in Data, CC BY 4.0",
                    FallbackReason: "ELECTRICITYMAPS_TOKEN is not set")),
            Components =
            [
                new DeviceEnergy(DeviceKind.Cpu, "cpu", "AMD EPYC 7B13", MeasurementMethod.Measured, "rapl", "intel-rapl:0 energy_uj", Energy.FromJoules(12_345.678_901_234_5), Power.FromWatts(Math.PI), null),
                new DeviceEnergy(DeviceKind.Gpu, "gpu:0", "NVIDIA H100 80GB HBM3", MeasurementMethod.Measured, "nvml", "nvmlDeviceGetTotalEnergyConsumption", Energy.FromJoules(1e300), Power.FromWatts(double.Epsilon), null),
                new DeviceEnergy(DeviceKind.Ram, "ram", "RAM 503 GiB", MeasurementMethod.Unavailable, "ram-model", "0.375 W/GiB", Energy.FromJoules(-0.0), Power.FromWatts(0.000_1), "no RAM counter: the model is off (--ram-model none)"),
            ],
            Diagnostics = ["RAPL energy_uj is readable by root only: sudo chmod o+r /sys/class/powercap/*/energy_uj", "second line"],
            Host = new HostInfo("Linux-6.1.0-18-amd64-x86_64", "AMD EPYC 7B13 64-Core Processor", 128, 1, "1 x NVIDIA H100 80GB HBM3", 540_431_953_920),
            AttributedTo = "process tree of pid 1234",
            Equivalents =
            [
                new Equivalent(1.0 / 7.0, "km", "driven by an average new car in the EU (2024)", "EEA 2024, via carbontracker"),
                new Equivalent(123_456.789e-3, "h", "of watching TV", "Carbon Trust 2021"),
            ],
            CarbonScopeVersion = "0.3.0+abc1234",
        };
    }

    /// <summary>A record with every nullable member null and every list empty.</summary>
    public static RunRecord Minimal(string id = "00000000-1111-2222-3333-444444444444", DateTimeOffset? startedAt = null, RunStatus status = RunStatus.FailedToStart)
    {
        var start = startedAt ?? Start;
        return new RunRecord
        {
            Id = id,
            Command = [],
            Status = status,
            StartedAt = start,
            EndedAt = start,
            Mode = TrackingMode.Machine,
            Zone = new ZoneSelection("WORLD", ZoneOrigin.Default, "no zone given or inferred"),
            Intensity = new IntensityEstimate(
                CarbonIntensity.FromGramsPerKilowattHour(480.0),
                new IntensityProvenance("embedded:owid-ember", "WORLD", IntensityKind.AnnualAverage, IntensitySignal.Average)),
            Components = [],
            Host = new HostInfo("Linux-6.1.0-x86_64", null, 0, 0, null, null),
        };
    }

    /// <summary>A running record with CPU and GPU energy as given.</summary>
    public static RunRecord Progress(RunRecord run, double cpuJoules, double gpuJoules, DateTimeOffset endedAt) => run with
    {
        Status = RunStatus.Running,
        ExitCode = null,
        EndedAt = endedAt,
        Components =
        [
            new DeviceEnergy(DeviceKind.Cpu, "cpu", "CPU", MeasurementMethod.Estimated, "cpu-load-model", "TDP 280 W", Energy.FromJoules(cpuJoules), Power.FromWatts(cpuJoules / (endedAt - run.StartedAt).TotalSeconds), null),
            new DeviceEnergy(DeviceKind.Gpu, "gpu:0", "GPU", MeasurementMethod.Measured, "nvml", "total energy", Energy.FromJoules(gpuJoules), Power.FromWatts(gpuJoules / (endedAt - run.StartedAt).TotalSeconds), null),
        ],
    };

    /// <summary>The i-th sample of a run: CPU, GPU (with device power) and RAM (without), at 1 s intervals.</summary>
    public static EnergySample Sample(int i, DateTimeOffset? start = null) => new(
        (start ?? Start) + TimeSpan.FromTicks((i + 1) * 10_000_000L + (i * 10L)),
        TimeSpan.FromTicks(10_000_000L + (i * 10L)),
        [
            new DeviceSample("cpu", DeviceKind.Cpu, Energy.FromJoules(41.5 + (i / 3.0)), Power.FromWatts(41.5 + (i / 3.0)), Power.FromWatts(95.25), 0.1 * (i % 10)),
            new DeviceSample("gpu:0", DeviceKind.Gpu, Energy.FromJoules(300.0 / 7.0), Power.FromWatts(300.0 / 7.0), Power.FromWatts(301.125), 1.0),
            new DeviceSample("ram", DeviceKind.Ram, Energy.FromJoules(1e-9), Power.FromWatts(1e-9), null, 0.0),
        ]);

    public static List<EnergySample> Samples(int from, int count, DateTimeOffset? start = null) =>
        [.. Enumerable.Range(from, count).Select(i => Sample(i, start))];

    public static void AssertSame(IReadOnlyList<EnergySample> expected, IReadOnlyList<EnergySample> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
            Assert.Equal(expected[i].Elapsed, actual[i].Elapsed);
            Assert.Equal(expected[i].Devices, actual[i].Devices);
        }
    }
}
