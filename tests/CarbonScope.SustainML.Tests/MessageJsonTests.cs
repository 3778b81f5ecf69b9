using System.Text.Json;
using CarbonScope.Units;

namespace CarbonScope.SustainML.Tests;

public sealed class MessageJsonTests
{
    private static readonly TaskId s_task = new(3, 2);

    private static string[] PropertyNames(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    [Fact]
    public void UserInputRoundTripsWithSustainMLFieldNames()
    {
        var input = TestMessages.UserInput(s_task);

        var json = SustainMLJson.Serialize(input, redactSecrets: false);
        var read = SustainMLJson.Parse<UserInput>(json);

        Assert.Equal(
            ["task_id", "modality", "problem_short_description", "problem_definition", "inputs", "outputs", "minimum_samples",
             "maximum_samples", "optimize_carbon_footprint_manual", "previous_iteration", "optimize_carbon_footprint_auto",
             "desired_carbon_footprint", "geo_location_continent", "geo_location_region", "extra_data"],
            PropertyNames(json));
        Assert.Contains("\"task_id\":{\"problem_id\":3,\"iteration_id\":2}", json, StringComparison.Ordinal);
        Assert.Equal(s_task, read.TaskId);
        Assert.Equal(input.Modality, read.Modality);
        Assert.Equal(input.ProblemShortDescription, read.ProblemShortDescription);
        Assert.Equal(input.ProblemDefinition, read.ProblemDefinition);
        Assert.Equal(input.Inputs, read.Inputs);
        Assert.Equal(input.Outputs, read.Outputs);
        Assert.Equal(input.MinimumSamples, read.MinimumSamples);
        Assert.Equal(input.MaximumSamples, read.MaximumSamples);
        Assert.Equal(input.OptimizeCarbonFootprintManual, read.OptimizeCarbonFootprintManual);
        Assert.Equal(input.PreviousIteration, read.PreviousIteration);
        Assert.Equal(input.OptimizeCarbonFootprintAuto, read.OptimizeCarbonFootprintAuto);
        Assert.Equal(input.DesiredCarbonFootprintGrams, read.DesiredCarbonFootprintGrams);
        Assert.Equal(input.GeoLocationContinent, read.GeoLocationContinent);
        Assert.Equal(input.GeoLocationRegion, read.GeoLocationRegion);
        Assert.Equal(input.ExtraData, read.ExtraData);
        Assert.Equal(TestMessages.Token, read.ExtraData.GetString("hf_token"));
    }

    [Fact]
    public void TheSustainMLFrontEndsUserInputIsRead()
    {
        const string json = """
            {"modality":"image","problem_short_description":"s","problem_definition":"d","inputs":["img"],"outputs":["label"],
             "minimum_samples":10,"maximum_samples":20,"optimize_carbon_footprint_manual":true,"previous_iteration":0,
             "optimize_carbon_footprint_auto":false,"desired_carbon_footprint":100,"geo_location_continent":"Europe",
             "geo_location_region":"DE","extra_data":{"goal":"classification","model_restrains":["a","b"]},"unknown_field":1}
            """;

        var input = SustainMLJson.Parse<UserInput>(json);

        Assert.Equal(default, input.TaskId);
        Assert.False(input.TaskId.IsValid);
        Assert.Equal("image", input.Modality);
        Assert.Equal(100, input.DesiredCarbonFootprintGrams);
        Assert.Equal("classification", input.ExtraData.GetString("goal"));
    }

    [Fact]
    public void PipelineMessagesRoundTripWithSustainMLFieldNames()
    {
        var model = TestMessages.MLModel(s_task);
        var hardware = TestMessages.HardwareResource(s_task, 300);
        var footprint = new CO2Footprint
        {
            TaskId = s_task,
            CarbonFootprintGrams = 45.5,
            EnergyConsumptionKilowattHours = 0.3,
            CarbonIntensityGramsPerKilowattHour = 151.7,
            ExtraData = ExtraData.Parse("""{"num_outputs":2,"model_restrains":["model-3"]}"""),
        };
        var constraints = new HardwareConstraints { TaskId = s_task, MaxMemoryFootprintMegabytes = 100, HardwareRequired = ["PIM_AI_1chip"] };
        var metadata = new MLModelMetadata { TaskId = s_task, Keywords = ["nlp"], Metadata = ["text-classification"] };
        var requirements = new AppRequirements { TaskId = s_task, Requirements = ["low latency"] };

        Assert.Equal(["task_id", "model_path", "model", "raw_model", "model_properties_path", "model_properties", "input_batch", "target_latency", "extra_data"],
            PropertyNames(model.ToString()[(MLModel.TopicName.Length + 1)..]));
        Assert.Equal(["task_id", "hw_description", "power_consumption", "latency", "memory_footprint_of_ml_model", "max_hw_memory_footprint", "extra_data"],
            PropertyNames(SustainMLJson.Serialize(hardware)));
        Assert.Equal(["task_id", "carbon_footprint", "energy_consumption", "carbon_intensity", "extra_data"], PropertyNames(SustainMLJson.Serialize(footprint)));
        Assert.Equal(["task_id", "max_memory_footprint", "hardware_required", "extra_data"], PropertyNames(SustainMLJson.Serialize(constraints)));
        Assert.Equal(["task_id", "keywords", "ml_model_metadata", "extra_data"], PropertyNames(SustainMLJson.Serialize(metadata)));
        Assert.Equal(["task_id", "app_requirements", "extra_data"], PropertyNames(SustainMLJson.Serialize(requirements)));

        var modelRead = SustainMLJson.Parse<MLModel>(SustainMLJson.Serialize(model));
        Assert.Equal([1, 2, 3], modelRead.RawModel.ToArray());
        Assert.Equal(12.5, modelRead.TargetLatencyMilliseconds);
        Assert.Equal(model.InputBatch, modelRead.InputBatch);

        var hardwareRead = SustainMLJson.Parse<HardwareResource>(SustainMLJson.Serialize(hardware));
        Assert.Equal(Power.FromWatts(300), hardwareRead.PowerConsumption);
        Assert.Equal(TimeSpan.FromHours(1), hardwareRead.Latency);
        Assert.Equal(512, hardwareRead.MemoryFootprintOfMLModelMegabytes);

        var footprintRead = SustainMLJson.Parse<CO2Footprint>(SustainMLJson.Serialize(footprint));
        Assert.Equal(45.5, footprintRead.CarbonFootprint.Grams);
        Assert.Equal(0.3, footprintRead.EnergyConsumption.KilowattHours, 12);
        Assert.Equal(151.7, footprintRead.CarbonIntensity.GramsPerKilowattHour);
        Assert.Equal(footprint.ExtraData, footprintRead.ExtraData);

        Assert.Equal(100u, SustainMLJson.Parse<HardwareConstraints>(SustainMLJson.Serialize(constraints)).MaxMemoryFootprintMegabytes);
        Assert.Equal(["text-classification"], SustainMLJson.Parse<MLModelMetadata>(SustainMLJson.Serialize(metadata)).Metadata);
        Assert.Equal(["low latency"], SustainMLJson.Parse<AppRequirements>(SustainMLJson.Serialize(requirements)).Requirements);
    }

    [Fact]
    public void UnitTypedPropertiesWriteTheNamedUnits()
    {
        var footprint = new CO2Footprint
        {
            EnergyConsumption = Energy.FromWattHours(1500),
            CarbonFootprint = CarbonMass.FromKilograms(0.2),
            CarbonIntensity = CarbonIntensity.FromGramsPerKilowattHour(133),
        };
        var hardware = new HardwareResource { PowerConsumption = Power.FromKilowatts(0.25), Latency = TimeSpan.FromSeconds(2) };

        Assert.Equal(1.5, footprint.EnergyConsumptionKilowattHours, 12);
        Assert.Equal(200, footprint.CarbonFootprintGrams, 12);
        Assert.Equal(133, footprint.CarbonIntensityGramsPerKilowattHour);
        Assert.Equal(250, hardware.PowerConsumptionWatts, 12);
        Assert.Equal(2000, hardware.LatencyMilliseconds);
    }

    [Fact]
    public void StatusControlAndConfigurationMessagesUseTheIdlNames()
    {
        var status = new NodeStatus
        {
            State = NodeState.Error,
            TaskState = TaskState.Error,
            ErrorCode = ErrorCode.InternalError,
            ErrorDescription = "boom",
            NodeName = "CARBON_FOOTPRINT_NODE",
            TaskId = s_task,
        };
        var control = new NodeControl { NodeCommand = NodeCommand.Terminate, TaskCommand = TaskCommand.Preempt, TargetNode = "ML_MODEL_NODE", SourceNode = "ORCHESTRATOR_NODE", TaskId = s_task };
        var request = new ConfigurationRequest { NodeId = 2, TransactionId = 7, Configuration = "model_from_goal" };
        var response = new ConfigurationResponse { NodeId = 2, TransactionId = 7, Success = true, ErrorCode = ErrorCode.NoError, Configuration = "{}" };

        var statusJson = SustainMLJson.Serialize(status);
        Assert.Equal(["node_status", "task_status", "error_code", "error_description", "node_name", "task_id"], PropertyNames(statusJson));
        Assert.Contains("\"node_status\":\"ERROR\"", statusJson, StringComparison.Ordinal);
        Assert.Contains("\"error_code\":\"INTERNAL_ERROR\"", statusJson, StringComparison.Ordinal);
        var statusRead = SustainMLJson.Parse<NodeStatus>(statusJson);
        Assert.Equal((NodeState.Error, TaskState.Error, ErrorCode.InternalError, "boom", s_task), (statusRead.State, statusRead.TaskState, statusRead.ErrorCode, statusRead.ErrorDescription, statusRead.TaskId));

        var controlJson = SustainMLJson.Serialize(control);
        Assert.Equal(["cmd_node", "cmd_task", "target_node", "source_node", "task_id"], PropertyNames(controlJson));
        Assert.Contains("\"cmd_node\":\"TERMINATE_NODE\",\"cmd_task\":\"PREEMPT_TASK\"", controlJson, StringComparison.Ordinal);
        Assert.Equal(TaskCommand.Preempt, SustainMLJson.Parse<NodeControl>(controlJson).TaskCommand);

        Assert.Equal(["node_id", "transaction_id", "configuration"], PropertyNames(SustainMLJson.Serialize(request)));
        Assert.Equal(["node_id", "transaction_id", "success", "err_code", "configuration"], PropertyNames(SustainMLJson.Serialize(response)));
        Assert.Equal("model_from_goal", SustainMLJson.Parse<ConfigurationRequest>(SustainMLJson.Serialize(request)).Configuration);
        Assert.True(SustainMLJson.Parse<ConfigurationResponse>(SustainMLJson.Serialize(response)).Success);
    }

    [Fact]
    public void EnumsAreReadFromTheirIdlNumbersToo()
    {
        var status = SustainMLJson.Parse<NodeStatus>(
            """{"node_status":4,"task_status":2,"error_code":0,"error_description":"","node_name":"X","task_id":{"problem_id":1,"iteration_id":1}}""");

        Assert.Equal(NodeState.Running, status.State);
        Assert.Equal(TaskState.Running, status.TaskState);
    }

    [Fact]
    public void TheStatusesAreInTheIdlOrder()
    {
        Assert.Equal(
            [NodeState.Inactive, NodeState.Error, NodeState.Idle, NodeState.Initializing, NodeState.Running, NodeState.Terminating],
            Enum.GetValues<NodeState>());
        Assert.Equal([0, 1, 2, 3, 4, 5], Enum.GetValues<NodeState>().Select(s => (int)s));
        Assert.Equal(["INACTIVE", "ERROR", "IDLE", "INITIALIZING", "RUNNING", "TERMINATING"], Enum.GetValues<NodeState>().Select(SustainMLNames.Name));
    }

    [Fact]
    public void TaskIdsStartAtOne()
    {
        Assert.False(default(TaskId).IsValid);
        Assert.False(new TaskId(1, 0).IsValid);
        Assert.True(new TaskId(1, 1).IsValid);
        Assert.Null(new TaskId(4, 1).PreviousIteration);
        Assert.Equal(new TaskId(4, 2), new TaskId(4, 3).PreviousIteration);
        Assert.Equal("{4, 3}", new TaskId(4, 3).ToString());
    }
}
