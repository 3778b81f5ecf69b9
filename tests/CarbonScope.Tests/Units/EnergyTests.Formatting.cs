using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class EnergyTests
{
    [Theory]
    [InlineData(44_280.0, "12.3 Wh")]
    [InlineData(350.0, "350 J")]
    [InlineData(5_220_000.0, "1.45 kWh")]
    [InlineData(0.5, "500 mJ")]
    [InlineData(0.0, "0 J")]
    [InlineData(1.0, "1 J")]
    [InlineData(1.23456, "1.23 J")]
    [InlineData(12.3456, "12.3 J")]
    [InlineData(123.456, "123 J")]
    [InlineData(3600.0, "1 Wh")]
    [InlineData(1e-7, "0.1 µJ")]
    [InlineData(2.5e-6, "2.5 µJ")]
    [InlineData(9e12, "2.5 GWh")]
    [InlineData(1.8e16, "5000 GWh")]
    [InlineData(-350.0, "-350 J")]
    [InlineData(-5_220_000.0, "-1.45 kWh")]
    [InlineData(-0.5, "-500 mJ")]
    public void ToString_picks_a_prefix_and_three_significant_digits(double joules, string expected)
    {
        Assert.Equal(expected, Energy.FromJoules(joules).ToString());
    }

    [Theory]
    [InlineData(999.96, "1 kWh")]
    [InlineData(999.5, "1 kWh")]
    [InlineData(999.49, "999 Wh")]
    [InlineData(999.4, "999 Wh")]
    [InlineData(999_960.0, "1 MWh")]
    [InlineData(-999.96, "-1 kWh")]
    public void ToString_moves_to_the_next_prefix_when_rounding_reaches_1000(double wattHours, string expected)
    {
        Assert.Equal(expected, Energy.FromWattHours(wattHours).ToString());
    }

    [Theory]
    [InlineData(0.99996, "1 J")]
    [InlineData(0.9994, "999 mJ")]
    public void ToString_moves_from_millijoules_to_joules_at_the_rounding_boundary(double joules, string expected)
    {
        Assert.Equal(expected, Energy.FromJoules(joules).ToString());
    }

    [Fact]
    public void ToString_shows_joules_between_1000_J_and_1_Wh_because_no_prefix_fits_between()
    {
        Assert.Equal("2000 J", Energy.FromJoules(2000).ToString());
        Assert.Equal("3598 J", Energy.FromJoules(3598).ToString());
        Assert.Equal("1 Wh", Energy.FromJoules(3598.7).ToString());
    }

    [Fact]
    public void Negative_zero_formats_as_zero()
    {
        Assert.Equal("0 J", (-Energy.Zero).ToString());
    }

    [Fact]
    public void Default_G_null_and_empty_formats_are_the_same()
    {
        var energy = Energy.FromJoules(5000);

        Assert.Equal("1.39 Wh", energy.ToString());
        Assert.Equal("1.39 Wh", energy.ToString(null, null));
        Assert.Equal("1.39 Wh", energy.ToString("G", null));
        Assert.Equal("1.39 Wh", energy.ToString("g", null));
        Assert.Equal("1.39 Wh", energy.ToString(string.Empty, null));
        Assert.Equal("1.39 Wh", $"{energy}");
        Assert.Equal("1.39 Wh", string.Format(CultureInfo.InvariantCulture, "{0}", energy));
    }

    [Theory]
    [InlineData("kWh:F3", "0.012 kWh")]
    [InlineData("kWh", "0.0123 kWh")]
    [InlineData("J", "44280 J")]
    [InlineData("J:N0", "44,280 J")]
    [InlineData("Wh:F2", "12.30 Wh")]
    [InlineData("kJ", "44.3 kJ")]
    [InlineData("MJ:E2", "4.43E-002 MJ")]
    [InlineData("mJ:F0", "44280000 mJ")]
    [InlineData("µJ", "44280000000 µJ")]
    [InlineData("MWh", "1.23E-05 MWh")]
    [InlineData("GWh", "1.23E-08 GWh")]
    [InlineData("kwh:F3", "0.012 kWh")]
    [InlineData("G:F3", "12.300 Wh")]
    [InlineData("kWh:", "0.0123 kWh")]
    public void ToString_with_an_explicit_unit_uses_that_unit(string format, string expected)
    {
        Assert.Equal(expected, Energy.FromWattHours(12.3).ToString(format, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Interpolation_accepts_unit_and_number_format()
    {
        var energy = Energy.FromWattHours(1450);

        Assert.Equal("1.45 kWh", $"{energy:kWh:F2}");
        Assert.Equal("used 5220 kJ", $"used {energy:kJ:F0}");
        Assert.Equal("[ 1.45 kWh]", $"[{energy,9}]");
    }

    [Theory]
    [InlineData("parsecs")]
    [InlineData("mWh")]
    [InlineData(":F2")]
    [InlineData("W")]
    [InlineData("g CO2e")]
    public void An_unknown_unit_in_the_format_is_a_FormatException_that_lists_the_units(string format)
    {
        var error = Assert.Throws<FormatException>(() => Energy.FromJoules(1).ToString(format, null));

        Assert.Contains($"'{format}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("kWh", error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_number_format_is_a_FormatException_that_quotes_the_whole_format()
    {
        var error = Assert.Throws<FormatException>(() => Energy.FromJoules(1).ToString("kWh:Q", null));

        Assert.Contains("'kWh:Q'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Q'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_number_format_formats_the_number_in_that_culture()
    {
        var german = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", NegativeSign = "-" };
        var energy = Energy.FromWattHours(1450);

        Assert.Equal("1,45 kWh", energy.ToString(null, german));
        Assert.Equal("5.220.000 J", energy.ToString("J:N0", german));
        Assert.Equal("-1,45 kWh", (-energy).ToString("G", german));
    }

    [Fact]
    public void A_culture_passed_as_provider_formats_the_number_in_that_culture()
    {
        // The project runs with InvariantGlobalization, so real de-DE data is absent: build a culture that writes like it.
        var germanLike = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        germanLike.NumberFormat.NumberDecimalSeparator = ",";
        germanLike.NumberFormat.NumberGroupSeparator = ".";
        var energy = Energy.FromWattHours(12.3);

        Assert.Equal("12,3 Wh", energy.ToString(null, germanLike));
        Assert.Equal("0,012 kWh", string.Create(germanLike, $"{energy:kWh:F3}"));
        Assert.Equal("12.3 Wh", energy.ToString(null, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryFormat_writes_into_a_large_enough_span()
    {
        Span<char> buffer = stackalloc char[32];

        Assert.True(Energy.FromWattHours(1450).TryFormat(buffer, out var written, "kWh:F3", CultureInfo.InvariantCulture));
        Assert.Equal("1.450 kWh", buffer[..written].ToString());

        Assert.True(Energy.FromWattHours(1450).TryFormat(buffer, out written, default, null));
        Assert.Equal("1.45 kWh", buffer[..written].ToString());
    }

    [Fact]
    public void TryFormat_into_a_span_of_exactly_the_right_length_succeeds()
    {
        Span<char> buffer = stackalloc char["1.45 kWh".Length];

        Assert.True(Energy.FromWattHours(1450).TryFormat(buffer, out var written, default, null));
        Assert.Equal(8, written);
        Assert.Equal("1.45 kWh", buffer.ToString());
    }

    [Fact]
    public void TryFormat_into_a_too_small_span_returns_false()
    {
        Span<char> buffer = stackalloc char["1.45 kWh".Length - 1];

        Assert.False(Energy.FromWattHours(1450).TryFormat(buffer, out var written, default, null));
        Assert.Equal(0, written);
    }
}
