using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public partial class CarbonIntensityTests
{
    [Fact]
    public void One_pound_per_megawatt_hour_is_exactly_0_45359237_grams_per_kilowatt_hour()
    {
        Assert.Equal(0.45359237, CarbonIntensity.GramsPerKilowattHourInOnePoundPerMegawattHour);
        Assert.Equal(0.45359237, CarbonIntensity.FromPoundsPerMegawattHour(1).GramsPerKilowattHour);
        Assert.Equal(1.0, CarbonIntensity.FromGramsPerKilowattHour(0.45359237).PoundsPerMegawattHour);
    }

    [Fact]
    public void Pounds_per_megawatt_hour_are_converted_with_one_rounding()
    {
        // 331 x 0.45359237 = 150.13907447 exactly; the factory rounds the exact product once, as Parse does.
        Assert.Equal(150.13907447, CarbonIntensity.FromPoundsPerMegawattHour(331).GramsPerKilowattHour);
        Assert.Equal(CarbonIntensity.Parse("331 lb/MWh"), CarbonIntensity.FromPoundsPerMegawattHour(331));
        Assert.Equal(1000.0, CarbonIntensity.FromPoundsPerMegawattHour(1000 / 0.45359237).GramsPerKilowattHour, 1e-10);
    }

    [Fact]
    public void Factories_store_grams_per_kilowatt_hour()
    {
        Assert.Equal(150.0, CarbonIntensity.FromGramsPerKilowattHour(150).GramsPerKilowattHour);
        Assert.Equal(default, CarbonIntensity.Zero);
        Assert.Equal(default, CarbonIntensity.AdditiveIdentity);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Factories_reject_NaN_and_infinity_naming_the_parameter(double value)
    {
        Assert.Equal("gramsPerKilowattHour", Assert.Throws<ArgumentOutOfRangeException>(() => CarbonIntensity.FromGramsPerKilowattHour(value)).ParamName);
        Assert.Equal("poundsPerMegawattHour", Assert.Throws<ArgumentOutOfRangeException>(() => CarbonIntensity.FromPoundsPerMegawattHour(value)).ParamName);
    }

    [Fact]
    public void Extreme_pound_values_convert_without_overflow_or_underflow_to_infinity()
    {
        Assert.Equal(double.MaxValue * 0.45359237, CarbonIntensity.FromPoundsPerMegawattHour(double.MaxValue).GramsPerKilowattHour, 1e293);
        Assert.Equal(-double.MaxValue * 0.45359237, CarbonIntensity.FromPoundsPerMegawattHour(-double.MaxValue).GramsPerKilowattHour, 1e293);
        Assert.Equal(double.Epsilon, CarbonIntensity.FromPoundsPerMegawattHour(2 * double.Epsilon).GramsPerKilowattHour);
        Assert.Equal(0.0, CarbonIntensity.FromPoundsPerMegawattHour(0).GramsPerKilowattHour);
    }

    [Fact]
    public void Equality_hash_and_ordering_follow_the_grams_per_kilowatt_hour()
    {
        ValueTypeContract.AssertEqualityAndOrdering(CarbonIntensity.FromGramsPerKilowattHour(150), CarbonIntensity.Parse("0.15 kg/kWh"), CarbonIntensity.FromGramsPerKilowattHour(151));
    }

    [Fact]
    public void Sums_differences_scaling_and_ratios()
    {
        var a = CarbonIntensity.FromGramsPerKilowattHour(300);
        var b = CarbonIntensity.FromGramsPerKilowattHour(100);

        Assert.Equal(400.0, (a + b).GramsPerKilowattHour);
        Assert.Equal(200.0, (a - b).GramsPerKilowattHour);
        Assert.Equal(-200.0, (b - a).GramsPerKilowattHour);
        Assert.Equal(750.0, (a * 2.5).GramsPerKilowattHour);
        Assert.Equal(750.0, (2.5 * a).GramsPerKilowattHour);
        Assert.Equal(75.0, (a / 4).GramsPerKilowattHour);
        Assert.Equal(3.0, a / b);
        Assert.Equal(a + b, CarbonIntensity.Add(a, b));
        Assert.Equal(a - b, CarbonIntensity.Subtract(a, b));
        Assert.Equal(a * 2.5, CarbonIntensity.Multiply(a, 2.5));
        Assert.Equal(a / 4, CarbonIntensity.Divide(a, 4));
    }

    [Fact]
    public void Invalid_operands_and_overflow_are_rejected()
    {
        var huge = CarbonIntensity.FromGramsPerKilowattHour(double.MaxValue);

        Assert.Equal("left", Assert.Throws<ArgumentOutOfRangeException>(() => double.NaN * huge).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentOutOfRangeException>(() => huge / 0).ParamName);
        Assert.Throws<OverflowException>(() => huge + huge);
    }
}
