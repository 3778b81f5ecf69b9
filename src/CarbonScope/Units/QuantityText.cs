using System.Globalization;

namespace CarbonScope.Units;

/// <summary>
/// Formatting and parsing shared by the unit types: a number, a space and a unit symbol; invariant culture unless a
/// provider is given to ToString; prefixes chosen so the number lies in [1, 1000) where the units allow it.
/// </summary>
internal static class QuantityText
{
    /// <summary>Formats a quantity.</summary>
    /// <param name="baseValue">The value in the base unit.</param>
    /// <param name="kind">The quantity's units and names.</param>
    /// <param name="format">
    /// null, empty or "G" for an automatic unit ("g" too, except for CarbonMass where "g" is the gram); otherwise a unit
    /// symbol or alias, optionally followed by ':' and a .NET number format ("kWh:F3"); "G:F3" is an automatic unit with
    /// a number format. Without a number format the number has three significant digits (more for large integers).
    /// "R" writes the shortest number that parses back to exactly the same value, in any unit.
    /// </param>
    /// <param name="provider">Formats the number (decimal separator, signs); null means the invariant culture.</param>
    /// <exception cref="FormatException">The unit or the number format is not valid; the message lists what is.</exception>
    public static string Format(double baseValue, QuantityKind kind, string? format, IFormatProvider? provider)
    {
        provider ??= CultureInfo.InvariantCulture;
        if (baseValue == 0)
        {
            baseValue = 0; // -0 writes as "0".
        }

        string? numberFormat = null;
        UnitSpelling unit;
        if (string.IsNullOrEmpty(format))
        {
            unit = PickDisplayUnit(baseValue, kind);
        }
        else
        {
            var colon = format.IndexOf(':', StringComparison.Ordinal);
            var symbol = colon < 0 ? format : format[..colon];
            numberFormat = colon < 0 || colon == format.Length - 1 ? null : format[(colon + 1)..];
            if (TryFindUnit(symbol, kind.Units, out unit))
            {
                // An explicit unit, even "g" on a CarbonMass.
            }
            else if (symbol is "G" or "g")
            {
                unit = PickDisplayUnit(baseValue, kind);
            }
            else
            {
                throw new FormatException(
                    $"'{format}' is not a format for {kind.NounWithArticle}: use 'G' (automatic unit) or one of {kind.UnitList}, optionally followed by ':' and a number format, e.g. '{kind.FormatExample}'.");
            }
        }

        return string.Concat(FormatNumber(baseValue, unit, numberFormat, provider, kind, format), " ", unit.Symbol, kind.Suffix);
    }

    private static string FormatNumber(double baseValue, UnitSpelling unit, string? numberFormat, IFormatProvider provider, QuantityKind kind, string? format)
    {
        if (numberFormat is "R" or "r")
        {
            return unit.IsBaseUnit
                ? baseValue.ToString("R", provider)
                : ExactDecimal.ShortestQuotient(baseValue, ExactDecimal.FromFactor(unit.InBaseUnits)).ToString(NumberFormatInfo.GetInstance(provider));
        }

        var value = baseValue / unit.InBaseUnits;
        if (!double.IsFinite(value))
        {
            // A huge value in a tiny unit (1e303 J in µJ) is beyond a double: write it exactly, to three digits.
            return ExactDecimal.RoundedQuotient(baseValue, ExactDecimal.FromFactor(unit.InBaseUnits), 3).ToString(NumberFormatInfo.GetInstance(provider));
        }

        if (numberFormat is null)
        {
            return ThreeSignificantDigits(value, provider);
        }

        try
        {
            return value.ToString(numberFormat, provider);
        }
        catch (FormatException e)
        {
            throw new FormatException(
                $"'{format}' is not a format for {kind.NounWithArticle}: '{numberFormat}' is not a .NET number format such as F2, N0, E3 or R; a valid format is e.g. '{kind.FormatExample}'.", e);
        }
    }

    /// <summary>The largest display unit in which the number, once rounded to three significant digits, is at least 1.</summary>
    private static UnitSpelling PickDisplayUnit(double baseValue, QuantityKind kind)
    {
        if (baseValue == 0)
        {
            return kind.BaseUnit;
        }

        var magnitude = Math.Abs(baseValue);
        var chosen = kind.DisplayUnits[0];
        foreach (var unit in kind.DisplayUnits)
        {
            // 0.9995 rounds to 1.00: so 999.96 Wh shows as "1 kWh" and not "1000 Wh".
            if (magnitude / unit.InBaseUnits >= 0.9995)
            {
                chosen = unit;
            }
        }

        return chosen;
    }

