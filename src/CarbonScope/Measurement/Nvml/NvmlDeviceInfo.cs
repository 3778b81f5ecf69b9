using CarbonScope.Units;

namespace CarbonScope.Measurement.Nvml;

/// <summary>What discovery learnt about one GPU that NVML lists (for the <c>detect</c> command and for the sensors).</summary>
/// <param name="Index">The NVML index (PCI bus order).</param>
/// <param name="Name">The product name, e.g. "NVIDIA H100 80GB HBM3" ("unknown" when NVML could not say).</param>
/// <param name="Uuid">The GPU UUID, e.g. "GPU-8932f937-d72c-4106-c12f-20bd9faed9f6" (empty when NVML could not say).</param>
/// <param name="Architecture">The architecture ("Volta", "Hopper", ...), or null when unknown.</param>
/// <param name="EnergyCounterSupported">Whether <c>nvmlDeviceGetTotalEnergyConsumption</c> answered at discovery (Volta and newer).</param>
/// <param name="PowerSupported">Whether <c>nvmlDeviceGetPowerUsage</c> answered at discovery.</param>
/// <param name="PowerLimit">The enforced power limit, or null when not reported.</param>
/// <param name="MemoryTotalBytes">The total device memory in bytes, or null when not reported.</param>
/// <param name="Visible">Whether <c>CUDA_VISIBLE_DEVICES</c> lets the job use this GPU.</param>
public sealed record NvmlDeviceInfo(
    int Index,
    string Name,
    string Uuid,
    string? Architecture,
    bool EnergyCounterSupported,
    bool PowerSupported,
    Power? PowerLimit,
    long? MemoryTotalBytes,
    bool Visible)
{
    /// <summary>Whether CarbonScope can measure this GPU (it has an energy counter or a power reading).</summary>
    public bool Measurable => EnergyCounterSupported || PowerSupported;

    /// <summary>The name of an <c>nvmlDeviceArchitecture_t</c> value, or null for unknown ones.</summary>
    internal static string? ArchitectureName(uint value) => value switch
    {
        2 => "Kepler",
        3 => "Maxwell",
        4 => "Pascal",
        5 => "Volta",
        6 => "Turing",
        7 => "Ampere",
        8 => "Ada",
        9 => "Hopper",
        10 => "Blackwell",
        11 => "Orin",
        _ => null,
    };
}
