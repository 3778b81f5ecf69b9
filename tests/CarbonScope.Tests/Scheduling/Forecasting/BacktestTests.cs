using CarbonScope.Grid;
using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Units;
using static CarbonScope.Tests.Scheduling.Forecasting.ForecastModelTests;

namespace CarbonScope.Tests.Scheduling.Forecasting;

public sealed class BacktestTests
{
    /// <summary>Forecasts 10 g/kWh for every hour from the origin.</summary>
    private sealed class Constant : IForecastModel
    {
        public string Name => "constant";

        public IReadOnlyList<IntensityPoint> Forecast(IReadOnlyList<IntensityPoint> history, DateTimeOffset origin, TimeSpan horizon) =>
            [.. Enumerable.Range(0, (int)horizon.TotalHours).Select(h => new IntensityPoint(
                origin.AddHours(h), TimeSpan.FromHours(1), CarbonIntensity.FromGramsPerKilowattHour(10), history[0].Provenance with { Kind = IntensityKind.Forecast }))];
    }

    [Fact]
    public void Mae_and_mape_by_lead_time_skip_missing_actuals_and_zeros_in_the_mape()
    {
        double?[] values = [40, 0, 20, 5, null];
        var series = Series(values.Length, TimeSpan.FromHours(1), i => values[i]);

        var result = Backtest.Run(new Constant(), series, [Start.AddHours(1)], TimeSpan.FromHours(4), [TimeSpan.FromHours(1), TimeSpan.FromHours(6)]);

        Assert.Equal("constant", result.Model);
        Assert.Equal(1, result.Origins);
        Assert.Equal(2, result.Buckets.Count);
        var (first, second) = (result.Buckets[0], result.Buckets[1]);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromHours(1), 1, 10.0, 0, (double?)null), (first.After, first.UpTo, first.Count, first.Mae!.Value.GramsPerKilowattHour, first.MapeCount, first.MapePercent));
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromHours(6), 2, 7.5, 2, (double?)75), (second.After, second.UpTo, second.Count, second.Mae!.Value.GramsPerKilowattHour, second.MapeCount, second.MapePercent));
        Assert.Equal(3, result.Overall.Count);
        Assert.Equal(25.0 / 3, result.Overall.Mae!.Value.GramsPerKilowattHour, 12);
        Assert.Equal(75, result.Overall.MapePercent);
    }

    [Fact]
    public void Seasonal_naive_has_no_error_on_a_periodic_series_and_linear_trend_none_on_a_line()
    {
        var periodic = Series(24 * 28, TimeSpan.FromHours(1), i => Daily(i));
        var line = Series(24 * 28, TimeSpan.FromHours(1), i => 80 + (0.5 * i));

        var naive = Backtest.Run(ForecastModels.ByName("seasonal-naive-day"), periodic, TimeSpan.FromHours(24), TimeSpan.FromHours(48), TimeSpan.FromDays(14));
        var trend = Backtest.Run(ForecastModels.ByName("linear-trend"), line, TimeSpan.FromHours(24), TimeSpan.FromHours(48), TimeSpan.FromDays(14));

        // Origins at midnight from day 14 while the 48 h fit before the end of day 28: days 14..26.
        Assert.Equal(13, naive.Origins);
        Assert.Equal([1, 5, 18, 24], naive.Buckets.Select(b => b.Count / naive.Origins));
        Assert.All(naive.Buckets.Append(naive.Overall), b => Assert.Equal(0, b.Mae!.Value.GramsPerKilowattHour));
        Assert.All(naive.Buckets.Append(naive.Overall), b => Assert.Equal(0, b.MapePercent));
        Assert.Equal(13 * 48, trend.Overall.Count);
        Assert.All(trend.Buckets.Append(trend.Overall), b => Assert.InRange(b.Mae!.Value.GramsPerKilowattHour, 0, 1e-9));
    }

    [Fact]
    public void Backtests_are_deterministic()
    {
        var noise = new Random(3);
        var values = Enumerable.Range(0, 24 * 30).Select(i => Daily(i) + noise.Next(-40, 40)).ToArray();
        var series = Series(values.Length, TimeSpan.FromHours(1), i => values[i]);

        var first = Backtest.Run(ForecastModels.ByName("ensemble"), series, TimeSpan.FromHours(24), TimeSpan.FromHours(48), TimeSpan.FromDays(14));
        var second = Backtest.Run(ForecastModels.ByName("ensemble"), series, TimeSpan.FromHours(24), TimeSpan.FromHours(48), TimeSpan.FromDays(14));

        Assert.Equal(first.Overall, second.Overall);
        Assert.Equal(first.Buckets, second.Buckets);
        Assert.Equal(15 * 48, first.Overall.Count);
        Assert.True(first.Overall.Mae!.Value.GramsPerKilowattHour > 0);
    }

    [Fact]
    public void Origins_are_aligned_to_the_spacing_and_leave_room_for_the_horizon()
    {
        var series = Series(24 * 4, TimeSpan.FromHours(1), i => 100).Select(p => p with { Start = p.Start.AddMinutes(30) }).ToArray();

        var origins = Backtest.Origins(series, TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromHours(12));

        // The series ends at day 4 00:30, so the origin at day 3 still has its 24 h.
        Assert.Equal([Start.AddDays(1), Start.AddDays(2), Start.AddDays(3)], origins);
    }
}
