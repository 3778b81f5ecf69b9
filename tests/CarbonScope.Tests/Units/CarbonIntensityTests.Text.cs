using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class CarbonIntensityTests
{
    [Theory]
    [InlineData(150.0, "150 g CO2e/kWh")]
    [InlineData(0.5, "0.5 g CO2e/kWh")]
    [InlineData(1500.0, "1500 g CO2e/kWh")]
    [InlineData(56.789, "56.8 g CO2e/kWh")]
    [InlineData(0.0, "0 g CO2e/kWh")]
    [InlineData(-12.5, "-12.5 g CO2e/kWh")]
    public void ToString_is_always_in_grams_per_kilowatt_hour(double grams, string expected)
    {
        var intensity = CarbonIntensity.FromGramsPerKilowattHour(grams);

        Assert.Equal(expected, intensity.ToString());
        Assert.Equal(expected, intensity.ToString(string.Empty, null));
        Assert.Equal(expected, intensity.ToString("g", null));
    }

    [Theory]
    [InlineData("kg CO2e/kWh", "0.15 kg CO2e/kWh")]
    [InlineData("kg/kWh:F3", "0.150 kg CO2e/kWh")]
    [InlineData("lb CO2e/MWh:F1", "330.7 lb CO2e/MWh")]
    [InlineData("lb/MWh", "331 lb CO2e/MWh")]
    [InlineData("g/kWh:F1", "150.0 g CO2e/kWh")]
    public void ToString_with_an_explicit_unit_uses_that_unit(string format, string expected)
    {
        Assert.Equal(expected, CarbonIntensity.FromGramsPerKilowattHour(150).ToString(format, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unknown_unit_in_the_format_is_a_FormatException()
    {
        var error = Assert.Throws<FormatException>(() => CarbonIntensity.FromGramsPerKilowattHour(1).ToString("kg", null));

        Assert.Contains("'kg'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lb CO2e/MWh", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("150g/kWh", 150.0)]
    [InlineData("150 g/kWh", 150.0)]
    [InlineData("150 gCO2e/kWh", 150.0)]
    [InlineData("150 g CO2e/kWh", 150.0)]
    [InlineData("150 gCO2eq/kWh", 150.0)]
    [InlineData("150 kg/MWh", 150.0)]
    [InlineData("0.15 kg/kWh", 150.0)]
    [InlineData("0.15 t/MWh", 150.0)]
    [InlineData("331 lb/MWh", 150.13907447)]
    [InlineData("1 lbs/MWh", 0.45359237)]
    [InlineData("1 lb CO2e/MWh", 0.45359237)]
    public void Parse_reads_a_number_and_an_intensity_unit(string text, double expectedGramsPerKilowattHour)
    {
        Assert.Equal(expectedGramsPerKilowattHour, CarbonIntensity.Parse(text, null).GramsPerKilowattHour);
        Assert.True(CarbonIntensity.TryParse(text, null, out var parsed));
        Assert.Equal(expectedGramsPerKilowattHour, parsed.GramsPerKilowattHour);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("150", "unit is missing")]
    [InlineData("150 g", "'g' is not a unit of carbon intensity")]
    [InlineData("150 g/MWh", "'g/MWh' is not a unit of carbon intensity")]
    [InlineData("0,15 kg/kWh", "decimal point")]
    [InlineData("g/kWh", "does not start with a number")]
    public void Invalid_text_is_a_FormatException_that_quotes_the_input_says_why_and_gives_an_example(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => CarbonIntensity.Parse(text, null));

        Assert.StartsWith($"'{text}' is not a carbon intensity: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. '150 g/kWh'", error.Message, StringComparison.Ordinal);
        Assert.False(CarbonIntensity.TryParse(text, null, out _));
    }
}
