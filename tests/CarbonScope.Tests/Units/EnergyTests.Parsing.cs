using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class EnergyTests
{
    [Theory]
    [InlineData("3600J", 3600.0)]
    [InlineData("2.5kWh", 9_000_000.0)]
    [InlineData("2.5 kWh", 9_000_000.0)]
    [InlineData(" 2.5 kWh ", 9_000_000.0)]
    [InlineData("\t2.5\u00A0kWh\n", 9_000_000.0)]
    [InlineData("12 Wh", 43_200.0)]
    [InlineData("1e3 J", 1000.0)]
    [InlineData("1E3J", 1000.0)]
    [InlineData("2.5e-3 kWh", 9000.0)]
    [InlineData("1.5 MJ", 1_500_000.0)]
    [InlineData("2 kJ", 2000.0)]
    [InlineData("250 mJ", 0.25)]
    [InlineData("5 µJ", 5e-6)]
    [InlineData("5 μJ", 5e-6)]
    [InlineData("5 uJ", 5e-6)]
    [InlineData("1 MWh", 3.6e9)]
    [InlineData("1 GWh", 3.6e12)]
    [InlineData("0.1 kWh", 360_000.0)]
    [InlineData("+5 J", 5.0)]
    [InlineData("-5 J", -5.0)]
    [InlineData(".5 J", 0.5)]
    [InlineData("0 kWh", 0.0)]
    [InlineData("1e-400 J", 0.0)]
    [InlineData("1.5E+310 µJ", 1.5e304)]
    [InlineData("5E-327 kJ", double.Epsilon)]
    [InlineData("12 wh", 43_200.0)]
    [InlineData("2 kwh", 7_200_000.0)]
    public void Parse_reads_a_number_and_an_energy_unit(string text, double expectedJoules)
    {
        Assert.Equal(expectedJoules, Energy.Parse(text, CultureInfo.InvariantCulture).Joules);
        Assert.True(Energy.TryParse(text, CultureInfo.InvariantCulture, out var parsed));
        Assert.Equal(expectedJoules, parsed.Joules);
    }

    [Fact]
    public void Parse_ignores_the_provider_and_always_reads_invariant_numbers()
    {
        var commaDecimal = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

        Assert.Equal(9_000_000.0, Energy.Parse("2.5 kWh", commaDecimal).Joules);
        Assert.False(Energy.TryParse("2,5 kWh", commaDecimal, out _));
    }

    [Fact]
    public void Parse_is_case_sensitive_where_a_prefix_would_change_meaning()
    {
        Assert.Equal(3.6e9, Energy.Parse("1 MWh").Joules);
        Assert.False(Energy.TryParse("1 mwh", null, out _));
        Assert.False(Energy.TryParse("1 mWh", null, out _));
        Assert.False(Energy.TryParse("1 Mwh", null, out _));
        Assert.Equal(1e6, Energy.Parse("1 MJ").Joules);
        Assert.Equal(1e-3, Energy.Parse("1 mJ").Joules);
        Assert.False(Energy.TryParse("1 mj", null, out _));
        Assert.False(Energy.TryParse("1 Mj", null, out _));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("abc", "does not start with a number")]
    [InlineData("kWh", "does not start with a number")]
    [InlineData("--1 J", "does not start with a number")]
    [InlineData("1-2 J", "does not start with a number")]
    [InlineData("1.2.3 J", "does not start with a number")]
    [InlineData("NaN J", "does not start with a number")]
    [InlineData("Infinity J", "does not start with a number")]
    [InlineData("12", "unit is missing")]
    [InlineData("12 parsecs", "'parsecs' is not a unit of energy")]
    [InlineData("12 W", "'W' is not a unit of energy")]
    [InlineData("1 mwh", "'mwh' is not a unit of energy")]
    [InlineData("1,5 kWh", "decimal point")]
    [InlineData("1,000 J", "decimal point")]
    [InlineData("1e999 J", "too large")]
    [InlineData("1e308 GWh", "too large")]
    public void Invalid_text_is_a_FormatException_that_quotes_the_input_says_why_and_gives_an_example(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Energy.Parse(text, CultureInfo.InvariantCulture));

        Assert.StartsWith($"'{text}' is not an energy: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. '2.5 kWh'", error.Message, StringComparison.Ordinal);
        Assert.False(Energy.TryParse(text, CultureInfo.InvariantCulture, out var result));
        Assert.Equal(Energy.Zero, result);
    }

    [Fact]
    public void A_unit_spelled_in_the_wrong_case_is_refused_with_a_hint()
    {
        var error = Assert.Throws<FormatException>(() => Energy.Parse("1 mwh"));

        Assert.Contains("case-sensitive", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'MWh'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_unknown_unit_message_lists_the_accepted_units()
    {
        var error = Assert.Throws<FormatException>(() => Energy.Parse("12"));

        Assert.Contains("J, kJ, MJ, Wh, kWh, MWh, GWh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_of_null_throws_and_TryParse_of_null_returns_false()
    {
        Assert.Throws<ArgumentNullException>(() => Energy.Parse(null!, null));
        Assert.False(Energy.TryParse(null, null, out var result));
        Assert.Equal(Energy.Zero, result);
    }

    [Fact]
    public void Parse_is_exact_for_decimal_input_in_any_unit()
    {
        // The number and the unit factor are both exact decimals: their product is rounded once.
        Assert.Equal(Energy.FromJoules(360), Energy.Parse("0.1 Wh"));
        Assert.Equal(Energy.FromJoules(0.3), Energy.Parse("0.3 J"));
        Assert.Equal(Energy.FromJoules(1080), Energy.Parse("0.0003 kWh"));
        Assert.Equal(Energy.FromMillijoules(1234.5678), Energy.Parse("1234.5678 mJ"));
    }
}
