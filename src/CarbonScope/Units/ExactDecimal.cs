using System.Globalization;
using System.Numerics;
using System.Text;

namespace CarbonScope.Units;

/// <summary>An exact decimal number, <c>±Digits × 10^Exponent</c>, for converting between units with a single rounding.</summary>
/// <remarks>
/// <para>Unit factors are exact decimals (3600, 3.6e6, 1e-3, 0.45359237), and so is every number a user types and every
/// double (a binary fraction has a finite decimal expansion). So a number written in one unit times the unit's factor
/// is an exact decimal, and <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/> rounds a decimal string
/// correctly: one rounding in all. Multiplying two doubles instead rounds the number, the factor and the product, which
/// made <c>Parse("5 µJ")</c> differ from <c>FromJoules(5e-6)</c> and made several percent of values come back different
/// after <c>Parse(x.ToString("kWh:R"))</c>.</para>
/// <para>Only text conversion and non-binary factors use this (slow, allocating) path; arithmetic stays in doubles.</para>
/// </remarks>
internal readonly record struct ExactDecimal(bool Negative, BigInteger Digits, long Exponent)
{
    /// <summary>Above this many significant digits every double is reached; the search for the shortest text stops here.</summary>
    private const int MaxSignificantDigits = 25;

    /// <summary>The exact value of a finite double.</summary>
    public static ExactDecimal FromDouble(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var biasedExponent = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        var (significand, binaryExponent) = biasedExponent == 0 ? (fraction, -1074) : (fraction | (1L << 52), biasedExponent - 1075);

        // m × 2^q with q < 0 is m × 5^-q × 10^q: an exact decimal.
        return binaryExponent >= 0
            ? new(negative, new BigInteger(significand) << binaryExponent, 0)
            : new(negative, significand * BigInteger.Pow(5, -binaryExponent), binaryExponent);
    }

    /// <summary>The unit factor exactly as written in source: the shortest decimal of the double (3600000, 0.45359237, 1E-06).</summary>
    public static ExactDecimal FromFactor(double factor) =>
        TryParse(factor.ToString("R", CultureInfo.InvariantCulture), out var exact) ? exact : FromDouble(factor);

    /// <summary>Reads <c>[+|-]digits[.digits][(e|E)[+|-]digits]</c> (invariant culture, no white space).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ExactDecimal result)
    {
        result = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integerPart = text[integerStart..i];
        var fractionPart = ReadOnlySpan<char>.Empty;
        if (i < text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fractionPart = text[fractionStart..i];
        }

        if (integerPart.IsEmpty && fractionPart.IsEmpty)
        {
            return false;
        }

        long exponent = 0;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            // Exponents beyond ±10^15 are left to the caller's plain double arithmetic (they give 0 or infinity anyway).
            if (!long.TryParse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 1_000_000_000_000_000)
            {
                return false;
            }

            i = text.Length;
        }

        if (i != text.Length)
        {
            return false;
        }

        var digits = BigInteger.Parse(string.Concat(integerPart, fractionPart), NumberStyles.None, CultureInfo.InvariantCulture);
        result = new(negative, digits, exponent - fractionPart.Length);
        return true;
    }

    public ExactDecimal Multiply(ExactDecimal other) => new(Negative != other.Negative, Digits * other.Digits, Exponent + other.Exponent);

    /// <summary>The nearest double (ties to even); ±infinity when the value is beyond the range of a double.</summary>
    public double ToDouble() =>
        double.Parse(
            string.Concat(Negative ? "-" : string.Empty, Digits.ToString(CultureInfo.InvariantCulture), "E", Exponent.ToString(CultureInfo.InvariantCulture)),
            NumberStyles.Float,
            CultureInfo.InvariantCulture);

    /// <summary>The double nearest to <paramref name="value"/> × <paramref name="factor"/>, both taken as exact decimals.</summary>
    public static double MultiplyExactly(double value, double factor) =>
        factor == 1 || value == 0 ? value * factor : FromDouble(value).Multiply(FromFactor(factor)).ToDouble();

    /// <summary>
    /// The decimal with the fewest significant digits that, multiplied exactly by <paramref name="factor"/> and rounded once,
    /// gives back <paramref name="value"/>: the "R" format of <paramref name="value"/> expressed in a unit of that size.
    /// </summary>
    public static ExactDecimal ShortestQuotient(double value, ExactDecimal factor)
    {
        ExactDecimal candidate = default;
        for (var significantDigits = 1; significantDigits <= MaxSignificantDigits; significantDigits++)
        {
            candidate = RoundedQuotient(value, factor, significantDigits);
            if (candidate.Multiply(factor).ToDouble() == value)
            {
                break;
            }
        }

        return candidate.Normalized();
    }

    /// <summary><paramref name="value"/> ÷ <paramref name="factor"/> rounded (ties to even) to <paramref name="significantDigits"/> digits.</summary>
    public static ExactDecimal RoundedQuotient(double value, ExactDecimal factor, int significantDigits)
    {
        if (value == 0)
        {
            return new(double.IsNegative(value), BigInteger.Zero, 0);
        }

        // |value| / factor = (numerator / denominator) × 10^shift
        var exact = FromDouble(value);
        var numerator = exact.Digits;
        var denominator = factor.Digits;
        var shift = exact.Exponent - factor.Exponent;

        // Order of magnitude of numerator / denominator: estimated from logarithms, then made exact.
        var magnitude = (long)Math.Floor(BigInteger.Log10(numerator) - BigInteger.Log10(denominator));
        while (CompareToPowerOfTen(numerator, denominator, magnitude) < 0)
        {
            magnitude--;
        }

        while (CompareToPowerOfTen(numerator, denominator, magnitude + 1) >= 0)
        {
            magnitude++;
        }

        // Scale so the integer quotient has the requested number of digits.
        var scale = significantDigits - 1 - magnitude;
        if (scale >= 0)
        {
            numerator *= BigInteger.Pow(10, checked((int)scale));
        }
        else
        {
            denominator *= BigInteger.Pow(10, checked((int)-scale));
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var half = (remainder * 2).CompareTo(denominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
        {
            quotient += 1;
        }

        return new(exact.Negative != factor.Negative, quotient, shift - scale);
    }

    /// <summary>Writes the number as <see cref="double.ToString(string, IFormatProvider)"/> writes "R": plain digits for
    /// decimal exponents -4 to 16, otherwise "d.dddE+XX" (at least two exponent digits).</summary>
    public string ToString(NumberFormatInfo numberFormat)
    {
        var normalized = Normalized();
        var text = new StringBuilder();
        if (normalized.Negative && !normalized.Digits.IsZero)
        {
            text.Append(numberFormat.NegativeSign);
        }

        var digits = normalized.Digits.ToString(CultureInfo.InvariantCulture);
        var scientificExponent = digits.Length - 1 + normalized.Exponent;
        if (scientificExponent is > -5 and < 17)
        {
            var integerDigits = digits.Length + normalized.Exponent;
            if (normalized.Exponent >= 0)
            {
                text.Append(digits).Append('0', (int)normalized.Exponent);
            }
            else if (integerDigits > 0)
            {
                text.Append(digits, 0, (int)integerDigits).Append(numberFormat.NumberDecimalSeparator).Append(digits, (int)integerDigits, digits.Length - (int)integerDigits);
            }
            else
            {
                text.Append('0').Append(numberFormat.NumberDecimalSeparator).Append('0', (int)-integerDigits).Append(digits);
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append(numberFormat.NumberDecimalSeparator).Append(digits, 1, digits.Length - 1);
            }

            text.Append('E')
                .Append(scientificExponent < 0 ? numberFormat.NegativeSign : numberFormat.PositiveSign)
                .Append(Math.Abs(scientificExponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private ExactDecimal Normalized()
    {
        if (Digits.IsZero)
        {
            return new(Negative, BigInteger.Zero, 0);
        }

        var digits = Digits;
        var exponent = Exponent;
        while (true)
        {
            var shorter = BigInteger.DivRem(digits, 10, out var remainder);
            if (!remainder.IsZero)
            {
                return new(Negative, digits, exponent);
            }

            digits = shorter;
            exponent++;
        }
    }

    /// <summary>Compares numerator / denominator with 10^power.</summary>
    private static int CompareToPowerOfTen(BigInteger numerator, BigInteger denominator, long power) =>
        power >= 0
            ? numerator.CompareTo(denominator * BigInteger.Pow(10, checked((int)power)))
            : (numerator * BigInteger.Pow(10, checked((int)-power))).CompareTo(denominator);
}
