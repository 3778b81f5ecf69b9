using CarbonScope.Measurement.Hardware;
using CarbonScope.Units;

namespace CarbonScope.Footprint;

/// <summary>Which limit sets the time of a roofline estimate.</summary>
public enum RooflineBound
{
    /// <summary>Arithmetic: FLOPs ÷ achievable FLOP/s is the longer time.</summary>
    Compute,

    /// <summary>Memory traffic: bytes ÷ achievable bandwidth is the longer (or equal) time.</summary>
    Memory,
}

/// <summary>The assumptions of <see cref="RooflineEstimate"/>; each default is documented in <c>docs/catalogs.md</c>.</summary>
public sealed record RooflineOptions
{
    /// <summary>
    /// The fraction of the peak FLOP/s a model achieves (0..1]. Default 0.5, an assumption: about the model FLOPs
    /// utilisation reported for well-tuned large-scale work (PaLM, Chowdhery et al. 2022: 46.2%); small batch-1
    /// models often reach less.
    /// </summary>
    public double ComputeEfficiency { get; init; } = 0.5;

    /// <summary>The fraction of the peak memory bandwidth achieved when streaming the weights (0..1]. Default 0.8, an assumption.</summary>
    public double BandwidthEfficiency { get; init; } = 0.8;

    /// <summary>
    /// Memory beyond the weights, as a fraction of them (activations, workspace, runtime). Default 0.2, the 20% rule
    /// of thumb of LLM serving guides (memory ≈ 1.2 × weights); an assumption for other models.
    /// </summary>
    public double MemoryOverheadFraction { get; init; } = 0.2;

    /// <summary>The defaults.</summary>
    public static RooflineOptions Default { get; } = new();
}

/// <summary>The result of a roofline estimate of one inference (batch size 1).</summary>
/// <param name="Hardware">The hardware's catalog name.</param>
/// <param name="Precision">The precision.</param>
/// <param name="ComputeSeconds">FLOPs ÷ (peak FLOP/s × compute efficiency).</param>
/// <param name="MemorySeconds">Bytes moved ÷ (bandwidth × bandwidth efficiency).</param>
/// <param name="Bound">Which of the two is the latency.</param>
/// <param name="Utilisation">The achieved fraction of the bounding resource's peak: max(FLOPs ÷ (peak × t), bytes ÷ (bandwidth × t)).</param>
/// <param name="BytesMoved">Bytes read from memory per inference: the weights, parameters × bytes per value.</param>
/// <param name="ArithmeticIntensityFlopsPerByte">FLOPs ÷ bytes moved.</param>
/// <param name="AveragePower">idle + (TDP − idle) × utilisation; null when the hardware has no TDP.</param>
/// <param name="MemoryFootprintMegabytes">Weights × (1 + overhead), in MB (10^6 bytes).</param>
/// <param name="FitsInMemory">Whether the footprint fits the device memory; null when the catalog has no memory size (CPUs).</param>
public sealed record RooflineResult(
    string Hardware,
    Precision Precision,
    double ComputeSeconds,
    double MemorySeconds,
    RooflineBound Bound,
    double Utilisation,
    double BytesMoved,
    double ArithmeticIntensityFlopsPerByte,
    Power? AveragePower,
    double MemoryFootprintMegabytes,
    bool? FitsInMemory)
{
    /// <summary>The estimated time of one inference in seconds: max(<see cref="ComputeSeconds"/>, <see cref="MemorySeconds"/>).</summary>
    public double LatencySeconds => Math.Max(ComputeSeconds, MemorySeconds);

    /// <summary>The latency in milliseconds (SustainML's unit), unrounded.</summary>
    public double LatencyMilliseconds => LatencySeconds * 1e3;

    /// <summary>The latency as a <see cref="TimeSpan"/> (rounded to its 100 ns ticks: use <see cref="LatencySeconds"/> for sub-microsecond work).</summary>
    public TimeSpan Latency => TimeSpan.FromTicks((long)Math.Round(LatencySeconds * TimeSpan.TicksPerSecond));

    /// <summary>The energy of one inference: <see cref="AveragePower"/> × <see cref="LatencySeconds"/>; null without a TDP.</summary>
    public Energy? EnergyPerInference => AveragePower is { } power ? Energy.FromJoules(power.Watts * LatencySeconds) : null;
}

