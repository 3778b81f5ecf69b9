using CarbonScope.Measurement;
using CarbonScope.Measurement.Rapl;
using CarbonScope.Testing;
using CarbonScope.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CarbonScope.Tests.Measurement.Rapl;

public sealed class RaplSensorTests : IDisposable
{
    private const string Package = "intel-rapl:0";

    private readonly FakePowercapTree _tree = new();
    private readonly FakeLogger _logger = new();
    private readonly List<RaplSensor> _sensors = [];
    private DateTimeOffset _time = DateTimeOffset.UnixEpoch;

    public void Dispose()
    {
        foreach (var sensor in _sensors)
        {
            sensor.Dispose();
        }

        _tree.Dispose();
    }

    [Fact]
    public void First_read_only_sets_the_baseline()
    {
        var cpu = PackageSensor(energy: 123_000_000);

        Assert.Equal(SensorReading.Baseline, cpu.Read(Tick(TimeSpan.Zero)));
    }

    [Fact]
    public void Steady_increase_gives_exact_joules_and_the_mean_power()
    {
        var cpu = PackageSensor(energy: 1_000_000);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 51_000_000);
        var first = cpu.Read(Tick(TimeSpan.FromSeconds(2)));
        _tree.SetEnergy(Package, 51_250_000);
        var second = cpu.Read(Tick(TimeSpan.FromMilliseconds(500)));

