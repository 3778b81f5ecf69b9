using System.Globalization;

namespace CarbonScope.Units;

/// <summary>One unit a quantity can be written in: its accepted spellings and its size in the base unit.</summary>
internal readonly record struct UnitSpelling(string Symbol, double InBaseUnits, string[] Aliases);

/// <summary>
/// Formatting and parsing shared by the unit types: a number followed by a unit, invariant culture,
/// prefixes chosen so the number lies in [1, 1000) where a unit allows it.
/// </summary>
internal static class QuantityText
{
    /// <summary>Formats <paramref name="baseValue"/> in the largest display unit that keeps the number at or above 1.</summary>
    /// <param name="baseValue">The value in the base unit.</param>
    /// <param name="displayUnits">Units ordered from smallest to largest.</param>
    /// <param name="format">null or "G" for automatic; otherwise a unit symbol, optionally followed by ':' and a numeric format ("kWh:F3").</param>
    /// <param name="provider">Culture for the number; null means invariant.</param>
    /// <param name="suffix">Text after the unit symbol (e.g. " CO2e"), or empty.</param>
    public static string Format(double baseValue, UnitSpelling[] displayUnits, string? format, IFormatProvider? provider, string suffix)
    {
        provider ??= CultureInfo.InvariantCulture;
        string? numberFormat = null;
        UnitSpelling unit;
        if (string.IsNullOrEmpty(format) || format is "G" or "g")
        {
            unit = PickDisplayUnit(baseValue, displayUnits);
        }
        else
        {
            var colon = format.IndexOf(':', StringComparison.Ordinal);
            var symbol = colon < 0 ? format : format[..colon];
            numberFormat = colon < 0 ? null : format[(colon + 1)..];
            if (!TryFindUnit(symbol, displayUnits, out unit))
            {
                throw new FormatException(
                    $"'{format}' is not a format for this quantity: use 'G' or one of {string.Join(", ", displayUnits.Select(u => u.Symbol))}, optionally followed by ':' and a number format, e.g. '{displayUnits[^1].Symbol}:F3'.");
            }
        }

        var value = baseValue / unit.InBaseUnits;
        var number = value.ToString(numberFormat ?? ThreeSignificantDigits(value), provider);
        return string.Concat(number, " ", unit.Symbol, suffix);
    }

    private static UnitSpelling PickDisplayUnit(double baseValue, UnitSpelling[] displayUnits)
    {
        var magnitude = Math.Abs(baseValue);
        var chosen = displayUnits[0];
        foreach (var unit in displayUnits)
        {
            // Round at three significant digits first, so 999.96 Wh shows as "1 kWh" and not "1000 Wh".
            if (magnitude / unit.InBaseUnits >= 0.9995)
            {
                chosen = unit;
            }
        }

        return chosen;
    }

    private static string ThreeSignificantDigits(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude >= 100 ? "0" : magnitude >= 10 ? "0.#" : magnitude >= 1 ? "0.##" : "0.###";
    }

    private static bool TryFindUnit(string symbol, UnitSpelling[] units, out UnitSpelling unit)
    {
        foreach (var candidate in units)
        {
            if (candidate.Symbol == symbol || Array.IndexOf(candidate.Aliases, symbol) >= 0)
            {
                unit = candidate;
                return true;
            }
        }

        unit = default;
        return false;
    }

    /// <summary>
    /// Parses "&lt;number&gt;[ ]&lt;unit&gt;" in the invariant culture. Unit spellings are matched exactly
    /// (case matters: "mW" and "MW" differ by 10^9), so every accepted spelling is listed explicitly.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, UnitSpelling[] units, out double baseValue, out string? error)
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
            // An 'e' only belongs to the number when a digit or sign follows (1e3 J), not in "1 eV" or a unit.
            if (trimmed[split] is 'e' or 'E' && (split + 1 >= trimmed.Length || !(char.IsAsciiDigit(trimmed[split + 1]) || trimmed[split + 1] is '-' or '+')))
            {
                break;
            }

            split++;
        }

        var numberPart = trimmed[..split];
        var unitPart = trimmed[split..].Trim();
        if (numberPart.IsEmpty || !double.TryParse(numberPart, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            error = $"it does not start with a number (use '.' as the decimal point, e.g. '2.5{units[0].Symbol}')";
            return false;
        }

        if (unitPart.IsEmpty)
        {
            error = $"the unit is missing (one of {UnitList(units)})";
            return false;
        }

        foreach (var unit in units)
        {
            if (Matches(unitPart, unit))
            {
                baseValue = number * unit.InBaseUnits;
                error = null;
                return true;
            }
        }

        error = $"'{unitPart}' is not a known unit (one of {UnitList(units)})";
        return false;
    }

    private static bool Matches(ReadOnlySpan<char> text, UnitSpelling unit)
    {
        if (text.SequenceEqual(unit.Symbol))
        {
            return true;
        }

        foreach (var alias in unit.Aliases)
        {
            if (text.SequenceEqual(alias))
            {
                return true;
            }
        }

        return false;
    }

    public static string UnitList(UnitSpelling[] units) => string.Join(", ", units.Select(u => u.Symbol));

    public static double RequireFinite(double value, string paramName) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(paramName, value, "Value should be a finite number (not NaN or infinity).");
}
