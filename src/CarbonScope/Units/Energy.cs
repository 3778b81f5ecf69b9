using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace CarbonScope.Units;

/// <summary>An amount of energy, stored in joules.</summary>
/// <remarks>
/// <para>Build values with the <c>From*</c> factories (<see cref="FromKilowattHours(double)"/>, ...) and read them
/// back with the unit-named properties (<see cref="KilowattHours"/>, ...). <see cref="Zero"/> is the default value.
/// A negative energy is allowed as the result of a subtraction; NaN and infinity are rejected.</para>
/// <para>Physical arithmetic only: <c>Energy / TimeSpan = Power</c>, <c>Energy * CarbonIntensity = CarbonMass</c>,
/// <c>Power * TimeSpan = Energy</c>. <see cref="ToString()"/> picks a prefix ("350 J", "12.3 Wh", "1.45 kWh");
/// <see cref="Parse(string, IFormatProvider?)"/> reads user input such as <c>2.5kWh</c> or <c>3600 J</c> in the invariant culture.</para>
/// <para>This type is an immutable value type and is thread-safe.</para>
/// </remarks>
public readonly struct Energy :
    IEquatable<Energy>, IComparable<Energy>, IComparable, ISpanFormattable, IParsable<Energy>,
    IAdditionOperators<Energy, Energy, Energy>, ISubtractionOperators<Energy, Energy, Energy>,
    IUnaryNegationOperators<Energy, Energy>, IMultiplyOperators<Energy, double, Energy>,
    IDivisionOperators<Energy, double, Energy>, IComparisonOperators<Energy, Energy, bool>,
    IAdditiveIdentity<Energy, Energy>
{
    private const double JoulesPerWattHour = 3600.0;

    internal static readonly UnitSpelling[] Units =
    [
        new("µJ", 1e-6, ["uJ"]),
        new("mJ", 1e-3, []),
        new("J", 1, ["j"]),
        new("kJ", 1e3, ["KJ", "kj"]),
        new("MJ", 1e6, []),
        new("Wh", JoulesPerWattHour, ["wh", "WH"]),
        new("kWh", JoulesPerWattHour * 1e3, ["kwh", "KWh", "KWH"]),
        new("MWh", JoulesPerWattHour * 1e6, ["MWH"]),
        new("GWh", JoulesPerWattHour * 1e9, ["GWH"]),
    ];

    // Display: mJ/J below one watt-hour, then the watt-hour family.
    private static readonly UnitSpelling[] s_displayUnits = [Units[0], Units[1], Units[2], Units[5], Units[6], Units[7], Units[8]];

    private readonly double _joules;

    private Energy(double joules) => _joules = joules;

    /// <summary>No energy. Equal to <c>default(Energy)</c>.</summary>
    public static Energy Zero => default;

    /// <inheritdoc/>
    public static Energy AdditiveIdentity => default;

    /// <summary>The energy in joules.</summary>
    public double Joules => _joules;

    /// <summary>The energy in millijoules.</summary>
    public double Millijoules => _joules * 1e3;

    /// <summary>The energy in microjoules.</summary>
    public double Microjoules => _joules * 1e6;

    /// <summary>The energy in kilojoules.</summary>
    public double Kilojoules => _joules / 1e3;

    /// <summary>The energy in watt-hours.</summary>
    public double WattHours => _joules / JoulesPerWattHour;

    /// <summary>The energy in kilowatt-hours.</summary>
    public double KilowattHours => _joules / (JoulesPerWattHour * 1e3);

    /// <summary>Creates an energy from joules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static Energy FromJoules(double joules) => new(QuantityText.RequireFinite(joules, nameof(joules)));

    /// <summary>Creates an energy from millijoules (NVML's total-energy counter unit).</summary>
    public static Energy FromMillijoules(double millijoules) => new(QuantityText.RequireFinite(millijoules, nameof(millijoules)) / 1e3);

    /// <summary>Creates an energy from microjoules (RAPL's <c>energy_uj</c> unit).</summary>
    public static Energy FromMicrojoules(double microjoules) => new(QuantityText.RequireFinite(microjoules, nameof(microjoules)) / 1e6);

    /// <summary>Creates an energy from kilojoules.</summary>
    public static Energy FromKilojoules(double kilojoules) => new(QuantityText.RequireFinite(kilojoules, nameof(kilojoules)) * 1e3);

    /// <summary>Creates an energy from watt-hours.</summary>
    public static Energy FromWattHours(double wattHours) => new(QuantityText.RequireFinite(wattHours, nameof(wattHours)) * JoulesPerWattHour);

    /// <summary>Creates an energy from kilowatt-hours.</summary>
    public static Energy FromKilowattHours(double kilowattHours) => new(QuantityText.RequireFinite(kilowattHours, nameof(kilowattHours)) * JoulesPerWattHour * 1e3);

    public static Energy operator +(Energy left, Energy right) => new(left._joules + right._joules);

    public static Energy operator -(Energy left, Energy right) => new(left._joules - right._joules);

    public static Energy operator -(Energy value) => new(-value._joules);

    public static Energy operator *(Energy left, double right) => FromJoules(left._joules * right);

    public static Energy operator *(double left, Energy right) => FromJoules(left * right._joules);

    public static Energy operator /(Energy left, double right) => FromJoules(left._joules / right);

    /// <summary>The ratio of two energies (a plain number).</summary>
    public static double operator /(Energy left, Energy right) => left._joules / right._joules;

    /// <summary>Mean power over a duration.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is zero or negative.</exception>
    public static Power operator /(Energy energy, TimeSpan duration) =>
        duration > TimeSpan.Zero
            ? Power.FromWatts(energy._joules / duration.TotalSeconds)
            : throw new ArgumentOutOfRangeException(nameof(duration), duration, "Duration should be positive to compute a mean power.");

    /// <summary>How long the given power takes to deliver this energy.</summary>
    public static TimeSpan operator /(Energy energy, Power power) => TimeSpan.FromSeconds(energy._joules / power.Watts);

    /// <summary>The emissions of using this energy at the given carbon intensity.</summary>
    public static CarbonMass operator *(Energy energy, CarbonIntensity intensity) =>
        CarbonMass.FromGrams(energy.KilowattHours * intensity.GramsPerKilowattHour);

    /// <summary>The emissions of using this energy at the given carbon intensity.</summary>
    public static CarbonMass operator *(CarbonIntensity intensity, Energy energy) => energy * intensity;

    public static bool operator ==(Energy left, Energy right) => left._joules == right._joules;

    public static bool operator !=(Energy left, Energy right) => left._joules != right._joules;

    public static bool operator <(Energy left, Energy right) => left._joules < right._joules;

    public static bool operator >(Energy left, Energy right) => left._joules > right._joules;

    public static bool operator <=(Energy left, Energy right) => left._joules <= right._joules;

    public static bool operator >=(Energy left, Energy right) => left._joules >= right._joules;

    /// <summary>Named equivalent of <c>+</c>.</summary>
    public static Energy Add(Energy left, Energy right) => left + right;

    /// <summary>Named equivalent of binary <c>-</c>.</summary>
    public static Energy Subtract(Energy left, Energy right) => left - right;

    /// <summary>Named equivalent of unary <c>-</c>.</summary>
    public static Energy Negate(Energy value) => -value;

    /// <summary>Named equivalent of <c>*</c> by a number.</summary>
    public static Energy Multiply(Energy left, double right) => left * right;

    /// <summary>Named equivalent of <c>/</c> by a number.</summary>
    public static Energy Divide(Energy left, double right) => left / right;

    /// <summary>The larger of two energies.</summary>
    public static Energy Max(Energy left, Energy right) => left >= right ? left : right;

    /// <summary>The smaller of two energies.</summary>
    public static Energy Min(Energy left, Energy right) => left <= right ? left : right;

    public bool Equals(Energy other) => _joules.Equals(other._joules);

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Energy other && Equals(other);

    public override int GetHashCode() => _joules.GetHashCode();

    public int CompareTo(Energy other) => _joules.CompareTo(other._joules);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Energy other => CompareTo(other),
        _ => throw new ArgumentException($"Object should be of type {nameof(Energy)}.", nameof(obj)),
    };

    /// <summary>Formats with an automatic prefix and three significant digits, e.g. "12.3 Wh".</summary>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the energy.</summary>
    /// <param name="format">null or "G" for an automatic prefix; a unit symbol (J, kJ, Wh, kWh, ...) optionally followed by ':' and a numeric format, e.g. "kWh:F6".</param>
    /// <param name="formatProvider">Culture for the number; null means the invariant culture.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        QuantityText.Format(_joules, format is null or "G" ? s_displayUnits : Units, format, formatProvider, string.Empty);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        charsWritten = text.TryCopyTo(destination) ? text.Length : 0;
        return charsWritten == text.Length;
    }

    /// <summary>Parses an energy such as "3600J", "2.5kWh", "12 Wh" or "1.5 MJ" (invariant culture; the provider is ignored).</summary>
    /// <exception cref="FormatException">The text is not a number followed by an energy unit; the message says why.</exception>
    public static Energy Parse(string s, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return QuantityText.TryParse(s, Units, out var joules, out var error)
            ? new Energy(joules)
            : throw new FormatException($"'{s}' is not an energy: {error}.");
    }

    /// <summary>Tries to parse an energy; see <see cref="Parse(string, IFormatProvider?)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Energy result)
    {
        result = default;
        if (s is null || !QuantityText.TryParse(s, Units, out var joules, out _))
        {
            return false;
        }

        result = new Energy(joules);
        return true;
    }
}
