namespace CarbonScope.Footprint;

/// <summary>An everyday equivalent of an amount of CO2e, with the source of its factor.</summary>
/// <param name="Amount">How many <paramref name="Unit"/> emit the same CO2e.</param>
/// <param name="Unit">The unit of the amount (e.g. <c>km</c>).</param>
/// <param name="Description">What it is, for people (e.g. <c>driven by an average new car in the EU (2024)</c>).</param>
/// <param name="Source">The source of the factor, with its year (e.g. <c>EEA 2024, via carbontracker</c>).</param>
public sealed record Equivalent(double Amount, string Unit, string Description, string Source);
