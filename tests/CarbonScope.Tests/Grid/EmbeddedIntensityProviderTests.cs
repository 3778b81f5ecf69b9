using CarbonScope.Grid;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Tests.Grid;

public class EmbeddedIntensityProviderTests
{
    // Ember / OWID 2024 figures (CC BY 4.0), as in EmbeddedIntensityTests.
    private const double France2024 = 40.48;
    private const double World2024 = 471.08;

    private static readonly DateTimeOffset s_now = new(2025, 3, 4, 10, 42, 17, TimeSpan.Zero);

    private readonly EmbeddedIntensityProvider _provider = new(time: new FakeTimeProvider(s_now));

    [Fact]
    public async Task Latest_is_the_annual_average_over_the_current_hour()
    {
        var point = await _provider.GetLatestAsync(new GridZone("fr"), TestContext.Current.CancellationToken);

        Assert.Equal("embedded", _provider.Name);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero), point.Start);
        Assert.Equal(TimeSpan.FromHours(1), point.Duration);
        Assert.Equal(France2024, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(
            new IntensityProvenance("embedded:ember-owid", "FR", IntensityKind.AnnualAverage, IntensitySignal.Average, Year: 2024, ZoneName: "France", Dataset: "Ember / Our World in Data (CC BY 4.0)"),
            point.Provenance);
    }

    [Fact]
    public async Task History_is_one_point_covering_the_asked_range()
    {
        var start = new DateTimeOffset(2023, 1, 1, 5, 17, 0, TimeSpan.FromHours(2));
        var end = start.AddDays(3).AddMinutes(7);

        var points = await _provider.GetHistoryAsync(new GridZone("FRA"), start, end, TestContext.Current.CancellationToken);

        var point = Assert.Single(points);
        Assert.Equal(start, point.Start);
        Assert.Equal(end, point.End);
        Assert.Equal(France2024, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(2024, point.Provenance.Year);
        Assert.Empty(await _provider.GetHistoryAsync(new GridZone("FR"), start, start, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => _provider.GetHistoryAsync(new GridZone("FR"), end, start, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_country_without_a_figure_gets_the_world_average_saying_why()
    {
        var without = EmbeddedIntensity.Default.Rows.Select(r => r.Zone).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var country = Countries.All.First(c => !without.Contains(c.Alpha2));

        var point = await _provider.GetLatestAsync(new GridZone(country.Alpha2), TestContext.Current.CancellationToken);

        Assert.Equal(World2024, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal("WORLD", point.Provenance.Zone);
        Assert.Contains(country.Alpha2, point.Provenance.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_zone_suggests_close_codes()
    {
        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => _provider.GetLatestAsync(new GridZone("FRX"), TestContext.Current.CancellationToken));

        Assert.Equal("embedded", error.Provider);
        Assert.Equal(IntensityFailure.UnknownZone, error.Failure);
        Assert.Equal("'FRX' is not a known country or zone code: did you mean FR (France), FRA (France), FRO (Faroe Islands)?", error.Message);
    }

    [Fact]
    public async Task There_is_no_forecast()
    {
        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => _provider.GetForecastAsync(new GridZone("FR"), TestContext.Current.CancellationToken));

        Assert.Equal(IntensityFailure.NotSupported, error.Failure);
        Assert.False(_provider.Capabilities.HasFlag(IntensityCapabilities.Forecast));
    }
}
