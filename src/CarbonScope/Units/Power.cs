using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace CarbonScope.Units;

/// <summary>A rate of energy use, stored in watts.</summary>
/// <remarks>
/// <para>Build with <see cref="FromWatts(double)"/>, <see cref="FromMilliwatts(double)"/> (NVML's unit) or
/// <see cref="FromKilowatts(double)"/>; <see cref="Zero"/> is the default value. NaN and infinity are rejected.</para>
/// <para><c>Power * TimeSpan = Energy</c>. Formats as "300 W", "1.5 kW", "250 mW"; <see cref="Parse(string, IFormatProvider?)"/>
/// reads "300W" or "1.5 kW" in the invariant culture ("1 MW" is a megawatt, "1 mW" a milliwatt; "1 mw" is refused).
/// Scaling by NaN or infinity, or dividing by zero, throws <see cref="ArgumentOutOfRangeException"/>; results beyond the
/// range of a double throw <see cref="OverflowException"/>. Immutable and thread-safe.</para>
/// </remarks>
public readonly struct Power :
    IEquatable<Power>, IComparable<Power>, IComparable, ISpanFormattable, IParsable<Power>,
    IAdditionOperators<Power, Power, Power>, ISubtractionOperators<Power, Power, Power>,
    IUnaryNegationOperators<Power, Power>, IMultiplyOperators<Power, double, Power>,
    IDivisionOperators<Power, double, Power>, IComparisonOperators<Power, Power, bool>,
    IAdditiveIdentity<Power, Power>
{
    internal static readonly UnitSpelling[] Units =
    [
        new("mW", 1e-3, []),
        new("W", 1, ["w"]),
        new("kW", 1e3, ["KW", "kw"]),
        new("MW", 1e6, []),
    ];

    internal static readonly QuantityKind Kind = new("power", "a power", "300 W", "kW:F2", Units, Units, string.Empty);

    private readonly double _watts;

    private Power(double watts) => _watts = watts;

    /// <summary>No power. Equal to <c>default(Power)</c>.</summary>
    public static Power Zero => default;

    /// <inheritdoc/>
    public static Power AdditiveIdentity => default;

    /// <summary>The power in watts.</summary>
    public double Watts => _watts;

    /// <summary>The power in milliwatts.</summary>
    public double Milliwatts => _watts * 1e3;

    /// <summary>The power in kilowatts.</summary>
    public double Kilowatts => _watts / 1e3;

    /// <summary>Creates a power from watts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static Power FromWatts(double watts) => new(QuantityMath.RequireFinite(watts, nameof(watts)));

    /// <summary>Creates a power from milliwatts (NVML's power unit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static Power FromMilliwatts(double milliwatts) => new(QuantityMath.RequireFinite(milliwatts, nameof(milliwatts)) / 1e3);

    /// <summary>Creates a power from kilowatts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, or beyond the range of a double in the base unit.</exception>
    public static Power FromKilowatts(double kilowatts) => new(QuantityMath.ToBaseUnit(kilowatts, 1e3, nameof(kilowatts)));

    /// <exception cref="OverflowException">The sum is beyond the range of a double.</exception>
    public static Power operator +(Power left, Power right) => new(QuantityMath.RequireFiniteResult(left._watts + right._watts, Kind));

    /// <exception cref="OverflowException">The difference is beyond the range of a double.</exception>
    public static Power operator -(Power left, Power right) => new(QuantityMath.RequireFiniteResult(left._watts - right._watts, Kind));

    public static Power operator -(Power value) => new(-value._watts);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static Power operator *(Power left, double right) => new(QuantityMath.Scale(left._watts, right, nameof(right), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="left"/> is NaN or infinite.</exception>
    /// <exception cref="OverflowException">The product is beyond the range of a double.</exception>
    public static Power operator *(double left, Power right) => new(QuantityMath.Scale(right._watts, left, nameof(left), Kind));

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="right"/> is zero, NaN or infinite.</exception>
    /// <exception cref="OverflowException">The quotient is beyond the range of a double.</exception>
    public static Power operator /(Power left, double right) => new(QuantityMath.Divide(left._watts, right, nameof(right), Kind));

    /// <summary>The ratio of two powers (a plain number; infinity or NaN when <paramref name="right"/> is zero, as for doubles).</summary>
    public static double operator /(Power left, Power right) => left._watts / right._watts;

    /// <summary>The energy delivered at this power over a duration.</summary>
    /// <exception cref="OverflowException">The energy is beyond the range of a double.</exception>
    public static Energy operator *(Power power, TimeSpan duration) =>
        Energy.FromJoules(QuantityMath.RequireFiniteResult(power._watts * duration.TotalSeconds, Energy.Kind));

    /// <summary>The energy delivered at this power over a duration.</summary>
    public static Energy operator *(TimeSpan duration, Power power) => power * duration;

    public static bool operator ==(Power left, Power right) => left._watts == right._watts;

    public static bool operator !=(Power left, Power right) => left._watts != right._watts;

    public static bool operator <(Power left, Power right) => left._watts < right._watts;

    public static bool operator >(Power left, Power right) => left._watts > right._watts;

    public static bool operator <=(Power left, Power right) => left._watts <= right._watts;

    public static bool operator >=(Power left, Power right) => left._watts >= right._watts;

    /// <summary>Named equivalent of <c>+</c>.</summary>
    public static Power Add(Power left, Power right) => left + right;

    /// <summary>Named equivalent of binary <c>-</c>.</summary>
    public static Power Subtract(Power left, Power right) => left - right;

    /// <summary>Named equivalent of unary <c>-</c>.</summary>
    public static Power Negate(Power value) => -value;

    /// <summary>Named equivalent of <c>*</c> by a number.</summary>
    public static Power Multiply(Power left, double right) => left * right;

    /// <summary>Named equivalent of <c>/</c> by a number.</summary>
    public static Power Divide(Power left, double right) => left / right;

    /// <summary>The larger of two values.</summary>
    public static Power Max(Power left, Power right) => left >= right ? left : right;

    /// <summary>The smaller of two values.</summary>
    public static Power Min(Power left, Power right) => left <= right ? left : right;

    public bool Equals(Power other) => _watts.Equals(other._watts);

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Power other && Equals(other);

    public override int GetHashCode() => _watts.GetHashCode();

    public int CompareTo(Power other) => _watts.CompareTo(other._watts);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Power other => CompareTo(other),
        _ => throw new ArgumentException($"Object should be of type {nameof(Power)}.", nameof(obj)),
    };

    /// <summary>Formats with an automatic prefix and three significant digits, e.g. "300 W" or "1.5 kW".</summary>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the power: null, empty or "G" for an automatic prefix, or a unit symbol (mW, W, kW, MW) optionally
    /// followed by ':' and a number format ("kW:F2", "W:R"); see <see cref="Energy.ToString(string?, IFormatProvider?)"/>.</summary>
    /// <exception cref="FormatException">The format is not valid; the message lists the units.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        QuantityText.Format(_watts, Kind, format, formatProvider);

    /// <summary>Formats into a span; returns false, writing nothing, when it is too small. Formats as <see cref="ToString(string?, IFormatProvider?)"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        QuantityText.TryCopy(ToString(format.IsEmpty ? null : format.ToString(), provider), destination, out charsWritten);

    /// <summary>Parses a power such as "300W", "1.5 kW" or "250 mW" (invariant culture; the provider is ignored).</summary>
    /// <exception cref="FormatException">The text is not a number followed by a power unit; the message quotes it, says why and gives an example.</exception>
    public static Power Parse(string s, IFormatProvider? provider = null) => new(QuantityText.Parse(s, Kind));

    /// <summary>Tries to parse a power; see <see cref="Parse(string, IFormatProvider?)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Power result)
    {
        result = default;
        if (s is null || !QuantityText.TryParse(s, Kind, out var watts, out _))
        {
            return false;
        }

        result = new Power(watts);
        return true;
    }
}
