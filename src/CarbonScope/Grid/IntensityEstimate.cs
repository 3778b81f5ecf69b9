using CarbonScope.Units;

namespace CarbonScope.Grid;

/// <summary>A carbon intensity for an interval, with where it comes from.</summary>
/// <param name="Value">The intensity, in g CO2e/kWh.</param>
/// <param name="Provenance">Its source, zone, kind, signal and year or fetch time.</param>
public sealed record IntensityEstimate(CarbonIntensity Value, IntensityProvenance Provenance);
