using System.Globalization;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Tests.Measurement.Tracking;

/// <summary>
/// Discovery, attribution and the tracker together, on fake sysfs and procfs trees read by the production code,
/// on a fake clock.
/// </summary>
public sealed class TrackerOnFakeTreesTests : IDisposable
{
    private const int Root = 4242;
    private const int Child = 4243;

    private readonly FakeProcTree _proc = new();
    private readonly FakePowercapTree _sys = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public TrackerOnFakeTreesTests()
    {
        _proc.WriteFile("cpuinfo", "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\nphysical id\t: 0\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\nphysical id\t: 0\n");
        _proc.WriteFile("meminfo", "MemTotal:       16777216 kB\nMemFree:         8000000 kB\nMemAvailable:   12000000 kB\n");
        MachineStat(busy: 1000, idle: 9000);
        _proc.Process(Root, ppid: 1, utime: 100, rss: 262_144); // 1 GiB resident
        _proc.Process(Child, ppid: Root, utime: 10, rss: 262_144);
        _proc.Children(Root, Child);
    }

    public void Dispose()
    {
        _proc.Dispose();
        _sys.Dispose();
    }

    [Fact]
    public async Task Process_mode_gives_the_tree_its_cpu_time_share_of_rapl_energy_and_its_memory_share_of_dram()
    {
        _sys.ControlType().Zone("intel-rapl:0", "package-0", energy: 1_000_000).Zone("intel-rapl:0:0", "dram", energy: 500_000);
        await using var tracker = EnergyTrackerFactory.Create(Options(TrackingMode.Process), _time);
        tracker.Start();

        // One second: the machine is busy for 150 of 200 ticks; the tree uses 60 + 30 = 90 ticks. RAPL counts 100 J and 10 J.
        MachineStat(busy: 1150, idle: 9050);
        _proc.Process(Root, ppid: 1, utime: 160, rss: 262_144);
        _proc.Process(Child, ppid: Root, utime: 40, rss: 262_144);
        _sys.SetEnergy("intel-rapl:0", 101_000_000);
        _sys.SetEnergy("intel-rapl:0:0", 10_500_000);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await tracker.StopAsync();

        var cpu = result.Devices.Single(d => d.Kind == DeviceKind.Cpu);
        Assert.Equal(100 * 90.0 / 150, cpu.Energy.Joules, 9);
        Assert.Equal(("rapl", MeasurementMethod.Measured), (cpu.Source, cpu.Method));
        Assert.Equal("Intel Xeon Gold 6248", cpu.DeviceName);
        var ram = result.Devices.Single(d => d.Kind == DeviceKind.Ram);
        Assert.Equal(10 * (2.0 / 16), ram.Energy.Joules, 9); // 2 GiB of the tree out of 16 GiB installed
        Assert.Equal(TrackingMode.Process, result.Mode);
        Assert.Equal($"process tree of pid {Root} (proc{Root})", result.AttributedTo);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task A_child_that_exits_keeps_its_cpu_time_and_half_its_last_intervals_memory()
    {
        _sys.ControlType().Zone("intel-rapl:0", "package-0", energy: 0).Zone("intel-rapl:0:0", "dram", energy: 0);
        await using var tracker = EnergyTrackerFactory.Create(Options(TrackingMode.Process), _time);
        tracker.Start();

        // The child uses 50 ticks, exits and is reaped by the root (whose cutime grows by the child's 60 ticks in all).
        MachineStat(busy: 1100, idle: 9100);
        _proc.Remove(Child);
        _proc.Children(Root);
        _proc.Process(Root, ppid: 1, utime: 100, cutime: 60, rss: 262_144);
        _sys.SetEnergy("intel-rapl:0", 100_000_000);
        _sys.SetEnergy("intel-rapl:0:0", 16_000_000);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await tracker.StopAsync();

        Assert.Equal(100 * 50.0 / 100, result.EnergyOf(DeviceKind.Cpu).Joules, 9);
        // Resident memory went from 2 GiB to 1 GiB: the interval counts 1.5 GiB of 16 GiB.
        Assert.Equal(16 * (1.5 / 16), result.EnergyOf(DeviceKind.Ram).Joules, 9);
    }

    [Fact]
    public async Task Machine_mode_takes_the_whole_rapl_energy()
    {
        _sys.ControlType().Zone("intel-rapl:0", "package-0", energy: 1_000_000).Zone("intel-rapl:0:0", "dram", energy: 500_000);
        await using var tracker = EnergyTrackerFactory.Create(Options(TrackingMode.Machine), _time);
        tracker.Start();

        MachineStat(busy: 1150, idle: 9050);
        _sys.SetEnergy("intel-rapl:0", 101_000_000);
        _sys.SetEnergy("intel-rapl:0:0", 10_500_000);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await tracker.StopAsync();

        Assert.Equal(100, result.EnergyOf(DeviceKind.Cpu).Joules, 9);
        Assert.Equal(10, result.EnergyOf(DeviceKind.Ram).Joules, 9);
        Assert.Equal("whole machine", result.AttributedTo);
    }

    [Fact]
    public async Task Without_powercap_the_cpu_falls_back_to_the_load_model_and_says_why_once()
    {
        await using var tracker = EnergyTrackerFactory.Create(Options(TrackingMode.Machine), _time);
        tracker.Start();

        MachineStat(busy: 1100, idle: 9100); // load 0.5 over the second
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await tracker.StopAsync();

        var cpu = result.Devices.Single(d => d.Kind == DeviceKind.Cpu);
        Assert.Equal(("cpu-load-model", MeasurementMethod.Estimated), (cpu.Source, cpu.Method));
        Assert.Equal(150 * (0.1 + (0.9 * 0.125)), cpu.Energy.Joules, 9); // Xeon Gold 6248: 150 W TDP in the table
        Assert.Contains("6248", cpu.Model, StringComparison.Ordinal);
        var ram = result.Devices.Single(d => d.Kind == DeviceKind.Ram);
        Assert.Equal(("ram-model", MeasurementMethod.Estimated), (ram.Source, ram.Method));
        Assert.Equal(0.3725 * 16, ram.Energy.Joules, 9);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DeviceKind.Cpu, diagnostic.Kind);
        Assert.Contains("powercap", diagnostic.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_tdp_overrides_the_table()
    {
        var options = Options(TrackingMode.Machine);
        options.CpuTdp = CarbonScope.Units.Power.FromWatts(100);
        await using var tracker = EnergyTrackerFactory.Create(options, _time);
        tracker.Start();
        MachineStat(busy: 1200, idle: 9000); // load 1
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await tracker.StopAsync();

        Assert.Equal(100, result.EnergyOf(DeviceKind.Cpu).Joules, 9);
        Assert.Contains("set by the user", result.Devices[0].Model, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCarbonScope_registers_a_factory_that_validates_its_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCarbonScope(o =>
        {
            o.SysfsRoot = _sys.Root;
            o.ProcfsRoot = _proc.Root;
            o.Mode = TrackingMode.Machine;
            o.UseNvml = false;
        });
        services.AddCarbonScope(); // idempotent
        await using var provider = services.BuildServiceProvider();

        await using var tracker = provider.GetRequiredService<EnergyTrackerFactory>().Create();
        Assert.Equal(TimeSpan.FromSeconds(1), tracker.Interval);
        Assert.Equal(2, tracker.Sensors.Count);

        var bad = new ServiceCollection().AddCarbonScope(o => o.Interval = TimeSpan.FromMilliseconds(1));
        await using var badProvider = bad.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<EnergyTrackerFactory>().Create());
        Assert.Contains("[10 ms, 1 h]", error.Message, StringComparison.Ordinal);
    }

    private MeasurementOptions Options(TrackingMode mode) => new()
    {
        SysfsRoot = _sys.Root,
        ProcfsRoot = _proc.Root,
        Mode = mode,
        ProcessId = Root,
        UseNvml = false,
    };

    private void MachineStat(long busy, long idle) =>
        _proc.WriteFile("stat", string.Create(CultureInfo.InvariantCulture, $"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n"));
}
