using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;

namespace CarbonScope.Storage;

/// <summary>
/// The names the store writes for enumerations: the wire names of the run record's JSON form (lower case, words joined by
/// <c>-</c>), so that the database reads the same as the JSON. Parsing is exact.
/// </summary>
internal static class StorageNames
{
    internal static string Status(RunStatus status) => RunStatusNames.Name(status);

    internal static string Mode(TrackingMode mode) => mode switch
    {
        TrackingMode.Process => "process",
        TrackingMode.Machine => "machine",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown tracking mode."),
    };

    internal static string Kind(DeviceKind kind) => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Gpu => "gpu",
        DeviceKind.Ram => "ram",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown device kind."),
    };

    internal static string Method(MeasurementMethod method) => method switch
    {
        MeasurementMethod.Measured => "measured",
        MeasurementMethod.Estimated => "estimated",
        MeasurementMethod.Unavailable => "unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown measurement method."),
    };

    internal static string Origin(ZoneOrigin origin) => ZoneSelection.OriginName(origin);

    internal static string IntensityKind(IntensityKind kind) => IntensityProvenance.KindName(kind);

    internal static string Signal(IntensitySignal signal) => IntensityProvenance.SignalName(signal);

    /// <summary>Parses a name written by <paramref name="nameOf"/>; false for anything else.</summary>
    internal static bool TryParse<T>(string? name, Func<T, string> nameOf, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(nameOf(candidate), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
