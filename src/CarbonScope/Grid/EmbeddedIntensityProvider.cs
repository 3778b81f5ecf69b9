namespace CarbonScope.Grid;

/// <summary>
/// The embedded annual averages (<see cref="EmbeddedIntensity"/>) as a provider: offline, always available, one figure
/// per zone and year.
/// </summary>
/// <remarks>
/// <para>Each answer is one point with the zone's annual average (<see cref="IntensityKind.AnnualAverage"/>, with its
/// <see cref="IntensityProvenance.Year"/> and dataset): <see cref="GetLatestAsync"/> covers the current UTC hour,
/// <see cref="GetHistoryAsync"/> exactly the asked range. There is no forecast. Zone keys are those of
/// <see cref="EmbeddedIntensity.Get"/> (ISO 3166-1 alpha-2 or alpha-3, <c>WORLD</c>, <c>CONTINENT:EU</c>, Electricity Maps grid
/// zones such as <c>US-CAL-CISO</c>, <c>DK-DK1</c>, <c>SE-SE3</c>, cloud regions such as <c>aws:eu-west-3</c>,
/// <c>azure:westeurope</c>, <c>gcp:europe-west1</c>; case-insensitive); a known
/// country without a figure gets the world average with a <see cref="IntensityProvenance.FallbackReason"/>. Thread-safe.</para>
/// </remarks>
public sealed class EmbeddedIntensityProvider : ICarbonIntensityProvider
{
    /// <summary>The provider's name.</summary>
    public const string ProviderName = "embedded";

    private readonly EmbeddedIntensity _table;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    /// <param name="table">The table; <see cref="EmbeddedIntensity.Default"/> when null.</param>
    /// <param name="time">The clock for <see cref="GetLatestAsync"/>; the system clock when null.</param>
    public EmbeddedIntensityProvider(EmbeddedIntensity? table = null, TimeProvider? time = null)
    {
        _table = table ?? EmbeddedIntensity.Default;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public IntensityCapabilities Capabilities => IntensityCapabilities.Latest | IntensityCapabilities.History;

    /// <inheritdoc />
    /// <remarks>The annual average, as a point covering the current UTC hour.</remarks>
    public Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var estimate = Get(zone);
        var now = _time.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        return Task.FromResult(new IntensityPoint(hour, TimeSpan.FromHours(1), estimate.Value, estimate.Provenance));
    }

    /// <inheritdoc />
    /// <remarks>One point covering exactly [<paramref name="startsAt"/>, <paramref name="endsAt"/>) with the annual
    /// average; none for an empty range.</remarks>
    /// <exception cref="ArgumentException">The range ends before it starts.</exception>
    public Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (endsAt < startsAt)
        {
            throw new ArgumentException($"The range ends ({endsAt:O}) before it starts ({startsAt:O}).", nameof(endsAt));
        }

        var estimate = Get(zone);
        IReadOnlyList<IntensityPoint> points = endsAt == startsAt
            ? []
            : [new IntensityPoint(startsAt, endsAt - startsAt, estimate.Value, estimate.Provenance)];
        return Task.FromResult(points);
    }

    /// <inheritdoc />
    /// <remarks>Always <see cref="IntensityFailure.NotSupported"/>: annual averages are no forecast.</remarks>
    public Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        throw new IntensityProviderException(ProviderName, IntensityFailure.NotSupported, "the embedded annual averages have no forecast: use a live provider (electricitymaps, watttime, ukgrid, energidataservice) or a file");
    }

    private IntensityEstimate Get(GridZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        try
        {
            return _table.Get(zone.Key);
        }
        catch (ArgumentException exception)
        {
            throw new IntensityProviderException(ProviderName, IntensityFailure.UnknownZone, exception.Message, exception);
        }
    }
}
