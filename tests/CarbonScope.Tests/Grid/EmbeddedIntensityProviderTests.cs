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

    [Theory]
    [InlineData("US-CAL-CISO", 229.0, 2024, "embedded:electricitymaps", "CAISO", "Electricity Maps yearly zone averages, via CO2.js (ODbL 1.0)")]
    [InlineData("dk-dk1", 131.0, 2024, "embedded:electricitymaps", "West Denmark", "Electricity Maps yearly zone averages, via CO2.js (ODbL 1.0)")]
    [InlineData("SE-SE3", 21.0, 2024, "embedded:electricitymaps", "South Central Sweden", "Electricity Maps yearly zone averages, via CO2.js (ODbL 1.0)")]
    [InlineData("aws:eu-west-3", 51.1, 2020, "embedded:ccf", "EU (Paris) / France", "Cloud Carbon Footprint (EEA CO2 emission intensity) (Apache-2.0)")]
    [InlineData("AZURE:WestEurope", 328.4, 2020, "embedded:ccf", "Netherlands", "Cloud Carbon Footprint (EEA CO2 emission intensity) (Apache-2.0)")]
    [InlineData("gcp:europe-west1", 103.37, 2024, "embedded:google-region-carbon", "Belgium", "Google Cloud region-carbon-info (Apache-2.0)")]
    public async Task Grid_zones_and_cloud_regions_have_their_own_figure_year_and_licence(string zone, double grams, int year, string source, string name, string dataset)
    {
        var point = await _provider.GetLatestAsync(new GridZone(zone), TestContext.Current.CancellationToken);

        Assert.Equal(grams, point.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(year, point.Provenance.Year);
        Assert.Equal(source, point.Provenance.Source);
        Assert.Equal(name, point.Provenance.ZoneName);
        Assert.Equal(dataset, point.Provenance.Dataset);
        Assert.Equal(IntensityKind.AnnualAverage, point.Provenance.Kind);
        Assert.Null(point.Provenance.FallbackReason);
    }

    [Fact]
    public void The_zone_table_has_every_row_with_a_source_year_and_licence()
    {
        var rows = EmbeddedIntensity.Default.ZoneRows;

        Assert.Equal(298, rows.Count);
        Assert.Equal(147, rows.Count(r => r.Kind == AnnualIntensityKind.GridZone));
        Assert.All(rows, row =>
        {
            Assert.Contains(row.Licence, new[] { "ODbL 1.0", "Apache-2.0" });
            Assert.Equal(row.Licence == "ODbL 1.0", row.SourceId == "electricitymaps");
            Assert.InRange(row.Year, 2019, 2024);
            Assert.InRange(row.Value.GramsPerKilowattHour, 0, 1500);
            Assert.Null(Countries.FindAlpha2(row.Zone));
        });
        Assert.Equal(221, EmbeddedIntensity.Default.Rows.Count);
    }

    [Theory]
    [InlineData("aws:eu-west-9", "'aws:eu-west-9' is not a known country or zone code: did you mean aws:eu-west-1 (EU (Ireland) / Ireland), aws:eu-west-2 (EU (London) / England), aws:eu-west-3 (EU (Paris) / France)?")]
    [InlineData("US-CAL-CISOX", "'US-CAL-CISOX' is not a known country or zone code: did you mean US-CAL-CISO (CAISO), US-CAL-")]
    public async Task An_unknown_zone_key_suggests_close_zone_keys(string zone, string message)
    {
        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => _provider.GetLatestAsync(new GridZone(zone), TestContext.Current.CancellationToken));

        Assert.Equal(IntensityFailure.UnknownZone, error.Failure);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("?", error.Message, StringComparison.Ordinal);
    }
}
