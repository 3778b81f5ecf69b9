using CarbonScope.Grid;

namespace CarbonScope.Tests.Grid;

public class EmbeddedIntensityTests
{
    // Figures of the OWID grapher "carbon-intensity-electricity" export for 2024 (Ember / OWID, CC BY 4.0),
    // as published: France 40.48, South Korea 415.51, World 471.08, Europe 270.63766 g CO2e/kWh.
    private const double France2024 = 40.48;
    private const double SouthKorea2024 = 415.51;
    private const double World2024 = 471.08;
    private const double Europe2024 = 270.63766;

    [Fact]
    public void France_is_the_2024_figure_with_its_provenance()
    {
        var estimate = EmbeddedIntensity.Default.Get("FR");

        Assert.Equal(France2024, estimate.Value.GramsPerKilowattHour);
        Assert.Equal(
            new IntensityProvenance(
                "embedded:ember-owid",
                "FR",
                IntensityKind.AnnualAverage,
                IntensitySignal.Average,
                FetchedAt: null,
                Year: 2024,
                ZoneName: "France",
                Dataset: "Ember / Our World in Data (CC BY 4.0)",
                FallbackReason: null),
            estimate.Provenance);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("FRA")]
    [InlineData(" fra ")]
    public void Any_code_of_a_country_gets_its_figure(string zone)
    {
        var estimate = EmbeddedIntensity.Default.Get(zone);

        Assert.Equal(France2024, estimate.Value.GramsPerKilowattHour);
        Assert.Equal("FR", estimate.Provenance.Zone);
    }

    [Fact]
    public void South_Korea_resolves_by_alpha3()
    {
        var estimate = EmbeddedIntensity.Default.Get("KOR");

        Assert.Equal(SouthKorea2024, estimate.Value.GramsPerKilowattHour);
        Assert.Equal(("KR", "South Korea", 2024), (estimate.Provenance.Zone, estimate.Provenance.ZoneName, estimate.Provenance.Year));
    }

    [Theory]
    [InlineData("AND", "AD")]
    [InlineData("ad", "AD")]
    [InlineData("VA", "VA")]
    [InlineData("LIE", "LI")]
    public void A_known_country_without_a_figure_gets_the_world_average_and_says_why(string zone, string alpha2)
    {
        var estimate = EmbeddedIntensity.Default.Get(zone);

        Assert.Equal(World2024, estimate.Value.GramsPerKilowattHour);
        Assert.Equal("WORLD", estimate.Provenance.Zone);
        Assert.Equal("World", estimate.Provenance.ZoneName);
        Assert.Equal(2024, estimate.Provenance.Year);
        Assert.Equal($"no annual average for {alpha2} in the embedded data; world average used", estimate.Provenance.FallbackReason);
    }

    [Fact]
    public void The_world_average_is_the_2024_figure()
    {
        var world = EmbeddedIntensity.Default.World;

        Assert.Equal(World2024, world.Value.GramsPerKilowattHour);
        Assert.Equal(("WORLD", "World", 2024, (string?)null), (world.Provenance.Zone, world.Provenance.ZoneName, world.Provenance.Year, world.Provenance.FallbackReason));
        Assert.Equal(world, EmbeddedIntensity.Default.Get("world"));
        Assert.Equal(2024, EmbeddedIntensity.Default.DataYear);
    }

    [Fact]
    public void Continent_averages_are_kept_for_the_fallback()
    {
        var europe = EmbeddedIntensity.Default.Get("CONTINENT:EU");

        Assert.Equal(Europe2024, europe.Value.GramsPerKilowattHour);
        Assert.Equal("Europe", europe.Provenance.ZoneName);
        var continents = EmbeddedIntensity.Default.Rows.Where(r => r.Kind == AnnualIntensityKind.Continent).Select(r => r.Zone);
        Assert.Equal(["CONTINENT:AF", "CONTINENT:AS", "CONTINENT:EU", "CONTINENT:NA", "CONTINENT:OC", "CONTINENT:SA"], continents);
    }

    [Fact]
    public void Every_country_continent_code_has_an_average()
    {
        foreach (var country in Countries.All.Where(c => c.Continent is not null))
        {
            Assert.NotNull(EmbeddedIntensity.Default.Find(country.ContinentZone!));
        }
    }

