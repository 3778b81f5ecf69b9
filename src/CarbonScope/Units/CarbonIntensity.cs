using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace CarbonScope.Units;

/// <summary>The carbon intensity of electricity, stored in grams of CO2e per kilowatt-hour.</summary>
/// <remarks>
/// <para>Build with <see cref="FromGramsPerKilowattHour(double)"/> or, at a provider boundary that speaks pounds,
/// <see cref="FromPoundsPerMegawattHour(double)"/> (WattTime; 1 lb/MWh = 0.45359237 g/kWh). <see cref="Zero"/> is the
/// default value. NaN and infinity are rejected; negative values are allowed only as differences.</para>
/// <para><c>Energy * CarbonIntensity = CarbonMass</c>. Formats as "150 g CO2e/kWh"; <see cref="Parse(string, IFormatProvider?)"/>
/// reads "150g/kWh", "150 gCO2e/kWh", "0.15 kg/kWh" or "331 lb/MWh". Scaling by NaN or infinity, or dividing by zero, throws
/// <see cref="ArgumentOutOfRangeException"/>; results beyond the range of a double throw <see cref="OverflowException"/>.
/// Immutable and thread-safe.</para>
/// </remarks>
public readonly struct CarbonIntensity :
    IEquatable<CarbonIntensity>, IComparable<CarbonIntensity>, IComparable, ISpanFormattable, IParsable<CarbonIntensity>,
    IAdditionOperators<CarbonIntensity, CarbonIntensity, CarbonIntensity>, ISubtractionOperators<CarbonIntensity, CarbonIntensity, CarbonIntensity>,
    IUnaryNegationOperators<CarbonIntensity, CarbonIntensity>,
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

    internal static readonly QuantityKind Kind = new("carbon intensity", "a carbon intensity", "150 g/kWh", "g CO2e/kWh:F1", Units, s_displayUnits, string.Empty);

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
        new(QuantityMath.RequireFinite(gramsPerKilowattHour, nameof(gramsPerKilowattHour)));

    /// <summary>Creates an intensity from pounds of CO2e per megawatt-hour (WattTime's unit).</summary>
    /// <remarks>The value is multiplied by exactly 0.45359237 and rounded once, so <c>FromPoundsPerMegawattHour(331)</c>
    /// is 150.13907447 g/kWh and equals <c>Parse("331 lb/MWh")</c>. (0.45359237 has no exact double; a plain
    /// multiplication would round twice.)</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static CarbonIntensity FromPoundsPerMegawattHour(double poundsPerMegawattHour) =>
        new(ExactDecimal.MultiplyExactly(QuantityMath.RequireFinite(poundsPerMegawattHour, nameof(poundsPerMegawattHour)), GramsPerKilowattHourInOnePoundPerMegawattHour));

    /// <exception cref="OverflowException">The sum is beyond the range of a double.</exception>
    public static CarbonIntensity operator +(CarbonIntensity left, CarbonIntensity right) =>
        new(QuantityMath.RequireFiniteResult(left._gramsPerKilowattHour + right._gramsPerKilowattHour, Kind));

    /// <exception cref="OverflowException">The difference is beyond the range of a double.</exception>
    public static CarbonIntensity operator -(CarbonIntensity left, CarbonIntensity right) =>
        new(QuantityMath.RequireFiniteResult(left._gramsPerKilowattHour - right._gramsPerKilowattHour, Kind));

    public static CarbonIntensity operator -(CarbonIntensity value) => new(-value._gramsPerKilowattHour);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static CarbonIntensity operator *(CarbonIntensity left, double right) =>
        new(QuantityMath.Scale(left._gramsPerKilowattHour, right, nameof(right), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="left"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static CarbonIntensity operator *(double left, CarbonIntensity right) =>
        new(QuantityMath.Scale(right._gramsPerKilowattHour, left, nameof(left), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is zero, NaN or infinite.</exception>
    /// <exception cref="OverflowException">The quotient is beyond the range of a double.</exception>
    public static CarbonIntensity operator /(CarbonIntensity left, double right) =>
        new(QuantityMath.Divide(left._gramsPerKilowattHour, right, nameof(right), Kind));

    /// <summary>The ratio of two intensities (a plain number; infinity or NaN when <paramref name="right"/> is zero, as for doubles).</summary>
    public static double operator /(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour / right._gramsPerKilowattHour;

    public static bool operator ==(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour == right._gramsPerKilowattHour;

    public static bool operator !=(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour != right._gramsPerKilowattHour;

    public static bool operator <(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour < right._gramsPerKilowattHour;

    public static bool operator >(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour > right._gramsPerKilowattHour;

    public static bool operator <=(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour <= right._gramsPerKilowattHour;

    public static bool operator >=(CarbonIntensity left, CarbonIntensity right) => left._gramsPerKilowattHour >= right._gramsPerKilowattHour;

    /// <summary>Named equivalent of <c>+</c>.</summary>
    public static CarbonIntensity Add(CarbonIntensity left, CarbonIntensity right) => left + right;

    /// <summary>Named equivalent of binary <c>-</c>.</summary>
    public static CarbonIntensity Subtract(CarbonIntensity left, CarbonIntensity right) => left - right;

    /// <summary>Named equivalent of unary <c>-</c>.</summary>
    public static CarbonIntensity Negate(CarbonIntensity value) => -value;

    /// <summary>Named equivalent of <c>*</c> by a number.</summary>
    public static CarbonIntensity Multiply(CarbonIntensity left, double right) => left * right;

    /// <summary>Named equivalent of <c>/</c> by a number.</summary>
    public static CarbonIntensity Divide(CarbonIntensity left, double right) => left / right;

    /// <summary>The larger of two values.</summary>
    public static CarbonIntensity Max(CarbonIntensity left, CarbonIntensity right) => left >= right ? left : right;

    /// <summary>The smaller of two values.</summary>
    public static CarbonIntensity Min(CarbonIntensity left, CarbonIntensity right) => left <= right ? left : right;

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

    /// <summary>Formats the intensity: null, empty or "G" for g CO2e/kWh, or a unit symbol ("g CO2e/kWh", "kg CO2e/kWh",
    /// "lb CO2e/MWh", or an alias such as "g/kWh") optionally followed by ':' and a number format ("lb/MWh:F1", "g/kWh:R").
    /// See <see cref="Energy.ToString(string?, IFormatProvider?)"/>.</summary>
    /// <exception cref="FormatException">The format is not valid; the message lists the units.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        QuantityText.Format(_gramsPerKilowattHour, Kind, format, formatProvider);

    /// <summary>Formats into a span; returns false, writing nothing, when it is too small. Formats as <see cref="ToString(string?, IFormatProvider?)"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        QuantityText.TryCopy(ToString(format.IsEmpty ? null : format.ToString(), provider), destination, out charsWritten);

    /// <summary>Parses an intensity such as "150g/kWh", "150 gCO2e/kWh", "0.15 kg/kWh" or "331 lb/MWh" (invariant culture; the provider is ignored).</summary>
    /// <exception cref="FormatException">The text is not a number followed by an intensity unit; the message quotes it, says why and gives an example.</exception>
    public static CarbonIntensity Parse(string s, IFormatProvider? provider = null) => new(QuantityText.Parse(s, Kind));

    /// <summary>Tries to parse an intensity; see <see cref="Parse(string, IFormatProvider?)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out CarbonIntensity result)
    {
        result = default;
        if (s is null || !QuantityText.TryParse(s, Kind, out var value, out _))
        {
            return false;
        }

        result = new CarbonIntensity(value);
        return true;
    }
}
