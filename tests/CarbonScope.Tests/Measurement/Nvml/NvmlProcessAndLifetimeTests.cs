using CarbonScope.Measurement;
using CarbonScope.Measurement.Nvml;
using CarbonScope.Units;

namespace CarbonScope.Tests.Measurement.Nvml;

public sealed class NvmlProcessAndLifetimeTests(FakeNvmlBuild build) : IClassFixture<FakeNvmlBuild>
{
    private const ulong GiB = 1024UL * 1024 * 1024;

    private static readonly SampleContext s_tick = new(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), CpuActivity.Unknown);

    private static NvmlGpuSensor TrackedSensor(FakeNvml fake)
    {
        var sensor = Assert.Single(NvmlGpus.Discover(fake.Options()).Sensors);
        sensor.TrackProcesses = true;
        return sensor;
    }

    [Fact]
    public void The_share_of_two_processes_is_their_share_of_used_GPU_memory()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetProcesses(0, (100, 3 * GiB), (200, 1 * GiB));
        using var sensor = TrackedSensor(fake);

        sensor.Read(s_tick);

        Assert.Equal(0.75, sensor.ShareOf(new HashSet<int> { 100 }));
        Assert.Equal(0.25, sensor.ShareOf(new HashSet<int> { 200, 999 }));
        Assert.Equal(1.0, sensor.ShareOf(new HashSet<int> { 100, 200 }));
        Assert.Equal(0.0, sensor.ShareOf(new HashSet<int> { 999 }));
    }

    [Fact]
    public void The_share_follows_the_process_list_of_the_last_read()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetProcesses(0, (100, 1 * GiB));
        using var sensor = TrackedSensor(fake);
        sensor.Read(s_tick);
        var alone = sensor.ShareOf(new HashSet<int> { 100 });

        fake.SetProcesses(0, (100, 1 * GiB), (300, 3 * GiB));
        var beforeRead = sensor.ShareOf(new HashSet<int> { 100 });
        sensor.Read(s_tick);
        var shared = sensor.ShareOf(new HashSet<int> { 100 });

        Assert.Equal(1.0, alone);
        Assert.Equal(1.0, beforeRead);
        Assert.Equal(0.25, shared);
    }

    [Fact]
    public void Processes_without_a_memory_figure_split_the_GPU_equally()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetProcesses(0, (1, 8 * GiB), (2, FakeNvml.MemoryNotAvailable), (3, 1 * GiB));
        using var sensor = TrackedSensor(fake);

        sensor.Read(s_tick);

        Assert.Equal(2.0 / 3.0, sensor.ShareOf(new HashSet<int> { 1, 2 })!.Value, 12);
    }

    [Fact]
    public void No_compute_process_on_the_GPU_is_a_share_of_zero()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        using var sensor = TrackedSensor(fake);

        sensor.Read(s_tick);

        Assert.Equal(0.0, sensor.ShareOf(new HashSet<int> { 100 }));
    }

    [Fact]
    public void An_unsupported_process_list_gives_no_share()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetProcessesResult(0, FakeNvml.NotSupported);
        using var sensor = TrackedSensor(fake);

        sensor.Read(s_tick);

        Assert.Null(sensor.ShareOf(new HashSet<int> { 100 }));
        Assert.Null(sensor.UnavailableReason); // energy is still measured
    }

    [Fact]
    public void The_process_list_is_only_queried_when_processes_are_tracked()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetProcesses(0, (100, 1 * GiB));
        using var sensor = Assert.Single(NvmlGpus.Discover(fake.Options()).Sensors);

        sensor.Read(s_tick);
        sensor.Read(s_tick);
        var untracked = sensor.ShareOf(new HashSet<int> { 100 });
        var queriesUntracked = fake.ProcessQueries(0);
        sensor.TrackProcesses = true;
        sensor.Read(s_tick);

        Assert.Null(untracked);
        Assert.Equal(0, queriesUntracked);
        Assert.Equal(1, fake.ProcessQueries(0));
        Assert.Equal(1.0, sensor.ShareOf(new HashSet<int> { 100 }));
    }

    [Fact]
    public void A_process_list_longer_than_the_first_buffer_is_read_whole()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        var processes = Enumerable.Range(1, 40).Select(pid => ((uint)pid, 1 * GiB)).ToArray();
        fake.SetProcesses(0, processes);
        using var sensor = TrackedSensor(fake);

        sensor.Read(s_tick);

        Assert.Equal(10.0 / 40.0, sensor.ShareOf(Enumerable.Range(31, 10).ToHashSet()));
        Assert.Equal(2, fake.ProcessQueries(0)); // too small, then big enough
    }

    [Fact]
    public void NVML_is_shut_down_once_when_the_last_sensor_of_a_discovery_is_disposed()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(2);
        var discovery = NvmlGpus.Discover(fake.Options());
        var (first, second) = (discovery.Sensors[0], discovery.Sensors[1]);

        first.Dispose();
        var afterFirst = fake.ShutdownCalls;
        second.Dispose();
        second.Dispose();
        first.Dispose();

        Assert.Equal(1, fake.InitCalls);
        Assert.Equal(0, afterFirst);
        Assert.Equal(1, fake.ShutdownCalls);
    }

    [Fact]
    public void A_disposed_sensor_reads_zero_without_throwing()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetEnergy(0, 1_000);
        var sensor = Assert.Single(NvmlGpus.Discover(fake.Options()).Sensors);
        sensor.TrackProcesses = true;
        sensor.Read(s_tick);
        sensor.Dispose();
        fake.SetEnergy(0, 5_000);

        var reading = sensor.Read(s_tick);

        Assert.Equal(Energy.Zero, reading.Energy);
        Assert.Null(sensor.ShareOf(new HashSet<int> { 1 }));
        Assert.Null(sensor.ReadUtilization());
    }
}
