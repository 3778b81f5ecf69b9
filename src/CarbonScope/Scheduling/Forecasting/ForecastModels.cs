namespace CarbonScope.Scheduling.Forecasting;

/// <summary>The forecast models by name (docs/forecasting.md).</summary>
public static class ForecastModels
{
    private static readonly SeasonalNaiveModel s_day = new("seasonal-naive-day", TimeSpan.FromDays(1));
    private static readonly SeasonalNaiveModel s_week = new("seasonal-naive-week", TimeSpan.FromDays(7));
    private static readonly HoltWintersModel s_smoothing = new();
    private static readonly LinearTrendModel s_trend = new();
    // linear-trend is not in the ensemble: it made it worse on every reference trace (docs/forecasting.md).
    private static readonly EnsembleModel s_ensemble = new([s_day, s_week, s_smoothing]);
    private static readonly IForecastModel[] s_all = [s_day, s_week, s_smoothing, s_trend, s_ensemble];

    /// <summary>Every model, in the order of the documentation.</summary>
    public static IReadOnlyList<IForecastModel> All => s_all;

    /// <summary>The names: <c>seasonal-naive-day</c>, <c>seasonal-naive-week</c>, <c>exp-smoothing</c>, <c>linear-trend</c>, <c>ensemble</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_all.Select(m => m.Name)];

    /// <summary>The model called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No model has that name; the message lists the names.</exception>
    public static IForecastModel ByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_all.FirstOrDefault(m => m.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown forecast model '{name}': use one of {string.Join(", ", Names)}.", nameof(name));
    }
}