        Assert.Equal(50.0, first.Energy.Joules);
        Assert.Equal(25.0, first.Power!.Value.Watts);
        Assert.Equal(0.25, second.Energy.Joules);
        Assert.Equal(0.5, second.Power!.Value.Watts);
        Assert.Null(cpu.UnavailableReason);
    }

    [Fact]
    public void Unchanged_counter_gives_zero_energy()
    {
        var cpu = PackageSensor(energy: 7_000_000);
        cpu.Read(Tick(TimeSpan.Zero));

        var reading = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(Energy.Zero, reading.Energy);
        Assert.Equal(Power.Zero, reading.Power);
        Assert.Null(cpu.UnavailableReason);
    }

    [Fact]
    public void Counter_wrap_is_added_using_max_energy_range()
    {
        var cpu = PackageSensor(energy: 999_000_000, maxRange: 1_000_000_000);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 500_000);
        var reading = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(1.5, reading.Energy.Joules);
        Assert.Equal(1.5, reading.Power!.Value.Watts);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void Counter_wrap_to_exactly_zero_counts_the_rest_of_the_range()
    {
        var cpu = PackageSensor(energy: 262_142_328_850, maxRange: FakePowercapTree.DefaultMaxRange);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 0);

        Assert.Equal(1.0, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy.Joules);
    }

    [Fact]
    public void Backwards_counter_without_max_range_counts_zero_warns_once_and_keeps_going()
    {
        var cpu = PackageSensor(energy: 900_000_000, maxRange: null);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 2_000_000);
        var backwards = cpu.Read(Tick(TimeSpan.FromSeconds(1)));
        _tree.SetEnergy(Package, 5_000_000);
        var next = cpu.Read(Tick(TimeSpan.FromSeconds(1)));
        _tree.SetEnergy(Package, 1_000_000);
        var backwardsAgain = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(Energy.Zero, backwards.Energy);
        Assert.Equal(3.0, next.Energy.Joules);
        Assert.Equal(Energy.Zero, backwardsAgain.Energy);
        Assert.Null(cpu.UnavailableReason);
        var warning = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("package-0", warning.Message, StringComparison.Ordinal);
        Assert.Contains("900000000 -> 2000000", warning.Message, StringComparison.Ordinal);
        Assert.Contains("modulus (max_energy_range_uj) is unknown", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Implausible_jump_is_rejected_logged_and_becomes_the_new_baseline()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 6_000_000_000); // 6 kJ in one second: 6 kW
        var jump = cpu.Read(Tick(TimeSpan.FromSeconds(1)));
        _tree.SetEnergy(Package, 6_100_000_000);
        var next = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(Energy.Zero, jump.Energy);
        Assert.Equal(100.0, next.Energy.Joules);
        var warning = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("package-0", warning.Message, StringComparison.Ordinal);
        Assert.Contains(Power.FromKilowatts(6).ToString(), warning.Message, StringComparison.Ordinal);
        Assert.Contains($"limit {Power.FromKilowatts(5)}", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Just_under_the_absolute_limit_is_accepted()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 4_999_000_000);

        Assert.Equal(4999.0, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy.Joules);
    }

    [Fact]
    public void Package_tdp_tightens_the_limit_to_ten_times_tdp()
    {
        var cpu = PackageSensor(energy: 0, tdp: Power.FromWatts(100));
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 1_100_000_000); // 1.1 kW > 10 x 100 W
        var rejected = cpu.Read(Tick(TimeSpan.FromSeconds(1)));
        _tree.SetEnergy(Package, 2_000_000_000); // 900 W
        var accepted = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(Energy.Zero, rejected.Energy);
        Assert.Equal(900.0, accepted.Energy.Joules);
        Assert.Contains($"limit {Power.FromKilowatts(1)}", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_never_exceeds_five_kilowatts_even_with_a_large_tdp()
    {
        var cpu = PackageSensor(energy: 0, tdp: Power.FromKilowatts(1));
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 6_000_000_000);

        Assert.Equal(Energy.Zero, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy);
    }

    [Fact]
    public void Implausible_zone_counts_zero_while_the_other_zones_count()
    {
        _tree.Zone("intel-rapl:0", "package-0").Zone("intel-rapl:1", "package-1");
        var cpu = Discover().Cpu!;
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy("intel-rapl:0", 8_000_000_000);
        _tree.SetEnergy("intel-rapl:1", 40_000_000);

        Assert.Equal(40.0, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy.Joules);
    }

    [Fact]
    public void Counter_reset_that_looks_like_a_huge_wrap_is_rejected_as_implausible()
    {
        var cpu = PackageSensor(energy: 1_000_000_000);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.SetEnergy(Package, 10); // reset: as a wrap it would be ~261 kJ in one second

        Assert.Equal(Energy.Zero, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy);
        Assert.Contains("rejected an implausible reading", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_interval_after_the_baseline_moves_the_baseline()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));
        _tree.SetEnergy(Package, 3_000_000);

        Assert.Equal(SensorReading.Baseline, cpu.Read(Tick(TimeSpan.Zero)));
        _tree.SetEnergy(Package, 4_000_000);
        Assert.Equal(1.0, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy.Joules);
    }

    [Fact]
    public void Zone_file_vanishing_mid_run_makes_the_sensor_unavailable_without_throwing()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));
        _tree.SetEnergy(Package, 2_000_000);
        var before = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        _tree.Delete(Package, "energy_uj");
        var after = cpu.Read(Tick(TimeSpan.FromSeconds(1)));
        _tree.SetEnergy(Package, 9_000_000);
        var later = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(2.0, before.Energy.Joules);
        Assert.Equal(new SensorReading(Energy.Zero, null), after);
        Assert.Equal(new SensorReading(Energy.Zero, null), later);
        Assert.Equal($"RAPL zone package-0 stopped answering: {_tree.EnergyFile(Package)} vanished", cpu.UnavailableReason);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("stopped answering", StringComparison.Ordinal));
    }

    [Fact]
    public void Zone_directory_vanishing_mid_run_makes_the_sensor_unavailable()
    {
        _tree.Zone("intel-rapl:0", "package-0").Zone("intel-rapl:1", "package-1");
        var cpu = Discover().Cpu!;
        cpu.Read(Tick(TimeSpan.Zero));

        Directory.Delete(_tree.ZoneDir("intel-rapl:1"), recursive: true);

        Assert.Equal(Energy.Zero, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy);
        Assert.Equal($"RAPL zone package-1 stopped answering: {_tree.EnergyFile("intel-rapl:1")} vanished", cpu.UnavailableReason);
    }

    [Fact]
    public void Zone_file_missing_before_the_first_read_makes_the_sensor_unavailable()
    {
        var cpu = PackageSensor(energy: 0);
        _tree.Delete(Package, "energy_uj");

        Assert.Equal(new SensorReading(Energy.Zero, null), cpu.Read(Tick(TimeSpan.Zero)));
        Assert.Equal($"RAPL zone package-0 stopped answering: {_tree.EnergyFile(Package)} vanished", cpu.UnavailableReason);
    }

    [Fact]
    public void Malformed_energy_mid_run_makes_the_sensor_unavailable()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));
        _tree.SetEnergy(Package, 1_000_000);
        var before = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        _tree.Write(Package, "energy_uj", "garbage");
        var after = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(1.0, before.Energy.Joules);
        Assert.Equal(Energy.Zero, after.Energy);
        Assert.Equal(
            $"RAPL zone package-0 stopped answering: {_tree.EnergyFile(Package)} is malformed: 'garbage' is not a whole number of microjoules",
            cpu.UnavailableReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("18446744073709551616")]
    [InlineData("123456789012345678901234567890")]
    public void Energy_that_is_not_a_whole_count_of_microjoules_is_malformed(string content)
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.Write(Package, "energy_uj", content);

        Assert.Equal(Energy.Zero, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy);
        Assert.Contains("is malformed", cpu.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Energy_with_surrounding_white_space_is_read()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));

        _tree.Write(Package, "energy_uj", " 2000000\t");

        Assert.Equal(2.0, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy.Joules);
    }

    [Fact]
    public void Permission_lost_mid_run_makes_the_sensor_unavailable()
    {
        _tree.Zone(Package, "package-0");
        var files = new DenyingRaplFiles();
        var cpu = Track(RaplPowercap.Discover(new RaplOptions { SysfsRoot = _tree.Root, Logger = _logger }, files)).Cpu!;
        cpu.Read(Tick(TimeSpan.Zero));

        files.Deny(_tree.EnergyFile(Package));
        var after = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(Energy.Zero, after.Energy);
        Assert.Equal(1, files.Denials);
        Assert.Equal(
            $"RAPL zone package-0 stopped answering: reading {_tree.EnergyFile(Package)} is not permitted (readable by root only?)",
            cpu.UnavailableReason);
    }

    [Fact]
    public void Read_after_dispose_returns_zero()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));
        cpu.Dispose();
        _tree.SetEnergy(Package, 5_000_000);

        Assert.Equal(Energy.Zero, cpu.Read(Tick(TimeSpan.FromSeconds(1))).Energy);
        Assert.Equal("the sensor was disposed", cpu.UnavailableReason);
    }

    [Fact]
    public void Energy_file_is_opened_once_not_per_read()
    {
        var cpu = PackageSensor(energy: 0);
        cpu.Read(Tick(TimeSpan.Zero));

        // Replacing the file with a new inode is invisible to the handle opened on the first read: it still reads the
        // old (unlinked) file. Reopening per read would see the new 9 J.
        var path = Path.Join(_tree.ZoneDir(Package), "energy_uj");
        var replacement = path + ".new";
        File.WriteAllText(replacement, "9000000\n");
        File.Move(replacement, path, overwrite: true);

        var reading = cpu.Read(Tick(TimeSpan.FromSeconds(1)));
        Assert.Equal(Energy.Zero, reading.Energy);
        Assert.Null(cpu.UnavailableReason);
    }

    [Fact]
    public void Steady_state_reads_allocate_nothing()
    {
        _tree.Zone("intel-rapl:0", "package-0").Zone("intel-rapl:0:0", "dram").Zone("intel-rapl:1", "package-1");
        var found = Discover();
        var cpu = found.Cpu!;
        var ram = found.Ram!;
        ulong energy = 0;
        long allocated = 0;
        for (var i = 0; i < 50; i++)
        {
            energy += 1_000_000;
            _tree.SetEnergy("intel-rapl:0", energy);
            _tree.SetEnergy("intel-rapl:1", energy);
            _tree.SetEnergy("intel-rapl:0:0", energy);
            var context = Tick(i == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(1));
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpuReading = cpu.Read(context);
            var ramReading = ram.Read(context);
            var after = GC.GetAllocatedBytesForCurrentThread();
            if (i >= 5)
            {
                allocated += after - before;
                Assert.Equal(2.0, cpuReading.Energy.Joules);
                Assert.Equal(1.0, ramReading.Energy.Joules);
            }
        }

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_tdp_source_is_asked_once_at_the_first_plausibility_check_not_at_discovery()
    {
        _tree.Zone(Package, "package-0", 0);
        var asked = 0;
        var cpu = Track(RaplPowercap.Discover(new RaplOptions
        {
            SysfsRoot = _tree.Root,
            Logger = _logger,
            PackageTdpSource = () =>
            {
                asked++;
                return Power.FromWatts(100);
            },
        })).Cpu!;
        Assert.Equal(0, asked);

        cpu.Read(Tick(TimeSpan.Zero));
        _tree.SetEnergy(Package, 1_500_000_000); // 1.5 kJ in 1 s: above 10 x 100 W, below 5 kW
        var rejected = cpu.Read(Tick(TimeSpan.FromSeconds(1)));
        _tree.SetEnergy(Package, 1_550_000_000); // 50 J in 1 s
        var accepted = cpu.Read(Tick(TimeSpan.FromSeconds(1)));

        Assert.Equal(0, rejected.Energy.Joules);
        Assert.Equal(50, accepted.Energy.Joules, 9);
        Assert.Equal(1, asked);
    }

    private RaplSensor PackageSensor(ulong energy, ulong? maxRange = FakePowercapTree.DefaultMaxRange, Power? tdp = null)
    {
        _tree.Zone(Package, "package-0", energy, maxRange);
        return Discover(tdp).Cpu!;
    }

    private RaplDiscovery Discover(Power? tdp = null) =>
        Track(RaplPowercap.Discover(new RaplOptions { SysfsRoot = _tree.Root, PackageTdp = tdp, Logger = _logger }));

    private RaplDiscovery Track(RaplDiscovery found)
    {
        _sensors.AddRange(found.Sensors);
        return found;
    }

    private SampleContext Tick(TimeSpan elapsed)
    {
        _time += elapsed;
        return new SampleContext(_time, elapsed, CpuActivity.Unknown);
    }
}