    [Fact]
    public void An_unknown_zone_is_an_error_with_the_closest_codes()
    {
        var exception = Assert.Throws<ArgumentException>(() => EmbeddedIntensity.Default.Get("FRX"));

        Assert.Equal("'FRX' is not a known country or zone code: did you mean FR (France), FRA (France), FRO (Faroe Islands)?", exception.Message);
    }

    [Fact]
    public async Task The_average_over_any_interval_is_the_annual_average()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var estimate = await EmbeddedIntensity.Default.GetAverageAsync("FR", start, start.AddHours(3), TestContext.Current.CancellationToken);

        Assert.Equal(EmbeddedIntensity.Default.Get("FR"), estimate);
    }

    [Fact]
    public async Task An_interval_ending_before_it_starts_is_rejected()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await Assert.ThrowsAsync<ArgumentException>(async () => await EmbeddedIntensity.Default.GetAverageAsync("FR", start, start.AddHours(-1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await EmbeddedIntensity.Default.GetAverageAsync("FR", start, start, cancelled.Token));
    }

    [Fact]
    public void Every_row_carries_its_source_year_and_licence()
    {
        var rows = EmbeddedIntensity.Default.Rows;

        Assert.Equal(221, rows.Count);
        Assert.Equal(214, rows.Count(r => r.Kind == AnnualIntensityKind.Country));
        Assert.All(rows, row =>
        {
            Assert.Equal("Ember / Our World in Data", row.Source);
            Assert.Equal("CC BY 4.0", row.Licence);
            Assert.InRange(row.Year, 2000, 2024);
            Assert.InRange(row.Value.GramsPerKilowattHour, 0, 1500);
            Assert.False(string.IsNullOrWhiteSpace(row.Name));
        });
        Assert.Equal(196, rows.Count(r => r.Kind == AnnualIntensityKind.Country && r.Year == 2024));
    }

    [Fact]
    public void Country_rows_match_the_country_table()
    {
        foreach (var row in EmbeddedIntensity.Default.Rows.Where(r => r.Kind == AnnualIntensityKind.Country))
        {
            var country = Countries.FindAlpha2(row.Zone);
            Assert.NotNull(country);
            Assert.Equal(country.Alpha3, row.Alpha3);
            Assert.Equal(country.Name, row.Name);
        }
    }

    [Fact]
    public void The_provenance_names_the_source_licence_and_year_choice()
    {
        var provenance = EmbeddedIntensity.Default.Provenance;

        Assert.Contains("https://ourworldindata.org/grapher/carbon-intensity-electricity", provenance, StringComparison.Ordinal);
        Assert.Contains("Licence: CC BY 4.0", provenance, StringComparison.Ordinal);
        Assert.Contains("Attribution: Ember", provenance, StringComparison.Ordinal);
        Assert.Contains("Data year: 2024", provenance, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_row_is_reported_with_its_line()
    {
        var text = """
            # comment
            zone,alpha3,name,kind,year,grams_per_kwh,source,licence
            WORLD,,World,world,2024,471.08,Ember / Our World in Data,CC BY 4.0
            FR,FRA,France,country,twenty,40.48,Ember / Our World in Data,CC BY 4.0
            """;

        var exception = Assert.Throws<FormatException>(() => EmbeddedIntensity.Load(new StringReader(text)));

        Assert.StartsWith("country-intensity line 4:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_a_world_row_is_rejected()
    {
        var text = """
            zone,alpha3,name,kind,year,grams_per_kwh,source,licence
            FR,FRA,France,country,2024,40.48,Ember / Our World in Data,CC BY 4.0
            """;

        var exception = Assert.Throws<FormatException>(() => EmbeddedIntensity.Load(new StringReader(text)));

        Assert.Equal("country-intensity: no world row.", exception.Message);
    }

    [Fact]
    public void Quoted_fields_are_read_as_CSV()
    {
        var text = """
            zone,alpha3,name,kind,year,grams_per_kwh,source,licence
            WORLD,,"The ""World"", all of it",world,2024,471.08,"Ember, OWID",CC BY 4.0
            """;

        var table = EmbeddedIntensity.Load(new StringReader(text));

        Assert.Equal("The \"World\", all of it", table.World.Provenance.ZoneName);
        Assert.Equal("Ember, OWID", table.Rows[0].Source);
    }
}
