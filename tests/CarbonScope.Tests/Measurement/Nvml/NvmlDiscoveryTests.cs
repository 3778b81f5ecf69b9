using CarbonScope.Measurement;
using CarbonScope.Measurement.Nvml;
using CarbonScope.Units;

namespace CarbonScope.Tests.Measurement.Nvml;

public sealed class NvmlDiscoveryTests(FakeNvmlBuild build) : IClassFixture<FakeNvmlBuild>
{
    private const string UuidA = "GPU-aaaaaaaa-1111-2222-3333-444444444444";
    private const string UuidB = "GPU-bbbbbbbb-1111-2222-3333-444444444444";
    private const string UuidC = "GPU-bbbbcccc-1111-2222-3333-444444444444";

    private static string[] DeviceIds(NvmlDiscovery discovery) => discovery.Sensors.Select(s => s.DeviceId).ToArray();

    private static void DisposeAll(NvmlDiscovery discovery)
    {
        foreach (var sensor in discovery.Sensors)
        {
            sensor.Dispose();
        }
    }

    private FakeNvml ThreeGpus()
    {
        var fake = build.NewCopy();
        fake.SetDeviceCount(3);
        fake.SetDevice(0, "NVIDIA H100 80GB HBM3", UuidA);
        fake.SetDevice(1, "NVIDIA A100-SXM4-40GB", UuidB);
        fake.SetDevice(2, "NVIDIA L4", UuidC);
        return fake;
    }

    private NvmlDiscovery DiscoverWith(string? cudaVisibleDevices)
    {
        using var fake = ThreeGpus();
        return NvmlGpus.Discover(fake.Options(cudaVisibleDevices));
    }

