using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace CarbonScope.Units;

/// <summary>A mass of greenhouse gases in CO2-equivalent, stored in grams of CO2e.</summary>
/// <remarks>
/// <para>Build with <see cref="FromGrams(double)"/>, <see cref="FromKilograms(double)"/> or <see cref="FromTonnes(double)"/>;
/// <see cref="Zero"/> is the default value. NaN and infinity are rejected.</para>
/// <para><c>Energy * CarbonIntensity = CarbonMass</c>; <c>CarbonMass / Energy = CarbonIntensity</c>. Formats as
/// "1.45 kg CO2e"; <see cref="Parse(string, IFormatProvider?)"/> reads "1.2 kg", "500g" or "3 t CO2e". Immutable and thread-safe.</para>
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
    public static CarbonMass FromGrams(double grams) => new(QuantityText.RequireFinite(grams, nameof(grams)));

    /// <summary>Creates a mass from kilograms of CO2e.</summary>
    public static CarbonMass FromKilograms(double kilograms) => new(QuantityText.RequireFinite(kilograms, nameof(kilograms)) * 1e3);

    /// <summary>Creates a mass from tonnes of CO2e.</summary>
    public static CarbonMass FromTonnes(double tonnes) => new(QuantityText.RequireFinite(tonnes, nameof(tonnes)) * 1e6);

    public static CarbonMass operator +(CarbonMass left, CarbonMass right) => new(left._grams + right._grams);

    public static CarbonMass operator -(CarbonMass left, CarbonMass right) => new(left._grams - right._grams);

    public static CarbonMass operator -(CarbonMass value) => new(-value._grams);

    public static CarbonMass operator *(CarbonMass left, double right) => FromGrams(left._grams * right);

    public static CarbonMass operator *(double left, CarbonMass right) => FromGrams(left * right._grams);

    public static CarbonMass operator /(CarbonMass left, double right) => FromGrams(left._grams / right);

    /// <summary>The ratio of two masses (a plain number).</summary>
    public static double operator /(CarbonMass left, CarbonMass right) => left._grams / right._grams;

    /// <summary>The carbon intensity of energy that caused these emissions.</summary>
    public static CarbonIntensity operator /(CarbonMass mass, Energy energy) =>
        CarbonIntensity.FromGramsPerKilowattHour(mass._grams / energy.KilowattHours);

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

    /// <summary>Formats the mass: null or "G" for an automatic prefix, or a unit symbol (mg, g, kg, t) optionally followed by ':' and a numeric format.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        QuantityText.Format(_grams, Units, format, formatProvider, Suffix);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        charsWritten = text.TryCopyTo(destination) ? text.Length : 0;
        return charsWritten == text.Length;
    }

    /// <summary>Parses a mass such as "1.2 kg", "500g", "3 t" or "12 kgCO2e" (invariant culture; the provider is ignored).</summary>
    /// <exception cref="FormatException">The text is not a number followed by a mass unit; the message says why.</exception>
    public static CarbonMass Parse(string s, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return QuantityText.TryParse(s, Units, out var grams, out var error)
            ? new CarbonMass(grams)
            : throw new FormatException($"'{s}' is not a CO2e mass: {error}.");
    }

    /// <summary>Tries to parse a mass; see <see cref="Parse(string, IFormatProvider?)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out CarbonMass result)
    {
        result = default;
        if (s is null || !QuantityText.TryParse(s, Units, out var grams, out _))
        {
            return false;
        }

        result = new CarbonMass(grams);
        return true;
    }
}
