using CarbonScope.Units;

namespace CarbonScope.Measurement.Nvml;

/// <summary>Finds the NVIDIA GPUs of this machine through NVML and makes a sensor for each one the job can use.</summary>
public static class NvmlGpus
{
    private const string Source = "nvml";

    /// <summary>
    /// Loads NVML, lists the GPUs, applies <c>CUDA_VISIBLE_DEVICES</c> and returns one <see cref="NvmlGpuSensor"/>
    /// per visible GPU that reports energy or power.
    /// </summary>
    /// <remarks>
    /// Never throws for a missing or broken NVML: a machine without an NVIDIA driver (library not found,
    /// <c>nvmlInit_v2</c> answering "driver not loaded" or any other error) gets no sensors, a non-ready
    /// <see cref="NvmlDiscovery.Availability"/> and one diagnostic line with no fix to apply.
    /// </remarks>
    /// <param name="options">Where the library is and which GPUs are visible; null for the defaults.</param>
    public static NvmlDiscovery Discover(NvmlOptions? options = null)
    {
        options ??= new NvmlOptions();
        var diagnostics = new List<SensorDiagnostic>();
        var path = options.LibraryPath;
        var library = string.IsNullOrWhiteSpace(path) ? null : NvmlLibrary.TryLoad(path);
        if (library is null)
        {
            diagnostics.Add(Diagnostic($"no NVIDIA driver ({(string.IsNullOrWhiteSpace(path) ? "no NVML library path given" : path + " not found")}): no GPU is measured", null));
            return Empty(NvmlAvailability.LibraryNotFound, diagnostics);
        }

        try
        {
            return Discover(library, options, diagnostics);
        }
        finally
        {
            // Discovery's own reference; the sensors hold theirs.
            library.Release();
        }
    }

    private static NvmlDiscovery Discover(NvmlLibrary library, NvmlOptions options, List<SensorDiagnostic> diagnostics)
    {
        var missing = library.MissingRequiredExports;
        if (missing.Count > 0)
        {
            diagnostics.Add(Diagnostic(
                $"{library.Path} is not a usable NVML library (it lacks {string.Join(", ", missing)}): no GPU is measured",
                "reinstall the NVIDIA driver, or point the NVML library path at the driver's libnvidia-ml.so.1"));
            return Empty(NvmlAvailability.NotNvml, diagnostics);
        }

        var rc = library.Init();
        if (rc != NvmlReturn.Success)
        {
            diagnostics.Add(InitDiagnostic(library, rc));
            return Empty(NvmlAvailability.InitFailed, diagnostics);
        }

        rc = library.GetCount(out var count);
        if (rc != NvmlReturn.Success)
        {
            diagnostics.Add(Diagnostic($"nvmlDeviceGetCount_v2 failed: {library.Describe(rc)}; no GPU is measured", null));
            return Empty(NvmlAvailability.InitFailed, diagnostics);
        }

        var probes = new List<(NvmlDeviceInfo Info, nint Handle)>();
        for (uint index = 0; index < count; index++)
        {
            probes.Add(Probe(library, index, diagnostics));
        }

        var uuids = probes.Select(p => p.Info.Uuid.Length == 0 ? null : p.Info.Uuid).ToArray();
        var visible = CudaVisibleDevicesFilter.Select(
            options.EffectiveCudaVisibleDevices,
            uuids,
            mig => library.GetMigParentUuid(mig, out var parent) == NvmlReturn.Success ? parent : null,
            diagnostics);

        var devices = probes.Select(p => p.Info with { Visible = visible.Contains(p.Info.Index) }).ToArray();
        var sensors = new List<NvmlGpuSensor>();
        foreach (var index in visible)
        {
            var (_, handle) = probes[index];
            var info = devices[index];
            if (handle == 0)
            {
                continue; // Probe already said why.
            }

            if (!info.Measurable)
            {
                diagnostics.Add(Diagnostic(
                    $"GPU {info.Index} ({info.Name}) reports neither total energy nor power usage (NOT_SUPPORTED): it is not measured",
                    null));
                continue;
            }

            sensors.Add(new NvmlGpuSensor(library, handle, info));
        }

        return new NvmlDiscovery(NvmlAvailability.Ready, devices, sensors, diagnostics);
    }

