using CarbonScope.SustainML.BuiltIn;
using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CarbonScope.SustainML.Tests.BuiltIn;

public sealed class BuiltInNodesTests : IDisposable
{
    private readonly InProcessTransport _transport = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestMessages.Timeout());
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public BuiltInNodesTests() =>
        _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _transport.Dispose();
        _loggerFactory.Dispose();
    }

    private Task Start() => BuiltInNodes.Create(_transport, new BuiltInOptions { LoggerFactory = _loggerFactory }).RunAsync(_stop.Token);

    [Fact]
    public async Task RunAsyncExceptRejectsAnIdThatIsNoBuiltInNodeAndRunsNone()
    {
        var nodes = BuiltInNodes.Create(_transport);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => nodes.RunAsync([NodeId.CarbonFootprint, NodeId.Orchestrator], _stop.Token));

        Assert.Contains("Orchestrator is not a built-in node", error.Message, StringComparison.Ordinal);
        Assert.Equal(NodeState.Inactive, nodes.AppRequirements.State);
    }

    [Fact]
    public async Task SixNodesTurnOneUserInputIntoACO2Footprint()
    {
        using var models = new Collector<MLModel>(_transport);
        using var constraints = new Collector<HardwareConstraints>(_transport);
        using var resources = new Collector<HardwareResource>(_transport);
        using var footprints = new Collector<CO2Footprint>(_transport);
        var run = Start();
        var task = new TaskId(1, 1);

        await _transport.PublishAsync(
            new UserInput
            {
                TaskId = task,
                Modality = "image",
                ProblemShortDescription = "Classify photos of plants",
                GeoLocationContinent = "Europe",
                GeoLocationRegion = "fr",
                ExtraData = ExtraData.Parse($$"""{"hardware_required":"NVIDIA T4","max_memory_footprint":100,"type":"CNNs","hf_token":"{{TestMessages.Token}}"}"""),
            },
            _stop.Token);

        var co2 = await footprints.NextAsync();
        var model = await models.NextAsync();
        var hw = await resources.NextAsync();
        var constraint = await constraints.NextAsync();
        await _stop.CancelAsync();
        await run;

        Assert.Equal(task, co2.TaskId);
        Assert.Equal("ConvNeXt-Tiny", model.Model);
        Assert.Equal("NVIDIA T4", hw.HardwareDescription);
        Assert.True(hw.PowerConsumptionWatts > 7 && hw.LatencyMilliseconds > 0);
        Assert.Equal(hw.PowerConsumptionWatts * (hw.LatencyMilliseconds / 3_600_000) / 1000, co2.EnergyConsumptionKilowattHours, 15);
        Assert.Equal(40.48, co2.CarbonIntensityGramsPerKilowattHour);
        Assert.Equal(co2.EnergyConsumptionKilowattHours * 40.48, co2.CarbonFootprintGrams, 15);
        Assert.Equal(TestMessages.Token, constraint.ExtraData.GetString("hf_token"));
        Assert.DoesNotContain(TestMessages.Token, constraint.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestMessages.Token, co2.ExtraData.ToJson(redactSecrets: false), StringComparison.Ordinal);
        foreach (var record in _logs.GetSnapshot())
        {
            Assert.DoesNotContain(TestMessages.Token, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TestMessages.Token, string.Join(";", record.StructuredState ?? []), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheNextIterationOfAProblemGetsACheaperModelThanThePreviousOne()
    {
        using var models = new Collector<MLModel>(_transport);
        using var footprints = new Collector<CO2Footprint>(_transport);
        var nodes = BuiltInNodes.Create(_transport, new BuiltInOptions { LoggerFactory = _loggerFactory });
        // Iteration 1: three same-task inputs and three baselines (its own model, resources, footprint) reach the provider.
        var delivered = TestMessages.Deliveries(nodes.MLModel, 6);
        var run = nodes.RunAsync(_stop.Token);
        UserInput Input(uint iteration) => new()
        {
            TaskId = new TaskId(1, iteration),
            Modality = "image",
            ProblemDefinition = "classify photos of plants",
            GeoLocationRegion = "fr",
            PreviousIteration = (int)iteration - 1,
            ExtraData = ExtraData.Parse("""{"hardware_required":"NVIDIA T4","max_memory_footprint":100,"type":"CNNs","previous_problem_id":1}"""),
        };

        await _transport.PublishAsync(Input(1), _stop.Token);
        var first = (await models.NextAsync(), await footprints.NextAsync());
        await delivered.WaitAsync(_stop.Token);
        await _transport.PublishAsync(Input(2), _stop.Token);
        var second = (await models.NextAsync(), await footprints.NextAsync());
        await _stop.CancelAsync();
        await run;

        Assert.Equal(("ConvNeXt-Tiny", "ResNet-50"), (first.Item1.Model, second.Item1.Model));
        Assert.Equal(first.Item2.CarbonFootprintGrams, second.Item1.ExtraData.Root.GetProperty("baseline").GetProperty("carbon_footprint_g").GetDouble());
        Assert.True(second.Item2.CarbonFootprintGrams < first.Item2.CarbonFootprintGrams);
    }

    [Fact]
    public async Task TheDefaultHardwareGivesNoEstimateAndTheFootprintSaysWhy()
    {
        using var footprints = new Collector<CO2Footprint>(_transport);
        var run = Start();

        await _transport.PublishAsync(new UserInput { TaskId = new TaskId(2, 1), Modality = "text", ProblemDefinition = "spam filter", GeoLocationRegion = "DE", ExtraData = ExtraData.Parse("""{"max_memory_footprint":2000}""") }, _stop.Token);

        var co2 = await footprints.NextAsync();
        await _stop.CancelAsync();
        await run;

        Assert.Equal(0.0, co2.CarbonFootprintGrams);
        Assert.StartsWith("Failed to obtain carbon footprint information: the hardware estimate failed: Unknown hardware 'PIM_AI_1chip'", co2.ExtraData.GetString("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoModelPropagatesToZerosAndErrors()
    {
        using var resources = new Collector<HardwareResource>(_transport);
        using var footprints = new Collector<CO2Footprint>(_transport);
        var run = Start();

        await _transport.PublishAsync(
            new UserInput { TaskId = new TaskId(3, 1), Modality = "text", ProblemDefinition = "a chatbot", GeoLocationRegion = "FR", ExtraData = ExtraData.Parse("""{"hardware_required":"NVIDIA T4","max_memory_footprint":5}""") },
            _stop.Token);

        var hw = await resources.NextAsync();
        var co2 = await footprints.NextAsync();
        await _stop.CancelAsync();
        await run;

        Assert.Equal((0.0, 0.0), (hw.PowerConsumptionWatts, hw.LatencyMilliseconds));
        Assert.Contains("NO_MODEL", hw.ExtraData.GetString("error"), StringComparison.Ordinal);
        Assert.Equal((0.0, 0.0, 0.0), (co2.CarbonFootprintGrams, co2.EnergyConsumptionKilowattHours, co2.CarbonIntensityGramsPerKilowattHour));
        Assert.Equal("Failed to obtain carbon footprint information: no model fits the constraints (NO_MODEL)", co2.ExtraData.GetString("error"));
    }

    [Fact]
    public async Task ConfigurationCommandsAreAnsweredAndAnythingElseIsUnsupported()
    {
        using var responses = new Collector<ConfigurationResponse>(_transport);
        var run = Start();
        (NodeId Node, string Command)[] requests =
        [
            (NodeId.HardwareResources, "hardwares"),
            (NodeId.MLModelMetadata, "modality"),
            (NodeId.MLModelMetadata, "problem_from_modality, audio"),
            (NodeId.MLModel, "model_from_goal, text-classification, NVIDIA T4, Transformers"),
            (NodeId.HardwareResources, "modality"),
            (NodeId.HardwareConstraints, "hardwares"),
            (NodeId.CarbonFootprint, "intensity"),
            (NodeId.AppRequirements, "requirements"),
        ];
        for (var i = 0; i < requests.Length; i++)
        {
            await _transport.PublishAsync(new ConfigurationRequest { NodeId = (int)requests[i].Node, TransactionId = i, Configuration = requests[i].Command }, _stop.Token);
        }

        var received = (await responses.TakeAsync(requests.Length)).OrderBy(r => r.TransactionId).ToList();
        await _stop.CancelAsync();
        await run;

        Assert.All(received.Take(4), r => Assert.True(r.Success && r.ErrorCode == ErrorCode.NoError));
        Assert.StartsWith("{\"hardwares\":\"AMD Instinct MI250X, ", received[0].Configuration, StringComparison.Ordinal);
        Assert.Equal("""{"modality":"audio, image, text"}""", received[1].Configuration);
        Assert.Equal("""{"problem_from_modality":"automatic-speech-recognition"}""", received[2].Configuration);
        Assert.Equal("""{"model_from_goal":"BERT-large, RoBERTa-base, BERT-base, DistilBERT-base"}""", received[3].Configuration);
        for (var i = 4; i < requests.Length; i++)
        {
            Assert.False(received[i].Success);
            Assert.Equal(ErrorCode.InternalError, received[i].ErrorCode);
            Assert.Equal((int)requests[i].Node, received[i].NodeId);
            Assert.Equal("{\"error\":\"Unsupported configuration request: " + requests[i].Command + "\"}", received[i].Configuration);
        }
    }
}
