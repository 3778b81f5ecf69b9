using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Units;

namespace CarbonScope.Footprint;

/// <summary>
/// Everyday equivalents of an amount of CO2e (<c>0.8 km driven by an average new car in the EU (EEA 2024, via
/// carbontracker)</c>), from the sourced factors embedded in the library (<c>Footprint/Data/equivalents.csv</c>, built by
/// <c>data/build_tables.py</c>). Only factors with a published source are included. Thread-safe; loaded on first use.
/// </summary>
public static class Equivalents
{
    private const string ResourceName = "CarbonScope.Footprint.Data.equivalents.csv";
    private const string Header = "key,grams_per_unit,unit,description,year,source,licence,url";

    private static readonly Lazy<(EquivalentFactor[] Factors, string Provenance)> s_table = new(LoadEmbedded);

    /// <summary>The factors, in table order.</summary>
    public static IReadOnlyList<EquivalentFactor> Factors => s_table.Value.Factors;

    /// <summary>The table's leading comment: sources and licences.</summary>
    public static string Provenance => s_table.Value.Provenance;

    /// <summary>The equivalents of <paramref name="emissions"/>, one per factor: amount = emissions ÷ CO2e per unit.</summary>
    public static IReadOnlyList<Equivalent> For(CarbonMass emissions)
    {
        var factors = s_table.Value.Factors;
        var result = new Equivalent[factors.Length];
        for (var i = 0; i < factors.Length; i++)
        {
            var factor = factors[i];
            result[i] = new Equivalent(emissions / factor.PerUnit, factor.Unit, factor.Description, factor.Source);
        }

        return result;
    }

    /// <summary>
    /// One line for people: the amount to three significant digits (integer digits kept), the unit, the description and
    /// the source: <c>0.8 km driven by an average new car in the EU (EEA 2024, via carbontracker)</c>.
    /// </summary>
    public static string Describe(Equivalent equivalent)
    {
        ArgumentNullException.ThrowIfNull(equivalent);
        return $"{FormatAmount(equivalent.Amount)} {equivalent.Unit} {equivalent.Description} ({equivalent.Source})";
    }

    /// <summary>Three significant digits, integer digits never dropped, trailing zeros removed (0.7996 → 0.8, 1234.5 → 1235).</summary>
    internal static string FormatAmount(double amount)
    {
        if (amount == 0 || !double.IsFinite(amount))
        {
            return amount.ToString(CultureInfo.InvariantCulture);
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(amount)));
        var decimals = Math.Clamp(2 - magnitude, 0, 15);
        var text = Math.Round(amount, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text;
    }

    private static (EquivalentFactor[] Factors, string Provenance) LoadEmbedded()
    {
        var csv = EmbeddedCsv.LoadResource(ResourceName, "equivalents", Header);
        var factors = new EquivalentFactor[csv.Rows.Count];
        for (var i = 0; i < factors.Length; i++)
        {
            var (line, f) = csv.Rows[i];
            if (!double.TryParse(f[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var grams) || !(grams > 0) || !double.IsFinite(grams)
                || !int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !Uri.TryCreate(f[7], UriKind.Absolute, out var url)
                || f[0].Length == 0 || f[2].Length == 0 || f[3].Length == 0 || f[5].Length == 0 || f[6].Length == 0)
            {
                throw new InvalidOperationException($"The embedded equivalents table is malformed: line {line}: '{string.Join(',', f)}'.");
            }

            factors[i] = new EquivalentFactor(f[0], CarbonMass.FromGrams(grams), f[2], f[3], year, f[5], f[6], url);
        }

        return (factors, csv.Provenance);
    }
}
