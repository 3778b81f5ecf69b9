using CarbonScope.Grid;

namespace CarbonScope.Tests.Grid;

public class CountriesTests
{
    [Theory]
    [InlineData("FR")]
    [InlineData("fr")]
    [InlineData("fra")]
    [InlineData("FRA")]
    [InlineData(" fr ")]
    [InlineData("\tFrA\n")]
    public void Alpha2_and_alpha3_codes_resolve_in_any_case_with_surrounding_space(string input)
    {
        Assert.True(Countries.TryResolve(input, out var country, out var error));

        Assert.Null(error);
        Assert.Equal("FR", country.Alpha2);
        Assert.Equal("FRA", country.Alpha3);
        Assert.Equal("France", country.Name);
        Assert.Equal("EU", country.Continent);
        Assert.Equal("CONTINENT:EU", country.ContinentZone);
        Assert.False(country.IsWorld);
    }

    [Theory]
    [InlineData("KR", "KR", "KOR", "South Korea")]
    [InlineData("KOR", "KR", "KOR", "South Korea")]
    [InlineData("rus", "RU", "RUS", "Russia")]
    [InlineData("VNM", "VN", "VNM", "Vietnam")]
    [InlineData("and", "AD", "AND", "Andorra")]
    [InlineData("xk", "XK", "XKX", "Kosovo")]
    [InlineData("UK", "GB", "GBR", "United Kingdom")]
    public void Countries_resolve_by_either_code(string input, string alpha2, string alpha3, string name)
    {
        var country = Countries.Resolve(input);

        Assert.Equal((alpha2, alpha3, name), (country.Alpha2, country.Alpha3, country.Name));
    }

    [Theory]
    [InlineData("WORLD")]
    [InlineData("world")]
    [InlineData(" World ")]
    public void World_resolves_to_the_world(string input)
    {
        var country = Countries.Resolve(input);

        Assert.Same(Countries.World, country);
        Assert.True(country.IsWorld);
        Assert.Null(country.Continent);
        Assert.Null(country.ContinentZone);
    }

    [Fact]
    public void An_unknown_code_lists_the_closest_codes_on_one_line()
    {
        Assert.False(Countries.TryResolve("FRX", out var country, out var error));

        Assert.Null(country);
        Assert.Equal("'FRX' is not a known country or zone code: did you mean FR (France), FRA (France), FRO (Faroe Islands)?", error);
    }

    [Fact]
    public void Resolve_throws_the_same_one_line_message()
    {
        var exception = Assert.Throws<ArgumentException>(() => Countries.Resolve(" frx "));

        Assert.Equal("'frx' is not a known country or zone code: did you mean FR (France), FRA (France), FRO (Faroe Islands)?", exception.Message);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Theory]
    [InlineData("GER", "DEU (Germany)")]
    [InlineData("Germny", "DE (Germany)")]
    [InlineData("frnace", "FR (France)")]
    [InlineData("germany", "DE (Germany)")]
    [InlineData("WROLD", "WORLD (World)")]
    [InlineData("DE-LU", "DE (Germany)")]
    public void Suggestions_come_from_codes_and_names(string input, string first)
    {
        Assert.False(Countries.TryResolve(input, out _, out var error));

        Assert.StartsWith($"'{input}' is not a known country or zone code: did you mean {first}", error, StringComparison.Ordinal);
        Assert.EndsWith("?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_three_suggestions_are_given()
    {
        Assert.False(Countries.TryResolve("GER", out _, out var error));

        Assert.Equal("'GER' is not a known country or zone code: did you mean DEU (Germany), GE (Georgia), GEO (Georgia)?", error);
    }

    [Fact]
    public void Input_close_to_nothing_gets_a_hint_instead()
    {
        Assert.False(Countries.TryResolve("0123456", out _, out var error));

        Assert.Equal("'0123456' is not a known country or zone code: use an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA, or WORLD", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_input_says_so(string? input)
    {
        Assert.False(Countries.TryResolve(input, out _, out var error));

        Assert.Equal("no country or zone code given: use an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA, or WORLD", error);
    }

    [Fact]
    public void The_table_holds_every_ISO_3166_country_once()
    {
        var all = Countries.All;

        Assert.Equal(250, all.Count);
        Assert.Equal(all.Count, all.Select(c => c.Alpha2).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(all.Count, all.Select(c => c.Alpha3).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, c =>
        {
            Assert.Matches("^[A-Z]{2}$", c.Alpha2);
            Assert.Matches("^[A-Z]{3}$", c.Alpha3);
            Assert.False(string.IsNullOrWhiteSpace(c.Name));
        });
        Assert.Equal(["AQ"], all.Where(c => c.Continent is null).Select(c => c.Alpha2));
        Assert.All(all, c => Assert.True(c.Continent is null or "AF" or "AS" or "EU" or "NA" or "OC" or "SA", c.Alpha2));
        Assert.Contains("tz database", Countries.Provenance, StringComparison.Ordinal);
        Assert.Contains("iso-codes", Countries.Provenance, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("US", "NA")]
    [InlineData("BR", "SA")]
    [InlineData("PA", "NA")]
    [InlineData("IS", "EU")]
    [InlineData("MU", "AF")]
    [InlineData("AU", "OC")]
    [InlineData("JP", "AS")]
    [InlineData("NG", "AF")]
    public void Countries_carry_their_continent(string alpha2, string continent)
    {
        Assert.Equal(continent, Countries.FindAlpha2(alpha2)?.Continent);
    }

    [Theory]
    [InlineData("FRA", "FAR", 1)]
    [InlineData("FRA", "FRA", 0)]
    [InlineData("FRX", "FR", 1)]
    [InlineData("GERMNY", "GERMANY", 1)]
    [InlineData("ABC", "XYZ", 3)]
    public void Edit_distance_counts_adjacent_transpositions_as_one_edit(string a, string b, int expected)
    {
        Assert.Equal(expected, Countries.EditDistance(a, b, 5));
    }

    [Fact]
    public void Edit_distance_stops_past_its_limit()
    {
        Assert.Equal(2, Countries.EditDistance("ABCDEF", "UVWXYZ", 1));
        Assert.Equal(2, Countries.EditDistance("A", "ABCD", 1));
    }
}
