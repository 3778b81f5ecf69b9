namespace CarbonScope.Measurement;

/// <summary>The kind of device a figure is about.</summary>
public enum DeviceKind
{
    /// <summary>The CPU package(s); with RAPL psys chosen, the whole platform.</summary>
    Cpu,

    /// <summary>A GPU (accelerator).</summary>
    Gpu,

    /// <summary>Main memory (DRAM).</summary>
    Ram,
}
