namespace CarbonScope.Grid;

/// <summary>What a provider can answer.</summary>
[Flags]
public enum IntensityCapabilities
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The latest value.</summary>
    Latest = 1,

    /// <summary>Values over a past range.</summary>
    History = 2,

    /// <summary>A forecast of the coming hours.</summary>
    Forecast = 4,
}

/// <summary>
/// A source of carbon intensity (Electricity Maps, WattTime, UK Carbon Intensity, Energi Data Service, files, the
/// embedded annual averages): the latest value, history over a range, and a forecast where it has one. Every point
/// carries its provenance. Failures are <see cref="IntensityProviderException"/>s that say what went wrong in one line
/// (never with a credential in it).
/// </summary>
public interface ICarbonIntensityProvider
{
    /// <summary>The provider's name: <c>electricitymaps</c>, <c>watttime</c>, <c>ukgrid</c>, <c>energidataservice</c>, <c>file</c>, <c>embedded</c>.</summary>
    string Name { get; }

    /// <summary>Which questions it answers; asking another one is an <see cref="IntensityFailure.NotSupported"/> failure.</summary>
    IntensityCapabilities Capabilities { get; }

    /// <summary>The latest value for the zone.</summary>
    /// <exception cref="IntensityProviderException">The provider could not answer.</exception>
    Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default);

    /// <summary>Every point that overlaps the half-open range [<paramref name="startsAt"/>, <paramref name="endsAt"/>), sorted by start, without duplicates.</summary>
    /// <exception cref="IntensityProviderException">The provider could not answer.</exception>
    Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default);

    /// <summary>The provider's current forecast for the zone, sorted by start.</summary>
    /// <exception cref="IntensityProviderException">The provider could not answer (or has no forecast).</exception>
    Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default);
}
