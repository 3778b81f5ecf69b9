using CarbonScope.Measurement.Hardware;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>The precision the built-in nodes assume a model runs at on a piece of hardware.</summary>
public static class PrecisionRule
{
    /// <summary>
    /// Accelerators (every kind but <c>cpu</c>): FP16 where the catalog publishes an FP16 peak, else BF16, else FP32.
    /// CPUs: FP32. Unknown hardware (null): FP32. When none of these is published, the first precision the hardware has.
    /// </summary>
    public static Precision For(HardwareSpec? hardware)
    {
        if (hardware is null)
        {
            return Precision.Fp32;
        }

        Precision[] preference = string.Equals(hardware.Kind, "cpu", StringComparison.OrdinalIgnoreCase)
            ? [Precision.Fp32]
            : [Precision.Fp16, Precision.Bf16, Precision.Fp32];
        foreach (var precision in preference)
        {
            if (hardware.PeakFlopsPerSecond(precision) is not null)
            {
                return precision;
            }
        }

        return hardware.Precisions.Count > 0 ? hardware.Precisions[0] : Precision.Fp32;
    }
}
