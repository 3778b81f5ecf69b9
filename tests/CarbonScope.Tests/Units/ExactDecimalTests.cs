using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

/// <summary>The exact decimal arithmetic behind unit conversion in Parse, the "R" format and FromPoundsPerMegawattHour.</summary>
public class ExactDecimalTests
{
    [Fact]
    public void In_the_base_unit_the_shortest_text_is_what_double_R_writes()
    {
        var one = ExactDecimal.FromFactor(1);
        var random = new Random(42);
        double[] edges = [1e15, 1e14, 123456789012345.6, 1e-5, 1e-4, 0.00012345, double.Epsilon, double.MaxValue, -0.5, 100, 1.0 / 3];
        var values = edges.Concat(Enumerable.Range(0, 2000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue))))
            .Concat(Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * Math.Pow(10, random.Next(-8, 18))))
            .Where(double.IsFinite);

        foreach (var value in values)
        {
            Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), ExactDecimal.ShortestQuotient(value, one).ToString(NumberFormatInfo.InvariantInfo));
        }
    }

    [Theory]
    [InlineData("2.5", 3.6e6, 9e6)]
    [InlineData("5", 1e-6, 5e-6)]
    [InlineData("331", 0.45359237, 150.13907447)]
    [InlineData("0.15", 1e3, 150.0)]
    [InlineData("-1.5E+310", 1e-6, -1.5e304)]
    [InlineData("5E-327", 1e3, double.Epsilon)]
    [InlineData(".5", 3600.0, 1800.0)]
    public void A_decimal_times_a_unit_factor_is_rounded_once(string number, double factor, double expected)
    {
        Assert.True(ExactDecimal.TryParse(number, out var exact));

        Assert.Equal(expected, exact.Multiply(ExactDecimal.FromFactor(factor)).ToDouble());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("1 ")]
    [InlineData("1e99999999999999999999")]
    public void Malformed_or_unrepresentable_numbers_are_not_read(string number)
    {
        Assert.False(ExactDecimal.TryParse(number, out _));
    }

    [Fact]
    public void The_exact_value_of_a_double_is_its_full_binary_expansion()
    {
        var invariant = NumberFormatInfo.InvariantInfo;

        Assert.Equal("0.1000000000000000055511151231257827021181583404541015625", ExactDecimal.FromDouble(0.1).ToString(invariant));
        Assert.Equal("-0.5", ExactDecimal.FromDouble(-0.5).ToString(invariant));
        Assert.Equal("9007199254740992", ExactDecimal.FromDouble(9007199254740992).ToString(invariant));
        Assert.Equal("1E+22", ExactDecimal.FromDouble(1e22).ToString(invariant));
        var epsilon = ExactDecimal.FromDouble(double.Epsilon).ToString(invariant);
        Assert.StartsWith("4.9406564584124654", epsilon, StringComparison.Ordinal);
        Assert.EndsWith("E-324", epsilon, StringComparison.Ordinal);
        Assert.Equal(double.Epsilon, ExactDecimal.FromDouble(double.Epsilon).ToDouble());
    }
}
