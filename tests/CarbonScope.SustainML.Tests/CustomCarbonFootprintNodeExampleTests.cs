using CarbonScope.Examples;
using CarbonScope.SustainML.BuiltIn;
using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Tests;

/// <summary>examples/CustomCarbonFootprintNode: a Carbon Footprint node of one's own in place of the built-in one.</summary>
public sealed class CustomCarbonFootprintNodeExampleTests
{
    [Fact]
    public async Task The_custom_node_replaces_the_built_in_one_and_multiplies_the_estimate_by_the_PUE_and_the_given_intensity()
    {
        var options = ExampleOptions.Parse(["--hardware", "nvidia t4", "--intensity", "35.5", "--pue", "1.25", "--region", "PL"]);
        using var transport = new InProcessTransport();
        var published = transport.Subscribe<CO2Footprint>();
        using var output = new StringWriter();

        var results = await ExamplePipeline.RunAsync(options, output, transport, TestContext.Current.CancellationToken);

        // The five built-in nodes ran: a model on the hardware, and the roofline estimate of it.
        Assert.Equal("NVIDIA T4", Assert.Single(results.HardwareConstraints!.HardwareRequired));
        Assert.NotEqual(MLModel.NoModel, results.MLModel!.Model);
        var hw = results.HardwareResource!;
        Assert.Equal("roofline", hw.ExtraData.GetString("estimate"));
        Assert.True(hw.PowerConsumptionWatts > 0 && hw.LatencyMilliseconds > 0);

        // Ours: W x ms / 3.6e6 (Wh) / 1000 (kWh) x PUE, times the given 35.5 g/kWh, not Poland's grid.
        var co2 = results.CO2Footprint!;
        var kilowattHours = hw.PowerConsumptionWatts * hw.LatencyMilliseconds / 3.6e6 / 1000 * 1.25;
        Assert.Equal(kilowattHours, co2.EnergyConsumptionKilowattHours, 1e-20);
        Assert.Equal(35.5, co2.CarbonIntensityGramsPerKilowattHour);
        Assert.Equal(kilowattHours * 35.5, co2.CarbonFootprintGrams, 1e-18);
        Assert.True(co2.CarbonFootprintGrams > 0);
        Assert.Equal(ContractCarbonFootprint.NodeDescription, co2.ExtraData.GetString("node"));
        Assert.Equal("given by the --intensity option of this example", co2.ExtraData.GetString("intensity"));
        Assert.Empty(results.Errors);

        // The built-in node did not run: none of its provenance, and one footprint only was published for the task.
        Assert.False(co2.ExtraData.TryGetProperty("intensity_source", out _));
        transport.Dispose();
        var footprints = new List<CO2Footprint>();
        await foreach (var message in published.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            footprints.Add(message);
        }

        Assert.Same(co2, Assert.Single(footprints));
        Assert.Contains("g CO2e per inference", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("W, latency", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_model_gives_the_built_in_failure_output_zeros_and_the_reason()
    {
        var options = ExampleOptions.Parse(["--max-memory", "1"]);
        using var output = new StringWriter();

        var results = await ExamplePipeline.RunAsync(options, output, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(MLModel.NoModel, results.MLModel!.Model);
        var co2 = results.CO2Footprint!;
        Assert.Equal((0.0, 0.0, 0.0), (co2.CarbonFootprintGrams, co2.EnergyConsumptionKilowattHours, co2.CarbonIntensityGramsPerKilowattHour));
        Assert.Equal(CarbonFootprintCalculator.ErrorPrefix + "no model fits the constraints (NO_MODEL)", co2.ExtraData.GetString("error"));
        Assert.Equal(1, co2.ExtraData.Root.GetPropertyCount());
    }

    [Fact]
    public void The_custom_node_echoes_num_outputs_and_model_restrains_for_further_models()
    {
        var input = new UserInput { ExtraData = ExtraData.Parse("""{"num_outputs": 3, "model_restrains": ["ResNet-18"], "hf_token": "secret"}""") };
        var hw = new HardwareResource { PowerConsumptionWatts = 250, LatencyMilliseconds = 7200 };
        var co2 = new CO2Footprint();

        ContractCarbonFootprint.Apply(new MLModel { Model = "ResNet-50" }, input, hw, co2, pue: 2, Units.CarbonIntensity.FromGramsPerKilowattHour(100));

        // 250 W x 7,200 ms = 0.5 Wh = 0.0005 kWh; x PUE 2 = 0.001 kWh; x 100 g/kWh = 0.1 g.
        Assert.Equal(0.001, co2.EnergyConsumptionKilowattHours, 1e-15);
        Assert.Equal(0.1, co2.CarbonFootprintGrams, 1e-12);
        Assert.Equal(0.0005, co2.ExtraData.Root.GetProperty("device_energy_kwh").GetDouble(), 1e-15);
        Assert.Equal(3, co2.ExtraData.Root.GetProperty("num_outputs").GetInt32());
        Assert.Equal(["ResNet-50", "ResNet-18"], co2.ExtraData.Root.GetProperty("model_restrains").EnumerateArray().Select(e => e.GetString()));
        Assert.False(co2.ExtraData.TryGetProperty("hf_token", out _));
    }

    [Theory]
    [InlineData("--pue", "0.9")]
    [InlineData("--intensity", "-1")]
    [InlineData("--hardware", "PIM_AI_1chip")]
    [InlineData("--colour", "green")]
    public void Bad_options_are_rejected_with_the_option_named(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ExampleOptions.Parse([name, value]));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
