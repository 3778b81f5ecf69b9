using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class PowerTests
{
    [Fact]
    public void Factories_store_watts_and_read_backs_convert()
    {
        Assert.Equal(300.0, Power.FromWatts(300).Watts);
        Assert.Equal(1500.0, Power.FromKilowatts(1.5).Watts);
        Assert.Equal(0.25, Power.FromMilliwatts(250).Watts);
        Assert.Equal(250_000.0, Power.FromWatts(250).Milliwatts);
        Assert.Equal(0.25, Power.FromWatts(250).Kilowatts);
    }

    [Fact]
    public void Zero_is_the_default_value()
    {
        Assert.Equal(default, Power.Zero);
        Assert.Equal(default, Power.AdditiveIdentity);
        Assert.Equal(0.0, Power.Zero.Watts);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Factories_reject_NaN_and_infinity_naming_the_parameter(double value)
    {
        Assert.Equal("watts", Assert.Throws<ArgumentOutOfRangeException>(() => Power.FromWatts(value)).ParamName);
        Assert.Equal("milliwatts", Assert.Throws<ArgumentOutOfRangeException>(() => Power.FromMilliwatts(value)).ParamName);
        Assert.Equal("kilowatts", Assert.Throws<ArgumentOutOfRangeException>(() => Power.FromKilowatts(value)).ParamName);
    }

    [Fact]
    public void Kilowatts_that_overflow_once_in_watts_are_rejected()
    {
        Assert.Equal("kilowatts", Assert.Throws<ArgumentOutOfRangeException>(() => Power.FromKilowatts(1e306)).ParamName);
    }

    [Fact]
    public void Equality_hash_and_ordering_follow_the_watts()
    {
        ValueTypeContract.AssertEqualityAndOrdering(Power.FromKilowatts(1), Power.FromWatts(1000), Power.FromWatts(1000.5));
        ValueTypeContract.AssertEqualityAndOrdering(Power.FromMilliwatts(-1), Power.FromWatts(-0.001), Power.Zero);
    }

    [Fact]
    public void Sums_differences_scaling_and_ratios()
    {
        var a = Power.FromWatts(300);
        var b = Power.FromWatts(100);

        Assert.Equal(400.0, (a + b).Watts);
        Assert.Equal(200.0, (a - b).Watts);
        Assert.Equal(-300.0, (-a).Watts);
        Assert.Equal(750.0, (a * 2.5).Watts);
        Assert.Equal(750.0, (2.5 * a).Watts);
        Assert.Equal(75.0, (a / 4).Watts);
        Assert.Equal(3.0, a / b);
        Assert.Equal(a + b, Power.Add(a, b));
        Assert.Equal(a - b, Power.Subtract(a, b));
        Assert.Equal(-a, Power.Negate(a));
        Assert.Equal(a * 2.5, Power.Multiply(a, 2.5));
        Assert.Equal(a / 4, Power.Divide(a, 4));
    }

    [Fact]
    public void Invalid_operands_and_overflow_are_rejected()
    {
        var huge = Power.FromWatts(double.MaxValue);

        Assert.Equal("right", Assert.Throws<ArgumentOutOfRangeException>(() => Power.FromWatts(1) * double.NaN).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentOutOfRangeException>(() => Power.FromWatts(1) / 0).ParamName);
        Assert.Throws<OverflowException>(() => huge + huge);
        Assert.Throws<OverflowException>(() => huge * 10);
    }

    [Fact]
    public void Min_and_max_pick_by_value()
    {
        Assert.Equal(Power.FromWatts(1), Power.Min(Power.FromWatts(1), Power.FromKilowatts(1)));
        Assert.Equal(Power.FromKilowatts(1), Power.Max(Power.FromWatts(1), Power.FromKilowatts(1)));
    }
}
