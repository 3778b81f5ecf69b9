namespace CarbonScope.Grid;

/// <summary>How the zone of a run was chosen.</summary>
public enum ZoneOrigin
{
    /// <summary>Given by the user (<c>--country</c>, <c>--zone</c>, configuration).</summary>
    Given,

    /// <summary>Inferred offline from the machine's time zone (e.g. Europe/Paris → FR).</summary>
    TimeZone,

    /// <summary>Nothing given and nothing inferred: the world average.</summary>
    Default,
}

/// <summary>The zone a run's energy is attributed to, and how it was chosen.</summary>
/// <param name="Zone">The zone key (ISO 3166-1 alpha-2 for countries, <c>WORLD</c>).</param>
/// <param name="Origin">Given, inferred from the time zone, or the default.</param>
/// <param name="Detail">What it was chosen from, for people: <c>--country fra</c>, <c>time zone Europe/Paris</c>, <c>no zone given or inferred</c>.</param>
/// <param name="CountryName">The country's name when the zone is a country or lies in one (e.g. <c>France</c>); null otherwise.</param>
/// <param name="CountryAlpha3">The country's ISO 3166-1 alpha-3 code (codecarbon's <c>country_iso_code</c>); null otherwise.</param>
public sealed record ZoneSelection(string Zone, ZoneOrigin Origin, string Detail, string? CountryName = null, string? CountryAlpha3 = null)
{
    /// <summary>The wire name of an origin: <c>given</c>, <c>time-zone</c>, <c>default</c>.</summary>
    public static string OriginName(ZoneOrigin origin) => origin switch
    {
        ZoneOrigin.Given => "given",
        ZoneOrigin.TimeZone => "time-zone",
        ZoneOrigin.Default => "default",
        _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "Unknown zone origin."),
    };
}
