using CarbonScope.Footprint;
using CarbonScope.Units;

namespace CarbonScope.Tests.Footprint;

public class CarbonFootprintTests
{
    [Fact]
    public void Emissions_are_device_energy_times_PUE_times_intensity()
    {
        var facility = CarbonFootprint.FacilityEnergy(Energy.FromKilowattHours(2), 1.5);
        var emissions = CarbonFootprint.Emissions(facility, CarbonIntensity.FromGramsPerKilowattHour(50));

        Assert.Equal(3, facility.KilowattHours, 12);
        Assert.Equal(150, emissions.Grams, 9);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.58)]
    [InlineData(5.0)]
    public void PUEs_from_one_to_five_are_accepted(double pue)
    {
        Assert.Equal(2 * pue, CarbonFootprint.FacilityEnergy(Energy.FromKilowattHours(2), pue).KilowattHours, 12);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.0)]
    [InlineData(-1.5)]
    [InlineData(5.01)]
    [InlineData(6.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Other_PUEs_are_rejected(double pue)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => CarbonFootprint.FacilityEnergy(Energy.FromKilowattHours(2), pue));

        Assert.Equal("pue", exception.ParamName);
    }
}
