using System.Text.Json;
using CarbonScope.SustainML.Nodes;
using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Tests.Orchestration;

/// <summary>The six pipeline nodes with small test callbacks over one transport.</summary>
/// <remarks>
/// The model provider picks the first model of <see cref="Models"/> not in <c>model_restrains</c> (forwarded by the
/// HW Constraints node in its extra_data, as the seed does), else NO_MODEL. The carbon node gives each model a fixed
/// footprint and, like the seed, adds this model to <c>model_restrains</c> when the user asks for <c>num_outputs</c>.
/// </remarks>
internal sealed class TestPipeline : IAsyncDisposable
{
    public static readonly string[] Models = ["m-a", "m-b", "m-c", "m-d"];

    public static readonly Dictionary<string, double> Carbon = new() { ["m-a"] = 500, ["m-b"] = 400, ["m-c"] = 300, ["m-d"] = 100, [MLModel.NoModel] = 0 };

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runs = [];

    public TestPipeline(ITransport transport)
    {
        var options = new NodeOptions { Transport = transport };
        Task[] runs =
        [
            new AppRequirementsNode((input, status, output) => output.Requirements = ["latency"], options: options).RunAsync(_stop.Token),
            new MLModelMetadataNode((input, status, output) => output.Keywords = [input.Modality], options: options).RunAsync(_stop.Token),
            new HardwareConstraintsNode(
                (input, status, output) =>
                {
                    output.MaxMemoryFootprintMegabytes = 100;
                    output.HardwareRequired = ["PIM_AI_1chip"];
                    output.ExtraData = input.ExtraData;
                },
                options: options).RunAsync(_stop.Token),
            new MLModelNode(
                (metadata, requirements, constraints, previousModel, previousHardware, previousFootprint, status, output) =>
                {
                    var restrained = Strings(constraints.ExtraData, "model_restrains");
                    output.Model = Models.FirstOrDefault(m => !restrained.Contains(m)) ?? MLModel.NoModel;
                },
                options: options).RunAsync(_stop.Token),
            new HardwareResourcesNode((model, requirements, constraints, status, output) => output.PowerConsumptionWatts = 10, options: options).RunAsync(_stop.Token),
            new CarbonFootprintNode(
                (model, input, hardware, status, output) =>
                {
                    output.CarbonFootprintGrams = Carbon[model.Model];
                    if (input.ExtraData.TryGetProperty("num_outputs", out var count))
                    {
                        List<string> restrains = [model.Model, .. Strings(input.ExtraData, "model_restrains")];
                        output.ExtraData = ExtraData.Parse(JsonSerializer.Serialize(new Dictionary<string, object> { ["num_outputs"] = count, ["model_restrains"] = restrains }));
                    }
                },
                options: options).RunAsync(_stop.Token),
        ];
        _runs.AddRange(runs);
    }

    public static List<string> Strings(ExtraData extraData, string key) =>
        extraData.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
            : [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs);
        _stop.Dispose();
    }
}
