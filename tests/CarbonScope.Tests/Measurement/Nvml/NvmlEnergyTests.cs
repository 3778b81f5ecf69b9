using CarbonScope.Measurement;
using CarbonScope.Measurement.Nvml;
using CarbonScope.Units;

namespace CarbonScope.Tests.Measurement.Nvml;

public sealed class NvmlEnergyTests(FakeNvmlBuild build) : IClassFixture<FakeNvmlBuild>
{
    private static SampleContext After(double seconds) =>
        new(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(seconds), CpuActivity.Unknown);

    private static NvmlGpuSensor SingleSensor(FakeNvml fake)
    {
        var discovery = NvmlGpus.Discover(fake.Options());
        return Assert.Single(discovery.Sensors);
    }

    [Fact]
    public void A_GPU_with_an_energy_counter_reports_the_counter_deltas_in_joules()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetDevice(0, "NVIDIA H100 80GB HBM3", "GPU-11111111-2222-3333-4444-555555555555");
        fake.SetEnergy(0, 1_000_000);
        fake.SetPower(0, 250_000);
        using var sensor = SingleSensor(fake);

        Assert.Equal(SensorReading.Baseline, sensor.Read(After(0)));

        fake.SetEnergy(0, 1_150_000);
        var first = sensor.Read(After(0.5));
        fake.SetEnergy(0, 1_400_500);
        var second = sensor.Read(After(1));

