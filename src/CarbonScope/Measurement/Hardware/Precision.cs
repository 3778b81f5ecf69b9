namespace CarbonScope.Measurement.Hardware;

/// <summary>The numeric precision a model runs at: selects the peak rate of the hardware and the bytes per parameter.</summary>
public enum Precision
{
    /// <summary>IEEE single precision (4 bytes; the non-tensor vector rate).</summary>
    Fp32,

    /// <summary>NVIDIA TF32 tensor math on FP32 data (4 bytes per value in memory).</summary>
    Tf32,

    /// <summary>IEEE half precision (2 bytes).</summary>
    Fp16,

    /// <summary>bfloat16 (2 bytes).</summary>
    Bf16,

    /// <summary>8-bit floating point (1 byte).</summary>
    Fp8,

    /// <summary>8-bit integer (1 byte; peak in TOP/s).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "INT8 is the precision's standard name.")]
    Int8,
}

/// <summary>Facts about <see cref="Precision"/> values.</summary>
public static class PrecisionFacts
{
    /// <summary>Bytes one value (a parameter) takes in memory: 4 for FP32 and TF32, 2 for FP16 and BF16, 1 for FP8 and INT8.</summary>
    public static int BytesPerValue(this Precision precision) => precision switch
    {
        Precision.Fp32 or Precision.Tf32 => 4,
        Precision.Fp16 or Precision.Bf16 => 2,
        Precision.Fp8 or Precision.Int8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };

    /// <summary>The lower-case name used in the catalogs and messages: <c>fp32</c>, <c>tf32</c>, <c>fp16</c>, <c>bf16</c>, <c>fp8</c>, <c>int8</c>.</summary>
    public static string Name(this Precision precision) => precision switch
    {
        Precision.Fp32 => "fp32",
        Precision.Tf32 => "tf32",
        Precision.Fp16 => "fp16",
        Precision.Bf16 => "bf16",
        Precision.Fp8 => "fp8",
        Precision.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };

    /// <summary>Parses <c>fp32</c>, <c>float32</c>, <c>tf32</c>, <c>fp16</c>, <c>float16</c>, <c>half</c>, <c>bf16</c>, <c>bfloat16</c>, <c>fp8</c>, <c>int8</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out Precision precision)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "fp32" or "float32" or "float":
                precision = Precision.Fp32;
                return true;
            case "tf32":
                precision = Precision.Tf32;
                return true;
            case "fp16" or "float16" or "half":
                precision = Precision.Fp16;
                return true;
            case "bf16" or "bfloat16":
                precision = Precision.Bf16;
                return true;
            case "fp8":
                precision = Precision.Fp8;
                return true;
            case "int8":
                precision = Precision.Int8;
                return true;
            default:
                precision = default;
                return false;
        }
    }
}
