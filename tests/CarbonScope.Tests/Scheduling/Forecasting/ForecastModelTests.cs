using CarbonScope.Grid;
using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Units;

namespace CarbonScope.Tests.Scheduling.Forecasting;

public sealed class ForecastModelTests
{
    internal static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    internal static IntensityPoint[] Series(int count, TimeSpan step, Func<int, double?> value, IntensitySignal signal = IntensitySignal.Average)
    {
        var provenance = new IntensityProvenance("file:test", "DE", IntensityKind.Measured, signal, Dataset: "test data");
        return [.. Enumerable.Range(0, count).Select(i => new IntensityPoint(
            Start + (step * i),
            step,
            value(i) is { } v ? CarbonIntensity.FromGramsPerKilowattHour(v) : null,
            provenance))];
    }

    /// <summary>A daily profile: 100 + 10 × hour, so 100..330 g/kWh.</summary>
    internal static double Daily(int hour) => 100 + (10 * (hour % 24));

    [Theory]
    [InlineData("seasonal-naive-day")]
    [InlineData("seasonal-naive-week")]
    [InlineData("exp-smoothing")]
    public void A_daily_periodic_series_is_forecast_exactly(string name)
    {
        var series = Series(24 * 21, TimeSpan.FromHours(1), i => Daily(i));
        var origin = Start.AddDays(15);

        var forecast = ForecastModels.ByName(name).Forecast(series, origin, TimeSpan.FromHours(48));

        Assert.Equal(48, forecast.Count);
        Assert.Equal(origin, forecast[0].Start);
        Assert.Equal(origin.AddHours(47), forecast[^1].Start);
        for (var h = 0; h < 48; h++)
        {
            Assert.Equal(Daily(h), forecast[h].Value!.Value.GramsPerKilowattHour, 9);
        }
    }

    [Fact]
    public void A_linear_series_is_continued_by_the_linear_trend()
    {
        var series = Series(24 * 5, TimeSpan.FromHours(1), i => 50 + (2.5 * i));
        var origin = Start.AddDays(3);

        var forecast = ForecastModels.ByName("linear-trend").Forecast(series, origin, TimeSpan.FromHours(6));

        Assert.Equal([230, 232.5, 235, 237.5, 240, 242.5], forecast.Select(p => Math.Round(p.Value!.Value.GramsPerKilowattHour, 9)));
    }

    [Theory]
    [InlineData("seasonal-naive-day")]
    [InlineData("seasonal-naive-week")]
    [InlineData("exp-smoothing")]
    [InlineData("linear-trend")]
    [InlineData("ensemble")]
    public void A_forecast_uses_only_the_history_before_its_origin(string name)
    {
        var noise = new Random(7);
        var values = Enumerable.Range(0, 24 * 20).Select(i => Daily(i) + noise.Next(-30, 30)).ToArray();
        var series = Series(values.Length, TimeSpan.FromHours(1), i => values[i]);
        var origin = Start.AddDays(16);
        var changedFuture = series.Select(p => p.Start >= origin ? p with { Value = CarbonIntensity.FromGramsPerKilowattHour(999) } : p).ToArray();
        var model = ForecastModels.ByName(name);

        var forecast = model.Forecast(series, origin, TimeSpan.FromHours(48));
        var withChangedFuture = model.Forecast(changedFuture, origin, TimeSpan.FromHours(48));
        var truncated = model.Forecast([.. series.Where(p => p.Start < origin)], origin, TimeSpan.FromHours(48));

        Assert.Equal(48, forecast.Count);
        Assert.All(forecast, p => Assert.NotNull(p.Value));
        Assert.Equal(forecast, withChangedFuture);
        Assert.Equal(forecast, truncated);
    }