        Assert.Equal(150.0, first.Energy.Joules, 9);
        Assert.Equal(250.0, first.Power?.Watts);
        Assert.Equal(250.5, second.Energy.Joules, 9);
        Assert.Equal(NvmlGpuSensor.EnergyCounterModel, sensor.Model);
        Assert.Null(sensor.UnavailableReason);
        Assert.Equal(DeviceKind.Gpu, sensor.Kind);
        Assert.Equal("gpu:0", sensor.DeviceId);
        Assert.Equal("NVIDIA H100 80GB HBM3", sensor.DeviceName);
        Assert.Equal("GPU-11111111-2222-3333-4444-555555555555", sensor.Uuid);
        Assert.Equal("nvml", sensor.Source);
        Assert.Equal(MeasurementMethod.Measured, sensor.Method);
    }

    [Fact]
    public void A_counter_that_has_not_ticked_yet_reads_zero_joules_and_the_next_read_catches_up()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetEnergy(0, 5_000);
        using var sensor = SingleSensor(fake);
        sensor.Read(After(0));

        var unchanged = sensor.Read(After(0.05));
        fake.SetEnergy(0, 25_000);
        var caughtUp = sensor.Read(After(0.05));

        Assert.Equal(0.0, unchanged.Energy.Joules);
        Assert.Equal(20.0, caughtUp.Energy.Joules, 9);
    }

    [Fact]
    public void A_GPU_without_an_energy_counter_integrates_power_samples_with_the_trapezoid_rule()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetEnergyResult(0, FakeNvml.NotSupported);
        fake.SetPower(0, 100_000);
        var discovery = NvmlGpus.Discover(fake.Options());
        using var sensor = Assert.Single(discovery.Sensors);
        Assert.False(discovery.Devices[0].EnergyCounterSupported);
        Assert.True(discovery.Devices[0].PowerSupported);
        Assert.Equal(NvmlGpuSensor.IntegratedPowerModel, sensor.Model);

        Assert.Equal(SensorReading.Baseline, sensor.Read(After(0)));
        fake.SetPower(0, 200_000);
        var rising = sensor.Read(After(2)); // (100 W + 200 W) / 2 x 2 s
        var steady = sensor.Read(After(0.5)); // 200 W x 0.5 s
        fake.SetPower(0, 50_000);
        var falling = sensor.Read(After(4)); // (200 W + 50 W) / 2 x 4 s

        Assert.Equal(300.0, rising.Energy.Joules, 9);
        Assert.Equal(200.0, rising.Power?.Watts);
        Assert.Equal(100.0, steady.Energy.Joules, 9);
        Assert.Equal(500.0, falling.Energy.Joules, 9);
        Assert.Equal(50.0, falling.Power?.Watts);
        Assert.Equal(NvmlGpuSensor.IntegratedPowerModel, sensor.Model);
    }

    [Fact]
    public void A_counter_that_answers_not_supported_mid_run_falls_back_to_power_for_that_read_without_double_counting()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetEnergy(0, 1_000_000);
        fake.SetPower(0, 100_000);
        var discovery = NvmlGpus.Discover(fake.Options());
        using var sensor = Assert.Single(discovery.Sensors);
        Assert.True(discovery.Devices[0].EnergyCounterSupported);
        sensor.Read(After(0));

        fake.SetEnergyResult(0, FakeNvml.NotSupported);
        fake.SetPower(0, 300_000);
        var fallback = sensor.Read(After(1)); // (100 W + 300 W) / 2 x 1 s
        var fallbackModel = sensor.Model;

        // The counter is back, but its previous value is missing: this interval is integrated too.
        fake.SetEnergy(0, 9_000_000);
        var bridge = sensor.Read(After(1)); // 300 W x 1 s
        fake.SetEnergy(0, 9_100_000);
        var counter = sensor.Read(After(1));

        Assert.Equal(200.0, fallback.Energy.Joules, 9);
        Assert.Equal(NvmlGpuSensor.IntegratedPowerModel, fallbackModel);
        Assert.Equal(300.0, bridge.Energy.Joules, 9);
        Assert.Equal(100.0, counter.Energy.Joules, 9);
        Assert.Equal(NvmlGpuSensor.EnergyCounterModel, sensor.Model);
        Assert.Null(sensor.UnavailableReason);
    }

    [Fact]
    public void A_power_reading_that_answers_not_supported_leaves_the_counter_in_charge_and_reports_its_mean_power()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetEnergy(0, 0);
        fake.SetPower(0, 100_000);
        using var sensor = SingleSensor(fake);
        sensor.Read(After(0));

        fake.SetPowerResult(0, FakeNvml.NotSupported);
        fake.SetEnergy(0, 400_000);
        var reading = sensor.Read(After(2));

        Assert.Equal(400.0, reading.Energy.Joules, 9);
        Assert.Equal(200.0, reading.Power!.Value.Watts, 9);
        Assert.Null(sensor.UnavailableReason);
    }

    [Fact]
    public void A_counter_that_goes_backwards_is_integrated_from_power_instead_of_giving_a_negative_energy()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetEnergy(0, 50_000_000);
        fake.SetPower(0, 100_000);
        using var sensor = SingleSensor(fake);
        sensor.Read(After(0));

        fake.SetEnergy(0, 1_000);
        var reading = sensor.Read(After(3));

        Assert.Equal(300.0, reading.Energy.Joules, 9);
        Assert.Equal(NvmlGpuSensor.IntegratedPowerModel, sensor.Model);
    }

    [Fact]
    public void A_library_without_the_energy_export_is_read_as_a_GPU_without_an_energy_counter()
    {
        using var fake = build.NewCopy(FakeNvmlBuild.WithoutEnergyExport);
        fake.SetDeviceCount(1);
        fake.SetPower(0, 80_000);
        var discovery = NvmlGpus.Discover(fake.Options());
        using var sensor = Assert.Single(discovery.Sensors);
        sensor.Read(After(0));

        fake.SetPower(0, 120_000);
        var reading = sensor.Read(After(10));

        Assert.False(discovery.Devices[0].EnergyCounterSupported);
        Assert.Equal(1000.0, reading.Energy.Joules, 9);
        Assert.Equal(NvmlGpuSensor.IntegratedPowerModel, sensor.Model);
    }

    [Fact]
    public void A_GPU_lost_mid_run_sets_the_unavailable_reason_and_reads_zero_from_then_on()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetDevice(0, "NVIDIA A100-SXM4-40GB", "GPU-aaaaaaaa-0000-0000-0000-000000000000");
        fake.SetEnergy(0, 0);
        fake.SetPower(0, 100_000);
        using var sensor = SingleSensor(fake);
        sensor.Read(After(0));
        fake.SetEnergy(0, 150_000);
        var before = sensor.Read(After(1));

        fake.SetError(0, FakeNvml.GpuIsLost);
        var lost = sensor.Read(After(1));
        fake.SetError(0, 0);
        fake.SetEnergy(0, 900_000);
        var after = sensor.Read(After(1));

        Assert.Equal(150.0, before.Energy.Joules, 9);
        Assert.Equal(100.0, before.Power?.Watts);
        Assert.Equal(Energy.Zero, lost.Energy);
        Assert.Null(lost.Power);
        Assert.Equal(Energy.Zero, after.Energy);
        Assert.NotNull(sensor.UnavailableReason);
        Assert.Contains("GPU is lost", sensor.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("15", sensor.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("nvmlDeviceGetTotalEnergyConsumption", sensor.UnavailableReason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', sensor.UnavailableReason);
    }

    [Fact]
    public void A_power_call_failing_with_another_error_makes_a_power_only_sensor_unavailable()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetEnergyResult(0, FakeNvml.NotSupported);
        fake.SetPower(0, 100_000);
        using var sensor = SingleSensor(fake);
        sensor.Read(After(0));

        fake.SetPowerResult(0, 999);
        var reading = sensor.Read(After(1));

        Assert.Equal(Energy.Zero, reading.Energy);
        Assert.Contains("nvmlDeviceGetPowerUsage", sensor.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("Unknown Error", sensor.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Utilisation_and_memory_are_read_from_NVML()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetUtilization(0, 87, 41);
        fake.SetMemory(0, 40_000_000_000, 30_000_000_000, 10_000_000_000);
        using var sensor = SingleSensor(fake);

        Assert.Equal(new NvmlUtilization(87, 41), sensor.ReadUtilization());
        Assert.Equal(new NvmlMemoryInfo(40_000_000_000, 30_000_000_000, 10_000_000_000), sensor.ReadMemory());

        fake.SetError(0, FakeNvml.GpuIsLost);
        Assert.Null(sensor.ReadUtilization());
        Assert.Null(sensor.ReadMemory());
    }
}
