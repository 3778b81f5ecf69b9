using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

/// <summary>
/// Property: for every value and every unit, <c>Parse(x.ToString("&lt;unit&gt;:R")) == x</c>.
/// FsCheck is not available here, so the values come from a seeded generator: the same values on every run.
/// </summary>
public class RoundTripTests
{
    private const int RandomValuesPerUnit = 400;

    [Fact]
    public void Energy_round_trips_through_text_in_every_unit()
    {
        AssertRoundTrips(Energy.Units, Energy.FromJoules, e => e.Joules, (e, f) => e.ToString(f, CultureInfo.InvariantCulture), s => Energy.Parse(s, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Power_round_trips_through_text_in_every_unit()
    {
        AssertRoundTrips(Power.Units, Power.FromWatts, p => p.Watts, (p, f) => p.ToString(f, CultureInfo.InvariantCulture), s => Power.Parse(s, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Carbon_intensity_round_trips_through_text_in_every_unit()
    {
        AssertRoundTrips(CarbonIntensity.Units, CarbonIntensity.FromGramsPerKilowattHour, c => c.GramsPerKilowattHour, (c, f) => c.ToString(f, CultureInfo.InvariantCulture), s => CarbonIntensity.Parse(s, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Carbon_mass_round_trips_through_text_in_every_unit()
    {
        AssertRoundTrips(CarbonMass.Units, CarbonMass.FromGrams, m => m.Grams, (m, f) => m.ToString(f, CultureInfo.InvariantCulture), s => CarbonMass.Parse(s, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(100.0, "kWh", "0.1 kWh")]
    [InlineData(12.3, "kWh", "0.0123 kWh")]
    [InlineData(1450.0, "kWh", "1.45 kWh")]
    [InlineData(1.0 / 3.0, "Wh", "0.33333333333333333 Wh")]
    [InlineData(1.0 / 3.0, "J", "1200 J")]
    public void The_R_format_writes_the_shortest_text_that_parses_back(double wattHours, string unit, string expected)
    {
        var energy = Energy.FromWattHours(wattHours);

        var text = energy.ToString(unit + ":R", CultureInfo.InvariantCulture);

        Assert.Equal(expected, text);
        Assert.Equal(energy, Energy.Parse(text));
    }

    [Fact]
    public void The_R_format_uses_the_decimal_separator_of_the_provider()
    {
        var commaDecimal = new NumberFormatInfo { NumberDecimalSeparator = "," };

        Assert.Equal("1,45 kWh", Energy.FromWattHours(1450).ToString("kWh:R", commaDecimal));
        Assert.Equal("0,1 kWh", Energy.FromWattHours(100).ToString("kWh:R", commaDecimal));
    }

    private static void AssertRoundTrips<T>(IEnumerable<UnitSpelling> units, Func<double, T> fromBase, Func<T, double> toBase, Func<T, string, string> format, Func<string, T> parse)
        where T : struct, IEquatable<T>
    {
        var failures = new List<string>();
        foreach (var symbol in units.Select(u => u.Symbol))
        {
            foreach (var baseValue in Values())
            {
                var value = fromBase(baseValue);
                var text = format(value, symbol + ":R");
                if (!value.Equals(parse(text)))
                {
                    failures.Add($"{baseValue:R} -> '{text}' -> {toBase(parse(text)):R}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} values did not round-trip, e.g.:\n{string.Join("\n", failures.Take(10))}");
    }

    /// <summary>Edge values, realistic magnitudes, then arbitrary finite bit patterns (subnormals included).</summary>
    private static IEnumerable<double> Values()
    {
        double[] edges = [0, 1, -1, 0.1, 1.0 / 3, double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, 2.2250738585072014E-308, 1e-300, 1e300];
        foreach (var edge in edges)
        {
            yield return edge;
        }

        var random = new Random(42);
        for (var i = 0; i < RandomValuesPerUnit; i++)
        {
            var sign = random.Next(2) == 0 ? 1 : -1;
            yield return sign * random.NextDouble() * Math.Pow(10, random.Next(-9, 16));
        }

        for (var i = 0; i < RandomValuesPerUnit; i++)
        {
            var bits = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(bits))
            {
                yield return bits;
            }
        }
    }
}
