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
/// <para>Every operation keeps the value finite: scaling by NaN or infinity, or dividing by zero, throws
/// <see cref="ArgumentOutOfRangeException"/> naming the operand; a result beyond the range of a double throws
/// <see cref="OverflowException"/>. The ratio of two energies is a plain <see cref="double"/> and follows IEEE rules,
/// like <c>TimeSpan / TimeSpan</c>.</para>
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
    private const double JoulesPerKilowattHour = 3_600_000.0;

    internal static readonly UnitSpelling[] Units =
    [
        new("µJ", 1e-6, ["uJ", "\u03BCJ"]), // U+00B5 MICRO SIGN; U+03BC GREEK SMALL LETTER MU is accepted too
        new("mJ", 1e-3, []),
        new("J", 1, ["j"]),
        new("kJ", 1e3, ["KJ", "kj"]),
        new("MJ", 1e6, []),
        new("Wh", JoulesPerWattHour, ["wh", "WH"]),
        new("kWh", JoulesPerKilowattHour, ["kwh", "KWh", "KWH"]),
        new("MWh", JoulesPerWattHour * 1e6, ["MWH"]),
        new("GWh", JoulesPerWattHour * 1e9, ["GWH"]),
    ];

    // Display: mJ/J below one watt-hour, then the watt-hour family.
    private static readonly UnitSpelling[] s_displayUnits = [Units[0], Units[1], Units[2], Units[5], Units[6], Units[7], Units[8]];

    internal static readonly QuantityKind Kind = new("energy", "an energy", "2.5 kWh", "kWh:F3", Units, s_displayUnits, string.Empty);

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
    public double KilowattHours => _joules / JoulesPerKilowattHour;

    /// <summary>Creates an energy from joules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static Energy FromJoules(double joules) => new(QuantityMath.RequireFinite(joules, nameof(joules)));

    /// <summary>Creates an energy from millijoules (NVML's total-energy counter unit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static Energy FromMillijoules(double millijoules) => new(QuantityMath.RequireFinite(millijoules, nameof(millijoules)) / 1e3);

    /// <summary>Creates an energy from microjoules (RAPL's <c>energy_uj</c> unit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static Energy FromMicrojoules(double microjoules) => new(QuantityMath.RequireFinite(microjoules, nameof(microjoules)) / 1e6);

    /// <summary>Creates an energy from kilojoules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, or beyond the range of a double in the base unit.</exception>
    public static Energy FromKilojoules(double kilojoules) => new(QuantityMath.ToBaseUnit(kilojoules, 1e3, nameof(kilojoules)));

    /// <summary>Creates an energy from watt-hours.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, or beyond the range of a double in the base unit.</exception>
    public static Energy FromWattHours(double wattHours) => new(QuantityMath.ToBaseUnit(wattHours, JoulesPerWattHour, nameof(wattHours)));

    /// <summary>Creates an energy from kilowatt-hours.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, or beyond the range of a double in the base unit.</exception>
    public static Energy FromKilowattHours(double kilowattHours) => new(QuantityMath.ToBaseUnit(kilowattHours, JoulesPerKilowattHour, nameof(kilowattHours)));

    /// <exception cref="OverflowException">The sum is beyond the range of a double.</exception>
    public static Energy operator +(Energy left, Energy right) => new(QuantityMath.RequireFiniteResult(left._joules + right._joules, Kind));

    /// <exception cref="OverflowException">The difference is beyond the range of a double.</exception>
    public static Energy operator -(Energy left, Energy right) => new(QuantityMath.RequireFiniteResult(left._joules - right._joules, Kind));

    public static Energy operator -(Energy value) => new(-value._joules);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static Energy operator *(Energy left, double right) => new(QuantityMath.Scale(left._joules, right, nameof(right), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="left"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static Energy operator *(double left, Energy right) => new(QuantityMath.Scale(right._joules, left, nameof(left), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is zero, NaN or infinite.</exception>
    /// <exception cref="OverflowException">The quotient is beyond the range of a double.</exception>
    public static Energy operator /(Energy left, double right) => new(QuantityMath.Divide(left._joules, right, nameof(right), Kind));

    /// <summary>The ratio of two energies (a plain number; infinity or NaN when <paramref name="right"/> is zero, as for doubles).</summary>
    public static double operator /(Energy left, Energy right) => left._joules / right._joules;

    /// <summary>Mean power over a duration.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is zero or negative.</exception>
    /// <exception cref="OverflowException">The power is beyond the range of a double (a huge energy over a few ticks).</exception>
    public static Power operator /(Energy energy, TimeSpan duration) =>
        duration > TimeSpan.Zero
            ? Power.FromWatts(QuantityMath.RequireFiniteResult(energy._joules / duration.TotalSeconds, Power.Kind))
            : throw new ArgumentOutOfRangeException(nameof(duration), duration, "Duration should be positive to compute a mean power.");

    /// <summary>How long the given power takes to deliver this energy, rounded to the nearest tick.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The power is zero or negative.</exception>
    /// <exception cref="OverflowException">The duration is beyond the range of <see cref="TimeSpan"/>.</exception>
    public static TimeSpan operator /(Energy energy, Power power) =>
        power > Power.Zero
            ? QuantityMath.SecondsToTimeSpan(energy._joules / power.Watts)
            : throw new ArgumentOutOfRangeException(nameof(power), power, "Power should be positive to compute the time to deliver an energy.");

    /// <summary>The emissions of using this energy at the given carbon intensity.</summary>
    /// <exception cref="OverflowException">The mass is beyond the range of a double.</exception>
    public static CarbonMass operator *(Energy energy, CarbonIntensity intensity) =>
        CarbonMass.FromGrams(QuantityMath.RequireFiniteResult(energy.KilowattHours * intensity.GramsPerKilowattHour, CarbonMass.Kind));

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
    /// <param name="format">
    /// null, empty or "G" for an automatic prefix (mJ, J, Wh, kWh, ...) and three significant digits; a unit symbol
    /// (µJ, mJ, J, kJ, MJ, Wh, kWh, MWh, GWh) optionally followed by ':' and a number format, e.g. "kWh:F3";
    /// "G:F3" for an automatic prefix with a number format; "&lt;unit&gt;:R" for text that parses back to exactly this value.
    /// </param>
    /// <param name="formatProvider">Formats the number (decimal separator, signs); null means the invariant culture.</param>
    /// <exception cref="FormatException">The format is not one of the above; the message lists the units.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        QuantityText.Format(_joules, Kind, format, formatProvider);

    /// <summary>Formats into a span; returns false, writing nothing, when it is too small. Formats as <see cref="ToString(string?, IFormatProvider?)"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        QuantityText.TryCopy(ToString(format.IsEmpty ? null : format.ToString(), provider), destination, out charsWritten);

    /// <summary>Parses an energy such as "3600J", "2.5kWh", "12 Wh" or "1.5 MJ" (invariant culture; the provider is ignored).</summary>
    /// <remarks>Unit symbols are case-sensitive where case changes the meaning: "1 MWh" is a megawatt-hour; "1 mwh" is refused.</remarks>
    /// <exception cref="FormatException">The text is not a number followed by an energy unit; the message quotes it, says why and gives an example.</exception>
    public static Energy Parse(string s, IFormatProvider? provider = null) => new(QuantityText.Parse(s, Kind));

    /// <summary>Tries to parse an energy; see <see cref="Parse(string, IFormatProvider?)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Energy result)
    {
        result = default;
        if (s is null || !QuantityText.TryParse(s, Kind, out var joules, out _))
        {
            return false;
        }

        result = new Energy(joules);
        return true;
    }
}