    [Fact]
    public void Forecast_points_have_the_history_step_provenance_and_signal()
    {
        var series = Series(48 * 3, TimeSpan.FromMinutes(30), i => Daily(i / 2), IntensitySignal.Marginal);
        var origin = Start.AddDays(3).AddHours(1);

        var forecast = ForecastModels.ByName("seasonal-naive-day").Forecast(series, origin, TimeSpan.FromHours(2));

        Assert.Equal(4, forecast.Count);
        Assert.All(forecast, p => Assert.Equal(TimeSpan.FromMinutes(30), p.Duration));
        Assert.Equal(new[] { 110.0, 110, 120, 120 }, forecast.Select(p => p.Value!.Value.GramsPerKilowattHour));
        var provenance = forecast[0].Provenance;
        Assert.Equal("forecast:seasonal-naive-day", provenance.Source);
        Assert.Equal(IntensityKind.Forecast, provenance.Kind);
        Assert.Equal(IntensitySignal.Marginal, provenance.Signal);
        Assert.Equal("DE", provenance.Zone);
    }

    [Fact]
    public void Gaps_in_history_are_skipped_by_seasonal_naive_and_filled_for_smoothing()
    {
        // Day 13 (the day before the origin) is missing: points without value, and one interval absent altogether.
        var series = Series(24 * 16, TimeSpan.FromHours(1), i => i / 24 == 13 ? null : Daily(i)).Where(p => p.Start != Start.AddDays(13).AddHours(5)).ToArray();
        var origin = Start.AddDays(14);

        var naive = ForecastModels.ByName("seasonal-naive-day").Forecast(series, origin, TimeSpan.FromHours(24));
        var smoothing = ForecastModels.ByName("exp-smoothing").Forecast(series, origin, TimeSpan.FromHours(24));

        Assert.Equal(Enumerable.Range(0, 24).Select(h => Daily(h)), naive.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.Equal(24, smoothing.Count);
        Assert.All(smoothing, p => Assert.InRange(p.Value!.Value.GramsPerKilowattHour, 0, 1000));
    }

    [Fact]
    public void Too_little_history_gives_no_value_and_no_history_gives_no_points()
    {
        var series = Series(24 * 3, TimeSpan.FromHours(1), i => Daily(i));

        var week = ForecastModels.ByName("seasonal-naive-week").Forecast(series, Start.AddDays(3), TimeSpan.FromHours(3));
        var none = ForecastModels.ByName("ensemble").Forecast(series, Start, TimeSpan.FromHours(3));

        Assert.Equal(3, week.Count);
        Assert.All(week, p => Assert.Null(p.Value));
        Assert.Empty(none);
    }

    [Fact]
    public void The_ensemble_is_the_mean_of_the_seasonal_models()
    {
        var noise = new Random(11);
        var values = Enumerable.Range(0, 24 * 15).Select(i => Daily(i) + noise.Next(-20, 20)).ToArray();
        var series = Series(values.Length, TimeSpan.FromHours(1), i => values[i]);
        var origin = Start.AddDays(15);
        var members = new[] { "seasonal-naive-day", "seasonal-naive-week", "exp-smoothing" }
            .Select(n => ForecastModels.ByName(n).Forecast(series, origin, TimeSpan.FromHours(12))).ToArray();

        var ensemble = ForecastModels.ByName("ensemble").Forecast(series, origin, TimeSpan.FromHours(12));

        for (var j = 0; j < 12; j++)
        {
            Assert.Equal(members.Average(m => m[j].Value!.Value.GramsPerKilowattHour), ensemble[j].Value!.Value.GramsPerKilowattHour, 9);
        }
    }

    [Fact]
    public void A_history_with_a_step_under_a_minute_is_refused()
    {
        var series = Series(10, TimeSpan.FromSeconds(10), i => 100);

        var exception = Assert.Throws<ArgumentException>(() => ForecastModels.ByName("ensemble").Forecast(series, Start.AddMinutes(5), TimeSpan.FromMinutes(1)));

        Assert.Contains("under 1 minute", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_lists_the_models()
    {
        var exception = Assert.Throws<ArgumentException>(() => ForecastModels.ByName("prophet"));

        Assert.Contains("seasonal-naive-day, seasonal-naive-week, exp-smoothing, linear-trend, ensemble", exception.Message, StringComparison.Ordinal);
        Assert.Equal("exp-smoothing", ForecastModels.ByName(" EXP-Smoothing ").Name);
    }
}
