using System.Numerics;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

/// <summary>The units plug into .NET generic math: one Sum works for every quantity.</summary>
public class GenericMathTests
{
    [Fact]
    public void Sum_adds_energies()
    {
        Assert.Equal(Energy.FromJoules(3600 + 1000 + 0.5), Sum([Energy.FromWattHours(1), Energy.FromKilojoules(1), Energy.FromMillijoules(500)]));
    }

    [Fact]
    public void Sum_adds_powers()
    {
        Assert.Equal(Power.FromWatts(1300.25), Sum([Power.FromKilowatts(1), Power.FromWatts(300), Power.FromMilliwatts(250)]));
    }

    [Fact]
    public void Sum_adds_carbon_intensities()
    {
        Assert.Equal(CarbonIntensity.FromGramsPerKilowattHour(450), Sum([CarbonIntensity.FromGramsPerKilowattHour(150), CarbonIntensity.FromGramsPerKilowattHour(300)]));
    }

    [Fact]
    public void Sum_adds_carbon_masses()
    {
        Assert.Equal(CarbonMass.FromGrams(1_001_500), Sum([CarbonMass.FromTonnes(1), CarbonMass.FromKilograms(1.5)]));
    }

    [Fact]
    public void Sum_of_nothing_is_zero()
    {
        Assert.Equal(Energy.Zero, Sum(Array.Empty<Energy>()));
        Assert.Equal(CarbonMass.Zero, Sum(Array.Empty<CarbonMass>()));
    }

    [Fact]
    public void Generic_comparison_finds_the_largest()
    {
        Assert.Equal(Power.FromKilowatts(1), Largest([Power.FromWatts(5), Power.FromKilowatts(1), Power.FromMilliwatts(3)]));
    }

    private static T Sum<T>(IEnumerable<T> values)
        where T : IAdditionOperators<T, T, T>, IAdditiveIdentity<T, T>
    {
        var total = T.AdditiveIdentity;
        foreach (var value in values)
        {
            total += value;
        }

        return total;
    }

    private static T Largest<T>(IEnumerable<T> values)
        where T : IComparisonOperators<T, T, bool>
    {
        return values.Aggregate((a, b) => a > b ? a : b);
    }
}
