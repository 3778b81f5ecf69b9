namespace CarbonScope.Grid;

/// <summary>
/// What a provider is asked about: a zone key in the provider's own terms (an ISO country code, an Electricity Maps zone
/// such as <c>US-CAL-CISO</c>, a WattTime region, a UK region id or postcode, <c>DK1</c>), or a position for providers
/// that resolve one (Electricity Maps, WattTime).
/// </summary>
/// <param name="Key">The zone key; for a position, a label such as <c>48.85,2.35</c>.</param>
/// <param name="Latitude">Latitude in decimal degrees, when the zone is a position.</param>
/// <param name="Longitude">Longitude in decimal degrees, when the zone is a position.</param>
public sealed record GridZone(string Key, double? Latitude = null, double? Longitude = null)
{
    /// <summary>Whether the zone is given as a position.</summary>
    public bool IsPosition => Latitude is not null && Longitude is not null;

    /// <inheritdoc />
    public override string ToString() => Key;
}
