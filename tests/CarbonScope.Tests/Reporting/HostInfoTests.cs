using System.Runtime.InteropServices;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Measurement.Rapl;
using CarbonScope.Reporting;
using CarbonScope.Testing;

namespace CarbonScope.Tests.Reporting;

public class HostInfoTests
{
    private static readonly string s_machine = HostInfo.UnameMachine(RuntimeInformation.OSArchitecture);

    [Fact]
    public void Collect_reads_the_kernel_release_cpu_gpus_and_memory()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("sys/kernel/osrelease", "6.1.0-18-amd64\n");
        proc.CpuInfo("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", logicalCpus: 8, sockets: 2);
        proc.MemInfo(totalKilobytes: 16_384_000, availableKilobytes: 8_000_000);
        var procfs = proc.FileSystem();
        var discovery = Discovery(
            procfs.ReadCpuInfo(),
            new NamedSensor(DeviceKind.Cpu, "cpu", "Intel Xeon Gold 6248 (2 packages)"),
            new NamedSensor(DeviceKind.Gpu, "gpu:0", "NVIDIA A100-SXM4-40GB"),
            new NamedSensor(DeviceKind.Ram, "ram", "RAM 15.6 GB"),
            new NamedSensor(DeviceKind.Gpu, "gpu:1", "NVIDIA T4"),
            new NamedSensor(DeviceKind.Gpu, "gpu:2", "NVIDIA A100-SXM4-40GB"));

        var host = HostInfo.Collect(discovery, procfs);

        Assert.Equal(
            new HostInfo($"Linux-6.1.0-18-amd64-{s_machine}", "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 8, 3, "2 x NVIDIA A100-SXM4-40GB, 1 x NVIDIA T4", 16_384_000L * 1024),
            host);
    }

    [Fact]
    public void Collect_from_a_real_discovery_on_fake_trees_without_nvml_has_no_gpu()
    {
        using var proc = new FakeProcTree();
        using var sysfs = new FakePowercapTree();
        proc.WriteFile("sys/kernel/osrelease", "5.15.0-1050-aws");
        proc.CpuInfo("AMD EPYC 7R13 Processor", logicalCpus: 4);
        proc.MemInfo(totalKilobytes: 4_000_000, availableKilobytes: 1_000_000);
        proc.MachineStat(100, 900, logicalCpus: 4);
        var discovery = SensorDiscovery.Discover(new MeasurementOptions { ProcfsRoot = proc.Root, SysfsRoot = sysfs.Root, UseNvml = false });
        try
        {
            var host = HostInfo.Collect(discovery, proc.FileSystem());

            Assert.Equal(new HostInfo($"Linux-5.15.0-1050-aws-{s_machine}", "AMD EPYC 7R13 Processor", 4, 0, null, 4_096_000_000), host);
        }
        finally
        {
            foreach (var sensor in discovery.Sensors)
            {
                sensor.Dispose();
            }
        }
    }

    [Fact]
    public void Missing_files_leave_the_fields_unknown()
    {
        using var proc = new FakeProcTree();
        var procfs = proc.FileSystem();

        var host = HostInfo.Collect(Discovery(procfs.ReadCpuInfo()), procfs);

        Assert.Equal(new HostInfo($"Linux-{s_machine}", null, 0, 0, null, null), host);
    }

    [Fact]
    public void An_empty_kernel_release_is_left_out()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("sys/kernel/osrelease", "\n");
        var procfs = proc.FileSystem();

        Assert.Equal($"Linux-{s_machine}", HostInfo.Collect(Discovery(CpuInfo.Unknown), procfs).OperatingSystem);
    }

    [Theory]
    [InlineData(Architecture.X64, "x86_64")]
    [InlineData(Architecture.Arm64, "aarch64")]
    [InlineData(Architecture.X86, "i686")]
    [InlineData(Architecture.Arm, "armv7l")]
    [InlineData(Architecture.Ppc64le, "ppc64le")]
    [InlineData(Architecture.S390x, "s390x")]
    [InlineData(Architecture.RiscV64, "riscv64")]
    public void Architectures_are_named_as_uname_names_them(Architecture architecture, string expected) =>
        Assert.Equal(expected, HostInfo.UnameMachine(architecture));

    [Fact]
    public void Gpu_models_are_grouped_by_name_in_order_of_first_appearance()
    {
        Assert.Equal("1 x B, 3 x A, 1 x a", HostInfo.FormatGpuModel(["B", "A", "A", "a", "A"]));
        Assert.Equal("", HostInfo.FormatGpuModel([]));
    }

    private static DiscoveryResult Discovery(CpuInfo cpu, params IEnergySensor[] sensors) =>
        new(sensors, [], cpu, new RaplDiscovery("/nonexistent/class/powercap", [], [], [], usesPsys: false), null);

    private sealed class NamedSensor(DeviceKind kind, string deviceId, string deviceName) : IEnergySensor
    {
        public DeviceKind Kind => kind;

        public string DeviceId => deviceId;

        public string DeviceName => deviceName;

        public MeasurementMethod Method => MeasurementMethod.Measured;

        public string Source => "fake";

        public string Model => "";

        public string? UnavailableReason => null;

        public SensorReading Read(in SampleContext context) => SensorReading.Baseline;

        public void Dispose()
        {
        }
    }
}
