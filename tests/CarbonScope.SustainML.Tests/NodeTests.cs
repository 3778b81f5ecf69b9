using CarbonScope.SustainML.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.SustainML.Tests;

public sealed class NodeTests : NodeTestBase
{
    private static void Footprint(MLModel model, UserInput userInput, HardwareResource hardware, NodeStatus status, CO2Footprint co2)
    {
        co2.CarbonFootprintGrams = hardware.PowerConsumptionWatts + model.TaskId.ProblemId;
        co2.EnergyConsumptionKilowattHours = model.TaskId.IterationId;
        co2.ExtraData = ExtraData.Parse($$"""{"region":"{{userInput.GeoLocationRegion}}","model":"{{model.Model}}"}""");
    }

    [Fact]
    public async Task InputsArrivingOutOfOrderAcross20TasksAreJoinedPerTaskId()
    {
        using var outputs = new Collector<CO2Footprint>(Transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(Stop.Token);

        var tasks = Enumerable.Range(1, 20).Select(i => new TaskId((uint)i, (uint)(i % 3) + 1)).ToList();
        var messages = new List<Func<ValueTask>>();
        foreach (var task in tasks)
        {
            messages.Add(() => Publish(TestMessages.MLModel(task)));
            messages.Add(() => Publish(TestMessages.UserInput(task)));
            messages.Add(() => Publish(TestMessages.HardwareResource(task, 100 * task.ProblemId)));
        }

        var random = new Random(20);
        foreach (var publish in messages.OrderBy(_ => random.Next()))
        {
            await publish();
        }

        var received = await outputs.TakeAsync(20);

        Assert.Equal(tasks.OrderBy(t => t.ProblemId), received.Select(o => o.TaskId).OrderBy(t => t.ProblemId));
        foreach (var output in received)
        {
            Assert.Equal((100 * output.TaskId.ProblemId) + output.TaskId.ProblemId, output.CarbonFootprintGrams);
            Assert.Equal(output.TaskId.IterationId, output.EnergyConsumptionKilowattHours);
            Assert.Equal("model-" + output.TaskId.ProblemId, output.ExtraData.GetString("model"));
        }

        Assert.Equal(0, node.PendingTaskCount);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task TheExampleInTheDocsWorks()
    {
        using var outputs = new Collector<CO2Footprint>(Transport);
        using var responses = new Collector<ConfigurationResponse>(Transport);
        var node = new CarbonFootprintNode(
            callback: (mlModel, userInput, hw, status, co2) =>
            {
                co2.EnergyConsumption = hw.PowerConsumption * hw.Latency;
                co2.CarbonFootprintGrams = 0; // the built-in behaviour comes later
            },
            configurationCallback: (req, res) =>
            {
                res.Success = true;
                res.Configuration = "{}";
            },
            options: Options());
        var run = node.RunAsync(Stop.Token);
        var task = new TaskId(1, 1);

        await Publish(TestMessages.MLModel(task));
        await Publish(TestMessages.UserInput(task));
        await Publish(TestMessages.HardwareResource(task, 300));
        await Publish(new ConfigurationRequest { NodeId = 1, TransactionId = 9, Configuration = "anything" });

        Assert.Equal(0.3, (await outputs.NextAsync()).EnergyConsumptionKilowattHours, 12);
        Assert.True((await responses.NextAsync()).Success);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ATaskWaitsUntilAllItsInputsHaveArrived()
    {
        using var outputs = new Collector<CO2Footprint>(Transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(Stop.Token);
        var first = new TaskId(1, 1);
        var second = new TaskId(2, 1);

        await Publish(TestMessages.MLModel(first));
        await Publish(TestMessages.UserInput(first));
        await Publish(TestMessages.MLModel(second));
        await Publish(TestMessages.UserInput(second));
        await Publish(TestMessages.HardwareResource(second, 5));

        Assert.Equal(second, (await outputs.NextAsync()).TaskId);
        Assert.Equal(1, node.PendingTaskCount);

        await Publish(TestMessages.HardwareResource(first, 5));
        Assert.Equal(first, (await outputs.NextAsync()).TaskId);

        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task TheStatusSequenceIsInitializingIdleRunningIdleTerminatingInactive()
    {
        using var statuses = new Collector<NodeStatus>(Transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options(parallelism: 1));
        Assert.Equal(NodeState.Inactive, node.State);
        var run = node.RunAsync(Stop.Token);
        var task = new TaskId(1, 1);

        await statuses.TakeAsync(2);
        await Publish(TestMessages.MLModel(task));
        await Publish(TestMessages.UserInput(task));
        await Publish(TestMessages.HardwareResource(task, 1));
        await statuses.TakeAsync(2);
        Assert.Equal(NodeState.Idle, node.State);
        await Stop.CancelAsync();
        await run;
        await statuses.TakeAsync(2);

        Assert.Equal(
            [
                (NodeState.Initializing, TaskState.Waiting, default),
                (NodeState.Idle, TaskState.Waiting, default),
                (NodeState.Running, TaskState.Running, task),
                (NodeState.Idle, TaskState.Succeeded, task),
                (NodeState.Terminating, TaskState.Waiting, default),
                (NodeState.Inactive, TaskState.Waiting, default),
            ],
            statuses.Received.Select(s => (s.State, s.TaskState, s.TaskId)));
        Assert.All(statuses.Received, s => Assert.Equal("CARBON_FOOTPRINT_NODE", s.NodeName));
        Assert.Equal(NodeState.Inactive, node.State);
    }

    [Fact]
    public async Task AThrowingCallbackSetsErrorWithTheMessageAndTheNodeKeepsServingOtherTasks()
    {
        using var statuses = new Collector<NodeStatus>(Transport);
        using var outputs = new Collector<HardwareConstraints>(Transport);
        var node = new HardwareConstraintsNode(
            callback: (userInput, status, constraints) =>
            {
                if (userInput.TaskId.ProblemId == 2)
                {
                    throw new InvalidOperationException("No hardware fits problem 2.");
                }

                constraints.MaxMemoryFootprintMegabytes = 100 * userInput.TaskId.ProblemId;
            },
            options: Options(parallelism: 1));
        var run = node.RunAsync(Stop.Token);

        for (uint problem = 1; problem <= 3; problem++)
        {
            await Publish(TestMessages.UserInput(new TaskId(problem, 1)));
        }

        var received = await outputs.TakeAsync(2);
        var error = (await statuses.UntilAsync(s => s.State == NodeState.Error)).Last();

        Assert.Equal([new TaskId(1, 1), new TaskId(3, 1)], received.Select(o => o.TaskId));
        Assert.Equal([100u, 300u], received.Select(o => o.MaxMemoryFootprintMegabytes));
        Assert.Equal(new TaskId(2, 1), error.TaskId);
        Assert.Equal(TaskState.Error, error.TaskState);
        Assert.Equal(ErrorCode.InternalError, error.ErrorCode);
        Assert.Equal("No hardware fits problem 2.", error.ErrorDescription);

        await Publish(TestMessages.UserInput(new TaskId(4, 1)));
        Assert.Equal(new TaskId(4, 1), (await outputs.NextAsync()).TaskId);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ACallbackThatSetsErrorStillPublishesItsOutput()
    {
        using var statuses = new Collector<NodeStatus>(Transport);
        using var outputs = new Collector<AppRequirements>(Transport);
        var node = new AppRequirementsNode(
            callback: (userInput, status, requirements) =>
            {
                status.State = NodeState.Error;
                status.ErrorDescription = "Partial answer.";
                requirements.Requirements = ["none"];
            },
            options: Options());
        var run = node.RunAsync(Stop.Token);

        await Publish(TestMessages.UserInput(new TaskId(1, 1)));

        Assert.Equal(["none"], (await outputs.NextAsync()).Requirements);
        var error = (await statuses.UntilAsync(s => s.TaskId.IsValid && s.State != NodeState.Running)).Last();
        Assert.Equal((NodeState.Error, TaskState.Error, ErrorCode.InternalError, "Partial answer."), (error.State, error.TaskState, error.ErrorCode, error.ErrorDescription));
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task CallbacksRunConcurrentlyUpToTheBoundedDegree()
    {
        using var outputs = new Collector<MLModelMetadata>(Transport);
        var gates = Enumerable.Range(0, 6).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = Channel();
        var running = 0;
        var maxRunning = 0;
        var node = new MLModelMetadataNode(
            callback: async (userInput, status, metadata, cancellationToken) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                started.Writer.TryWrite((int)userInput.TaskId.ProblemId - 1);
                await gates[userInput.TaskId.ProblemId - 1].Task.WaitAsync(cancellationToken);
                Interlocked.Decrement(ref running);
                metadata.Keywords = ["k" + userInput.TaskId.ProblemId];
            },
            options: Options(parallelism: 2));
        var run = node.RunAsync(Stop.Token);

        for (uint problem = 1; problem <= 6; problem++)
        {
            await Publish(TestMessages.UserInput(new TaskId(problem, 1)));
        }

        // Two callbacks start and wait; each one released lets exactly one more start.
        var first = await started.Reader.ReadAsync(Stop.Token);
        var second = await started.Reader.ReadAsync(Stop.Token);
        Assert.Equal(NodeState.Running, node.State);
        Assert.False(started.Reader.TryRead(out _));
        gates[first].SetResult();
        var third = await started.Reader.ReadAsync(Stop.Token);
        Assert.NotEqual(first, third);
        foreach (var gate in gates)
        {
            gate.TrySetResult();
        }

        var received = await outputs.TakeAsync(6);
        Assert.Equal(6, received.Select(o => o.TaskId).Distinct().Count());
        Assert.Equal(2, maxRunning);
        Assert.NotEqual(second, third);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task TheMLModelNodeGetsThePreviousIterationsResultsAsBaselines()
    {
        using var outputs = new Collector<MLModel>(Transport);
        var baselines = new List<(MLModel?, HardwareResource?, CO2Footprint?)>();
        var node = new MLModelNode(
            callback: (metadata, requirements, constraints, modelBaseline, hardwareBaseline, footprintBaseline, status, model) =>
            {
                baselines.Add((modelBaseline, hardwareBaseline, footprintBaseline));
                model.Model = "m" + metadata.TaskId.IterationId;
            },
            options: Options(parallelism: 1));
        // The baselines travel on other topics than the inputs: wait for the node to have taken all three in.
        var baselinesDelivered = 0;
        var allBaselines = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.InputDelivered += (index, task) =>
        {
            if (index >= 3 && Interlocked.Increment(ref baselinesDelivered) == 3)
            {
                allBaselines.SetResult();
            }
        };
        var run = node.RunAsync(Stop.Token);

        async Task Inputs(TaskId task)
        {
            await Publish(new MLModelMetadata { TaskId = task });
            await Publish(new AppRequirements { TaskId = task });
            await Publish(new HardwareConstraints { TaskId = task });
        }

        await Inputs(new TaskId(1, 1));
        var firstModel = await outputs.NextAsync();
        var hardware = TestMessages.HardwareResource(new TaskId(1, 1), 10);
        var footprint = new CO2Footprint { TaskId = new TaskId(1, 1), CarbonFootprintGrams = 3 };
        await Publish(hardware);
        await Publish(footprint);
        await allBaselines.Task.WaitAsync(Stop.Token);
        await Inputs(new TaskId(1, 2));
        await outputs.NextAsync();

        Assert.Equal((null, null, null), baselines[0]);
        Assert.Same(firstModel, baselines[1].Item1);
        Assert.Same(hardware, baselines[1].Item2);
        Assert.Same(footprint, baselines[1].Item3);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task BaselinesAreKeptForTheNewestProblemsOnly()
    {
        using var outputs = new Collector<MLModel>(Transport);
        var baselines = new Dictionary<TaskId, MLModel?>();
        var node = new MLModelNode(
            callback: (metadata, requirements, constraints, modelBaseline, hardwareBaseline, footprintBaseline, status, model) =>
            {
                lock (baselines)
                {
                    baselines[metadata.TaskId] = modelBaseline;
                }
            },
            options: Options());
        const uint problems = MLModelNode.MaxBaselineProblems + 1;
        var delivered = TestMessages.Deliveries(node, (int)problems);
        var run = node.RunAsync(Stop.Token);

        // Baselines of problems 1..4097: one past the limit forgets the oldest down to the newest 2,048.
        for (var problem = 1u; problem <= problems; problem++)
        {
            await Publish(new MLModel { TaskId = new TaskId(problem, 1), Model = "m" + problem });
        }

        await delivered.WaitAsync(Stop.Token);
        uint[] asked = [1, problems - 2048, problems - 2047, problems];
        foreach (var problem in asked)
        {
            var task = new TaskId(problem, 2);
            await Publish(new MLModelMetadata { TaskId = task });
            await Publish(new AppRequirements { TaskId = task });
            await Publish(new HardwareConstraints { TaskId = task });
        }

        // The collector sees the 4,097 models published above, then the node's outputs; each is published after its callback.
        await outputs.UntilAsync(_ =>
        {
            lock (baselines)
            {
                return baselines.Count == asked.Length;
            }
        });

        Assert.Equal(
            [null, null, "m" + (problems - 2047), "m" + problems],
            asked.Select(p => baselines[new TaskId(p, 2)]?.Model));
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task OnlyTheImmediatelyPreviousIterationIsABaseline()
    {
        using var outputs = new Collector<MLModel>(Transport);
        var baselines = new List<MLModel?>();
        var node = new MLModelNode(
            callback: (metadata, requirements, constraints, modelBaseline, hardwareBaseline, footprintBaseline, status, model) => baselines.Add(modelBaseline),
            options: Options(parallelism: 1));
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.InputDelivered += (index, task) =>
        {
            if (index == 3 && task == new TaskId(1, 1))
            {
                delivered.TrySetResult();
            }
        };
        var run = node.RunAsync(Stop.Token);

        await Publish(new MLModel { TaskId = new TaskId(1, 1) });
        await delivered.Task.WaitAsync(Stop.Token);
        await outputs.NextAsync();
        foreach (var task in new[] { new TaskId(1, 3), new TaskId(2, 2) })
        {
            await Publish(new MLModelMetadata { TaskId = task });
            await Publish(new AppRequirements { TaskId = task });
            await Publish(new HardwareConstraints { TaskId = task });
        }

        await outputs.TakeAsync(2);

        Assert.Equal([null, null], baselines);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ATaskWhoseInputsDoNotAllArriveInTimeIsGivenUpWithAnError()
    {
        var time = new FakeTimeProvider();
        using var statuses = new Collector<NodeStatus>(Transport);
        using var outputs = new Collector<HardwareResource>(Transport);
        var options = Options();
        options.TimeProvider = time;
        options.PendingTaskTimeout = TimeSpan.FromMinutes(4);
        var node = new HardwareResourcesNode(callback: (model, requirements, constraints, status, hardware) => hardware.HardwareDescription = "x", options: options);
        var run = node.RunAsync(Stop.Token);
        await statuses.TakeAsync(2);
        var late = new TaskId(1, 1);
        var prompt = new TaskId(2, 1);

        // The inputs travel on their own topics: wait until the node has taken each pair in before moving the clock.
        var delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.MLModel(late));
        await Publish(new AppRequirements { TaskId = late });
        await delivered.WaitAsync(Stop.Token);
        time.Advance(TimeSpan.FromMinutes(3));
        delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.MLModel(prompt));
        await Publish(new AppRequirements { TaskId = prompt });
        await delivered.WaitAsync(Stop.Token);
        time.Advance(TimeSpan.FromMinutes(1));
        var error = await statuses.NextAsync();

        Assert.Equal((late, NodeState.Error, TaskState.Error, ErrorCode.InternalError), (error.TaskId, error.State, error.TaskState, error.ErrorCode));
        Assert.Equal("Task {1, 1} gave up after waiting 00:04:00 for its inputs; missing: HWConstraints.", error.ErrorDescription);
        Assert.Equal(1, node.PendingTaskCount);
        await Publish(new HardwareConstraints { TaskId = prompt });
        Assert.Equal(prompt, (await outputs.NextAsync()).TaskId);
        Assert.Equal(0, node.PendingTaskCount);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ConfigurationRequestsAreRoutedByNodeId()
    {
        using var responses = new Collector<ConfigurationResponse>(Transport);
        var answering = new HardwareResourcesNode(
            callback: (model, requirements, constraints, status, hardware) => { },
            configurationCallback: (request, response) =>
            {
                response.Success = true;
                response.ErrorCode = ErrorCode.NoError;
                response.Configuration = "{\"echo\":\"" + request.Configuration + "\"}";
            },
            options: Options());
        var silent = new AppRequirementsNode(callback: (userInput, status, requirements) => { }, options: Options());
        var throwing = new MLModelMetadataNode(
            callback: (userInput, status, metadata) => { },
            configurationCallback: (request, response) => throw new NotSupportedException("Cannot do that."),
            options: Options());
        var runs = new[] { answering.RunAsync(Stop.Token), silent.RunAsync(Stop.Token), throwing.RunAsync(Stop.Token) };

        await Publish(new ConfigurationRequest { NodeId = (int)NodeId.HardwareResources, TransactionId = 1, Configuration = "hw" });
        await Publish(new ConfigurationRequest { NodeId = (int)NodeId.AppRequirements, TransactionId = 2, Configuration = "what" });
        await Publish(new ConfigurationRequest { NodeId = (int)NodeId.MLModelMetadata, TransactionId = 3, Configuration = "x" });
        await Publish(new ConfigurationRequest { NodeId = (int)NodeId.CarbonFootprint, TransactionId = 4, Configuration = "nobody" });
        await Publish(new ConfigurationRequest { NodeId = (int)NodeId.HardwareResources, TransactionId = 5, Configuration = "again" });
        var received = (await responses.TakeAsync(4)).OrderBy(r => r.TransactionId).ToList();

        Assert.Equal([1, 2, 3, 5], received.Select(r => r.TransactionId));

        Assert.Equal((3, true, ErrorCode.NoError, "{\"echo\":\"hw\"}"), (received[0].NodeId, received[0].Success, received[0].ErrorCode, received[0].Configuration));
        Assert.Equal((0, false, ErrorCode.InternalError, "{\"error\":\"Unsupported configuration request: what\"}"), (received[1].NodeId, received[1].Success, received[1].ErrorCode, received[1].Configuration));
        Assert.Equal((4, false, ErrorCode.InternalError, "{\"error\":\"Configuration request failed: Cannot do that.\"}"), (received[2].NodeId, received[2].Success, received[2].ErrorCode, received[2].Configuration));
        await Stop.CancelAsync();
        await Task.WhenAll(runs);
    }

    [Fact]
    public async Task MessagesWithoutATaskIdAreIgnored()
    {
        using var outputs = new Collector<HardwareConstraints>(Transport);
        var node = new HardwareConstraintsNode(callback: (userInput, status, constraints) => { }, options: Options());
        var run = node.RunAsync(Stop.Token);

        await Publish(TestMessages.UserInput(default));
        await Publish(TestMessages.UserInput(new TaskId(5, 1)));

        Assert.Equal(new TaskId(5, 1), (await outputs.NextAsync()).TaskId);
        Assert.Equal(0, node.PendingTaskCount);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ANodeRunsOnce()
    {
        var node = new HardwareConstraintsNode(callback: (userInput, status, constraints) => { }, options: Options());
        var run = node.RunAsync(Stop.Token);

        Assert.Throws<InvalidOperationException>(() => { _ = node.RunAsync(Stop.Token); });
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public void TheSeedNodesDeclareTheirInputsAndIds()
    {
        var options = Options();
        var carbon = new CarbonFootprintNode(callback: Footprint, options: options);
        var model = new MLModelNode(callback: (a, b, c, d, e, f, g, h) => { }, options: options);
        var hardware = new HardwareResourcesNode(callback: (a, b, c, d, e) => { }, options: options);

        Assert.Equal((1, "CARBON_FOOTPRINT_NODE"), (carbon.NodeId, carbon.NodeName));
        Assert.Equal([typeof(MLModel), typeof(UserInput), typeof(HardwareResource)], carbon.Inputs.Select(i => i.MessageType));
        Assert.Equal((5, "ML_MODEL_NODE"), (model.NodeId, model.NodeName));
        Assert.Equal(
            [(typeof(MLModelMetadata), false), (typeof(AppRequirements), false), (typeof(HardwareConstraints), false), (typeof(MLModel), true), (typeof(HardwareResource), true), (typeof(CO2Footprint), true)],
            model.Inputs.Select(i => (i.MessageType, i.IsBaseline)));
        Assert.Equal((3, "HW_RESOURCES_NODE"), (hardware.NodeId, hardware.NodeName));
        Assert.Equal([typeof(MLModel), typeof(AppRequirements), typeof(HardwareConstraints)], hardware.Inputs.Select(i => i.MessageType));
        Assert.Equal(2, new HardwareConstraintsNode(callback: (a, b, c) => { }, options: options).NodeId);
        Assert.Equal(4, new MLModelMetadataNode(callback: (a, b, c) => { }, options: options).NodeId);
        Assert.Equal(0, new AppRequirementsNode(callback: (a, b, c) => { }, options: options).NodeId);
    }

    private static System.Threading.Channels.Channel<int> Channel() => System.Threading.Channels.Channel.CreateUnbounded<int>();

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
