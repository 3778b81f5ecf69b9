using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class EnergyTests
{
    [Fact]
    public void Sum_and_difference_add_joules()
    {
        var a = Energy.FromWattHours(2);
        var b = Energy.FromJoules(800);

        Assert.Equal(8000.0, (a + b).Joules);
        Assert.Equal(6400.0, (a - b).Joules);
        Assert.Equal(-6400.0, (b - a).Joules);
        Assert.Equal(a + b, Energy.Add(a, b));
        Assert.Equal(a - b, Energy.Subtract(a, b));
    }

    [Fact]
    public void Zero_is_neutral_for_addition()
    {
        var a = Energy.FromJoules(123.456);

        Assert.Equal(a, a + Energy.Zero);
        Assert.Equal(a, Energy.Zero + a);
        Assert.Equal(a, a - Energy.Zero);
    }

    [Fact]
    public void Negation_flips_the_sign()
    {
        Assert.Equal(-5.0, (-Energy.FromJoules(5)).Joules);
        Assert.Equal(5.0, Energy.Negate(Energy.FromJoules(-5)).Joules);
    }

    [Fact]
    public void Scaling_by_a_number_works_in_both_orders()
    {
        var energy = Energy.FromWattHours(10);

        Assert.Equal(90_000.0, (energy * 2.5).Joules);
        Assert.Equal(90_000.0, (2.5 * energy).Joules);
        Assert.Equal(9_000.0, (energy / 4).Joules);
        Assert.Equal(energy * 2.5, Energy.Multiply(energy, 2.5));
        Assert.Equal(energy / 4, Energy.Divide(energy, 4));
        Assert.Equal(-36_000.0, (energy * -1).Joules);
    }

    [Fact]
    public void Ratio_of_two_energies_is_a_plain_number()
    {
        Assert.Equal(0.25, Energy.FromWattHours(1) / Energy.FromWattHours(4));
        Assert.Equal(1000.0, Energy.FromKilowattHours(1) / Energy.FromWattHours(1));
    }

    [Fact]
    public void Ratio_to_zero_follows_double_division()
    {
        // Like TimeSpan / TimeSpan, the ratio is a bare double, so it keeps IEEE semantics.
        Assert.Equal(double.PositiveInfinity, Energy.FromJoules(1) / Energy.Zero);
        Assert.True(double.IsNaN(Energy.Zero / Energy.Zero));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Scaling_by_a_non_finite_number_is_rejected_naming_the_factor(double factor)
    {
        var energy = Energy.FromJoules(1);

        Assert.Equal("right", Assert.Throws<ArgumentOutOfRangeException>(() => energy * factor).ParamName);
        Assert.Equal("left", Assert.Throws<ArgumentOutOfRangeException>(() => factor * energy).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentOutOfRangeException>(() => energy / factor).ParamName);
    }

    [Fact]
    public void Scaling_zero_by_infinity_is_rejected_rather_than_giving_NaN()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Energy.Zero * double.PositiveInfinity);
    }

    [Fact]
    public void Division_by_zero_is_rejected_naming_the_divisor()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Energy.FromJoules(1) / 0.0);

        Assert.Equal("right", error.ParamName);
        Assert.Contains("zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_beyond_the_range_of_a_double_overflow()
    {
        var huge = Energy.FromJoules(double.MaxValue);

        Assert.Throws<OverflowException>(() => huge + huge);
        Assert.Throws<OverflowException>(() => -huge - huge);
        Assert.Throws<OverflowException>(() => huge * 2);
        Assert.Throws<OverflowException>(() => huge / 0.5);
        var error = Assert.Throws<OverflowException>(() => Energy.Add(huge, huge));
        Assert.Contains("energy", error.Message, StringComparison.Ordinal);
    }
}
