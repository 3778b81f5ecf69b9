using CarbonScope.Grid;

namespace CarbonScope.Tests.Grid;

public class ZoneSelectorTests
{
    [Fact]
    public void A_given_country_is_resolved()
    {
        var selection = ZoneSelector.Select("fra", null, "Asia/Tokyo");

        Assert.Equal(new ZoneSelection("FR", ZoneOrigin.Given, "--country fra", "France", "FRA"), selection);
    }

    [Fact]
    public void A_given_zone_takes_the_country_codes()
    {
        var selection = ZoneSelector.Select(null, " KOR ", null);

        Assert.Equal(new ZoneSelection("KR", ZoneOrigin.Given, "--zone KOR", "South Korea", "KOR"), selection);
    }

    [Fact]
    public void Both_options_naming_the_same_zone_are_accepted()
    {
        var selection = ZoneSelector.Select("fr", "FRA", "Europe/Berlin");

        Assert.Equal(new ZoneSelection("FR", ZoneOrigin.Given, "--country fr and --zone FRA", "France", "FRA"), selection);
    }

    [Fact]
    public void Both_options_naming_different_zones_are_an_error()
    {
        var exception = Assert.Throws<ArgumentException>(() => ZoneSelector.Select("fr", "de", null));

        Assert.Equal("--country fr (FR) and --zone de (DE) name different zones: give one of them", exception.Message);
    }

    [Fact]
    public void An_unknown_country_lists_the_closest_codes()
    {
        Assert.False(ZoneSelector.TrySelect("FRX", null, "Europe/Paris", out var selection, out var error));

        Assert.Null(selection);
        Assert.Equal("'FRX' is not a known country or zone code: did you mean FR (France), FRA (France), FRO (Faroe Islands)?", error);
    }

    [Fact]
    public void A_grid_zone_or_cloud_region_of_the_embedded_data_is_a_zone_and_wins_over_the_country()
    {
        var grid = ZoneSelector.Select(null, "dk-dk1", null);
        var cloud = ZoneSelector.Select("FR", "aws:eu-west-3", null);

        Assert.Equal(("DK-DK1", ZoneOrigin.Given, "--zone dk-dk1"), (grid.Zone, grid.Origin, grid.Detail));
        Assert.Equal(("aws:eu-west-3", "France", "FRA"), (cloud.Zone, cloud.CountryName, cloud.CountryAlpha3));
    }

    [Fact]
    public void An_unknown_zone_says_that_zones_take_country_codes_for_now()
    {
        var exception = Assert.Throws<ArgumentException>(() => ZoneSelector.Select(null, "DE-LU", null));

        Assert.Equal(
            "'DE-LU' is not a known zone (--zone takes country codes, and the grid zones and cloud regions 'carbonscope zones' lists): did you mean DE (Germany)?",
            exception.Message);
    }

    [Theory]
    [InlineData("", null, "--country is empty: give an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA, or WORLD")]
    [InlineData(null, "  ", "--zone is empty: give an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA, or WORLD")]
    public void An_empty_option_is_an_error(string? country, string? zone, string message)
    {
        Assert.False(ZoneSelector.TrySelect(country, zone, "Europe/Paris", out _, out var error));

        Assert.Equal(message, error);
    }

    [Fact]
    public void World_can_be_given()
    {
        var selection = ZoneSelector.Select("world", null, "Europe/Paris");

        Assert.Equal(new ZoneSelection("WORLD", ZoneOrigin.Given, "--country world"), selection);
    }

    [Theory]
    [InlineData("Europe/Paris", "FR", "France", "FRA")]
    [InlineData("US/Eastern", "US", "United States", "USA")]
    [InlineData("Asia/Calcutta", "IN", "India", "IND")]
    public void Without_options_the_time_zone_gives_the_country(string timeZone, string zone, string name, string alpha3)
    {
        var selection = ZoneSelector.Select(null, null, timeZone);

        Assert.Equal(new ZoneSelection(zone, ZoneOrigin.TimeZone, $"time zone {timeZone}", name, alpha3), selection);
    }

    [Theory]
    [InlineData("UTC", "no zone given and none inferred from the time zone (UTC)")]
    [InlineData("Etc/GMT+5", "no zone given and none inferred from the time zone (Etc/GMT+5)")]
    [InlineData(null, "no zone given and no time zone to infer one from")]
    [InlineData(" ", "no zone given and no time zone to infer one from")]
    public void Without_options_or_an_inferred_country_the_world_average_is_the_default(string? timeZone, string detail)
    {
        var selection = ZoneSelector.Select(null, null, timeZone);

        Assert.Equal(new ZoneSelection("WORLD", ZoneOrigin.Default, detail), selection);
    }
}
