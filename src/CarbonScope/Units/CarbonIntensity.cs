using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace CarbonScope.Units;

/// <summary>The carbon intensity of electricity, stored in grams of CO2e per kilowatt-hour.</summary>
/// <remarks>
/// <para>Build with <see cref="FromGramsPerKilowattHour(double)"/> or, at a provider boundary that speaks pounds,
/// <see cref="FromPoundsPerMegawattHour(double)"/> (WattTime; 1 lb/MWh = 0.45359237 g/kWh). <see cref="Zero"/> is the
/// default value. NaN and infinity are rejected; negative values are allowed only as differences.</para>
/// <para><c>Energy * CarbonIntensity = CarbonMass</c>. Formats as "150 g CO2e/kWh"; <see cref="Parse(string, IFormatProvider?)"/>
/// reads "150g/kWh", "150 gCO2e/kWh", "0.15 kg/kWh" or "331 lb/MWh". Immutable and thread-safe.</para>
/// </remarks>
public readonly struct CarbonIntensity :
    IEquatable<CarbonIntensity>, IComparable<CarbonIntensity>, IComparable, ISpanFormattable, IParsable<CarbonIntensity>,
    IAdditionOperators<CarbonIntensity, CarbonIntensity, CarbonIntensity>, ISubtractionOperators<CarbonIntensity, CarbonIntensity, CarbonIntensity>,
    IMultiplyOperators<CarbonIntensity, double, CarbonIntensity>, IDivisionOperators<CarbonIntensity, double, CarbonIntensity>,
    IComparisonOperators<CarbonIntensity, CarbonIntensity, bool>, IAdditiveIdentity<CarbonIntensity, CarbonIntensity>
{
    /// <summary>Grams per kilowatt-hour in one pound per megawatt-hour (the avoirdupois pound is 453.59237 g).</summary>
    public const double GramsPerKilowattHourInOnePoundPerMegawattHour = 0.45359237;

    internal static readonly UnitSpelling[] Units =
    [
        new("g CO2e/kWh", 1, ["g/kWh", "gCO2e/kWh", "gCO2eq/kWh", "g CO2eq/kWh", "g/kwh", "gCO2/kWh", "kg/MWh", "kgCO2e/MWh"]),
        new("kg CO2e/kWh", 1e3, ["kg/kWh", "kgCO2e/kWh", "kg/kwh", "t/MWh", "tCO2e/MWh"]),
        new("lb CO2e/MWh", GramsPerKilowattHourInOnePoundPerMegawattHour, ["lb/MWh", "lbs/MWh", "lbs_co2_per_mwh"]),
    ];

    private static readonly UnitSpelling[] s_displayUnits = [Units[0]];

    private readonly double _gramsPerKilowattHour;

    private CarbonIntensity(double gramsPerKilowattHour) => _gramsPerKilowattHour = gramsPerKilowattHour;

    /// <summary>Carbon-free electricity. Equal to <c>default(CarbonIntensity)</c>.</summary>
    public static CarbonIntensity Zero => default;

    /// <inheritdoc/>
    public static CarbonIntensity AdditiveIdentity => default;

    /// <summary>The intensity in grams of CO2e per kilowatt-hour.</summary>
    public double GramsPerKilowattHour => _gramsPerKilowattHour;

    /// <summary>The intensity in pounds of CO2e per megawatt-hour (WattTime's unit).</summary>
    public double PoundsPerMegawattHour => _gramsPerKilowattHour / GramsPerKilowattHourInOnePoundPerMegawattHour;

    /// <summary>Creates an intensity from grams of CO2e per kilowatt-hour.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static CarbonIntensity FromGramsPerKilowattHour(double gramsPerKilowattHour) =>
        new(QuantityText.RequireFinite(gramsPerKilowattHour, nameof(gramsPerKilowattHour)));

    /// <summary>Creates an intensity from pounds of CO2e per megawatt-hour (WattTime's unit).</summary>
    public static CarbonIntensity FromPoundsPerMegawattHour(double poundsPerMegawattHour) =>
        new(QuantityText.RequireFinite(poundsPerMegawattHour, nameof(poundsPerMegawattHour)) * GramsPerKilowattHourInOnePoundPerMegawattHour);

    public static CarbonIntensity operator +(CarbonIntensity left, CarbonIntensity right) => new(left._gramsPerKilowattHour + right._gramsPerKilowattHour);

    public static CarbonIntensity operator -(CarbonIntensity left, CarbonIntensity right) => new(left._gramsPerKilowattHour - right._gramsPerKilowattHour);

    public static CarbonIntensity operator *(CarbonIntensity left, double right) => FromGramsPerKilowattHour(left._gramsPerKilowattHour * right);

    public static CarbonIntensity operator *(double left, CarbonIntensity right) => FromGramsPerKilowattHour(left * right._gramsPerKilowattHour);

    public static CarbonIntensity operator /(CarbonIntensity left, double right) => FromGramsPerKilowattHour(left._gramsPerKilowattHour / right);

    /// <summary>The ratio of two intensities (a plain number).</summary>
    public static double operator /(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour / right._gramsPerKilowattHour;

    public static bool operator ==(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour == right._gramsPerKilowattHour;

    public static bool operator !=(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour != right._gramsPerKilowattHour;

    public static bool operator <(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour < right._gramsPerKilowattHour;

    public static bool operator >(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour > right._gramsPerKilowattHour;

    public static bool operator <=(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour <= right._gramsPerKilowattHour;

    public static bool operator >=(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour >= right._gramsPerKilowattHour;

    /// <summary>Named equivalent of <c>+</c>.</summary>
    public static CarbonIntensity Add(CarbonIntensity left, CarbonIntensity right) => left + right;

    /// <summary>Named equivalent of <c>-</c>.</summary>
    public static CarbonIntensity Subtract(CarbonIntensity left, CarbonIntensity right) => left - right;

    /// <summary>Named equivalent of <c>*</c> by a number.</summary>
    public static CarbonIntensity Multiply(CarbonIntensity left, double right) => left * right;

    /// <summary>Named equivalent of <c>/</c> by a number.</summary>
    public static CarbonIntensity Divide(CarbonIntensity left, double right) => left / right;

    public bool Equals(CarbonIntensity other) => _gramsPerKilowattHour.Equals(other._gramsPerKilowattHour);

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is CarbonIntensity other && Equals(other);

    public override int GetHashCode() => _gramsPerKilowattHour.GetHashCode();

    public int CompareTo(CarbonIntensity other) => _gramsPerKilowattHour.CompareTo(other._gramsPerKilowattHour);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        CarbonIntensity other => CompareTo(other),
        _ => throw new ArgumentException($"Object should be of type {nameof(CarbonIntensity)}.", nameof(obj)),
    };

    /// <summary>Formats in g CO2e/kWh with three significant digits, e.g. "150 g CO2e/kWh".</summary>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the intensity: null or "G" for g CO2e/kWh, or a unit symbol ("kg CO2e/kWh", "lb CO2e/MWh", or an alias such as "g/kWh") optionally followed by ':' and a numeric format.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        QuantityText.Format(_gramsPerKilowattHour, format is null or "G" ? s_displayUnits : Units, format, formatProvider, string.Empty);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        charsWritten = text.TryCopyTo(destination) ? text.Length : 0;
        return charsWritten == text.Length;
    }

    /// <summary>Parses an intensity such as "150g/kWh", "150 gCO2e/kWh", "0.15 kg/kWh" or "331 lb/MWh" (invariant culture; the provider is ignored).</summary>
    /// <exception cref="FormatException">The text is not a number followed by an intensity unit; the message says why.</exception>
    public static CarbonIntensity Parse(string s, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return QuantityText.TryParse(s, Units, out var value, out var error)
            ? new CarbonIntensity(value)
            : throw new FormatException($"'{s}' is not a carbon intensity: {error}.");
    }

    /// <summary>Tries to parse an intensity; see <see cref="Parse(string, IFormatProvider?)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out CarbonIntensity result)
    {
        result = default;
        if (s is null || !QuantityText.TryParse(s, Units, out var value, out _))
        {
            return false;
        }

        result = new CarbonIntensity(value);
        return true;
    }
}
