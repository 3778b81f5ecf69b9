namespace CarbonScope.Measurement;

/// <summary>
/// Why a hardware sensor could not be used, and how to fix it: reported once, in one line, when the tracker falls
/// back to an estimate (e.g. "RAPL energy_uj is readable by root only").
/// </summary>
/// <param name="Kind">The device kind affected.</param>
/// <param name="Source">The sensor that could not be used (<c>rapl</c>, <c>nvml</c>, ...).</param>
/// <param name="Reason">What went wrong, with the path or call involved.</param>
/// <param name="Fix">What the user can do about it, or null when nothing can be done (e.g. a VM without powercap).</param>
public sealed record SensorDiagnostic(DeviceKind Kind, string Source, string Reason, string? Fix)
{
    /// <summary>One line: "rapl (cpu): reason. Fix: fix".</summary>
    public override string ToString() =>
        Fix is null ? $"{Source} ({Kind.ToString().ToLowerInvariant()}): {Reason}" : $"{Source} ({Kind.ToString().ToLowerInvariant()}): {Reason}. Fix: {Fix}";
}
