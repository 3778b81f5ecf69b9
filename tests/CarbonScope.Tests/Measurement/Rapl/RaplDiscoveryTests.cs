using CarbonScope.Measurement;
using CarbonScope.Measurement.Rapl;
using CarbonScope.Testing;
using CarbonScope.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CarbonScope.Tests.Measurement.Rapl;

public sealed class RaplDiscoveryTests
{
    private static readonly SampleContext s_first = new(DateTimeOffset.UnixEpoch, TimeSpan.Zero, CpuActivity.Unknown);
    private static readonly SampleContext s_oneSecond = new(DateTimeOffset.UnixEpoch.AddSeconds(1), TimeSpan.FromSeconds(1), CpuActivity.Unknown);

    [Theory]
    [InlineData(FakeLayout.Kernel)]
    [InlineData(FakeLayout.Flat)]
    [InlineData(FakeLayout.Nested)]
    public void Zones_are_found_by_name_once_each_in_every_layout(FakeLayout layout)
    {
        using var tree = new FakePowercapTree(layout)
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:0:0", "core")
            .Zone("intel-rapl:0:1", "uncore")
            .Zone("intel-rapl:0:2", "dram");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Equal(["intel-rapl:0", "intel-rapl:0:0", "intel-rapl:0:1", "intel-rapl:0:2"], found.Zones.Select(z => z.Id));
        Assert.Equal(["package-0", "core", "uncore", "dram"], found.Zones.Select(z => z.Name));
        Assert.Equal([RaplZoneKind.Package, RaplZoneKind.Core, RaplZoneKind.Uncore, RaplZoneKind.Dram], found.Zones.Select(z => z.Kind));
        Assert.Equal([null, "package-0", "package-0", "package-0"], found.Zones.Select(z => z.Parent));
        Assert.Equal(found.Zones.Select(z => tree.ClassPath(z.Id)), found.Zones.Select(z => z.Path));
        Assert.All(found.Zones, z => Assert.True(z.Enabled && z.Readable));
        Assert.All(found.Zones, z => Assert.Equal(Energy.FromMicrojoules(FakePowercapTree.DefaultMaxRange), z.MaxEnergyRange));
        Assert.Empty(found.Diagnostics);
        Assert.Equal(["cpu", null, null, "ram"], found.Zones.Select(z => z.UsedBy));
    }

    [Fact]
    public void Kernel_layout_resolves_flat_links_and_nested_directories_to_the_same_real_path()
    {
        using var tree = new FakePowercapTree(FakeLayout.Kernel)
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:0:0", "dram");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Equal(2, found.Zones.Count);
        Assert.Equal(tree.ZoneDir("intel-rapl:0"), found.Zones[0].RealPath);
        Assert.Equal(tree.ZoneDir("intel-rapl:0:0"), found.Zones[1].RealPath);
        Assert.StartsWith(Path.Join(tree.Root, "devices"), found.Zones[1].RealPath, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_and_flat_entries_together_are_not_counted_twice()
    {
        using var tree = new FakePowercapTree(FakeLayout.Kernel)
            .Zone("intel-rapl:0", "package-0", energy: 1_000_000)
            .Zone("intel-rapl:0:0", "dram", energy: 1_000_000);
        using var found = new Owned(RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }));
        var cpu = found.Value.Cpu!;
        var ram = found.Value.Ram!;
        cpu.Read(s_first);
        ram.Read(s_first);

        tree.SetEnergy("intel-rapl:0", 3_000_000);
        tree.SetEnergy("intel-rapl:0:0", 1_500_000);

        Assert.Equal(2.0, cpu.Read(s_oneSecond).Energy.Joules);
        Assert.Equal(0.5, ram.Read(s_oneSecond).Energy.Joules);
        Assert.Equal("RAPL package-0", cpu.Model);
        Assert.Equal("RAPL package-0/dram", ram.Model);
    }

    [Fact]
    public void Cpu_and_ram_sensors_describe_themselves()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:0:0", "dram");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root, DeviceName = "Intel Xeon Gold 6248" });

