namespace CarbonScope.Grid;

/// <summary>What kind of figure a carbon intensity is.</summary>
public enum IntensityKind
{
    /// <summary>A value for a past or current interval, from metered generation (possibly estimated by the provider).</summary>
    Measured,

    /// <summary>A forecast for a future interval.</summary>
    Forecast,

    /// <summary>An annual average for the zone (the offline fallback).</summary>
    AnnualAverage,
}

/// <summary>Which signal a carbon intensity describes.</summary>
public enum IntensitySignal
{
    /// <summary>The average intensity of the electricity generated (or consumed) in the zone.</summary>
    Average,

    /// <summary>The marginal operating emissions rate: the emissions of the plant that answers one more kWh of demand.</summary>
    Marginal,
}

/// <summary>Where a carbon intensity figure comes from, so that no figure is shown without it.</summary>
/// <param name="Source">The provider or dataset (<c>embedded:ember-owid</c>, <c>electricitymaps</c>, <c>file:PATH</c>, ...).</param>
/// <param name="Zone">The zone the figure is for (ISO 3166-1 alpha-2 for countries, <c>WORLD</c> for the world average).</param>
/// <param name="Kind">Measured, forecast or annual average.</param>
/// <param name="Signal">Average or marginal.</param>
/// <param name="FetchedAt">When a live provider answered (UTC); null for embedded data.</param>
/// <param name="Year">The data year of an annual average; null for time series.</param>
/// <param name="ZoneName">A human name for the zone (e.g. <c>France</c>).</param>
/// <param name="Dataset">The dataset and its licence, for attribution (e.g. <c>Ember / Our World in Data (CC BY 4.0)</c>).</param>
/// <param name="FallbackReason">Why this figure was used instead of the preferred source; null when it is the preferred one.</param>
public sealed record IntensityProvenance(
    string Source,
    string Zone,
    IntensityKind Kind,
    IntensitySignal Signal,
    DateTimeOffset? FetchedAt = null,
    int? Year = null,
    string? ZoneName = null,
    string? Dataset = null,
    string? FallbackReason = null)
{
    /// <summary>The wire name of a kind: <c>measured</c>, <c>forecast</c>, <c>annual-average</c>.</summary>
    public static string KindName(IntensityKind kind) => kind switch
    {
        IntensityKind.Measured => "measured",
        IntensityKind.Forecast => "forecast",
        IntensityKind.AnnualAverage => "annual-average",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown intensity kind."),
    };

    /// <summary>The wire name of a signal: <c>average</c> or <c>marginal</c>.</summary>
    public static string SignalName(IntensitySignal signal) => signal switch
    {
        IntensitySignal.Average => "average",
        IntensitySignal.Marginal => "marginal",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown intensity signal."),
    };
}
