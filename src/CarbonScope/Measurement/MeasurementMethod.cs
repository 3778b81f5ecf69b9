namespace CarbonScope.Measurement;

/// <summary>How a figure was obtained. Estimates are never presented as measurements.</summary>
public enum MeasurementMethod
{
    /// <summary>Read from a hardware energy or power counter (RAPL, NVML).</summary>
    Measured,

    /// <summary>Computed by a named model from utilisation and a hardware table.</summary>
    Estimated,

    /// <summary>No figure could be obtained; the reason says why.</summary>
    Unavailable,
}
