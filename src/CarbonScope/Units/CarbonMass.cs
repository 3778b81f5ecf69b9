using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace CarbonScope.Units;

/// <summary>A mass of greenhouse gases in CO2-equivalent, stored in grams of CO2e.</summary>
/// <remarks>
/// <para>Build with <see cref="FromGrams(double)"/>, <see cref="FromKilograms(double)"/> or <see cref="FromTonnes(double)"/>;
/// <see cref="Zero"/> is the default value. NaN and infinity are rejected.</para>
/// <para><c>Energy * CarbonIntensity = CarbonMass</c>; <c>CarbonMass / Energy = CarbonIntensity</c>. Formats as
/// "1.45 kg CO2e"; <see cref="Parse(string, IFormatProvider?)"/> reads "1.2 kg", "500g" or "3 t CO2e". Scaling by NaN or
/// infinity, or dividing by zero, throws <see cref="ArgumentOutOfRangeException"/>; results beyond the range of a double throw
/// <see cref="OverflowException"/>. Immutable and thread-safe.</para>
/// </remarks>
public readonly struct CarbonMass :
    IEquatable<CarbonMass>, IComparable<CarbonMass>, IComparable, ISpanFormattable, IParsable<CarbonMass>,
    IAdditionOperators<CarbonMass, CarbonMass, CarbonMass>, ISubtractionOperators<CarbonMass, CarbonMass, CarbonMass>,
    IUnaryNegationOperators<CarbonMass, CarbonMass>, IMultiplyOperators<CarbonMass, double, CarbonMass>,
    IDivisionOperators<CarbonMass, double, CarbonMass>, IComparisonOperators<CarbonMass, CarbonMass, bool>,
    IAdditiveIdentity<CarbonMass, CarbonMass>
{
    private const string Suffix = " CO2e";

    internal static readonly UnitSpelling[] Units =
    [
        new("mg", 1e-3, ["mg CO2e", "mgCO2e"]),
        new("g", 1, ["g CO2e", "gCO2e", "gCO2eq", "g CO2eq"]),
        new("kg", 1e3, ["kg CO2e", "kgCO2e", "kgCO2eq", "kg CO2eq", "KG", "Kg"]),
        new("t", 1e6, ["t CO2e", "tCO2e", "tCO2eq", "tonnes", "tonne"]),
    ];

    internal static readonly QuantityKind Kind = new("CO2e mass", "a CO2e mass", "1.2 kg", "kg:F3", Units, Units, Suffix);

    private readonly double _grams;

    private CarbonMass(double grams) => _grams = grams;

    /// <summary>No emissions. Equal to <c>default(CarbonMass)</c>.</summary>
    public static CarbonMass Zero => default;

    /// <inheritdoc/>
    public static CarbonMass AdditiveIdentity => default;

    /// <summary>The mass in grams of CO2e.</summary>
    public double Grams => _grams;

    /// <summary>The mass in kilograms of CO2e (codecarbon's unit).</summary>
    public double Kilograms => _grams / 1e3;

    /// <summary>The mass in tonnes of CO2e.</summary>
    public double Tonnes => _grams / 1e6;

    /// <summary>Creates a mass from grams of CO2e.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static CarbonMass FromGrams(double grams) => new(QuantityMath.RequireFinite(grams, nameof(grams)));

    /// <summary>Creates a mass from kilograms of CO2e.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, or beyond the range of a double in the base unit.</exception>
    public static CarbonMass FromKilograms(double kilograms) => new(QuantityMath.ToBaseUnit(kilograms, 1e3, nameof(kilograms)));

    /// <summary>Creates a mass from tonnes of CO2e.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, or beyond the range of a double in the base unit.</exception>
    public static CarbonMass FromTonnes(double tonnes) => new(QuantityMath.ToBaseUnit(tonnes, 1e6, nameof(tonnes)));

    /// <exception cref="OverflowException">The sum is beyond the range of a double.</exception>
    public static CarbonMass operator +(CarbonMass left, CarbonMass right) => new(QuantityMath.RequireFiniteResult(left._grams + right._grams, Kind));

    /// <exception cref="OverflowException">The difference is beyond the range of a double.</exception>
    public static CarbonMass operator -(CarbonMass left, CarbonMass right) => new(QuantityMath.RequireFiniteResult(left._grams - right._grams, Kind));

    public static CarbonMass operator -(CarbonMass value) => new(-value._grams);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static CarbonMass operator *(CarbonMass left, double right) => new(QuantityMath.Scale(left._grams, right, nameof(right), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="left"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static CarbonMass operator *(double left, CarbonMass right) => new(QuantityMath.Scale(right._grams, left, nameof(left), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is zero, NaN or infinite.</exception>
    /// <exception cref="OverflowException">The quotient is beyond the range of a double.</exception>
    public static CarbonMass operator /(CarbonMass left, double right) => new(QuantityMath.Divide(left._grams, right, nameof(right), Kind));

    /// <summary>The ratio of two masses (a plain number; infinity or NaN when <paramref name="right"/> is zero, as for doubles).</summary>
    public static double operator /(CarbonMass left, CarbonMass right) => left._grams / right._grams;

    /// <summary>The carbon intensity of energy that caused these emissions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The energy is zero.</exception>
    /// <exception cref="OverflowException">The intensity is beyond the range of a double (a tiny energy).</exception>
    public static CarbonIntensity operator /(CarbonMass mass, Energy energy) =>
        energy == Energy.Zero
            ? throw new ArgumentOutOfRangeException(nameof(energy), energy, "Energy should not be zero to compute a carbon intensity.")
            : CarbonIntensity.FromGramsPerKilowattHour(QuantityMath.RequireFiniteResult(mass._grams / energy.KilowattHours, CarbonIntensity.Kind));

    public static bool operator ==(CarbonMass left, CarbonMass right) => left._grams == right._grams;

    public static bool operator !=(CarbonMass left, CarbonMass right) => left._grams != right._grams;

    public static bool operator <(CarbonMass left, CarbonMass right) => left._grams < right._grams;

    public static bool operator >(CarbonMass left, CarbonMass right) => left._grams > right._grams;

    public static bool operator <=(CarbonMass left, CarbonMass right) => left._grams <= right._grams;

    public static bool operator >=(CarbonMass left, CarbonMass right) => left._grams >= right._grams;

    /// <summary>Named equivalent of <c>+</c>.</summary>
    public static CarbonMass Add(CarbonMass left, CarbonMass right) => left + right;

    /// <summary>Named equivalent of binary <c>-</c>.</summary>
    public static CarbonMass Subtract(CarbonMass left, CarbonMass right) => left - right;

    /// <summary>Named equivalent of unary <c>-</c>.</summary>
    public static CarbonMass Negate(CarbonMass value) => -value;

    /// <summary>Named equivalent of <c>*</c> by a number.</summary>
    public static CarbonMass Multiply(CarbonMass left, double right) => left * right;

    /// <summary>Named equivalent of <c>/</c> by a number.</summary>
    public static CarbonMass Divide(CarbonMass left, double right) => left / right;

    /// <summary>The larger of two values.</summary>
    public static CarbonMass Max(CarbonMass left, CarbonMass right) => left >= right ? left : right;

    /// <summary>The smaller of two values.</summary>
    public static CarbonMass Min(CarbonMass left, CarbonMass right) => left <= right ? left : right;

    public bool Equals(CarbonMass other) => _grams.Equals(other._grams);

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is CarbonMass other && Equals(other);

    public override int GetHashCode() => _grams.GetHashCode();

    public int CompareTo(CarbonMass other) => _grams.CompareTo(other._grams);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        CarbonMass other => CompareTo(other),
        _ => throw new ArgumentException($"Object should be of type {nameof(CarbonMass)}.", nameof(obj)),
    };

    /// <summary>Formats with an automatic prefix and three significant digits, e.g. "1.45 kg CO2e".</summary>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the mass: null, empty or "G" for an automatic prefix, or a unit symbol (mg, g, kg, t) optionally
    /// followed by ':' and a number format ("kg:F3", "g:R"). Here "g" is the gram, not the general format.
    /// See <see cref="Energy.ToString(string?, IFormatProvider?)"/>.</summary>
    /// <exception cref="FormatException">The format is not valid; the message lists the units.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        QuantityText.Format(_grams, Kind, format, formatProvider);

    /// <summary>Formats into a span; returns false, writing nothing, when it is too small. Formats as <see cref="ToString(string?, IFormatProvider?)"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        QuantityText.TryCopy(ToString(format.IsEmpty ? null : format.ToString(), provider), destination, out charsWritten);

    /// <summary>Parses a mass such as "1.2 kg", "500g", "3 t" or "12 kgCO2e" (invariant culture; the provider is ignored).</summary>
    /// <exception cref="FormatException">The text is not a number followed by a mass unit; the message quotes it, says why and gives an example.</exception>
    public static CarbonMass Parse(string s, IFormatProvider? provider = null) => new(QuantityText.Parse(s, Kind));

    /// <summary>Tries to parse a mass; see <see cref="Parse(string, IFormatProvider?)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out CarbonMass result)
    {
        result = default;
        if (s is null || !QuantityText.TryParse(s, Kind, out var grams, out _))
        {
            return false;
        }

        result = new CarbonMass(grams);
        return true;
    }
}
