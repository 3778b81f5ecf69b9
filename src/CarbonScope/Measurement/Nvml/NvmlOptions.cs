namespace CarbonScope.Measurement.Nvml;

/// <summary>Where to find NVML and which GPUs the measured job uses.</summary>
public sealed class NvmlOptions
{
    /// <summary>The standard soname of NVML; loading it by name lets a drop-in on <c>LD_LIBRARY_PATH</c> win.</summary>
    public const string DefaultLibraryPath = "libnvidia-ml.so.1";

    /// <summary>The environment variable that restricts the GPUs a CUDA job sees.</summary>
    public const string CudaVisibleDevicesVariable = "CUDA_VISIBLE_DEVICES";

    /// <summary>
    /// The library to load: a bare soname (searched the way <c>dlopen</c> searches: <c>LD_LIBRARY_PATH</c>, the
    /// loader cache, the system directories) or a path. Default <see cref="DefaultLibraryPath"/>.
    /// </summary>
    public string LibraryPath { get; set; } = DefaultLibraryPath;

    /// <summary>
    /// When true (the default) the <c>CUDA_VISIBLE_DEVICES</c> environment variable of this process is read at
    /// discovery and <see cref="CudaVisibleDevices"/> is ignored; when false, <see cref="CudaVisibleDevices"/> is used.
    /// </summary>
    public bool ReadCudaVisibleDevicesFromEnvironment { get; set; } = true;

    /// <summary>
    /// The value of <c>CUDA_VISIBLE_DEVICES</c> to apply when <see cref="ReadCudaVisibleDevicesFromEnvironment"/> is
    /// false: null means unset (every GPU), the empty string means no GPU, otherwise comma-separated indices or UUIDs.
    /// </summary>
    public string? CudaVisibleDevices { get; set; }

    /// <summary>Options that apply <paramref name="cudaVisibleDevices"/> instead of the environment variable.</summary>
    /// <param name="libraryPath">The library to load.</param>
    /// <param name="cudaVisibleDevices">The explicit <c>CUDA_VISIBLE_DEVICES</c> value; null means unset (every GPU).</param>
    public static NvmlOptions WithVisibleDevices(string libraryPath, string? cudaVisibleDevices) => new()
    {
        LibraryPath = libraryPath,
        ReadCudaVisibleDevicesFromEnvironment = false,
        CudaVisibleDevices = cudaVisibleDevices,
    };

    /// <summary>The <c>CUDA_VISIBLE_DEVICES</c> value in effect: from the environment or from <see cref="CudaVisibleDevices"/>.</summary>
    internal string? EffectiveCudaVisibleDevices =>
        ReadCudaVisibleDevicesFromEnvironment ? Environment.GetEnvironmentVariable(CudaVisibleDevicesVariable) : CudaVisibleDevices;
}