    /// <summary>Three significant digits, never in exponent form below 10^15 and never dropping integer digits.</summary>
    private static string ThreeSignificantDigits(double value, IFormatProvider provider)
    {
        var magnitude = Math.Abs(value);

        // "G3" would write 999.96 as "1E+03" and 1234 as "1.23E+03"; from 99.95 (which rounds to 100) write an integer.
        return magnitude is >= 99.95 and < 1e15 ? value.ToString("0", provider) : value.ToString("G3", provider);
    }

    private static bool TryFindUnit(string symbol, UnitSpelling[] units, out UnitSpelling unit)
    {
        foreach (var candidate in units)
        {
            if (candidate.Matches(symbol))
            {
                unit = candidate;
                return true;
            }
        }

        unit = default;
        return false;
    }

    /// <summary>Parses user input, throwing a <see cref="FormatException"/> that quotes it, says what is wrong and shows an example.</summary>
    public static double Parse(string s, QuantityKind kind)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, kind, out var baseValue, out var error)
            ? baseValue
            : throw new FormatException($"'{s}' is not {kind.NounWithArticle}: {error}. Write a number, then a unit, e.g. '{kind.Example}'.");
    }

    /// <summary>
    /// Parses "&lt;number&gt;[ ]&lt;unit&gt;" in the invariant culture: '.' is the decimal point, no thousands separators, an
    /// optional exponent ("1e3 J"). Unit spellings are matched exactly (case matters: "mW" and "MW" differ by 10^9), so
    /// every accepted spelling is listed explicitly. The number is converted to the base unit exactly, then rounded once.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, QuantityKind kind, out double baseValue, out string? error)
    {
        baseValue = 0;
        var trimmed = text.Trim();
        if (trimmed.IsEmpty)
        {
            error = "the text is empty";
            return false;
        }

        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] is '.' or '-' or '+' or 'e' or 'E'))
        {
            // An 'e' only belongs to the number when a digit or sign follows (1e3 J), not in a unit.
            if (trimmed[split] is 'e' or 'E' && (split + 1 >= trimmed.Length || !(char.IsAsciiDigit(trimmed[split + 1]) || trimmed[split + 1] is '-' or '+')))
            {
                break;
            }

            split++;
        }

        var numberPart = trimmed[..split];
        var rest = trimmed[split..];
        if (numberPart.IsEmpty || !double.TryParse(numberPart, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            error = "it does not start with a number";
            return false;
        }

        if (rest.StartsWith(','))
        {
            error = "',' is not accepted in the number: use '.' as the decimal point and no thousands separator";
            return false;
        }

        var unitPart = rest.Trim();
        if (unitPart.IsEmpty)
        {
            error = $"the unit is missing (use one of {kind.UnitList})";
            return false;
        }

        foreach (var unit in kind.Units)
        {
            if (unit.Matches(unitPart))
            {
                baseValue = ToBaseUnits(numberPart, number, unit);
                if (!double.IsFinite(baseValue))
                {
                    baseValue = 0;
                    error = $"the value is too large for {kind.NounWithArticle} (at most {double.MaxValue.ToString("G3", CultureInfo.InvariantCulture)} {kind.BaseUnit.Symbol})";
                    return false;
                }

                error = null;
                return true;
            }
        }

        var unitText = unitPart.ToString();
        var sameLetters = kind.Units.Where(u => string.Equals(u.Symbol, unitText, StringComparison.OrdinalIgnoreCase)).Select(u => $"'{u.Symbol}'").ToArray();
        error = sameLetters.Length > 0
            ? $"'{unitText}' is not a unit of {kind.Noun}: unit symbols are case-sensitive ('m' is milli, 'M' is mega), did you mean {string.Join(" or ", sameLetters)}?"
            : $"'{unitText}' is not a unit of {kind.Noun} (use one of {kind.UnitList})";
        return false;
    }

    /// <summary>The number times the unit's size, both as exact decimals, rounded once.</summary>
    /// <remarks>The number alone may be beyond the range of a double when the unit is small ("1.8E+314 µJ" is 1.8E+308 J)
    /// or round to zero when the unit is large ("5E-327 kJ" is 5E-324 J), so it is read again as an exact decimal.</remarks>
    private static double ToBaseUnits(ReadOnlySpan<char> numberText, double number, UnitSpelling unit)
    {
        if (unit.IsBaseUnit)
        {
            return number;
        }

        return ExactDecimal.TryParse(numberText, out var exact)
            ? exact.Multiply(ExactDecimal.FromFactor(unit.InBaseUnits)).ToDouble()
            : number * unit.InBaseUnits;
    }

    /// <summary>Copies formatted text into a span; false (and nothing written) when it does not fit.</summary>
    public static bool TryCopy(string text, Span<char> destination, out int charsWritten)
    {
        if (text.TryCopyTo(destination))
        {
            charsWritten = text.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }
}
