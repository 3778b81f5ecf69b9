using CarbonScope.Units;

namespace CarbonScope.Measurement.Hardware;

/// <summary>One row of the hardware catalog: what a roofline estimate needs to know about an accelerator or CPU.</summary>
/// <param name="Name">Vendor and model (<c>NVIDIA H100 SXM5 80GB</c>).</param>
/// <param name="Vendor">The vendor.</param>
/// <param name="Kind"><c>gpu</c>, <c>tpu</c>, <c>npu</c>, <c>soc</c> or <c>cpu</c>.</param>
/// <param name="FormFactor">SXM5, PCIe, OAM, chip, SoC, module, socket.</param>
/// <param name="Architecture">The vendor's architecture name.</param>
/// <param name="Year">The year of release (the year the figures describe).</param>
/// <param name="MemoryGigabytes">Device memory in GB (10^9 bytes); null for CPUs (the host's RAM).</param>
/// <param name="MemoryType">HBM3, GDDR6, DDR5, ...</param>
/// <param name="MemoryBandwidthGigabytesPerSecond">Peak memory bandwidth in GB/s (10^9 bytes per second).</param>
/// <param name="Tdp">Thermal design power or board power; null where none is published.</param>
/// <param name="TdpBasis">Where <paramref name="Tdp"/> comes from.</param>
/// <param name="IdlePower">Power when idle; null without a TDP.</param>
/// <param name="IdleBasis">Where <paramref name="IdlePower"/> comes from (a rule, marked as such).</param>
/// <param name="PeakTeraflops">Peak dense rate per precision in TFLOP/s (TOP/s for INT8); a precision is absent when not published.</param>
/// <param name="Source">The source of the figures.</param>
/// <param name="SourceUrl">The vendor document.</param>
/// <param name="Licence">The licence or status of the figures.</param>
/// <param name="Notes">Caveats from the source.</param>
public sealed record HardwareSpec(
    string Name,
    string Vendor,
    string Kind,
    string FormFactor,
    string Architecture,
    int Year,
    double? MemoryGigabytes,
    string MemoryType,
    double MemoryBandwidthGigabytesPerSecond,
    Power? Tdp,
    string TdpBasis,
    Power? IdlePower,
    string IdleBasis,
    IReadOnlyDictionary<Precision, double> PeakTeraflops,
    string Source,
    Uri SourceUrl,
    string Licence,
    string Notes)
{
    /// <summary>The precisions with a published peak rate, in enum order.</summary>
    public IReadOnlyList<Precision> Precisions => [.. PeakTeraflops.Keys.Order()];

    /// <summary>The peak dense rate at <paramref name="precision"/> in FLOP/s (OP/s for INT8), or null when not published.</summary>
    public double? PeakFlopsPerSecond(Precision precision) =>
        PeakTeraflops.TryGetValue(precision, out var teraflops) ? teraflops * 1e12 : null;

    /// <summary>Peak memory bandwidth in bytes per second.</summary>
    public double MemoryBandwidthBytesPerSecond => MemoryBandwidthGigabytesPerSecond * 1e9;
}
