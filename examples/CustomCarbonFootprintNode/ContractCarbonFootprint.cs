using System.Buffers;
using System.Text.Json;
using CarbonScope.Footprint;
using CarbonScope.SustainML;
using CarbonScope.SustainML.BuiltIn;
using CarbonScope.SustainML.Nodes;
using CarbonScope.Units;

namespace CarbonScope.Examples;

/// <summary>
/// A Carbon Footprint node of your own: the footprint of one inference in a data centre with a given PUE, powered under
/// a contract (e.g. a power purchase agreement) whose intensity you know, instead of the grid average of the user's region.
/// </summary>
/// <remarks>
/// <para>energy_consumption (kWh) = power_consumption (W) × latency (ms) ÷ 3,600,000 ÷ 1000 × PUE (the facility's energy);</para>
/// <para>carbon_intensity (g CO2e/kWh) = the given intensity; carbon_footprint (g CO2e) = energy_consumption × carbon_intensity.</para>
/// <para>The user's region is not used. Failures are the built-in node's (SustainML's): zeros and an <c>error</c>.</para>
/// </remarks>
public static class ContractCarbonFootprint
{
    /// <summary>What this node writes as <c>extra_data.node</c>, so that a reader knows which node computed the figures.</summary>
    public const string NodeDescription = "examples/CustomCarbonFootprintNode (contract intensity x PUE)";

    /// <summary>What this node writes as <c>extra_data.intensity</c>: where the intensity comes from.</summary>
    public const string IntensityProvenance = "given by the --intensity option of this example";

    /// <summary>The node, written with the template API: the callback fills the output of each task.</summary>
    /// <param name="pue">The data centre's power usage effectiveness, from 1 to 5.</param>
    /// <param name="intensity">The intensity of the contracted electricity.</param>
    /// <param name="options">The transport and how the node runs.</param>
    public static CarbonFootprintNode Create(double pue, CarbonIntensity intensity, NodeOptions options)
    {
        CarbonFootprint.ValidatePue(pue);
        return new CarbonFootprintNode(
            callback: (mlModel, userInput, hw, status, co2) => Apply(mlModel, userInput, hw, co2, pue, intensity),
            configurationCallback: (request, response) =>
            {
                // One command of our own; anything else keeps the framework's "unsupported" answer.
                if (request.Configuration?.Trim() == "contract")
                {
                    response.Success = true;
                    response.ErrorCode = ErrorCode.NoError;
                    response.Configuration = ExtraDataOf(w =>
                    {
                        w.WriteNumber("pue", pue);
                        w.WriteNumber("intensity_g_per_kwh", intensity.GramsPerKilowattHour);
                    }).ToJson();
                }
            },
            options: options);
    }

    /// <summary>Fills <paramref name="co2"/> for one task (the node's callback; public so that it can be tested alone).</summary>
    public static void Apply(MLModel mlModel, UserInput userInput, HardwareResource hw, CO2Footprint co2, double pue, CarbonIntensity intensity)
    {
        ArgumentNullException.ThrowIfNull(co2);

        // The built-in node's checks and failure output: NO_MODEL, an error from HW Resources, a bad power or latency.
        if (CarbonFootprintCalculator.InputError(mlModel, hw) is { } reason)
        {
            CarbonFootprintCalculator.Fail(co2, reason);
            return;
        }

        try
        {
            var device = CarbonFootprintCalculator.Energy(hw.PowerConsumptionWatts, hw.LatencyMilliseconds);
            var facility = CarbonFootprint.FacilityEnergy(device, pue);
            co2.EnergyConsumption = facility;
            co2.CarbonIntensity = intensity;
            co2.CarbonFootprint = CarbonFootprint.Emissions(facility, intensity);
            co2.ExtraData = ExtraDataOf(w =>
            {
                w.WriteString("node", NodeDescription);
                w.WriteString("intensity", IntensityProvenance);
                w.WriteNumber("pue", pue);
                w.WriteNumber("device_energy_kwh", device.KilowattHours);
                w.WriteString("units", "energy_consumption kWh (device energy x PUE), carbon_intensity g CO2e/kWh, carbon_footprint g CO2e, per inference");

                // num_outputs and model_restrains, as the built-in node writes them, so that the orchestrator can iterate.
                CarbonFootprintCalculator.WriteFurtherModelsRequest(w, mlModel, userInput);
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            CarbonFootprintCalculator.Fail(co2, e.Message);
        }
    }

    /// <summary>An <c>extra_data</c> object written by <paramref name="write"/> (between its braces).</summary>
    internal static ExtraData ExtraDataOf(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return ExtraData.FromUtf8(buffer.WrittenSpan);
    }
}
