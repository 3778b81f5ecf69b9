using CarbonScope.Server;
using CarbonScope.Storage;
using CarbonScope.SustainML.Orchestration;
using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.SustainML.Tests.Orchestration;

public sealed class OrchestratorTests : IAsyncDisposable
{
    private static readonly NodeId[] s_all = [.. Orchestrator.PipelineNodes, NodeId.Orchestrator];
    private static readonly TimeSpan s_wait = TimeSpan.FromMinutes(1); // on the fake clock: never reached unless advanced

    private readonly InProcessTransport _transport = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly CancellationToken _guard = TestMessages.Timeout();
    private readonly List<IAsyncDisposable> _disposables = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _transport.Dispose();
    }

    private Orchestrator StartOrchestrator(IOrchestratorStore? store = null)
    {
        var orchestrator = new Orchestrator(new OrchestratorOptions { Transport = _transport, TimeProvider = _time, Store = store });
        orchestrator.Start();
        _disposables.Add(orchestrator);
        return orchestrator;
    }

    private void StartPipeline() => _disposables.Add(new TestPipeline(_transport));

    private static UserInput Input(int previousIteration = 0, string extraData = "{}", bool auto = false, double desired = 0) => new()
    {
        Modality = "text",
        ProblemShortDescription = "Classify reviews",
        Inputs = ["review"],
        Outputs = ["sentiment"],
        PreviousIteration = previousIteration,
        OptimizeCarbonFootprintAuto = auto,
        DesiredCarbonFootprintGrams = desired,
        GeoLocationRegion = "es",
        ExtraData = ExtraData.Parse(extraData),
    };

    private Task<TaskResults> Results(Orchestrator orchestrator, TaskId id) => orchestrator.WaitForResultsAsync(id, s_all, s_wait, _guard);

    /// <summary>Waits for iterations 1 to n of problem 1 in turn: a follow-up exists once its predecessor's results are in.</summary>
    private async Task<TaskResults> Iteration(Orchestrator orchestrator, uint n)
    {
        TaskResults? results = null;
        for (var i = 1u; i <= n; i++)
        {
            results = await Results(orchestrator, new TaskId(1, i));
        }

        return results!;
    }

    [Fact]
    public async Task TaskIdsFollowSustainMLsRules()
    {
        var orchestrator = StartOrchestrator();

        Assert.Equal(new TaskId(1, 1), await orchestrator.SubmitAsync(Input(), _guard));
        Assert.Equal(new TaskId(2, 1), await orchestrator.SubmitAsync(Input(), _guard));
        Assert.Equal(new TaskId(2, 2), await orchestrator.SubmitAsync(Input(1, """{"previous_problem_id":2}"""), _guard));
        Assert.Equal(new TaskId(1, 2), await orchestrator.SubmitAsync(Input(1, """{"previous_problem_id":"1"}"""), _guard));
        Assert.Equal(new TaskId(2, 3), await orchestrator.SubmitAsync(Input(7, """{"previous_problem_id":2}"""), _guard));
        Assert.Equal(new TaskId(3, 1), await orchestrator.SubmitAsync(Input(), _guard));

        var unknown = await Assert.ThrowsAsync<UnknownProblemException>(() => orchestrator.SubmitAsync(Input(1, """{"previous_problem_id":9}"""), _guard));
        Assert.Equal(9u, unknown.ProblemId);
        Assert.Equal("Problem 9 does not exist (problems are numbered 1 to 3).", unknown.Message);
        var missing = await Assert.ThrowsAsync<UnknownProblemException>(() => orchestrator.SubmitAsync(Input(1), _guard));
        Assert.Null(missing.ProblemId);
        Assert.Equal(new TaskId(3, 1), orchestrator.LastTaskId);
        Assert.Equal(6, orchestrator.TaskIds.Count);
        Assert.Throws<UnknownTaskException>(() => orchestrator.GetResults(new TaskId(3, 2)));
    }

    [Fact]
    public async Task TheInputIsNotModifiedAndItsCopyCarriesTheAssignedId()
    {
        var orchestrator = StartOrchestrator();
        using var published = new Collector<UserInput>(_transport);
        var input = Input();

        var id = await orchestrator.SubmitAsync(input, _guard);

        Assert.Equal(default, input.TaskId);
        Assert.Equal(id, (await published.NextAsync()).TaskId);
    }

    [Fact]
    public async Task EveryNodesOutputIsCollectedPerTask()
    {
        StartPipeline();
        var orchestrator = StartOrchestrator();

        var first = await orchestrator.SubmitAsync(Input(), _guard);
        var second = await orchestrator.SubmitAsync(Input(), _guard);
        var results = await Results(orchestrator, second);
        var firstResults = await Results(orchestrator, first);

        Assert.Equal(OrchestratedTaskState.Completed, results.State);
        Assert.Equal(["latency"], results.AppRequirements!.Requirements);
        Assert.Equal(["text"], results.MLModelMetadata!.Keywords);
        Assert.Equal(100u, results.HardwareConstraints!.MaxMemoryFootprintMegabytes);
        Assert.Equal("m-a", results.MLModel!.Model);
        Assert.Equal(10, results.HardwareResource!.PowerConsumptionWatts);
        Assert.Equal(500, results.CO2Footprint!.CarbonFootprintGrams);
        Assert.Same(results.UserInput, results.Get(NodeId.Orchestrator));
        Assert.All(results.Outputs.Values, o => Assert.Equal(second, o.TaskId));
        Assert.Equal(6, firstResults.Outputs.Count);
        Assert.All(firstResults.Outputs.Values, o => Assert.Equal(first, o.TaskId));
        Assert.Empty(results.Errors);
        Assert.Equal([first, second], orchestrator.TaskIds);
    }

    [Fact]
    public async Task NodeStatusesAreTrackedAndAnErrorStatusFinishesTheNodeForTheTask()
    {
        var orchestrator = StartOrchestrator();
        Assert.Equal(NodeState.Inactive, orchestrator.GetNodeState(NodeId.CarbonFootprint));
        Assert.All(orchestrator.GetNodeStates().Values, s => Assert.Equal(NodeState.Inactive, s));
        var id = await orchestrator.SubmitAsync(Input(), _guard);

        await _transport.PublishAsync(new NodeStatus { NodeName = "HW_RESOURCES_NODE", State = NodeState.Idle }, _guard);
        await _transport.PublishAsync(
            new NodeStatus { NodeName = "CARBON_FOOTPRINT_NODE", State = NodeState.Error, TaskState = TaskState.Error, ErrorCode = ErrorCode.InternalError, ErrorDescription = "boom", TaskId = id },
            _guard);
        var results = await orchestrator.WaitForResultsAsync(id, [NodeId.CarbonFootprint], s_wait, _guard);

        Assert.Equal("boom", results.Errors[NodeId.CarbonFootprint].ErrorDescription);
        Assert.Null(results.CO2Footprint);
        Assert.Equal(OrchestratedTaskState.Running, results.State);
        Assert.Equal(NodeState.Error, orchestrator.GetNodeState("CARBON_FOOTPRINT_NODE"));
        Assert.Equal(NodeState.Idle, orchestrator.GetNodeState(NodeId.HardwareResources));
        Assert.Equal(NodeState.Inactive, orchestrator.GetNodeStates()[NodeId.MLModel]);
    }

    [Fact]
    public async Task NumOutputs3GivesThreeIterationsWithDifferentModels()
    {
        StartPipeline();
        var orchestrator = StartOrchestrator();

        var id = await orchestrator.SubmitAsync(Input(extraData: $$"""{"num_outputs":3,"hf_token":"{{TestMessages.Token}}"}"""), _guard);
        var first = await Results(orchestrator, id);
        var second = await Results(orchestrator, new TaskId(1, 2));
        var third = await Results(orchestrator, new TaskId(1, 3));

        Assert.Equal(["m-a", "m-b", "m-c"], new[] { first, second, third }.Select(r => r.MLModel!.Model));
        Assert.Equal([new TaskId(1, 1), new TaskId(1, 2), new TaskId(1, 3)], orchestrator.TaskIds);
        Assert.Equal(["m-b", "m-a"], TestPipeline.Strings(third.UserInput.ExtraData, "model_restrains"));
        Assert.Equal(2, third.UserInput.PreviousIteration);
        Assert.Equal("1", third.UserInput.ExtraData.Root.GetProperty("previous_problem_id").GetRawText());
        Assert.Equal(TestMessages.Token, third.UserInput.ExtraData.GetString("hf_token")); // live iterations keep the user's token
    }

    [Fact]
    public async Task NumOutputsStopsAtNoModel()
    {
        StartPipeline();
        var orchestrator = StartOrchestrator();

        await orchestrator.SubmitAsync(Input(extraData: """{"num_outputs":9}"""), _guard);
        var last = await Iteration(orchestrator, 5);

        Assert.Equal(MLModel.NoModel, last.MLModel!.Model);
        Assert.Equal(5, orchestrator.TaskIds.Count);
        Assert.Equal(["m-a", "m-b", "m-c", "m-d", MLModel.NoModel], orchestrator.TaskIds.Select(t => orchestrator.GetResults(t).MLModel!.Model));
    }

    [Fact]
    public async Task AutoOptimisationStopsAfterThreeAttempts()
    {
        StartPipeline();
        var orchestrator = StartOrchestrator();

        await orchestrator.SubmitAsync(Input(auto: true, desired: 50), _guard);
        var third = await Iteration(orchestrator, 3);

        Assert.Equal(3, orchestrator.TaskIds.Count);
        Assert.Equal("m-c", third.MLModel!.Model);
        Assert.Equal(300, third.CO2Footprint!.CarbonFootprintGrams);
        Assert.Equal(3, third.UserInput.ExtraData.Root.GetProperty("auto_attempt").GetInt32());
        Assert.Equal(["m-a", "m-b"], TestPipeline.Strings(third.UserInput.ExtraData, "model_restrains"));
    }

    [Fact]
    public async Task AutoOptimisationStopsOnceUnderTheTarget()
    {
        StartPipeline();
        var orchestrator = StartOrchestrator();

        await orchestrator.SubmitAsync(Input(auto: true, desired: 450), _guard);
        var second = await Iteration(orchestrator, 2);

        Assert.Equal(400, second.CO2Footprint!.CarbonFootprintGrams);
        Assert.Equal(2, orchestrator.TaskIds.Count);
    }

    [Fact]
    public async Task AutoOptimisationDoesNothingWhenTheFirstModelIsUnderTheTarget()
    {
        StartPipeline();
        var orchestrator = StartOrchestrator();

        var id = await orchestrator.SubmitAsync(Input(auto: true, desired: 500), _guard);
        await Results(orchestrator, id);

        Assert.Single(orchestrator.TaskIds);
    }

    [Fact]
    public async Task WaitingForResultsTimesOutOnTheOrchestratorsClock()
    {
        var orchestrator = StartOrchestrator();
        var id = await orchestrator.SubmitAsync(Input(), _guard);

        var wait = orchestrator.WaitForResultsAsync(id, [NodeId.Orchestrator, NodeId.MLModel, NodeId.CarbonFootprint], TimeSpan.FromSeconds(5), _guard);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var timeout = await Assert.ThrowsAsync<ResultsTimeoutException>(() => wait);
        Assert.Equal([NodeId.MLModel, NodeId.CarbonFootprint], timeout.Missing);
        Assert.Equal("The results of task {1, 1} from ML_MODEL_NODE, CARBON_FOOTPRINT_NODE did not arrive within 5 s.", timeout.Message);
        Assert.Same(orchestrator.GetResults(id).UserInput, (await orchestrator.WaitForResultsAsync(id, [NodeId.Orchestrator], TimeSpan.Zero, _guard)).UserInput);
        await Assert.ThrowsAsync<UnknownTaskException>(() => orchestrator.WaitForResultsAsync(new TaskId(5, 1), s_all, s_wait, _guard));
    }

    [Fact]
    public async Task CancellingATaskReleasesWaitersStopsTheNodesAndIgnoresLaterOutputs()
    {
        var orchestrator = StartOrchestrator();
        using var controls = new Collector<NodeControl>(_transport);
        var cancelled = await orchestrator.SubmitAsync(Input(), _guard);
        var other = await orchestrator.SubmitAsync(Input(), _guard);
        var wait = Results(orchestrator, cancelled);

        Assert.True(await orchestrator.CancelAsync(cancelled, _guard));
        var results = await wait;

        Assert.Equal(OrchestratedTaskState.Cancelled, results.State);
        var sent = await controls.TakeAsync(6);
        Assert.Equal(Orchestrator.PipelineNodes.Select(SustainMLNames.NodeName), sent.Select(c => c.TargetNode));
        Assert.All(sent, c =>
        {
            Assert.Equal(TaskCommand.Stop, c.TaskCommand);
            Assert.Equal(NodeCommand.None, c.NodeCommand);
            Assert.Equal("ORCHESTRATOR_NODE", c.SourceNode);
            Assert.Equal(cancelled, c.TaskId);
        });

        // Outputs are handled in order per topic: once the other task's footprint is in, the cancelled one's was seen.
        await _transport.PublishAsync(new CO2Footprint { TaskId = cancelled, CarbonFootprintGrams = 1 }, _guard);
        await _transport.PublishAsync(new CO2Footprint { TaskId = other, CarbonFootprintGrams = 2 }, _guard);
        await orchestrator.WaitForResultsAsync(other, [NodeId.CarbonFootprint], s_wait, _guard);
        Assert.Empty(orchestrator.GetResults(cancelled).Outputs);
        Assert.Equal(OrchestratedTaskState.Cancelled, orchestrator.GetResults(cancelled).State);
        Assert.False(await orchestrator.CancelAsync(cancelled, _guard));
        Assert.False(await orchestrator.CancelAsync(other, _guard)); // completed
        await Assert.ThrowsAsync<UnknownTaskException>(() => orchestrator.CancelAsync(new TaskId(9, 9), _guard));
    }

    [Fact]
    public async Task CancellingATaskStopsTheCallbackRunningForItInANode()
    {
        var orchestrator = StartOrchestrator();
        using var statuses = new Collector<NodeStatus>(_transport);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopNode = new CancellationTokenSource();
        var node = new Nodes.CarbonFootprintNode(
            async (model, input, hardware, status, output, cancellationToken) =>
            {
                started.SetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    stopped.SetResult();
                    throw;
                }
            },
            options: new Nodes.NodeOptions { Transport = _transport });
        var run = node.RunAsync(stopNode.Token);
        var id = await orchestrator.SubmitAsync(Input(), _guard);
        await _transport.PublishAsync(new MLModel { TaskId = id, Model = "m-a" }, _guard);
        await _transport.PublishAsync(new HardwareResource { TaskId = id, PowerConsumptionWatts = 10 }, _guard);
        await started.Task.WaitAsync(_guard);

        Assert.True(await orchestrator.CancelAsync(id, _guard));
        await stopped.Task.WaitAsync(_guard);
        var last = (await statuses.UntilAsync(s => s.TaskId == id && s.TaskState == TaskState.Error)).Last();

        Assert.Equal(("CARBON_FOOTPRINT_NODE", NodeState.Idle, $"Task {id} stopped by STOP_TASK from ORCHESTRATOR_NODE."), (last.NodeName, last.State, last.ErrorDescription));
        await stopNode.CancelAsync();
        await run;
        Assert.Null(orchestrator.GetResults(id).CO2Footprint);
    }

    [Fact]
    public async Task CancellingATaskEndsItsChainOfIterations()
    {
        var orchestrator = StartOrchestrator();
        var id = await orchestrator.SubmitAsync(Input(extraData: """{"num_outputs":3}"""), _guard);

        await orchestrator.CancelAsync(id, _guard);
        await _transport.PublishAsync(new MLModel { TaskId = id, Model = "m-a" }, _guard);
        await _transport.PublishAsync(new CO2Footprint { TaskId = id }, _guard);
        var other = await orchestrator.SubmitAsync(Input(), _guard);
        await _transport.PublishAsync(new CO2Footprint { TaskId = other }, _guard);
        await orchestrator.WaitForResultsAsync(other, [NodeId.CarbonFootprint], s_wait, _guard);

        Assert.Equal([id, other], orchestrator.TaskIds);
    }

    [Fact]
    public async Task SecretsAreNeverStored()
    {
        StartPipeline();
        var store = new InMemoryOrchestratorStore();
        var orchestrator = StartOrchestrator(store);

        var id = await orchestrator.SubmitAsync(Input(extraData: $$"""{"hf_token":"{{TestMessages.Token}}","nested":{"api_key":"k-123"} }"""), _guard);
        var live = await Results(orchestrator, id);

        var records = store.Load();
        Assert.Equal(7, records.Count); // the user input and six outputs
        Assert.All(records, r => Assert.DoesNotContain(TestMessages.Token, r.Json, StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain("k-123", r.Json, StringComparison.Ordinal));
        Assert.Contains("\"hf_token\":\"***\"", records.Single(r => r.Name == "HW_CONSTRAINTS_NODE").Json, StringComparison.Ordinal);
        Assert.Equal(TestMessages.Token, live.UserInput.ExtraData.GetString("hf_token"));
        Assert.All(records, r => Assert.Equal(_time.GetUtcNow(), r.UpdatedAt));
    }

    [Fact]
    public async Task ARestartFromTheSqliteStoreKeepsResultsAndContinuesIds()
    {
        var path = Path.Combine(Path.GetTempPath(), "carbonscope-sustainml-tests", Guid.NewGuid().ToString("N"), "runs.db");
        try
        {
            TaskId first;
            TaskId cancelled;
            using (var sqlite = SqliteRunStore.Open(path, _time))
            {
                var pipeline = new TestPipeline(_transport);
                await using (var orchestrator = new Orchestrator(new OrchestratorOptions { Transport = _transport, TimeProvider = _time, Store = new SqliteOrchestratorStore(sqlite) }))
                {
                    orchestrator.Start();
                    first = await orchestrator.SubmitAsync(Input(extraData: $$"""{"hf_token":"{{TestMessages.Token}}"}"""), _guard);
                    await Results(orchestrator, first);
                    await pipeline.DisposeAsync(); // nodes gone: the next task stays running
                    cancelled = await orchestrator.SubmitAsync(Input(1, """{"previous_problem_id":1}"""), _guard);
                    await orchestrator.CancelAsync(cancelled, _guard);
                }
            }

            using var reopened = SqliteRunStore.Open(path, _time);
            Assert.All(reopened.ReadSustainMLRecords(), r => Assert.DoesNotContain(TestMessages.Token, r.Json, StringComparison.Ordinal));
            var restarted = StartOrchestrator(new SqliteOrchestratorStore(reopened));

            var results = restarted.GetResults(first);
            Assert.True(results.IsRestored);
            Assert.Equal(OrchestratedTaskState.Completed, results.State);
            Assert.Equal(6, results.Outputs.Count);
            Assert.Equal("m-a", results.MLModel!.Model);
            Assert.Equal(500, results.CO2Footprint!.CarbonFootprintGrams);
            Assert.Equal(first, results.CO2Footprint.TaskId);
            Assert.Equal(ExtraData.RedactedValue, results.UserInput.ExtraData.GetString("hf_token"));
            Assert.Equal(OrchestratedTaskState.Cancelled, (await restarted.WaitForResultsAsync(cancelled, s_all, s_wait, _guard)).State);
            Assert.Equal(cancelled, restarted.LastTaskId);
            Assert.Equal(new TaskId(2, 1), await restarted.SubmitAsync(Input(), _guard));
            Assert.Equal(new TaskId(1, 3), await restarted.SubmitAsync(Input(2, """{"previous_problem_id":1}"""), _guard));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
