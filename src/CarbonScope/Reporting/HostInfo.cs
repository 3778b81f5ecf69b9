using System.Runtime.InteropServices;
using System.Text;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Procfs;

namespace CarbonScope.Reporting;

/// <summary>The machine a run was measured on, as far as it matters for the figures (no host name, no user name).</summary>
/// <param name="OperatingSystem">Kernel and architecture, e.g. <c>Linux-6.1.0-18-amd64-x86_64</c>.</param>
/// <param name="CpuModel">The CPU model name from <c>/proc/cpuinfo</c>; null when unknown.</param>
/// <param name="CpuCount">Logical CPUs; 0 when unknown.</param>
/// <param name="GpuCount">GPUs measured (after CUDA_VISIBLE_DEVICES); 0 when none.</param>
/// <param name="GpuModel">GPU model names, e.g. <c>1 x NVIDIA H100 80GB HBM3</c> (codecarbon's form); null when none.</param>
/// <param name="RamTotalBytes">Total memory from <c>/proc/meminfo</c>; null when unknown.</param>
public sealed record HostInfo(string OperatingSystem, string? CpuModel, int CpuCount, int GpuCount, string? GpuModel, long? RamTotalBytes)
{
    /// <summary>
    /// Describes this machine from what sensor discovery found and from <c>/proc</c>:
    /// <list type="bullet">
    /// <item><see cref="OperatingSystem"/>: <c>Linux-&lt;kernel release&gt;-&lt;machine&gt;</c>, the release read from
    /// <c>&lt;procfs root&gt;/sys/kernel/osrelease</c> (left out, giving <c>Linux-&lt;machine&gt;</c>, when it cannot be
    /// read) and the machine as <c>uname -m</c> names it (<see cref="UnameMachine"/>);</item>
    /// <item>the CPU model and logical CPU count from <see cref="DiscoveryResult.Cpu"/>;</item>
    /// <item>the GPUs from the GPU sensors of <see cref="DiscoveryResult.Sensors"/> (those that will be measured, after
    /// <c>CUDA_VISIBLE_DEVICES</c>): their count, and their names grouped in order of first appearance as
    /// <c>2 x NVIDIA A100-SXM4-40GB, 1 x NVIDIA T4</c>;</item>
    /// <item>total RAM from <c>&lt;procfs root&gt;/meminfo</c>.</item>
    /// </list>
    /// Never throws for a missing or unreadable file: the field is left unknown.
    /// </summary>
    /// <param name="discovery">What <see cref="SensorDiscovery.Discover"/> found.</param>
    /// <param name="procfs">The <c>/proc</c> tree (the same root as discovery used).</param>
    public static HostInfo Collect(DiscoveryResult discovery, ProcFileSystem procfs)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(procfs);

        var machine = UnameMachine(RuntimeInformation.OSArchitecture);
        var release = ReadKernelRelease(procfs);
        var operatingSystem = release is null ? $"Linux-{machine}" : $"Linux-{release}-{machine}";

        var gpus = discovery.Sensors.Where(s => s.Kind == DeviceKind.Gpu).ToList();
        var gpuModel = gpus.Count == 0 ? null : FormatGpuModel(gpus.Select(g => g.DeviceName));

        long? ramTotal = procfs.TryReadMemInfo(out var memory, out _) ? memory.TotalBytes : null;
        var cpu = discovery.Cpu;
        return new HostInfo(operatingSystem, string.IsNullOrWhiteSpace(cpu.ModelName) ? null : cpu.ModelName, Math.Max(0, cpu.LogicalCpus), gpus.Count, gpuModel, ramTotal);
    }

    /// <summary>
    /// The architecture as <c>uname -m</c> (and Python's <c>platform.machine()</c>) names it on Linux: <c>x86_64</c>,
    /// <c>aarch64</c>, <c>i686</c>, <c>armv7l</c>, <c>ppc64le</c>; other architectures by their lower-case .NET name
    /// (<c>s390x</c>, <c>riscv64</c>, <c>loongarch64</c>).
    /// </summary>
    public static string UnameMachine(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.X86 => "i686",
        Architecture.Arm => "armv7l",
        Architecture.Ppc64le => "ppc64le",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>GPU names grouped in order of first appearance: <c>2 x NVIDIA A100-SXM4-40GB, 1 x NVIDIA T4</c>.</summary>
    /// <remarks>codecarbon writes the same <c>N x NAME</c> groups but concatenates them with no separator; a comma and a space keep them apart.</remarks>
    public static string FormatGpuModel(IEnumerable<string> gpuNames)
    {
        ArgumentNullException.ThrowIfNull(gpuNames);
        var groups = new List<(string Name, int Count)>();
        foreach (var name in gpuNames)
        {
            var index = groups.FindIndex(g => string.Equals(g.Name, name, StringComparison.Ordinal));
            if (index < 0)
            {
                groups.Add((name, 1));
            }
            else
            {
                groups[index] = (name, groups[index].Count + 1);
            }
        }

        return string.Join(", ", groups.Select(g => FormattableString.Invariant($"{g.Count} x {g.Name}")));
    }

    private static string? ReadKernelRelease(ProcFileSystem procfs)
    {
        var path = Path.Combine(procfs.Root, "sys", "kernel", "osrelease");
        try
        {
            var release = File.ReadAllText(path, Encoding.ASCII).Trim();
            return release.Length == 0 ? null : release;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
