using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public class CarbonMassTests
{
    [Fact]
    public void Factories_store_grams_and_read_backs_convert()
    {
        Assert.Equal(1450.0, CarbonMass.FromKilograms(1.45).Grams);
        Assert.Equal(3e6, CarbonMass.FromTonnes(3).Grams);
        Assert.Equal(12.0, CarbonMass.FromGrams(12).Grams);
        Assert.Equal(1.45, CarbonMass.FromGrams(1450).Kilograms);
        Assert.Equal(0.00145, CarbonMass.FromGrams(1450).Tonnes);
        Assert.Equal(default, CarbonMass.Zero);
        Assert.Equal(default, CarbonMass.AdditiveIdentity);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Factories_reject_NaN_and_infinity_naming_the_parameter(double value)
    {
        Assert.Equal("grams", Assert.Throws<ArgumentOutOfRangeException>(() => CarbonMass.FromGrams(value)).ParamName);
        Assert.Equal("kilograms", Assert.Throws<ArgumentOutOfRangeException>(() => CarbonMass.FromKilograms(value)).ParamName);
        Assert.Equal("tonnes", Assert.Throws<ArgumentOutOfRangeException>(() => CarbonMass.FromTonnes(value)).ParamName);
    }

    [Fact]
    public void Kilograms_and_tonnes_that_overflow_once_in_grams_are_rejected()
    {
        Assert.Equal("kilograms", Assert.Throws<ArgumentOutOfRangeException>(() => CarbonMass.FromKilograms(1e306)).ParamName);
        Assert.Equal("tonnes", Assert.Throws<ArgumentOutOfRangeException>(() => CarbonMass.FromTonnes(1e303)).ParamName);
    }

    [Fact]
    public void Equality_hash_and_ordering_follow_the_grams()
    {
        ValueTypeContract.AssertEqualityAndOrdering(CarbonMass.FromKilograms(1), CarbonMass.FromGrams(1000), CarbonMass.FromTonnes(0.001001));
    }

    [Fact]
    public void Sums_differences_scaling_and_ratios()
    {
        var a = CarbonMass.FromKilograms(3);
        var b = CarbonMass.FromGrams(500);

        Assert.Equal(3500.0, (a + b).Grams);
        Assert.Equal(2500.0, (a - b).Grams);
        Assert.Equal(-3000.0, (-a).Grams);
        Assert.Equal(1000.0, (b * 2).Grams);
        Assert.Equal(1000.0, (2 * b).Grams);
        Assert.Equal(750.0, (a / 4).Grams);
        Assert.Equal(6.0, a / b);
        Assert.Equal(a + b, CarbonMass.Add(a, b));
        Assert.Equal(a - b, CarbonMass.Subtract(a, b));
        Assert.Equal(-a, CarbonMass.Negate(a));
        Assert.Equal(b * 2, CarbonMass.Multiply(b, 2));
        Assert.Equal(a / 4, CarbonMass.Divide(a, 4));
        Assert.Equal(a, CarbonMass.Max(a, b));
        Assert.Equal(b, CarbonMass.Min(a, b));
    }

    [Fact]
    public void Invalid_operands_and_overflow_are_rejected()
    {
        var huge = CarbonMass.FromGrams(double.MaxValue);

        Assert.Equal("right", Assert.Throws<ArgumentOutOfRangeException>(() => huge * double.PositiveInfinity).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentOutOfRangeException>(() => huge / 0).ParamName);
        Assert.Throws<OverflowException>(() => huge - -huge);
    }

    [Theory]
    [InlineData(1450.0, "1.45 kg CO2e")]
    [InlineData(12.0, "12 g CO2e")]
    [InlineData(0.5, "500 mg CO2e")]
    [InlineData(3e6, "3 t CO2e")]
    [InlineData(999_960.0, "1 t CO2e")]
    [InlineData(2.5e12, "2500000 t CO2e")]
    [InlineData(0.0, "0 g CO2e")]
    [InlineData(-1450.0, "-1.45 kg CO2e")]
    public void ToString_picks_a_prefix_and_says_CO2e(double grams, string expected)
    {
        Assert.Equal(expected, CarbonMass.FromGrams(grams).ToString());
    }

    [Theory]
    [InlineData("g", "1234 g CO2e")]
    [InlineData("g:F1", "1234.0 g CO2e")]
    [InlineData("kg:F1", "1.2 kg CO2e")]
    [InlineData("t", "0.00123 t CO2e")]
    [InlineData("mg:N0", "1,234,000 mg CO2e")]
    [InlineData("kgCO2e:F2", "1.23 kg CO2e")]
    [InlineData("G", "1.23 kg CO2e")]
    public void ToString_with_an_explicit_unit_uses_that_unit(string format, string expected)
    {
        Assert.Equal(expected, CarbonMass.FromGrams(1234).ToString(format, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Formatting_honours_the_provider_and_interpolation()
    {
        var mass = CarbonMass.FromGrams(1450);

        Assert.Equal("1,45 kg CO2e", mass.ToString(null, new NumberFormatInfo { NumberDecimalSeparator = "," }));
        Assert.Equal("1.450 kg CO2e", $"{mass:kg:F3}");
        Assert.Throws<FormatException>(() => mass.ToString("lb", null));
    }

    [Theory]
    [InlineData("1.2 kg", 1200.0)]
    [InlineData("500g", 500.0)]
    [InlineData("3 t", 3e6)]
    [InlineData("12 kgCO2e", 12_000.0)]
    [InlineData("1.45 kg CO2e", 1450.0)]
    [InlineData("250 mg", 0.25)]
    [InlineData("2 tonnes", 2e6)]
    [InlineData("7 gCO2eq", 7.0)]
    public void Parse_reads_a_number_and_a_mass_unit(string text, double expectedGrams)
    {
        Assert.Equal(expectedGrams, CarbonMass.Parse(text, null).Grams);
        Assert.True(CarbonMass.TryParse(text, null, out var parsed));
        Assert.Equal(expectedGrams, parsed.Grams);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("12", "unit is missing")]
    [InlineData("12 lb", "'lb' is not a unit of CO2e mass")]
    [InlineData("1 MG", "'MG' is not a unit of CO2e mass")]
    [InlineData("1,2 kg", "decimal point")]
    [InlineData("kg", "does not start with a number")]
    public void Invalid_text_is_a_FormatException_that_quotes_the_input_says_why_and_gives_an_example(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => CarbonMass.Parse(text, null));

        Assert.StartsWith($"'{text}' is not a CO2e mass: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. '1.2 kg'", error.Message, StringComparison.Ordinal);
        Assert.False(CarbonMass.TryParse(text, null, out _));
    }
}
