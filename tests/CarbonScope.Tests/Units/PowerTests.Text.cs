using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class PowerTests
{
    [Theory]
    [InlineData(300.0, "300 W")]
    [InlineData(1500.0, "1.5 kW")]
    [InlineData(0.25, "250 mW")]
    [InlineData(2.5e6, "2.5 MW")]
    [InlineData(999.96, "1 kW")]
    [InlineData(0.0, "0 W")]
    [InlineData(-1500.0, "-1.5 kW")]
    [InlineData(42.195, "42.2 W")]
    public void ToString_picks_a_prefix_and_three_significant_digits(double watts, string expected)
    {
        Assert.Equal(expected, Power.FromWatts(watts).ToString());
    }

    [Theory]
    [InlineData("W", "1500 W")]
    [InlineData("kW:F3", "1.500 kW")]
    [InlineData("mW:N0", "1,500,000 mW")]
    [InlineData("MW", "0.0015 MW")]
    public void ToString_with_an_explicit_unit_uses_that_unit(string format, string expected)
    {
        Assert.Equal(expected, Power.FromWatts(1500).ToString(format, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unknown_unit_in_the_format_is_a_FormatException()
    {
        var error = Assert.Throws<FormatException>(() => Power.FromWatts(1).ToString("kWh", null));

        Assert.Contains("'kWh'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mW, W, kW, MW", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Formatting_honours_the_provider_and_interpolation()
    {
        var commaDecimal = new NumberFormatInfo { NumberDecimalSeparator = "," };
        var power = Power.FromWatts(1500);

        Assert.Equal("1,5 kW", power.ToString(null, commaDecimal));
        Assert.Equal("1.50 kW", $"{power:kW:F2}");
        Span<char> tooSmall = stackalloc char[5];
        Assert.False(power.TryFormat(tooSmall, out var written, default, null));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("300W", 300.0)]
    [InlineData("1.5 kW", 1500.0)]
    [InlineData("250 mW", 0.25)]
    [InlineData("1 MW", 1e6)]
    [InlineData("1 mW", 1e-3)]
    [InlineData(" 2 kw ", 2000.0)]
    [InlineData("1e3 W", 1000.0)]
    [InlineData("-5 W", -5.0)]
    [InlineData("7 w", 7.0)]
    public void Parse_reads_a_number_and_a_power_unit(string text, double expectedWatts)
    {
        Assert.Equal(expectedWatts, Power.Parse(text, null).Watts);
        Assert.True(Power.TryParse(text, null, out var parsed));
        Assert.Equal(expectedWatts, parsed.Watts);
    }

    [Fact]
    public void A_megawatt_and_a_milliwatt_differ_by_case_and_other_casings_are_refused()
    {
        Assert.Equal(1e9, Power.Parse("1 MW").Watts / Power.Parse("1 mW").Watts);
        Assert.False(Power.TryParse("1 mw", null, out _));
        Assert.False(Power.TryParse("1 Mw", null, out _));
        Assert.Contains("did you mean 'mW' or 'MW'?", Assert.Throws<FormatException>(() => Power.Parse("1 mw")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("abc", "does not start with a number")]
    [InlineData("12", "unit is missing")]
    [InlineData("12 parsecs", "'parsecs' is not a unit of power")]
    [InlineData("1,5 kW", "decimal point")]
    [InlineData("kW", "does not start with a number")]
    [InlineData("--1 W", "does not start with a number")]
    [InlineData("NaN W", "does not start with a number")]
    [InlineData("1e999 W", "too large")]
    [InlineData("1 kWh", "'kWh' is not a unit of power")]
    public void Invalid_text_is_a_FormatException_that_quotes_the_input_says_why_and_gives_an_example(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Power.Parse(text, null));

        Assert.StartsWith($"'{text}' is not a power: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. '300 W'", error.Message, StringComparison.Ordinal);
        Assert.False(Power.TryParse(text, null, out _));
    }
}