    private static (NvmlDeviceInfo Info, nint Handle) Probe(NvmlLibrary library, uint index, List<SensorDiagnostic> diagnostics)
    {
        var i = (int)index;
        var rc = library.GetHandleByIndex(index, out var handle);
        if (rc != NvmlReturn.Success)
        {
            diagnostics.Add(Diagnostic($"nvmlDeviceGetHandleByIndex_v2({index}) failed: {library.Describe(rc)}; GPU {index} is not measured", null));
            return (new NvmlDeviceInfo(i, "unknown", string.Empty, null, false, false, null, null, false), 0);
        }

        var name = library.GetName(handle, out var n) == NvmlReturn.Success && !string.IsNullOrEmpty(n) ? n : "unknown";
        var uuid = library.GetUuid(handle, out var u) == NvmlReturn.Success && u is not null ? u : string.Empty;
        var architecture = library.GetArchitecture(handle, out var arch) == NvmlReturn.Success ? NvmlDeviceInfo.ArchitectureName(arch) : null;
        Power? limit = library.GetEnforcedPowerLimit(handle, out var limitMilliwatts) == NvmlReturn.Success
            ? Power.FromMilliwatts(limitMilliwatts)
            : null;
        long? memory = library.GetMemoryInfo(handle, out var memoryInfo) == NvmlReturn.Success
            ? (long)Math.Min(memoryInfo.Total, long.MaxValue)
            : null;

        var energyRc = library.GetTotalEnergyConsumption(handle, out _);
        var powerRc = library.GetPowerUsage(handle, out _);
        foreach (var (call, callRc) in new[] { ("nvmlDeviceGetTotalEnergyConsumption", energyRc), ("nvmlDeviceGetPowerUsage", powerRc) })
        {
            if (callRc is not NvmlReturn.Success and not NvmlReturn.NotSupported)
            {
                diagnostics.Add(Diagnostic($"{call} on GPU {index} ({name}) failed: {library.Describe(callRc)}; GPU {index} is not measured", null));
                return (new NvmlDeviceInfo(i, name, uuid, architecture, false, false, limit, memory, false), 0);
            }
        }

        var info = new NvmlDeviceInfo(
            i, name, uuid, architecture, energyRc == NvmlReturn.Success, powerRc == NvmlReturn.Success, limit, memory, false);
        return (info, handle);
    }

    private static SensorDiagnostic InitDiagnostic(NvmlLibrary library, NvmlReturn rc)
    {
        var what = library.Describe(rc);
        return rc switch
        {
            NvmlReturn.DriverNotLoaded => Diagnostic($"no NVIDIA driver loaded (nvmlInit_v2: {what}): no GPU is measured", null),
            NvmlReturn.LibRmVersionMismatch => Diagnostic(
                $"nvmlInit_v2 failed: {what}; no GPU is measured",
                "the NVIDIA kernel module and libnvidia-ml.so.1 differ in version (a driver upgrade without a reboot): reboot or reload the nvidia module"),
            NvmlReturn.NoPermission => Diagnostic(
                $"nvmlInit_v2 failed: {what}; no GPU is measured",
                "give the user access to the /dev/nvidia* device files"),
            _ => Diagnostic($"nvmlInit_v2 failed: {what}; no GPU is measured", null),
        };
    }

    private static NvmlDiscovery Empty(NvmlAvailability availability, List<SensorDiagnostic> diagnostics) =>
        new(availability, [], [], diagnostics);

    private static SensorDiagnostic Diagnostic(string reason, string? fix) => new(DeviceKind.Gpu, Source, reason, fix);
}
