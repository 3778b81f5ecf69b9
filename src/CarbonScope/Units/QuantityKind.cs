namespace CarbonScope.Units;

/// <summary>One unit a quantity can be written in: its accepted spellings and its size in the base unit.</summary>
/// <param name="Symbol">The symbol written by ToString and accepted by Parse ("kWh").</param>
/// <param name="InBaseUnits">The size of the unit in the base unit, an exact decimal (3.6e6 for kWh in joules).</param>
/// <param name="Aliases">Other spellings accepted by Parse and in format strings. Matching is exact (case matters).</param>
internal readonly record struct UnitSpelling(string Symbol, double InBaseUnits, string[] Aliases)
{
    public bool IsBaseUnit => InBaseUnits == 1;

    public bool Matches(ReadOnlySpan<char> text)
    {
        if (text.SequenceEqual(Symbol))
        {
            return true;
        }

        foreach (var alias in Aliases)
        {
            if (text.SequenceEqual(alias))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What formatting, parsing and their error messages need to know about one quantity type.</summary>
internal sealed class QuantityKind
{
    public QuantityKind(string noun, string nounWithArticle, string example, string formatExample, UnitSpelling[] units, UnitSpelling[] displayUnits, string suffix)
    {
        Noun = noun;
        NounWithArticle = nounWithArticle;
        Example = example;
        FormatExample = formatExample;
        Units = units;
        DisplayUnits = displayUnits;
        Suffix = suffix;
        BaseUnit = units.Single(u => u.IsBaseUnit);
    }

    /// <summary>"energy", as in "'W' is not a unit of energy".</summary>
    public string Noun { get; }

    /// <summary>"an energy", as in "'12' is not an energy".</summary>
    public string NounWithArticle { get; }

    /// <summary>Valid input shown in parse errors ("2.5 kWh").</summary>
    public string Example { get; }

    /// <summary>A valid format string shown in format errors ("kWh:F3").</summary>
    public string FormatExample { get; }

    /// <summary>Every unit accepted by Parse and by explicit formats.</summary>
    public UnitSpelling[] Units { get; }

    /// <summary>Units the automatic format chooses from, smallest first.</summary>
    public UnitSpelling[] DisplayUnits { get; }

    /// <summary>Text written after the unit symbol (" CO2e"), or empty.</summary>
    public string Suffix { get; }

    public UnitSpelling BaseUnit { get; }

    public string UnitList => string.Join(", ", Units.Select(u => u.Symbol));
}
