using CarbonScope.Measurement.Hardware;

namespace CarbonScope.Footprint;

/// <summary>What <see cref="ModelCatalog.Filter"/> keeps: every condition that is set must hold.</summary>
public sealed record ModelQuery
{
    /// <summary>The goal (task); compared ignoring case, with spaces and underscores read as hyphens (<c>Text Generation</c> = <c>text-generation</c>).</summary>
    public string? Goal { get; init; }

    /// <summary>The family (<c>CNNs</c>, <c>Transformers</c>; also <c>CNN</c>, <c>Transformer</c>), ignoring case.</summary>
    public string? Family { get; init; }

    /// <summary>The most memory the weights may take, in MB (10^6 bytes), at <see cref="Precision"/>.</summary>
    public double? MaxMemoryMegabytes { get; init; }

    /// <summary>The precision <see cref="MaxMemoryMegabytes"/> is checked at (default FP32).</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Names to leave out (SustainML's <c>model_restrains</c>), ignoring case.</summary>
    public IReadOnlyCollection<string> Exclude { get; init; } = [];
}