    [Fact]
    public void A_library_path_that_does_not_exist_gives_no_sensors_and_an_informational_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), "carbonscope-no-such-dir-" + Guid.NewGuid().ToString("N"), "libnvidia-ml.so.1");

        var discovery = NvmlGpus.Discover(NvmlOptions.WithVisibleDevices(missing, null));

        Assert.Equal(NvmlAvailability.LibraryNotFound, discovery.Availability);
        Assert.Empty(discovery.Sensors);
        Assert.Empty(discovery.Devices);
        var line = Assert.Single(discovery.Diagnostics);
        Assert.Null(line.Fix);
        Assert.Equal(DeviceKind.Gpu, line.Kind);
        Assert.Equal("nvml", line.Source);
        Assert.Contains("no NVIDIA driver", line.Reason, StringComparison.Ordinal);
        Assert.Contains(missing, line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_driver_that_is_not_loaded_gives_no_sensors_and_no_error_to_act_on()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(2);
        fake.SetInitResult(FakeNvml.DriverNotLoaded);

        var discovery = NvmlGpus.Discover(fake.Options());

        Assert.Equal(NvmlAvailability.InitFailed, discovery.Availability);
        Assert.Empty(discovery.Sensors);
        var line = Assert.Single(discovery.Diagnostics);
        Assert.Null(line.Fix);
        Assert.Contains("Driver Not Loaded (NVML error 9)", line.Reason, StringComparison.Ordinal);
        Assert.Equal(1, fake.InitCalls);
        Assert.Equal(0, fake.ShutdownCalls); // nvmlShutdown only follows a successful nvmlInit_v2
    }

    [Fact]
    public void Any_other_init_failure_also_gives_no_sensors_without_throwing()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);
        fake.SetInitResult(999);

        var discovery = NvmlGpus.Discover(fake.Options());

        Assert.Equal(NvmlAvailability.InitFailed, discovery.Availability);
        Assert.Empty(discovery.Sensors);
        Assert.Contains("Unknown Error (NVML error 999)", Assert.Single(discovery.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_without_nvmlInit_v2_is_not_taken_for_NVML()
    {
        using var fake = build.NewCopy(FakeNvmlBuild.WithoutInitExport);
        fake.SetDeviceCount(1);

        var discovery = NvmlGpus.Discover(fake.Options());

        Assert.Equal(NvmlAvailability.NotNvml, discovery.Availability);
        Assert.Empty(discovery.Sensors);
        Assert.Contains("nvmlInit_v2", Assert.Single(discovery.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_device_list_describes_every_GPU_for_the_detect_command()
    {
        using var fake = ThreeGpus();
        fake.SetEnergyResult(2, FakeNvml.NotSupported);
        fake.SetPowerLimit(0, 700_000);
        fake.SetMemory(0, 85_899_345_920, 85_899_345_920, 0);

        var discovery = NvmlGpus.Discover(fake.Options("0,2"));
        DisposeAll(discovery);

        Assert.Equal(NvmlAvailability.Ready, discovery.Availability);
        Assert.Equal(3, discovery.Devices.Count);
        Assert.Equal(
            new NvmlDeviceInfo(0, "NVIDIA H100 80GB HBM3", UuidA, "Hopper", true, true, Power.FromWatts(700), 85_899_345_920, true),
            discovery.Devices[0]);
        Assert.Equal([0, 1, 2], discovery.Devices.Select(d => d.Index));
        Assert.Equal([true, false, true], discovery.Devices.Select(d => d.Visible));
        Assert.Equal([true, true, false], discovery.Devices.Select(d => d.EnergyCounterSupported));
        Assert.All(discovery.Devices, d => Assert.True(d.PowerSupported));
    }

    [Fact]
    public void Unset_CUDA_VISIBLE_DEVICES_measures_every_GPU_in_NVML_order()
    {
        var discovery = DiscoverWith(null);
        DisposeAll(discovery);

        Assert.Equal(["gpu:0", "gpu:1", "gpu:2"], DeviceIds(discovery));
        Assert.Empty(discovery.Diagnostics);
    }

    [Fact]
    public void CUDA_VISIBLE_DEVICES_as_an_index_selects_only_that_GPU()
    {
        var discovery = DiscoverWith("1");
        DisposeAll(discovery);

        var sensor = Assert.Single(discovery.Sensors);
        Assert.Equal("gpu:1", sensor.DeviceId);
        Assert.Equal("NVIDIA A100-SXM4-40GB", sensor.DeviceName);
        Assert.Equal(UuidB, sensor.Uuid);
    }

    [Fact]
    public void CUDA_VISIBLE_DEVICES_keeps_its_order()
    {
        var discovery = DiscoverWith("1,0");
        DisposeAll(discovery);

        Assert.Equal(["gpu:1", "gpu:0"], DeviceIds(discovery));
    }

    [Fact]
    public void CUDA_VISIBLE_DEVICES_as_full_UUIDs_and_unique_prefixes_selects_those_GPUs_in_order()
    {
        var discovery = DiscoverWith($"{UuidC}, GPU-aaaa ,GPU-bbbbbbbb");
        DisposeAll(discovery);

        Assert.Equal(["gpu:2", "gpu:0", "gpu:1"], DeviceIds(discovery));
    }

    [Fact]
    public void An_empty_CUDA_VISIBLE_DEVICES_means_no_GPU()
    {
        using var fake = ThreeGpus();
        var discovery = NvmlGpus.Discover(fake.Options(string.Empty));

        Assert.Equal(NvmlAvailability.Ready, discovery.Availability);
        Assert.Empty(discovery.Sensors);
        Assert.Equal(3, discovery.Devices.Count);
        Assert.All(discovery.Devices, d => Assert.False(d.Visible));
        Assert.Null(Assert.Single(discovery.Diagnostics).Fix);
        Assert.Equal(1, fake.ShutdownCalls); // nothing holds NVML any more
    }

    [Fact]
    public void An_invalid_entry_ends_the_list_as_in_CUDA()
    {
        var outOfRange = DiscoverWith("2,7,0");
        var hidden = DiscoverWith("-1,0");
        var ambiguous = DiscoverWith("1,GPU-bbbb,0");
        DisposeAll(outOfRange);
        DisposeAll(hidden);
        DisposeAll(ambiguous);

        Assert.Equal(["gpu:2"], DeviceIds(outOfRange));
        var line = Assert.Single(outOfRange.Diagnostics);
        Assert.Contains("'7'", line.Reason, StringComparison.Ordinal);
        Assert.Contains("the 1 entry after it", line.Reason, StringComparison.Ordinal);
        Assert.NotNull(line.Fix);
        Assert.Empty(hidden.Sensors);
        Assert.Null(Assert.Single(hidden.Diagnostics).Fix);
        Assert.Equal(["gpu:1"], DeviceIds(ambiguous));
        Assert.Contains("prefix of 2", Assert.Single(ambiguous.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_MIG_instance_in_CUDA_VISIBLE_DEVICES_stands_for_its_parent_GPU()
    {
        using var fake = ThreeGpus();
        fake.AddMig(2, "MIG-5c89a3e1-0000-5d6a-8d4e-0123456789ab");
        fake.AddMig(2, "MIG-77777777-0000-5d6a-8d4e-0123456789ab");

        var discovery = NvmlGpus.Discover(fake.Options(
            $"MIG-5c89a3e1-0000-5d6a-8d4e-0123456789ab,MIG-{UuidB}/1/0,MIG-77777777-0000-5d6a-8d4e-0123456789ab"));
        DisposeAll(discovery);

        Assert.Equal(["gpu:2", "gpu:1"], DeviceIds(discovery));
        Assert.Equal(3, discovery.Diagnostics.Count);
        Assert.All(discovery.Diagnostics, d => Assert.Contains("whole GPU", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_MIG_instance_whose_parent_cannot_be_found_is_skipped_and_the_list_goes_on()
    {
        var discovery = DiscoverWith("MIG-00000000-dead-beef-0000-000000000000,0");
        DisposeAll(discovery);

        Assert.Equal(["gpu:0"], DeviceIds(discovery));
        Assert.Contains("skipped", Assert.Single(discovery.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_GPU_repeated_in_CUDA_VISIBLE_DEVICES_is_measured_once()
    {
        var discovery = DiscoverWith($"0,{UuidA},1");
        DisposeAll(discovery);

        Assert.Equal(["gpu:0", "gpu:1"], DeviceIds(discovery));
    }

    [Fact]
    public void A_GPU_with_neither_energy_nor_power_gets_no_sensor_and_a_diagnostic()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(2);
        fake.SetEnergyResult(1, FakeNvml.NotSupported);
        fake.SetPowerResult(1, FakeNvml.NotSupported);

        var discovery = NvmlGpus.Discover(fake.Options());
        DisposeAll(discovery);

        Assert.Equal(["gpu:0"], DeviceIds(discovery));
        Assert.False(discovery.Devices[1].Measurable);
        Assert.Contains("GPU 1", Assert.Single(discovery.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_GPU_that_fails_at_discovery_is_listed_but_not_measured()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(2);
        fake.SetError(0, FakeNvml.GpuIsLost);

        var discovery = NvmlGpus.Discover(fake.Options());
        DisposeAll(discovery);

        Assert.Equal(["gpu:1"], DeviceIds(discovery));
        Assert.Equal(2, discovery.Devices.Count);
        Assert.Contains("GPU is lost", Assert.Single(discovery.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_of_the_fake_loaded_from_different_paths_do_not_share_state()
    {
        using var first = build.NewCopy();
        using var second = build.NewCopy();
        first.SetDeviceCount(1);
        second.SetDeviceCount(3);

        var one = NvmlGpus.Discover(first.Options());
        var three = NvmlGpus.Discover(second.Options());
        DisposeAll(one);
        DisposeAll(three);

        Assert.Single(one.Devices);
        Assert.Equal(3, three.Devices.Count);
        Assert.Equal(1, first.InitCalls);
        Assert.Equal(1, second.InitCalls);
    }

    [Fact]
    public void A_loaded_fake_does_not_capture_a_discovery_by_the_standard_soname()
    {
        using var fake = build.NewCopy();
        fake.SetDeviceCount(1);

        // glibc answers dlopen("libnvidia-ml.so.1") with any loaded object of that soname; the fake has its own.
        var discovery = NvmlGpus.Discover(NvmlOptions.WithVisibleDevices(NvmlOptions.DefaultLibraryPath, null));
        DisposeAll(discovery);

        Assert.Equal(0, fake.InitCalls);
    }

    [Fact]
    public void Options_read_the_environment_by_default_and_an_explicit_value_otherwise()
    {
        var defaults = new NvmlOptions();
        var explicitEmpty = NvmlOptions.WithVisibleDevices("/x/libnvidia-ml.so.1", string.Empty);
        var explicitUnset = NvmlOptions.WithVisibleDevices("/x/libnvidia-ml.so.1", null);

        Assert.Equal("libnvidia-ml.so.1", defaults.LibraryPath);
        Assert.True(defaults.ReadCudaVisibleDevicesFromEnvironment);
        Assert.Equal(Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES"), defaults.EffectiveCudaVisibleDevices);
        Assert.Equal(string.Empty, explicitEmpty.EffectiveCudaVisibleDevices);
        Assert.Null(explicitUnset.EffectiveCudaVisibleDevices);
        Assert.False(explicitUnset.ReadCudaVisibleDevicesFromEnvironment);
    }
}
