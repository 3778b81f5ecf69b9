using CarbonScope.Footprint;
using CarbonScope.Units;

namespace CarbonScope.Tests.Footprint;

public class EquivalentsTests
{
    [Fact]
    public void The_car_factor_is_the_EEA_2024_figure_with_its_source_and_licence()
    {
        var factor = Assert.Single(Equivalents.Factors);

        Assert.Equal("eu-new-car-km", factor.Key);
        Assert.Equal(106.8, factor.PerUnit.Grams);
        Assert.Equal("km", factor.Unit);
        Assert.Equal("driven by an average new car in the EU", factor.Description);
        Assert.Equal(2024, factor.Year);
        Assert.Equal("EEA 2024, via carbontracker", factor.Source);
        Assert.Contains("MIT", factor.Licence, StringComparison.Ordinal);
        Assert.Equal("www.eea.europa.eu", factor.Url.Host);
        Assert.Contains("carbontracker", Equivalents.Provenance, StringComparison.Ordinal);
    }

    [Fact]
    public void The_amount_is_the_emissions_divided_by_the_factor()
    {
        var equivalent = Assert.Single(Equivalents.For(CarbonMass.FromKilograms(1)));

        Assert.Equal(1000 / 106.8, equivalent.Amount, 12);
        Assert.Equal("km", equivalent.Unit);
        Assert.Equal("driven by an average new car in the EU", equivalent.Description);
        Assert.Equal("EEA 2024, via carbontracker", equivalent.Source);
    }

    [Fact]
    public void An_equivalent_reads_as_one_line()
    {
        var equivalent = Assert.Single(Equivalents.For(CarbonMass.FromGrams(85.44)));

        Assert.Equal("0.8 km driven by an average new car in the EU (EEA 2024, via carbontracker)", Equivalents.Describe(equivalent));
    }

    [Fact]
    public void No_emissions_are_no_distance()
    {
        Assert.Equal(0, Assert.Single(Equivalents.For(CarbonMass.Zero)).Amount);
    }

    [Theory]
    [InlineData(0.7996, "0.8")]
    [InlineData(1234.5, "1235")]
    [InlineData(12.34, "12.3")]
    [InlineData(1.0051, "1.01")]
    [InlineData(0.001234, "0.00123")]
    [InlineData(0, "0")]
    [InlineData(-2.5, "-2.5")]
    public void Amounts_keep_three_significant_digits(double amount, string text)
    {
        Assert.Equal(text, Equivalents.FormatAmount(amount));
    }
}
