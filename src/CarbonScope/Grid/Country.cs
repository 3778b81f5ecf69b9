namespace CarbonScope.Grid;

/// <summary>A country (ISO 3166-1), or the world (<see cref="Countries.World"/>).</summary>
/// <param name="Alpha2">The ISO 3166-1 alpha-2 code (<c>FR</c>); <c>WORLD</c> for the world. This is the zone key.</param>
/// <param name="Alpha3">The ISO 3166-1 alpha-3 code (<c>FRA</c>); <c>WORLD</c> for the world.</param>
/// <param name="Name">The English short name (<c>France</c>).</param>
/// <param name="Continent">
/// The continent code (<c>AF</c>, <c>AS</c>, <c>EU</c>, <c>NA</c>, <c>OC</c>, <c>SA</c>), from the region of the
/// country's time zones (docs/methodology.md); null for Antarctica and the world.
/// </param>
public sealed record Country(string Alpha2, string Alpha3, string Name, string? Continent)
{
    /// <summary>Whether this is the world rather than a country.</summary>
    public bool IsWorld => Alpha2 == Countries.WorldCode;

    /// <summary>The zone key of the continent's average (<c>CONTINENT:EU</c>); null without a continent.</summary>
    public string? ContinentZone => Continent is null ? null : Countries.ContinentPrefix + Continent;
}
