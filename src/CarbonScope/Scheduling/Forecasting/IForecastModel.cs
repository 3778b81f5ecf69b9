using CarbonScope.Grid;

namespace CarbonScope.Scheduling.Forecasting;

/// <summary>A carbon intensity forecast made from a zone's own recorded history (docs/forecasting.md).</summary>
public interface IForecastModel
{
    /// <summary>The model's name (<c>seasonal-naive-day</c>, <c>exp-smoothing</c>, ...); the forecast's source is <c>forecast:NAME</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Forecasts the intervals that start in [<paramref name="origin"/>, <paramref name="origin"/> + <paramref name="horizon"/>),
    /// at the history's step (its most common spacing) and on the history's grid.
    /// </summary>
    /// <param name="history">Recorded points of one zone, in any order; only those that end at or before <paramref name="origin"/> are used.</param>
    /// <param name="origin">The time the forecast is made.</param>
    /// <param name="horizon">How far ahead to forecast (positive).</param>
    /// <returns>Points of kind <see cref="IntensityKind.Forecast"/>; a point's value is null where the model has too little
    /// history for it (e.g. a week-ago value); empty when the history has no value before the origin.</returns>
    IReadOnlyList<IntensityPoint> Forecast(IReadOnlyList<IntensityPoint> history, DateTimeOffset origin, TimeSpan horizon);
}