/// <summary>
/// A roofline estimate (Williams, Waterman and Patterson, "Roofline", CACM 2009) of one inference at batch size 1:
/// the time is the longer of the arithmetic time and the time to read the weights from memory once. Pure: same inputs,
/// same result. Formulas and assumptions are in <c>docs/catalogs.md</c>.
/// </summary>
public static class RooflineEstimate
{
    /// <summary>Estimates <paramref name="model"/> on <paramref name="hardware"/> at <paramref name="precision"/>.</summary>
    /// <exception cref="ArgumentException">The hardware has no published peak at that precision (the message lists those it has).</exception>
    public static RooflineResult Estimate(MlModelSpec model, HardwareSpec hardware, Precision precision, RooflineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Estimate(model.FlopsPerInference, model.Parameters, hardware, precision, options);
    }

    /// <summary>Estimates a model of <paramref name="parameters"/> parameters needing <paramref name="flopsPerInference"/> FLOPs per inference.</summary>
    /// <exception cref="ArgumentException">The hardware has no published peak at that precision (the message lists those it has).</exception>
    /// <exception cref="ArgumentOutOfRangeException">FLOPs or parameters not positive, or an option out of range.</exception>
    public static RooflineResult Estimate(double flopsPerInference, long parameters, HardwareSpec hardware, Precision precision, RooflineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        options ??= RooflineOptions.Default;
        if (!(flopsPerInference > 0) || !double.IsFinite(flopsPerInference))
        {
            throw new ArgumentOutOfRangeException(nameof(flopsPerInference), flopsPerInference, "FLOPs per inference must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameters);
        RequireFraction(options.ComputeEfficiency, nameof(RooflineOptions.ComputeEfficiency));
        RequireFraction(options.BandwidthEfficiency, nameof(RooflineOptions.BandwidthEfficiency));
        if (!(options.MemoryOverheadFraction >= 0) || !double.IsFinite(options.MemoryOverheadFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MemoryOverheadFraction, "MemoryOverheadFraction must be zero or more.");
        }

        var peak = hardware.PeakFlopsPerSecond(precision)
            ?? throw new ArgumentException(
                $"{hardware.Name} has no published {precision.Name()} peak; it has: {string.Join(", ", hardware.Precisions.Select(p => p.Name()))}.",
                nameof(precision));

        var bytes = (double)parameters * precision.BytesPerValue();
        var computeSeconds = flopsPerInference / (peak * options.ComputeEfficiency);
        var memorySeconds = bytes / (hardware.MemoryBandwidthBytesPerSecond * options.BandwidthEfficiency);
        var seconds = Math.Max(computeSeconds, memorySeconds);
        var bound = computeSeconds > memorySeconds ? RooflineBound.Compute : RooflineBound.Memory;
        var utilisation = Math.Min(1, Math.Max(flopsPerInference / (peak * seconds), bytes / (hardware.MemoryBandwidthBytesPerSecond * seconds)));

        Power? power = null;
        if (hardware.Tdp is { } tdp)
        {
            var idle = hardware.IdlePower ?? Power.Zero;
            power = idle + ((tdp - idle) * utilisation);
        }

        var footprint = bytes * (1 + options.MemoryOverheadFraction) / 1e6;
        bool? fits = hardware.MemoryGigabytes is { } gigabytes ? footprint <= gigabytes * 1e3 : null;
        return new RooflineResult(hardware.Name, precision, computeSeconds, memorySeconds, bound, utilisation, bytes,
            flopsPerInference / bytes, power, footprint, fits);
    }

    private static void RequireFraction(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1].");
        }
    }
}
