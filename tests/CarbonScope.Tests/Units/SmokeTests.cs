using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

public class SmokeTests
{
    [Fact]
    public void Power_times_duration_is_energy()
    {
        Assert.Equal(3600.0, (Power.FromWatts(1) * TimeSpan.FromHours(1)).Joules, 9);
    }
}
