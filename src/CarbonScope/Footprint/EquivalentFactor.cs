using CarbonScope.Units;

namespace CarbonScope.Footprint;

/// <summary>A sourced factor for an everyday equivalent: how much CO2e one unit of something emits.</summary>
/// <param name="Key">A stable key (<c>eu-new-car-km</c>).</param>
/// <param name="PerUnit">The CO2e of one unit (106.8 g for one km).</param>
/// <param name="Unit">The unit (<c>km</c>).</param>
/// <param name="Description">What it is, after the amount and unit (<c>driven by an average new car in the EU</c>).</param>
/// <param name="Year">The year the factor describes.</param>
/// <param name="Source">The source, with its year (<c>EEA 2024, via carbontracker</c>).</param>
/// <param name="Licence">The licence of the table and the figure.</param>
/// <param name="Url">Where the figure is published.</param>
public sealed record EquivalentFactor(string Key, CarbonMass PerUnit, string Unit, string Description, int Year, string Source, string Licence, Uri Url);
