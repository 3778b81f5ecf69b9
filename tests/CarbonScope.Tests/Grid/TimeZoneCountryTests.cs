using CarbonScope.Grid;

namespace CarbonScope.Tests.Grid;

public class TimeZoneCountryTests
{
    [Theory]
    [InlineData("Europe/Paris", "FR")]
    [InlineData("America/New_York", "US")]
    [InlineData("US/Eastern", "US")]
    [InlineData("Asia/Calcutta", "IN")]
    [InlineData("Asia/Kolkata", "IN")]
    [InlineData("Europe/Belfast", "GB")]
    [InlineData("Europe/Luxembourg", "LU")]
    [InlineData("Europe/Kiev", "UA")]
    [InlineData("Asia/Seoul", "KR")]
    [InlineData("ROK", "KR")]
    [InlineData("Australia/ACT", "AU")]
    [InlineData("America/Argentina/Buenos_Aires", "AR")]
    [InlineData(" Europe/Berlin ", "DE")]
    [InlineData("europe/paris", "FR")]
    public void Zones_and_their_aliases_give_their_country(string timeZone, string alpha2)
    {
        Assert.Equal(alpha2, TimeZoneCountry.Infer(timeZone));
    }

    [Theory]
    [InlineData("Iceland", "IS")]
    [InlineData("Africa/Timbuktu", "ML")]
    [InlineData("Pacific/Truk", "FM")]
    [InlineData("America/Virgin", "VI")]
    public void Links_that_tz_merged_across_countries_keep_their_own_country(string timeZone, string alpha2)
    {
        Assert.Equal(alpha2, TimeZoneCountry.Infer(timeZone));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Etc/GMT+5")]
    [InlineData("GMT")]
    [InlineData("EST")]
    [InlineData("CET")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData(null)]
    public void UTC_Etc_legacy_and_unknown_zones_give_no_country(string? timeZone)
    {
        Assert.Null(TimeZoneCountry.Infer(timeZone));
    }

    [Fact]
    public void Every_zone_names_a_known_country()
    {
        var zones = TimeZoneCountry.Zones;

        Assert.Equal(542, zones.Count);
        Assert.All(zones, pair => Assert.NotNull(Countries.FindAlpha2(pair.Value)));
        Assert.Contains("tzdata 2025b", TimeZoneCountry.Provenance, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(":Europe/Berlin", "Europe/Berlin")]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo")]
    [InlineData(":/usr/share/zoneinfo/posix/Europe/Rome", "Europe/Rome")]
    [InlineData("/usr/share/zoneinfo/right/America/Chicago", "America/Chicago")]
    [InlineData("", "UTC")]
    [InlineData(":", "UTC")]
    [InlineData("CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST,M3.5.0,M10.5.0/3")]
    public void The_TZ_variable_names_the_zone(string tz, string expected)
    {
        var systemAsked = false;

        var id = TimeZoneCountry.MachineTimeZoneId(Environment(tz), () =>
        {
            systemAsked = true;
            return "America/Lima";
        });

        Assert.Equal(expected, id);
        Assert.False(systemAsked);
    }

    [Fact]
    public void TZ_colon_Europe_Berlin_infers_Germany()
    {
        var id = TimeZoneCountry.MachineTimeZoneId(Environment(":Europe/Berlin"), () => "UTC");

        Assert.Equal("DE", TimeZoneCountry.Infer(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(":/etc/localtime")]
    [InlineData("/usr/share/zoneinfo/")]
    public void Without_a_zone_in_TZ_the_system_zone_is_used(string? tz)
    {
        Assert.Equal("America/Lima", TimeZoneCountry.MachineTimeZoneId(Environment(tz), () => "America/Lima"));
        Assert.Null(TimeZoneCountry.MachineTimeZoneId(Environment(tz), () => null));
        Assert.Null(TimeZoneCountry.MachineTimeZoneId(Environment(tz), () => " "));
    }

    [Fact]
    public void The_real_machine_zone_is_an_id_or_null()
    {
        var id = TimeZoneCountry.MachineTimeZoneId();

        Assert.True(id is null || id.Trim().Length == id.Length && id.Length > 0, $"'{id}'");
    }

    private static Func<string, string?> Environment(string? tz) =>
        name => name == "TZ" ? tz : throw new InvalidOperationException($"unexpected variable {name}");
}
