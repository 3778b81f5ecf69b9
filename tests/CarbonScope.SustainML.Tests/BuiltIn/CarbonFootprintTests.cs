using CarbonScope.Grid;
using CarbonScope.SustainML.BuiltIn;
using CarbonScope.Units;

namespace CarbonScope.SustainML.Tests.BuiltIn;

public sealed class CarbonFootprintTests
{
    private static readonly TaskId s_task = new(1, 1);

    // 250 W for 7,200 ms: 250 x (7200 / 3,600,000) h = 0.5 Wh = 0.0005 kWh.
    private const double Energy = 0.0005;

    private static async Task<CO2Footprint> Footprint(string region, string continent = "", string extra = "{}", string model = "ResNet-50", HardwareResource? hardware = null, ICarbonIntensitySource? source = null)
    {
        var output = new CO2Footprint { TaskId = s_task };
        await new CarbonFootprintCalculator(source).ApplyAsync(
            new MLModel { TaskId = s_task, Model = model },
            new UserInput { TaskId = s_task, GeoLocationRegion = region, GeoLocationContinent = continent, ExtraData = ExtraData.Parse(extra) },
            hardware ?? new HardwareResource { TaskId = s_task, PowerConsumptionWatts = 250, LatencyMilliseconds = 7200 },
            output,
            TestContext.Current.CancellationToken);
        return output;
    }

    [Fact]
    public void EnergyIsWattsTimesMillisecondsInHoursOverAThousand()
    {
        Assert.Equal(250 * (7200 / 3_600_000.0) / 1000, CarbonFootprintCalculator.Energy(250, 7200).KilowattHours, 15);
        Assert.Equal(100 * (3_600_000 / 3_600_000.0) / 1000, CarbonFootprintCalculator.Energy(100, 3_600_000).KilowattHours, 15);
    }

    [Theory]
    [InlineData("FR")]
    [InlineData("fr")]
    [InlineData(" Fr ")]
    public async Task FranceUsesItsOwnAverageInAnyCase(string region)
    {
        var co2 = await Footprint(region);

        Assert.Equal(Energy, co2.EnergyConsumptionKilowattHours, 15);
        Assert.Equal(40.48, co2.CarbonIntensityGramsPerKilowattHour);
        Assert.Equal(Energy * 40.48, co2.CarbonFootprintGrams, 12);
        Assert.Equal("region", co2.ExtraData.GetString("intensity_level"));
        Assert.Equal("FR", co2.ExtraData.GetString("intensity_zone"));
        Assert.Equal(EmbeddedIntensity.SourceName, co2.ExtraData.GetString("intensity_source"));
        Assert.Null(co2.ExtraData.GetString("intensity_fallback_reason"));
    }

    [Fact]
    public async Task ACountryWithoutAFigureFallsBackToItsContinent()
    {
        // Andorra has no figure in the embedded table; Europe's average is 270.63766 g/kWh.
        var co2 = await Footprint("ad");

        Assert.Equal(270.63766, co2.CarbonIntensityGramsPerKilowattHour);
        Assert.Equal(Energy * 270.63766, co2.CarbonFootprintGrams, 12);
        Assert.Equal("continent", co2.ExtraData.GetString("intensity_level"));
        Assert.Equal("CONTINENT:EU", co2.ExtraData.GetString("intensity_zone"));
        Assert.Equal("no figure for AD in embedded:ember-owid (it answered for WORLD); continent average used", co2.ExtraData.GetString("intensity_fallback_reason"));
    }

