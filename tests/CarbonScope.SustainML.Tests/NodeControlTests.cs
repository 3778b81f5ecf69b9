using CarbonScope.SustainML.Nodes;
using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Tests;

public sealed class NodeControlTests : IDisposable
{
    private const string Orchestrator = "ORCHESTRATOR_NODE";
    private readonly InProcessTransport _transport = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestMessages.Timeout());

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _transport.Dispose();
    }

    private ValueTask Publish<T>(T message)
        where T : class, ISustainMLMessage<T> => _transport.PublishAsync(message, _stop.Token);

    private NodeOptions Options(int parallelism = 4) => new() { Transport = _transport, MaxDegreeOfParallelism = parallelism };

    private static NodeControl Command(string target, TaskCommand task = TaskCommand.None, NodeCommand node = NodeCommand.None, TaskId taskId = default) => new()
    {
        TargetNode = target,
        SourceNode = Orchestrator,
        TaskCommand = task,
        NodeCommand = node,
        TaskId = taskId,
    };

    private async Task PublishTask(TaskId task)
    {
        await Publish(TestMessages.MLModel(task));
        await Publish(TestMessages.UserInput(task));
        await Publish(TestMessages.HardwareResource(task, 10 * task.ProblemId));
    }

    private static void Footprint(MLModel model, UserInput userInput, HardwareResource hardware, NodeStatus status, CO2Footprint co2) =>
        co2.CarbonFootprintGrams = hardware.PowerConsumptionWatts;

    [Fact]
    public async Task StopTaskCancelsARunningCallbackPublishesNoOutputAndTheNodeServesOtherTasks()
    {
        using var statuses = new Collector<NodeStatus>(_transport);
        using var outputs = new Collector<HardwareConstraints>(_transport);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = new HardwareConstraintsNode(
            callback: async (userInput, status, constraints, cancellationToken) =>
            {
                constraints.MaxMemoryFootprintMegabytes = 100 * userInput.TaskId.ProblemId;
                if (userInput.TaskId.ProblemId == 1)
                {
                    started.SetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        sawCancel.SetResult();
                        throw;
                    }
                }
            },
            options: Options());
        var run = node.RunAsync(_stop.Token);

        await Publish(TestMessages.UserInput(new TaskId(1, 1)));
        await started.Task.WaitAsync(_stop.Token);
        await Publish(Command(node.NodeName, TaskCommand.Stop, taskId: new TaskId(1, 1)));
        await sawCancel.Task.WaitAsync(_stop.Token);
        var stopped = (await statuses.UntilAsync(s => s.TaskId == new TaskId(1, 1) && s.TaskState == TaskState.Error)).Last();
        await Publish(TestMessages.UserInput(new TaskId(2, 1)));
        var next = await outputs.NextAsync();

        Assert.Equal((NodeState.Idle, TaskState.Error, ErrorCode.NoError), (stopped.State, stopped.TaskState, stopped.ErrorCode));
        Assert.Equal("Task {1, 1} stopped by STOP_TASK from ORCHESTRATOR_NODE.", stopped.ErrorDescription);
        Assert.Equal((new TaskId(2, 1), 200u), (next.TaskId, next.MaxMemoryFootprintMegabytes));
        await _stop.CancelAsync();
        await run;
        Assert.Single(outputs.Received);
    }

    [Fact]
    public async Task ACallbackThatIgnoresTheStopHasItsOutputDropped()
    {
        using var statuses = new Collector<NodeStatus>(_transport);
        using var outputs = new Collector<AppRequirements>(_transport);
        var stopSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = new AppRequirementsNode(
            callback: async (userInput, status, requirements, cancellationToken) =>
            {
                requirements.Requirements = ["task " + userInput.TaskId.ProblemId];
                if (userInput.TaskId.ProblemId == 1)
                {
                    using var registration = cancellationToken.Register(stopSeen.SetResult);
                    started.SetResult();
                    await release.Task.ConfigureAwait(false); // ignores its token
                }
            },
            options: Options());
        var run = node.RunAsync(_stop.Token);

        await Publish(TestMessages.UserInput(new TaskId(1, 1)));
        await started.Task.WaitAsync(_stop.Token);
        await Publish(Command(node.NodeName, TaskCommand.Terminate, taskId: new TaskId(1, 1)));
        await stopSeen.Task.WaitAsync(_stop.Token);
        release.SetResult();
        var stopped = (await statuses.UntilAsync(s => s.TaskId == new TaskId(1, 1) && s.TaskState != TaskState.Running)).Last();
        await Publish(TestMessages.UserInput(new TaskId(2, 1)));
        Assert.Equal(new TaskId(2, 1), (await outputs.NextAsync()).TaskId);

        Assert.Equal((TaskState.Error, "Task {1, 1} stopped by TERMINATE_TASK from ORCHESTRATOR_NODE."), (stopped.TaskState, stopped.ErrorDescription));
        await _stop.CancelAsync();
        await run;
        Assert.Equal([new TaskId(2, 1)], outputs.Received.Select(o => o.TaskId));
    }

    [Fact]
    public async Task StopTaskDropsWaitingInputsAndIgnoresInputsArrivingLater()
    {
        using var statuses = new Collector<NodeStatus>(_transport);
        using var outputs = new Collector<CO2Footprint>(_transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(_stop.Token);
        var task = new TaskId(1, 1);

        var delivered = TestMessages.Deliveries(node, 1);
        await Publish(TestMessages.MLModel(task));
        await delivered.WaitAsync(_stop.Token);
        await statuses.TakeAsync(2); // INITIALIZING, IDLE
        await Publish(Command(node.NodeName, TaskCommand.Stop, taskId: task));
        var stopped = await statuses.NextAsync();
        await PublishTask(task);
        await PublishTask(new TaskId(2, 1));
        var output = await outputs.NextAsync();

        Assert.Equal((task, TaskState.Error, "Task {1, 1} stopped by STOP_TASK from ORCHESTRATOR_NODE."), (stopped.TaskId, stopped.TaskState, stopped.ErrorDescription));
        Assert.Equal((new TaskId(2, 1), 20.0), (output.TaskId, output.CarbonFootprintGrams));
        Assert.Equal(0, node.PendingTaskCount);
        await _stop.CancelAsync();
        await run;
        Assert.Single(outputs.Received);
    }

    [Fact]
    public async Task ResetTaskDropsWhatTheNodeHasButLetsTheTaskStartAfresh()
    {
        using var statuses = new Collector<NodeStatus>(_transport);
        using var outputs = new Collector<CO2Footprint>(_transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(_stop.Token);
        var task = new TaskId(3, 2);

        var delivered = TestMessages.Deliveries(node, 1);
        await Publish(TestMessages.HardwareResource(task, 999));
        await delivered.WaitAsync(_stop.Token);
        await statuses.TakeAsync(2);
        await Publish(Command(node.NodeName, TaskCommand.Reset, taskId: task));
        var reset = await statuses.NextAsync();
        delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.MLModel(task));
        await Publish(TestMessages.UserInput(task));
        await delivered.WaitAsync(_stop.Token);
        Assert.Equal(1, node.PendingTaskCount); // the power of 999 W was dropped: the task waits for a new one
        await Publish(TestMessages.HardwareResource(task, 30));

        Assert.Equal("Task {3, 2} stopped by RESET_TASK from ORCHESTRATOR_NODE.", reset.ErrorDescription);
        Assert.Equal((task, 30.0), ((await outputs.NextAsync()) is var o ? (o.TaskId, o.CarbonFootprintGrams) : default));
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task CommandsForAnotherNodeOrWithoutATaskIdAreIgnored()
    {
        using var outputs = new Collector<CO2Footprint>(_transport);
        using var statuses = new Collector<NodeStatus>(_transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(_stop.Token);
        var task = new TaskId(1, 1);
        var delivered = TestMessages.Deliveries(node, 1);
        await Publish(TestMessages.MLModel(task));
        await delivered.WaitAsync(_stop.Token);
        await statuses.TakeAsync(2);

        await Publish(Command("HW_RESOURCES_NODE", TaskCommand.Stop, NodeCommand.Stop, task));
        await Publish(Command(node.NodeName, TaskCommand.Stop, taskId: default));
        // Commands are acted on in order: once this one's INACTIVE is out, the two above have been handled.
        await Publish(Command(node.NodeName, node: NodeCommand.Stop));
        Assert.Equal(NodeState.Inactive, (await statuses.NextAsync()).State);
        await Publish(Command(node.NodeName, node: NodeCommand.Start));
        await Publish(TestMessages.UserInput(task));
        await Publish(TestMessages.HardwareResource(task, 7));

        Assert.Equal((task, 7.0), ((await outputs.NextAsync()) is var o ? (o.TaskId, o.CarbonFootprintGrams) : default));
        Assert.False(node.IsPaused);
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task StopNodePausesNewTasksAndStartNodeResumesThem()
    {
        using var statuses = new Collector<NodeStatus>(_transport);
        using var outputs = new Collector<CO2Footprint>(_transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(_stop.Token);
        await statuses.TakeAsync(2);

        await Publish(Command(node.NodeName, node: NodeCommand.Stop));
        var paused = await statuses.NextAsync();
        Assert.True(node.IsPaused);
        Assert.Equal(NodeState.Inactive, node.State);
        await PublishTask(new TaskId(1, 1));
        await Publish(Command(node.NodeName, node: NodeCommand.Start));
        var output = await outputs.NextAsync();
        var after = await statuses.UntilAsync(s => s.TaskState == TaskState.Succeeded);

        Assert.Equal((NodeState.Inactive, default(TaskId)), (paused.State, paused.TaskId));
        // Nothing ran while paused: the task's RUNNING comes after the IDLE of START_NODE.
        Assert.Equal(
            [(NodeState.Idle, TaskState.Waiting), (NodeState.Running, TaskState.Running), (NodeState.Idle, TaskState.Succeeded)],
            after.Select(s => (s.State, s.TaskState)));
        Assert.Equal(new TaskId(1, 1), output.TaskId);
        Assert.False(node.IsPaused);
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ResetNodeDropsEveryWaitingTask()
    {
        using var statuses = new Collector<NodeStatus>(_transport);
        using var outputs = new Collector<CO2Footprint>(_transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(_stop.Token);
        await statuses.TakeAsync(2);

        var delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.MLModel(new TaskId(1, 1)));
        await Publish(TestMessages.UserInput(new TaskId(2, 1)));
        await delivered.WaitAsync(_stop.Token);
        await Publish(Command(node.NodeName, node: NodeCommand.Reset));
        var dropped = await statuses.TakeAsync(2);
        delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.UserInput(new TaskId(1, 1)));
        await Publish(TestMessages.HardwareResource(new TaskId(1, 1), 5));
        await delivered.WaitAsync(_stop.Token);

        Assert.Equal([new TaskId(1, 1), new TaskId(2, 1)], dropped.Select(s => s.TaskId).OrderBy(t => t.ProblemId));
        Assert.All(dropped, s => Assert.Equal("Task dropped by RESET_NODE from ORCHESTRATOR_NODE.", s.ErrorDescription));
        Assert.Equal(1, node.PendingTaskCount); // task 1 waits for its model again
        await Publish(TestMessages.MLModel(new TaskId(1, 1)));
        Assert.Equal(5.0, (await outputs.NextAsync()).CarbonFootprintGrams);
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task TerminateNodeEndsRunAsyncLikeCancellingItsToken()
    {
        using var statuses = new Collector<NodeStatus>(_transport);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(_stop.Token);
        await statuses.TakeAsync(2);

        await Publish(Command(node.NodeName, node: NodeCommand.Terminate));
        await run.WaitAsync(_stop.Token);
        var last = await statuses.TakeAsync(2);

        Assert.Equal([NodeState.Terminating, NodeState.Inactive], last.Select(s => s.State));
        Assert.False(_stop.IsCancellationRequested);
        Assert.Equal(NodeState.Inactive, node.State);
    }
}
