namespace CarbonScope.Reporting;

/// <summary>The machine a run was measured on, as far as it matters for the figures (no host name, no user name).</summary>
/// <param name="OperatingSystem">Kernel and architecture, e.g. <c>Linux-6.1.0-18-amd64-x86_64</c>.</param>
/// <param name="CpuModel">The CPU model name from <c>/proc/cpuinfo</c>; null when unknown.</param>
/// <param name="CpuCount">Logical CPUs; 0 when unknown.</param>
/// <param name="GpuCount">GPUs measured (after CUDA_VISIBLE_DEVICES); 0 when none.</param>
/// <param name="GpuModel">GPU model names, e.g. <c>1 x NVIDIA H100 80GB HBM3</c> (codecarbon's form); null when none.</param>
/// <param name="RamTotalBytes">Total memory from <c>/proc/meminfo</c>; null when unknown.</param>
public sealed record HostInfo(string OperatingSystem, string? CpuModel, int CpuCount, int GpuCount, string? GpuModel, long? RamTotalBytes);