    [Fact]
    public async Task AnUnknownRegionUsesTheUsersContinent()
    {
        var co2 = await Footprint("XX", "Europe");

        Assert.Equal(Energy * 270.63766, co2.CarbonFootprintGrams, 12);
        Assert.Equal("continent", co2.ExtraData.GetString("intensity_level"));
        Assert.StartsWith("'XX' is not an ISO 3166-1 alpha-2 country code", co2.ExtraData.GetString("intensity_fallback_reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownRegionWithoutAContinentUsesTheWorld()
    {
        var co2 = await Footprint("XX");

        Assert.Equal(471.08, co2.CarbonIntensityGramsPerKilowattHour);
        Assert.Equal(Energy * 471.08, co2.CarbonFootprintGrams, 12);
        Assert.Equal("world", co2.ExtraData.GetString("intensity_level"));
        Assert.Equal("WORLD", co2.ExtraData.GetString("intensity_zone"));
    }

    [Fact]
    public async Task ALiveSourceIsUsedForTheCountryAndItsFailureFallsBackToTheContinent()
    {
        var live = new FixedSource(new IntensityEstimate(CarbonIntensity.FromGramsPerKilowattHour(55), new IntensityProvenance("test-live", "FR", IntensityKind.Measured, IntensitySignal.Average)));

        var co2 = await Footprint("fr", source: live);

        Assert.Equal(Energy * 55, co2.CarbonFootprintGrams, 12);
        Assert.Equal("test-live", co2.ExtraData.GetString("intensity_source"));
        Assert.Equal("measured", co2.ExtraData.GetString("intensity_kind"));

        var failed = await Footprint("FR", source: new FixedSource(null));

        Assert.Equal(Energy * 270.63766, failed.CarbonFootprintGrams, 12);
        Assert.Contains("provider down", failed.ExtraData.GetString("intensity_fallback_reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NumOutputsEchoesTheModelRestrainsButNoSecret()
    {
        var co2 = await Footprint("FR", extra: $$"""{"num_outputs":3,"model_restrains":["ResNet-18"],"hf_token":"{{TestMessages.Token}}"}""");

        Assert.Equal(3, co2.ExtraData.Root.GetProperty("num_outputs").GetInt32());
        Assert.Equal(["ResNet-50", "ResNet-18"], co2.ExtraData.Root.GetProperty("model_restrains").EnumerateArray().Select(e => e.GetString()));
        Assert.False(co2.ExtraData.TryGetProperty("hf_token", out _));
        Assert.DoesNotContain(TestMessages.Token, co2.ExtraData.ToJson(redactSecrets: false), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutNumOutputsThereIsNoEcho()
    {
        var co2 = await Footprint("FR", extra: """{"model_restrains":["ResNet-18"]}""");

        Assert.False(co2.ExtraData.TryGetProperty("model_restrains", out _));
    }

    [Fact]
    public async Task NoModelGivesZerosAndTheSeedsError()
    {
        var co2 = await Footprint("FR", extra: """{"num_outputs":3}""", model: MLModel.NoModel,
            hardware: new HardwareResource { TaskId = s_task, ExtraData = ExtraData.Parse("""{"error":"No model to estimate"}""") });

        Assert.Equal((0.0, 0.0, 0.0), (co2.CarbonFootprintGrams, co2.EnergyConsumptionKilowattHours, co2.CarbonIntensityGramsPerKilowattHour));
        Assert.Equal("""{"error":"Failed to obtain carbon footprint information: no model fits the constraints (NO_MODEL)"}""", co2.ExtraData.ToJson());
    }

    [Fact]
    public async Task AHardwareErrorIsPassedOn()
    {
        var co2 = await Footprint("FR", hardware: new HardwareResource { TaskId = s_task, ExtraData = ExtraData.Parse("""{"error":"Unknown hardware 'X'."}""") });

        Assert.Equal(0.0, co2.CarbonFootprintGrams);
        Assert.Equal("Failed to obtain carbon footprint information: the hardware estimate failed: Unknown hardware 'X'.", co2.ExtraData.GetString("error"));
    }

    private sealed class FixedSource(IntensityEstimate? estimate) : ICarbonIntensitySource
    {
        public ValueTask<IntensityEstimate> GetAverageAsync(string zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default) =>
            estimate is null ? throw new IntensityProviderException("provider down") : ValueTask.FromResult(estimate);
    }
}
