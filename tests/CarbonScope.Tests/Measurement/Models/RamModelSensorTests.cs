using CarbonScope.Measurement;
using CarbonScope.Measurement.Models;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Units;

namespace CarbonScope.Tests.Measurement.Models;

public class RamModelSensorTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sixty_four_gibibytes_for_an_hour_use_0_3725_watts_per_gigabyte()
    {
        using var sensor = new RamModelSensor(new MemInfo(64L << 30, 10L << 30));
        Assert.Equal(SensorReading.Baseline, sensor.Read(new SampleContext(s_start, TimeSpan.Zero, CpuActivity.Unknown)));

        var reading = sensor.Read(new SampleContext(s_start.AddHours(1), TimeSpan.FromHours(1), CpuActivity.Unknown));

        Assert.Equal(0.3725 * 64 * 3600, reading.Energy.Joules, 6);
        Assert.Equal(23.84, reading.Power!.Value.Watts, 9);
        Assert.Equal("RAM 64 GB", sensor.DeviceName);
        Assert.Null(sensor.UnavailableReason);
    }

    [Fact]
    public void The_device_name_and_model_give_the_size_in_gigabytes_of_two_to_the_thirty_bytes()
    {
        using var sensor = new RamModelSensor(new MemInfo(65850572L * 1024, 0));

        Assert.Equal("RAM 62.8 GB", sensor.DeviceName);
        Assert.Equal(
            "Green Algorithms memory power (Lannelongue et al. 2021): P = 0.3725 W/GB x 62.8 GB = 23.393 W, constant (GB = 2^30 bytes, MemTotal from /proc/meminfo)",
            sensor.Model);
        Assert.Equal((DeviceKind.Ram, "ram", MeasurementMethod.Estimated, "ram-model"), (sensor.Kind, sensor.DeviceId, sensor.Method, sensor.Source));
    }

    [Fact]
    public void Unknown_memory_size_makes_the_sensor_unavailable()
    {
        using var sensor = new RamModelSensor(default);
        sensor.Read(new SampleContext(s_start, TimeSpan.Zero, CpuActivity.Unknown));

        var reading = sensor.Read(new SampleContext(s_start.AddSeconds(10), TimeSpan.FromSeconds(10), CpuActivity.Unknown));

        Assert.Equal(Energy.Zero, reading.Energy);
        Assert.NotNull(sensor.UnavailableReason);
    }
}
