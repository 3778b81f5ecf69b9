using CarbonScope.Units;

namespace CarbonScope.Grid;

/// <summary>One carbon intensity figure for an interval of a zone, with where it comes from.</summary>
/// <param name="Start">Start of the interval (UTC).</param>
/// <param name="Duration">Length of the interval (positive).</param>
/// <param name="Value">The intensity in g CO2e/kWh; null when the source published the interval without a value (a gap).</param>
/// <param name="Provenance">Source, zone, kind (measured / forecast / annual average), signal (average / marginal), fetch time.</param>
/// <param name="IsEstimated">Whether the source says the value is its estimate (e.g. Electricity Maps' <c>isEstimated</c>).</param>
public sealed record IntensityPoint(DateTimeOffset Start, TimeSpan Duration, CarbonIntensity? Value, IntensityProvenance Provenance, bool IsEstimated = false)
{
    /// <summary>End of the interval (exclusive).</summary>
    public DateTimeOffset End => Start + Duration;

    /// <summary>Whether the interval overlaps the half-open range [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start < to && End > from;
}
