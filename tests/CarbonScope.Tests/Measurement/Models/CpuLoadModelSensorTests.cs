using CarbonScope.Measurement;
using CarbonScope.Measurement.Models;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Units;

namespace CarbonScope.Tests.Measurement.Models;

public class CpuLoadModelSensorTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, 100.0)]        // 100 W x 0.1 x 10 s
    [InlineData(50, 100, 212.5)]     // 100 W x (0.1 + 0.9 x 0.125) x 10 s
    [InlineData(100, 100, 1000.0)]   // 100 W x 1 x 10 s
    public void Energy_follows_the_cpu_load_model_over_ten_seconds(long busy, long total, double joules)
    {
        using var sensor = new CpuLoadModelSensor(new CpuInfo("Test CPU 100", 1, 8), TableMatch(100));
        Assert.Equal(SensorReading.Baseline, sensor.Read(Tick(0, CpuActivity.Unknown)));

        var reading = sensor.Read(Tick(10, new CpuActivity(busy, total == 0 ? 100 : total)));

        Assert.Equal(joules, reading.Energy.Joules, 9);
        Assert.Equal(joules / 10, reading.Power!.Value.Watts, 9);
        Assert.Null(sensor.UnavailableReason);
    }

    [Fact]
    public void Two_packages_double_the_table_tdp()
    {
        var match = CpuPowerTable.Default.Match("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 80);
        using var sensor = new CpuLoadModelSensor(new CpuInfo("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 2, 80), match);
        sensor.Read(Tick(0, CpuActivity.Unknown));

        var reading = sensor.Read(Tick(10, new CpuActivity(80, 80)));

        Assert.Equal(300, sensor.Tdp.Watts);
        Assert.Equal(3000, reading.Energy.Joules, 9);
        Assert.Equal("Intel Xeon Gold 6248 (2 packages)", sensor.DeviceName);
        Assert.Equal(
            "codecarbon cpu_load: P = TDP x (0.1 + 0.9 x load^3); TDP 150 W x 2 packages = 300 W from the CPU table entry 'Intel Xeon Gold 6248' (fuzzy match of 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz')",
            sensor.Model);
    }

    [Fact]
    public void The_per_thread_default_is_not_multiplied_by_packages()
    {
        var cpu = new CpuInfo("Imaginary Turbo X9000", 2, 16);
        var match = CpuPowerTable.Default.Match(cpu.ModelName, cpu.LogicalCpus);
        using var sensor = new CpuLoadModelSensor(cpu, match);
        sensor.Read(Tick(0, CpuActivity.Unknown));

        var reading = sensor.Read(Tick(10, new CpuActivity(10, 10)));

        Assert.Equal(640, reading.Energy.Joules, 9);
        Assert.StartsWith("codecarbon cpu_load: P = TDP x (0.1 + 0.9 x load^3); TDP 64 W for the whole machine: 'Imaginary Turbo X9000' is not in the CPU table", sensor.Model, StringComparison.Ordinal);
        Assert.Equal("Imaginary Turbo X9000 (2 packages)", sensor.DeviceName);
    }

    [Fact]
    public void The_undetected_default_is_85_watts_for_the_machine()
    {
        var cpu = new CpuInfo(null, 0, 0);
        using var sensor = new CpuLoadModelSensor(cpu, CpuPowerTable.Default.Match(cpu.ModelName, cpu.LogicalCpus));
        sensor.Read(Tick(0, CpuActivity.Unknown));

        var reading = sensor.Read(Tick(10, new CpuActivity(100, 100)));

        Assert.Equal(850, reading.Energy.Joules, 9);
        Assert.Equal("CPU (model not detected)", sensor.DeviceName);
        Assert.Contains("85 W", sensor.Model, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_machine_load_after_the_first_read_makes_the_sensor_unavailable()
    {
        using var sensor = new CpuLoadModelSensor(new CpuInfo("Test CPU 100", 1, 8), TableMatch(100));
        sensor.Read(Tick(0, CpuActivity.Unknown));

        var unknown = sensor.Read(Tick(10, CpuActivity.Unknown));
        var later = sensor.Read(Tick(20, new CpuActivity(5, 10)));

        Assert.Equal(new SensorReading(Energy.Zero, null), unknown);
        Assert.Equal(Energy.Zero, later.Energy);
        Assert.Equal("machine CPU utilisation unknown (/proc/stat unreadable)", sensor.UnavailableReason);
    }

    [Fact]
    public void The_sensor_describes_itself_as_an_estimate()
    {
        using var sensor = new CpuLoadModelSensor(new CpuInfo("Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz", 1, 16), TableMatch(125));

        Assert.Equal((DeviceKind.Cpu, "cpu", MeasurementMethod.Estimated, "cpu-load-model"), (sensor.Kind, sensor.DeviceId, sensor.Method, sensor.Source));
        Assert.Equal("Intel Core i7-10700K", sensor.DeviceName);
        Assert.Equal("codecarbon cpu_load: P = TDP x (0.1 + 0.9 x load^3); TDP 125 W x 1 package from the CPU table entry 'Test' (exact match)", sensor.Model);
    }

    [Fact]
    public void A_zero_interval_gives_zero_energy()
    {
        using var sensor = new CpuLoadModelSensor(new CpuInfo("Test CPU 100", 1, 8), TableMatch(100));
        sensor.Read(Tick(0, CpuActivity.Unknown));

        Assert.Equal(Energy.Zero, sensor.Read(Tick(0, new CpuActivity(1, 1))).Energy);
    }

    private static CpuPowerMatch TableMatch(double watts) =>
        new(Power.FromWatts(watts), CpuMatchKind.Exact, "Test", "CPU table entry 'Test' (exact match)");

    private static SampleContext Tick(double seconds, CpuActivity activity) =>
        new(s_start.AddSeconds(seconds), seconds == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(10), activity);
}