        Assert.False(found.UsesPsys);
        Assert.Collection(
            found.Sensors,
            cpu =>
            {
                Assert.Equal((DeviceKind.Cpu, "cpu", "Intel Xeon Gold 6248", "rapl", MeasurementMethod.Measured), (cpu.Kind, cpu.DeviceId, cpu.DeviceName, cpu.Source, cpu.Method));
                Assert.Null(cpu.UnavailableReason);
                Assert.Equal(["intel-rapl:0"], cpu.Zones.Select(z => z.Id));
            },
            ram =>
            {
                Assert.Equal((DeviceKind.Ram, "ram", "RAM (RAPL dram)", "rapl", MeasurementMethod.Measured), (ram.Kind, ram.DeviceId, ram.DeviceName, ram.Source, ram.Method));
                Assert.Equal(["intel-rapl:0:0"], ram.Zones.Select(z => z.Id));
            });
    }

    [Fact]
    public void Cpu_sensor_name_defaults_when_the_caller_gives_none()
    {
        using var tree = new FakePowercapTree().Zone("intel-rapl:0", "package-0");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Equal("CPU (RAPL packages)", found.Cpu!.DeviceName);
    }

    [Fact]
    public void Two_sockets_are_summed_whatever_the_dram_index()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0", energy: 0)
            .Zone("intel-rapl:0:0", "dram", energy: 0)
            .Zone("intel-rapl:0:1", "core", energy: 0)
            .Zone("intel-rapl:1", "package-1", energy: 0)
            .Zone("intel-rapl:1:0", "core", energy: 0)
            .Zone("intel-rapl:1:1", "uncore", energy: 0)
            .Zone("intel-rapl:1:2", "dram", energy: 0);
        using var found = new Owned(RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }));
        var cpu = found.Value.Cpu!;
        var ram = found.Value.Ram!;
        cpu.Read(s_first);
        ram.Read(s_first);

        tree.SetEnergy("intel-rapl:0", 10_000_000);
        tree.SetEnergy("intel-rapl:1", 20_000_000);
        tree.SetEnergy("intel-rapl:0:1", 7_000_000);
        tree.SetEnergy("intel-rapl:1:0", 9_000_000);
        tree.SetEnergy("intel-rapl:0:0", 1_000_000);
        tree.SetEnergy("intel-rapl:1:2", 2_000_000);

        Assert.Equal("RAPL package-0 + package-1", cpu.Model);
        Assert.Equal("RAPL package-0/dram + package-1/dram", ram.Model);
        Assert.Equal(30.0, cpu.Read(s_oneSecond).Energy.Joules);
        Assert.Equal(3.0, ram.Read(s_oneSecond).Energy.Joules);
    }

    [Fact]
    public void Every_die_of_every_package_is_summed()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0-die-0")
            .Zone("intel-rapl:1", "package-0-die-1")
            .Zone("intel-rapl:2", "package-1-die-0")
            .Zone("intel-rapl:3", "package-1-die-1");
        using var found = new Owned(RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }));
        var cpu = found.Value.Cpu!;
        cpu.Read(s_first);

        tree.SetEnergy("intel-rapl:0", 1_000_000);
        tree.SetEnergy("intel-rapl:1", 2_000_000);
        tree.SetEnergy("intel-rapl:2", 3_000_000);
        tree.SetEnergy("intel-rapl:3", 4_000_000);

        Assert.Equal("RAPL package-0-die-0 + package-0-die-1 + package-1-die-0 + package-1-die-1", cpu.Model);
        Assert.Equal(10.0, cpu.Read(s_oneSecond).Energy.Joules);
    }

    [Fact]
    public void Zones_are_ordered_by_index_numbers_not_text()
    {
        using var tree = new FakePowercapTree();
        for (var i = 0; i < 11; i++)
        {
            tree.Zone($"intel-rapl:{i}", $"package-{i}");
        }

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Equal(Enumerable.Range(0, 11).Select(i => $"intel-rapl:{i}"), found.Zones.Select(z => z.Id));
        Assert.EndsWith("package-9 + package-10", found.Cpu!.Model, StringComparison.Ordinal);
    }

    [Fact]
    public void Psys_at_index_one_is_not_a_second_socket()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0", energy: 0)
            .Zone("intel-rapl:0:0", "core", energy: 0)
            .Zone("intel-rapl:1", "psys", energy: 0);
        using var found = new Owned(RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }));
        var cpu = found.Value.Cpu!;
        cpu.Read(s_first);
        tree.SetEnergy("intel-rapl:0", 5_000_000);
        tree.SetEnergy("intel-rapl:1", 12_000_000);

        Assert.Equal("RAPL package-0", cpu.Model);
        Assert.Equal(5.0, cpu.Read(s_oneSecond).Energy.Joules);
        var psys = Assert.Single(found.Value.Zones, z => z.Id == "intel-rapl:1");
        Assert.Equal(RaplZoneKind.Psys, psys.Kind);
        Assert.Null(psys.UsedBy);
        Assert.Contains("only when psys is chosen", psys.Note, StringComparison.Ordinal);
        Assert.False(found.Value.UsesPsys);
    }

    [Fact]
    public void Psys_when_chosen_replaces_the_package_and_dram_sensors()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0", energy: 0)
            .Zone("intel-rapl:0:0", "dram", energy: 0)
            .Zone("intel-rapl:1", "psys", energy: 0);
        using var found = new Owned(RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root, UsePsys = true, DeviceName = "Intel Core i7-1185G7" }));

        var platform = Assert.Single(found.Value.Sensors);
        Assert.True(found.Value.UsesPsys);
        Assert.Null(found.Value.Ram);
        Assert.Empty(found.Value.Diagnostics);
        Assert.Equal((DeviceKind.Cpu, "cpu", "rapl", MeasurementMethod.Measured), (platform.Kind, platform.DeviceId, platform.Source, platform.Method));
        Assert.Equal("RAPL psys (platform: CPU, RAM and more)", platform.Model);
        Assert.Equal("Intel Core i7-1185G7 (platform, RAPL psys)", platform.DeviceName);
        Assert.Equal(["intel-rapl:1"], platform.Zones.Select(z => z.Id));
        Assert.Equal([null, null, "cpu"], found.Value.Zones.Select(z => z.UsedBy));

        platform.Read(s_first);
        tree.SetEnergy("intel-rapl:0", 5_000_000);
        tree.SetEnergy("intel-rapl:0:0", 1_000_000);
        tree.SetEnergy("intel-rapl:1", 9_000_000);
        Assert.Equal(9.0, platform.Read(s_oneSecond).Energy.Joules);
    }

    [Fact]
    public void Psys_is_found_wherever_it_sits()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:1", "package-1")
            .Zone("intel-rapl:2", "psys");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root, UsePsys = true });

        Assert.Equal(["intel-rapl:2"], Assert.Single(found.Sensors).Zones.Select(z => z.Id));
    }

    [Fact]
    public void Choosing_psys_without_a_psys_zone_falls_back_to_packages_with_a_warning()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:0:0", "dram");
        var logger = new FakeLogger();

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root, UsePsys = true, Logger = logger });

        Assert.False(found.UsesPsys);
        Assert.Equal(["cpu", "ram"], found.Sensors.Select(s => s.DeviceId));
        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("no enabled psys zone", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mmio_mirror_of_a_present_zone_is_not_summed()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0", energy: 0)
            .Zone("intel-rapl-mmio:0", "package-0", energy: 0);
        using var found = new Owned(RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }));
        var cpu = found.Value.Cpu!;
        cpu.Read(s_first);
        tree.SetEnergy("intel-rapl:0", 4_000_000);
        tree.SetEnergy("intel-rapl-mmio:0", 4_000_000);

        Assert.Equal("RAPL package-0", cpu.Model);
        Assert.Equal(["intel-rapl:0"], cpu.Zones.Select(z => z.Id));
        Assert.Equal(4.0, cpu.Read(s_oneSecond).Energy.Joules);
        var mirror = Assert.Single(found.Value.Zones, z => z.ControlType == "intel-rapl-mmio");
        Assert.Null(mirror.UsedBy);
        Assert.Equal("mirror of intel-rapl:0 (package-0)", mirror.Note);
    }

    [Fact]
    public void Mmio_zone_is_used_when_the_msr_zone_is_absent()
    {
        using var tree = new FakePowercapTree().Zone("intel-rapl-mmio:0", "package-0");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Equal(["intel-rapl-mmio:0"], found.Cpu!.Zones.Select(z => z.Id));
    }

    [Fact]
    public void Amd_layout_with_package_and_core_has_no_ram_sensor()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0", energy: 0)
            .Zone("intel-rapl:0:0", "core", energy: 0);
        using var found = new Owned(RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }));
        var cpu = Assert.Single(found.Value.Sensors);
        cpu.Read(s_first);
        tree.SetEnergy("intel-rapl:0", 6_000_000);
        tree.SetEnergy("intel-rapl:0:0", 4_000_000);

        Assert.Equal(DeviceKind.Cpu, cpu.Kind);
        Assert.Null(found.Value.Ram);
        Assert.Empty(found.Value.Diagnostics);
        Assert.Equal(6.0, cpu.Read(s_oneSecond).Energy.Joules);
        Assert.Equal("inside package-0", found.Value.Zones[1].Note);
    }

    [Fact]
    public void Disabled_zone_is_skipped()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0", enabled: "1")
            .Zone("intel-rapl:1", "package-1", enabled: "0");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Equal(["intel-rapl:0"], found.Cpu!.Zones.Select(z => z.Id));
        Assert.Equal("RAPL package-0", found.Cpu.Model);
        Assert.Equal([true, false], found.Zones.Select(z => z.Enabled));
        Assert.Equal($"disabled: {Path.Join(tree.ClassPath("intel-rapl:1"), "enabled")} is 0", found.Zones[1].Note);
    }

    [Fact]
    public void Disabled_control_type_skips_every_zone_and_says_how_to_enable_it()
    {
        using var tree = new FakePowercapTree()
            .ControlType("intel-rapl", enabled: "0")
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:0:0", "dram");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Empty(found.Sensors);
        Assert.All(found.Zones, z => Assert.False(z.Enabled));
        var flag = Path.Join(tree.PowercapDir, "intel-rapl", "enabled");
        Assert.Equal(
            [new SensorDiagnostic(DeviceKind.Cpu, "rapl", $"RAPL is disabled: {flag} is 0", $"enable it with `echo 1 | sudo tee {flag}`")],
            found.Diagnostics);
    }

    [Fact]
    public void No_powercap_tree_gives_a_diagnostic_and_no_sensor()
    {
        using var tree = new FakePowercapTree();
        Directory.Delete(tree.PowercapDir);

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Empty(found.Sensors);
        Assert.Empty(found.Zones);
        var diagnostic = Assert.Single(found.Diagnostics);
        Assert.Equal((DeviceKind.Cpu, "rapl"), (diagnostic.Kind, diagnostic.Source));
        Assert.Equal($"no RAPL powercap zones under {tree.PowercapDir} (VMs, WSL2 and most containers have none)", diagnostic.Reason);
        Assert.Contains("mount the host's /sys", diagnostic.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_powercap_directory_gives_the_same_diagnostic()
    {
        using var tree = new FakePowercapTree();
        Directory.CreateDirectory(Path.Join(tree.PowercapDir, "some-other-type:0"));

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Empty(found.Sensors);
        Assert.StartsWith("no RAPL powercap zones under", Assert.Single(found.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_on_energy_gives_a_diagnostic_naming_the_file_and_the_fix()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:0:0", "dram");
        var package = tree.EnergyFile("intel-rapl:0");
        var dram = tree.EnergyFile("intel-rapl:0:0");
        var files = Unreadable(package, dram);

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }, files);

        Assert.Empty(found.Sensors);
        var fix = $"run as root, or allow reading with a udev rule or `sudo chmod o+r {tree.PowercapDir}/intel-rapl:*/energy_uj`";
        Assert.Equal(
            [
                new SensorDiagnostic(DeviceKind.Cpu, "rapl", $"{package} is readable by root only", fix),
                new SensorDiagnostic(DeviceKind.Ram, "rapl", $"{dram} is readable by root only", fix),
            ],
            found.Diagnostics);
        Assert.Equal($"rapl (cpu): {package} is readable by root only. Fix: {fix}", found.Diagnostics[0].ToString());
        Assert.All(found.Zones, z => Assert.False(z.Readable));
    }

    [Fact]
    public void One_unreadable_package_among_two_gives_no_partial_cpu_sensor()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:1", "package-1");
        var files = new DenyingRaplFiles(tree.EnergyFile("intel-rapl:1"));

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }, files);

        Assert.Null(found.Cpu);
        Assert.Equal($"{tree.EnergyFile("intel-rapl:1")} is readable by root only", Assert.Single(found.Diagnostics).Reason);
        Assert.Equal([true, false], found.Zones.Select(z => z.Readable));
    }

    [Fact]
    public void Malformed_energy_at_discovery_gives_a_diagnostic()
    {
        using var tree = new FakePowercapTree().Zone("intel-rapl:0", "package-0");
        tree.Write("intel-rapl:0", "energy_uj", "12abc");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Empty(found.Sensors);
        Assert.Equal(
            [new SensorDiagnostic(DeviceKind.Cpu, "rapl", $"{tree.EnergyFile("intel-rapl:0")} is malformed: '12abc' is not a whole number of microjoules", null)],
            found.Diagnostics);
        Assert.False(found.Zones[0].Readable);
    }

    [Fact]
    public void Malformed_max_energy_range_gives_a_diagnostic()
    {
        using var tree = new FakePowercapTree().Zone("intel-rapl:0", "package-0");
        tree.Write("intel-rapl:0", "max_energy_range_uj", "-1");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Empty(found.Sensors);
        Assert.Equal(
            $"{Path.Join(tree.ClassPath("intel-rapl:0"), "max_energy_range_uj")} is malformed: '-1' is not a whole number of microjoules",
            Assert.Single(found.Diagnostics).Reason);
    }

    [Fact]
    public void Missing_energy_file_gives_a_diagnostic()
    {
        using var tree = new FakePowercapTree().Zone("intel-rapl:0", "package-0", energy: null);

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Empty(found.Sensors);
        Assert.Equal($"{tree.EnergyFile("intel-rapl:0")} is missing", Assert.Single(found.Diagnostics).Reason);
    }

    [Fact]
    public void Zone_without_a_name_is_never_summed()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:1", name: null);

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Equal(["intel-rapl:0"], found.Cpu!.Zones.Select(z => z.Id));
        Assert.Equal("no name file", found.Zones[1].Note);
    }

    [Fact]
    public void Only_psys_without_choosing_it_gives_a_diagnostic_suggesting_psys()
    {
        using var tree = new FakePowercapTree().Zone("intel-rapl:0", "psys");

        var found = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root });

        Assert.Empty(found.Sensors);
        Assert.Equal(
            [new SensorDiagnostic(DeviceKind.Cpu, "rapl", $"no RAPL package zone under {tree.PowercapDir} (zones found: psys)", "choose psys (the platform zone) instead")],
            found.Diagnostics);
    }

    [Fact]
    public void Describe_lists_every_zone_with_name_path_and_use()
    {
        using var tree = new FakePowercapTree()
            .Zone("intel-rapl:0", "package-0")
            .Zone("intel-rapl:0:0", "core")
            .Zone("intel-rapl:1", "psys")
            .Zone("intel-rapl-mmio:0", "package-0");

        var text = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }).Describe();

        Assert.Contains($"RAPL zones under {tree.PowercapDir}:", text, StringComparison.Ordinal);
        foreach (var id in new[] { "intel-rapl:0", "intel-rapl:0:0", "intel-rapl:1", "intel-rapl-mmio:0" })
        {
            Assert.Contains(tree.ClassPath(id), text, StringComparison.Ordinal);
        }

        Assert.Contains("package-0/core", text, StringComparison.Ordinal);
        Assert.Contains("psys", text, StringComparison.Ordinal);
        Assert.Contains("not summed: mirror of intel-rapl:0 (package-0)", text, StringComparison.Ordinal);
        Assert.Contains("wraps at 262.1 kJ", text, StringComparison.Ordinal);
        Assert.Contains("Sensor cpu: CPU (RAPL packages), RAPL package-0 (measured)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_without_zones_says_so_and_gives_the_diagnostic()
    {
        using var tree = new FakePowercapTree();

        var text = RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root }).Describe();

        Assert.Contains($"RAPL: no zones under {tree.PowercapDir}", text, StringComparison.Ordinal);
        Assert.Contains("rapl (cpu): no RAPL powercap zones", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_positive_tdp_is_rejected()
    {
        using var tree = new FakePowercapTree();

        Assert.Throws<ArgumentException>(() => RaplPowercap.Discover(new RaplOptions { SysfsRoot = tree.Root, PackageTdp = Power.Zero }));
    }

    /// <summary>
    /// Files a non-root user cannot read: a real chmod when that denies reading (not root), else (root reads anyway)
    /// the file seam throwing what the kernel would, so the test exercises the permission path in both cases.
    /// </summary>
    internal static IRaplFiles Unreadable(params string[] paths)
    {
        if (OperatingSystem.IsWindows())
        {
            return new DenyingRaplFiles(paths);
        }

        var stillReadable = false;
        foreach (var path in paths)
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
            try
            {
                _ = File.ReadAllText(path);
                stillReadable = true;
            }
            catch (UnauthorizedAccessException)
            {
                // Denied for real.
            }
        }

        return stillReadable ? new DenyingRaplFiles(paths) : RaplFiles.Default;
    }

    /// <summary>Disposes the discovered sensors at the end of a test.</summary>
    private sealed class Owned(RaplDiscovery value) : IDisposable
    {
        public RaplDiscovery Value { get; } = value;

        public void Dispose()
        {
            foreach (var sensor in Value.Sensors)
            {
                sensor.Dispose();
            }
        }
    }
}
