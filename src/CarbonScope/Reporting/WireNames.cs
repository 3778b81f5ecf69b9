using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;

namespace CarbonScope.Reporting;

/// <summary>
/// The names that the run record's JSON form and <c>emissions.csv</c> use for enumerations (docs/run-record.md), and
/// their parsers. Names are lower case, words joined by <c>-</c>; parsing is exact.
/// </summary>
public static class WireNames
{
    /// <summary><c>process</c> or <c>machine</c> (also codecarbon's <c>tracking_mode</c>).</summary>
    public static string Mode(TrackingMode mode) => mode switch
    {
        TrackingMode.Process => "process",
        TrackingMode.Machine => "machine",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown tracking mode."),
    };

    /// <summary><c>cpu</c>, <c>gpu</c> or <c>ram</c>.</summary>
    public static string Kind(DeviceKind kind) => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Gpu => "gpu",
        DeviceKind.Ram => "ram",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown device kind."),
    };

    /// <summary><c>measured</c>, <c>estimated</c> or <c>unavailable</c>.</summary>
    public static string Method(MeasurementMethod method) => method switch
    {
        MeasurementMethod.Measured => "measured",
        MeasurementMethod.Estimated => "estimated",
        MeasurementMethod.Unavailable => "unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown measurement method."),
    };

    /// <summary>Parses a tracking mode name.</summary>
    public static bool TryParseMode(string? name, out TrackingMode mode) => TryParse(name, Mode, out mode);

    /// <summary>Parses a device kind name.</summary>
    public static bool TryParseKind(string? name, out DeviceKind kind) => TryParse(name, Kind, out kind);

    /// <summary>Parses a measurement method name.</summary>
    public static bool TryParseMethod(string? name, out MeasurementMethod method) => TryParse(name, Method, out method);

    /// <summary>Parses a zone origin name (<see cref="ZoneSelection.OriginName"/>).</summary>
    public static bool TryParseOrigin(string? name, out ZoneOrigin origin) => TryParse(name, ZoneSelection.OriginName, out origin);

    /// <summary>Parses an intensity kind name (<see cref="IntensityProvenance.KindName"/>).</summary>
    public static bool TryParseIntensityKind(string? name, out IntensityKind kind) => TryParse(name, IntensityProvenance.KindName, out kind);

    /// <summary>Parses an intensity signal name (<see cref="IntensityProvenance.SignalName"/>).</summary>
    public static bool TryParseSignal(string? name, out IntensitySignal signal) => TryParse(name, IntensityProvenance.SignalName, out signal);

    /// <summary>Every name of an enumeration, in declaration order (for error messages and docs).</summary>
    internal static IEnumerable<string> AllNames<T>(Func<T, string> nameOf)
        where T : struct, Enum => Enum.GetValues<T>().Select(nameOf);

    /// <summary>Parses a name written by <paramref name="nameOf"/> (exact match); false for anything else.</summary>
    public static bool TryParse<T>(string? name, Func<T, string> nameOf, out T value)
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
