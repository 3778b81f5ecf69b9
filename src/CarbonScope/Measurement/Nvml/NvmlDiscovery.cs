namespace CarbonScope.Measurement.Nvml;

/// <summary>Whether NVML could be used at all.</summary>
public enum NvmlAvailability
{
    /// <summary>NVML is loaded and initialised (the machine may still have no GPU).</summary>
    Ready,

    /// <summary>The library could not be loaded: no NVIDIA driver installed. Not an error.</summary>
    LibraryNotFound,

    /// <summary>A library was loaded but lacks NVML's basic exports.</summary>
    NotNvml,

    /// <summary><c>nvmlInit_v2</c> (or the device count) failed, e.g. the driver is not loaded (error 9).</summary>
    InitFailed,
}

/// <summary>The result of <see cref="NvmlGpus.Discover(NvmlOptions?)"/>.</summary>
/// <remarks>
/// The caller owns <see cref="Sensors"/> and disposes each of them; NVML is shut down and the library freed when
/// the last one is disposed. A discovery with no sensors holds nothing.
/// </remarks>
public sealed class NvmlDiscovery
{
    internal NvmlDiscovery(
        NvmlAvailability availability,
        IReadOnlyList<NvmlDeviceInfo> devices,
        IReadOnlyList<NvmlGpuSensor> sensors,
        IReadOnlyList<SensorDiagnostic> diagnostics)
    {
        Availability = availability;
        Devices = devices;
        Sensors = sensors;
        Diagnostics = diagnostics;
    }

    /// <summary>Whether NVML could be used; anything but <see cref="NvmlAvailability.Ready"/> means no GPU sensors.</summary>
    public NvmlAvailability Availability { get; }

    /// <summary>Every GPU NVML lists, in NVML index order, visible to the job or not.</summary>
    public IReadOnlyList<NvmlDeviceInfo> Devices { get; }

    /// <summary>One sensor per measurable GPU visible to the job, in <c>CUDA_VISIBLE_DEVICES</c> order.</summary>
    public IReadOnlyList<NvmlGpuSensor> Sensors { get; }

    /// <summary>
    /// One line per thing worth knowing: no driver (with a null <see cref="SensorDiagnostic.Fix"/>: nothing to act
    /// on), a GPU that cannot be measured, a <c>CUDA_VISIBLE_DEVICES</c> entry ignored or read as its parent GPU.
    /// </summary>
    public IReadOnlyList<SensorDiagnostic> Diagnostics { get; }
}
