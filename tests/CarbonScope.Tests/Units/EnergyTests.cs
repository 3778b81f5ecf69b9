using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class EnergyTests
{
    [Theory]
    [InlineData("FromJoules", 1.0, 1.0)]
    [InlineData("FromMillijoules", 1.0, 0.001)]
    [InlineData("FromMicrojoules", 1.0, 0.000001)]
    [InlineData("FromKilojoules", 1.0, 1000.0)]
    [InlineData("FromWattHours", 1.0, 3600.0)]
    [InlineData("FromKilowattHours", 1.0, 3_600_000.0)]
    [InlineData("FromKilowattHours", 2.5, 9_000_000.0)]
    [InlineData("FromWattHours", 12.3, 44_280.0)]
    [InlineData("FromMillijoules", 1_234_567.0, 1_234.567)]
    public void Factories_store_joules(string factory, double value, double expectedJoules)
    {
        Assert.Equal(expectedJoules, Create(factory, value).Joules);
    }

    [Fact]
    public void Read_backs_convert_from_joules()
    {
        var energy = Energy.FromJoules(7200);

        Assert.Equal(7200.0, energy.Joules);
        Assert.Equal(7_200_000.0, energy.Millijoules);
        Assert.Equal(7_200_000_000.0, energy.Microjoules);
        Assert.Equal(7.2, energy.Kilojoules);
        Assert.Equal(2.0, energy.WattHours);
        Assert.Equal(0.002, energy.KilowattHours);
    }

    [Fact]
    public void Kilowatt_hours_are_converted_with_one_rounding()
    {
        // 3.6e6 is exact in binary, so x * 3.6e6 is the correctly rounded product; x * 3600 * 1000 rounds twice.
        var r = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var kilowattHours = r.NextDouble() * 1000;
            Assert.Equal(kilowattHours * 3.6e6, Energy.FromKilowattHours(kilowattHours).Joules);
        }
    }

    [Fact]
    public void Zero_is_the_default_value()
    {
        Assert.Equal(default, Energy.Zero);
        Assert.Equal(default, Energy.AdditiveIdentity);
        Assert.Equal(0.0, Energy.Zero.Joules);
        Assert.True(Energy.Zero == Energy.FromKilowattHours(0));
    }

    [Theory]
    [InlineData("FromJoules", "joules")]
    [InlineData("FromMillijoules", "millijoules")]
    [InlineData("FromMicrojoules", "microjoules")]
    [InlineData("FromKilojoules", "kilojoules")]
    [InlineData("FromWattHours", "wattHours")]
    [InlineData("FromKilowattHours", "kilowattHours")]
    public void Factories_reject_NaN_and_infinity_naming_the_parameter(string factory, string parameter)
    {
        foreach (var value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => Create(factory, value));
            Assert.Equal(parameter, error.ParamName);
            Assert.Equal(value, error.ActualValue);
            Assert.Contains("finite", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("FromKilojoules", "kilojoules")]
    [InlineData("FromWattHours", "wattHours")]
    [InlineData("FromKilowattHours", "kilowattHours")]
    public void Factories_reject_values_that_overflow_once_in_joules(string factory, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Create(factory, -1e306));

        Assert.Equal(parameter, error.ParamName);
        Assert.Equal(-1e306, error.ActualValue);
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factories_accept_the_largest_finite_values()
    {
        Assert.Equal(double.MaxValue, Energy.FromJoules(double.MaxValue).Joules);
        Assert.Equal(double.Epsilon, Energy.FromJoules(double.Epsilon).Joules);
        Assert.Equal(-5.0, Energy.FromJoules(-5).Joules);
    }

    [Fact]
    public void Equality_hash_and_ordering_follow_the_joules()
    {
        ValueTypeContract.AssertEqualityAndOrdering(Energy.FromWattHours(1), Energy.FromJoules(3600), Energy.FromJoules(3600.000001));
        ValueTypeContract.AssertEqualityAndOrdering(Energy.FromJoules(-1), Energy.FromMillijoules(-1000), Energy.Zero);
    }

    [Fact]
    public void Negative_zero_equals_zero_and_hashes_alike()
    {
        var negativeZero = -Energy.Zero;

        Assert.Equal(Energy.Zero, negativeZero);
        Assert.True(negativeZero == Energy.Zero);
        Assert.Equal(0, negativeZero.CompareTo(Energy.Zero));
        Assert.Equal(Energy.Zero.GetHashCode(), negativeZero.GetHashCode());
    }

    [Fact]
    public void Values_work_as_dictionary_keys()
    {
        var byEnergy = new Dictionary<Energy, string> { [Energy.FromKilowattHours(1)] = "one" };

        Assert.Equal("one", byEnergy[Energy.FromWattHours(1000)]);
    }

    [Fact]
    public void Min_and_max_pick_by_value()
    {
        var small = Energy.FromJoules(1);
        var large = Energy.FromWattHours(1);

        Assert.Equal(small, Energy.Min(small, large));
        Assert.Equal(small, Energy.Min(large, small));
        Assert.Equal(large, Energy.Max(small, large));
        Assert.Equal(large, Energy.Max(large, small));
    }

    [Fact]
    public void Sorting_orders_by_magnitude_across_units()
    {
        Energy[] values = [Energy.FromKilowattHours(1), Energy.FromJoules(-1), Energy.FromWattHours(1), Energy.Zero, Energy.FromKilojoules(1)];

        Array.Sort(values);

        Assert.Equal([-1.0, 0.0, 1000.0, 3600.0, 3_600_000.0], values.Select(e => e.Joules));
    }

    private static Energy Create(string factory, double value) => factory switch
    {
        "FromJoules" => Energy.FromJoules(value),
        "FromMillijoules" => Energy.FromMillijoules(value),
        "FromMicrojoules" => Energy.FromMicrojoules(value),
        "FromKilojoules" => Energy.FromKilojoules(value),
        "FromWattHours" => Energy.FromWattHours(value),
        "FromKilowattHours" => Energy.FromKilowattHours(value),
        _ => throw new ArgumentOutOfRangeException(nameof(factory), factory, "Unknown factory."),
    };
}
