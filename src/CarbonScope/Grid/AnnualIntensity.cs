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

    /// <summary>A sub-national grid zone (an Electricity Maps zone key: <c>US-CAL-CISO</c>, <c>DK-DK1</c>, <c>SE-SE3</c>).</summary>
    GridZone,

    /// <summary>A cloud region (<c>aws:eu-west-3</c>, <c>azure:westeurope</c>, <c>gcp:europe-west1</c>).</summary>
    CloudRegion,
}

/// <summary>One row of the embedded annual averages, as the table gives it.</summary>
/// <param name="Zone">The zone key: alpha-2, <c>CONTINENT:XX</c>, <c>WORLD</c>, a grid zone (<c>US-CAL-CISO</c>) or a cloud region (<c>aws:eu-west-3</c>).</param>
/// <param name="Alpha3">The country's ISO 3166-1 alpha-3 code; null for other zones.</param>
/// <param name="Name">The name (<c>France</c>, <c>Europe</c>, <c>World</c>).</param>
/// <param name="Kind">Country, continent or world.</param>
/// <param name="Year">The data year of the figure.</param>
/// <param name="Value">The annual average carbon intensity of electricity generation.</param>
/// <param name="Source">The dataset the figure comes from (<c>Ember / Our World in Data</c>).</param>
/// <param name="Licence">Its licence (<c>CC BY 4.0</c>).</param>
/// <param name="SourceId">The short id of the dataset in provenance sources (<c>embedded:ID</c>); null for the
/// country table (<see cref="EmbeddedIntensity.SourceName"/>).</param>
/// <param name="GridZone">For a cloud region, the Electricity Maps zone it lies in (e.g. <c>FR</c> for <c>aws:eu-west-3</c>),
/// which live providers are asked about; null otherwise.</param>
public sealed record AnnualIntensity(
    string Zone,
    string? Alpha3,
    string Name,
    AnnualIntensityKind Kind,
    int Year,
    CarbonIntensity Value,
    string Source,
    string Licence,
    string? SourceId = null,
    string? GridZone = null);
