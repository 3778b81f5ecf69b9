using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

/// <summary>The operators between different quantities: only those physics allows exist.</summary>
public class PhysicalArithmeticTests
{
    [Fact]
    public void Power_times_duration_is_energy()
    {
        Assert.Equal(3600.0, (Power.FromWatts(1) * TimeSpan.FromHours(1)).Joules);
        Assert.Equal(2_160_000.0, (Power.FromWatts(300) * TimeSpan.FromHours(2)).Joules);
        Assert.Equal(0.6, (Power.FromWatts(300) * TimeSpan.FromHours(2)).KilowattHours);
    }

    [Fact]
    public void Duration_times_power_is_energy()
    {
        Assert.Equal(1500.0, (TimeSpan.FromSeconds(5) * Power.FromWatts(300)).Joules);
        Assert.Equal(Power.FromKilowatts(1.5) * TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3) * Power.FromKilowatts(1.5));
    }

    [Fact]
    public void Power_times_a_tick_keeps_sub_second_precision()
    {
        Assert.Equal(1e-5, (Power.FromWatts(100) * TimeSpan.FromTicks(1)).Joules, 1e-20);
        Assert.Equal(Energy.Zero, Power.FromWatts(100) * TimeSpan.Zero);
    }

    [Fact]
    public void Power_times_duration_overflows_rather_than_giving_infinity()
    {
        Assert.Throws<OverflowException>(() => Power.FromWatts(double.MaxValue) * TimeSpan.FromHours(1));
    }

    [Fact]
    public void Energy_divided_by_duration_is_mean_power()
    {
        Assert.Equal(300.0, (Energy.FromKilowattHours(0.6) / TimeSpan.FromHours(2)).Watts);
        Assert.Equal(2.0, (Energy.FromJoules(1) / TimeSpan.FromMilliseconds(500)).Watts);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(-36_000_000_000L)]
    public void Energy_divided_by_zero_or_negative_duration_is_rejected(long ticks)
    {
        var duration = TimeSpan.FromTicks(ticks);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Energy.FromJoules(1) / duration);

        Assert.Equal("duration", error.ParamName);
        Assert.Equal(duration, error.ActualValue);
        Assert.Contains("Duration should be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Energy_divided_by_power_is_the_time_to_deliver_it()
    {
        Assert.Equal(TimeSpan.FromHours(2), Energy.FromKilowattHours(1) / Power.FromWatts(500));
    }

    [Fact]
    public void Energy_divided_by_power_rounds_to_the_nearest_tick()
    {
        // 2 J / 3 W = 0.666 666 66.. s = 6 666 666.6 ticks: the nearest tick, not the truncated one.
        Assert.Equal(6_666_667L, (Energy.FromJoules(2) / Power.FromWatts(3)).Ticks);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Energy_divided_by_zero_or_negative_power_is_rejected(double watts)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Energy.FromJoules(1) / Power.FromWatts(watts));

        Assert.Equal("power", error.ParamName);
        Assert.Contains("positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Energy_divided_by_power_overflows_beyond_the_range_of_timespan()
    {
        Assert.Throws<OverflowException>(() => Energy.FromJoules(1e300) / Power.FromWatts(1));
    }

    [Fact]
    public void Energy_times_intensity_is_carbon_mass_in_both_orders()
    {
        var energy = Energy.FromKilowattHours(2);
        var intensity = CarbonIntensity.FromGramsPerKilowattHour(150);

        Assert.Equal(300.0, (energy * intensity).Grams);
        Assert.Equal(300.0, (intensity * energy).Grams);
        Assert.Equal(1.45, (Energy.FromWattHours(1450) * CarbonIntensity.FromGramsPerKilowattHour(1000)).Kilograms);
    }

    [Fact]
    public void Energy_times_intensity_overflows_rather_than_giving_infinity()
    {
        Assert.Throws<OverflowException>(() => Energy.FromJoules(double.MaxValue) * CarbonIntensity.FromGramsPerKilowattHour(1e10));
    }

    [Fact]
    public void Carbon_mass_divided_by_energy_is_intensity()
    {
        Assert.Equal(150.0, (CarbonMass.FromGrams(300) / Energy.FromKilowattHours(2)).GramsPerKilowattHour);
        Assert.Equal(400.0, (CarbonMass.FromKilograms(1.2) / Energy.FromKilowattHours(3)).GramsPerKilowattHour);
    }

    [Fact]
    public void Carbon_mass_divided_by_zero_energy_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CarbonMass.FromGrams(1) / Energy.Zero);

        Assert.Equal("energy", error.ParamName);
        Assert.Contains("zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mass_over_energy_inverts_energy_times_intensity()
    {
        var r = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var energy = Energy.FromKilowattHours(r.NextDouble() * 100 + 0.001);
            var intensity = CarbonIntensity.FromGramsPerKilowattHour(r.NextDouble() * 900 + 1);

            Assert.Equal(intensity.GramsPerKilowattHour, ((energy * intensity) / energy).GramsPerKilowattHour, 1e-9);
        }
    }
}
