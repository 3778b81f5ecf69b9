using CarbonScope.Units;

namespace CarbonScope.Grid;

/// <summary>What a row of the embedded annual averages covers.</summary>
public enum AnnualIntensityKind
{
    /// <summary>A country (zone key: ISO 3166-1 alpha-2).</summary>
    Country,

    /// <summary>A continent (zone key: <c>CONTINENT:EU</c>, ...).</summary>
    Continent,

    /// <summary>The world (zone key: <c>WORLD</c>).</summary>
    World,
}

/// <summary>One row of the embedded annual averages, as the table gives it.</summary>
/// <param name="Zone">The zone key: alpha-2, <c>CONTINENT:XX</c> or <c>WORLD</c>.</param>
/// <param name="Alpha3">The country's ISO 3166-1 alpha-3 code; null for continents and the world.</param>
/// <param name="Name">The name (<c>France</c>, <c>Europe</c>, <c>World</c>).</param>
/// <param name="Kind">Country, continent or world.</param>
/// <param name="Year">The data year of the figure.</param>
/// <param name="Value">The annual average carbon intensity of electricity generation.</param>
/// <param name="Source">The dataset the figure comes from (<c>Ember / Our World in Data</c>).</param>
/// <param name="Licence">Its licence (<c>CC BY 4.0</c>).</param>
public sealed record AnnualIntensity(
    string Zone,
    string? Alpha3,
    string Name,
    AnnualIntensityKind Kind,
    int Year,
    CarbonIntensity Value,
    string Source,
    string Licence);
