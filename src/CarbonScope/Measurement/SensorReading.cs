using CarbonScope.Units;

namespace CarbonScope.Measurement;

/// <summary>What one read of a sensor returned.</summary>
/// <param name="Energy">Energy used since the previous read (zero on the first read).</param>
/// <param name="Power">The power at the time of the read when the device reports one (NVML), else the mean power over the interval when known, else null.</param>
public readonly record struct SensorReading(Energy Energy, Power? Power)
{
    /// <summary>The result of the first read, which only establishes the baseline.</summary>
    public static SensorReading Baseline => new(Energy.Zero, null);
}
