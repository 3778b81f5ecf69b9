using CarbonScope.SustainML.Nodes;

namespace CarbonScope.SustainML.Tests;

public sealed class NodeControlTests : NodeTestBase
{
    private const string Orchestrator = "ORCHESTRATOR_NODE";
    private readonly List<IDisposable> _collectors = [];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _collectors.ForEach(c => c.Dispose());
        }

        base.Dispose(disposing);
    }

    /// <summary>Starts a Carbon Footprint node (carbon = the power) with collectors of statuses and outputs, past its INITIALIZING and IDLE.</summary>
    private async Task<(CarbonFootprintNode Node, Task Run, Collector<NodeStatus> Statuses, Collector<CO2Footprint> Outputs)> StartCarbonNodeAsync()
    {
        var statuses = new Collector<NodeStatus>(Transport);
        var outputs = new Collector<CO2Footprint>(Transport);
        _collectors.AddRange([statuses, outputs]);
        var node = new CarbonFootprintNode(callback: Footprint, options: Options());
        var run = node.RunAsync(Stop.Token);
        await statuses.TakeAsync(2);
        return (node, run, statuses, outputs);
    }

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
        using var statuses = new Collector<NodeStatus>(Transport);
        using var outputs = new Collector<HardwareConstraints>(Transport);
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
        var run = node.RunAsync(Stop.Token);

        await Publish(TestMessages.UserInput(new TaskId(1, 1)));
        await started.Task.WaitAsync(Stop.Token);
        await Publish(Command(node.NodeName, TaskCommand.Stop, taskId: new TaskId(1, 1)));
        await sawCancel.Task.WaitAsync(Stop.Token);
        var stopped = (await statuses.UntilAsync(s => s.TaskId == new TaskId(1, 1) && s.TaskState == TaskState.Error)).Last();
        await Publish(TestMessages.UserInput(new TaskId(2, 1)));
        var next = await outputs.NextAsync();

        Assert.Equal((NodeState.Idle, TaskState.Error, ErrorCode.NoError), (stopped.State, stopped.TaskState, stopped.ErrorCode));
        Assert.Equal("Task {1, 1} stopped by STOP_TASK from ORCHESTRATOR_NODE.", stopped.ErrorDescription);
        Assert.Equal((new TaskId(2, 1), 200u), (next.TaskId, next.MaxMemoryFootprintMegabytes));
        await Stop.CancelAsync();
        await run;
        Assert.Single(outputs.Received);
    }

    [Fact]
    public async Task ACallbackThatIgnoresTheStopHasItsOutputDropped()
    {
        using var statuses = new Collector<NodeStatus>(Transport);
        using var outputs = new Collector<AppRequirements>(Transport);
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
        var run = node.RunAsync(Stop.Token);

        await Publish(TestMessages.UserInput(new TaskId(1, 1)));
        await started.Task.WaitAsync(Stop.Token);
        await Publish(Command(node.NodeName, TaskCommand.Terminate, taskId: new TaskId(1, 1)));
        await stopSeen.Task.WaitAsync(Stop.Token);
        release.SetResult();
        var stopped = (await statuses.UntilAsync(s => s.TaskId == new TaskId(1, 1) && s.TaskState != TaskState.Running)).Last();
        await Publish(TestMessages.UserInput(new TaskId(2, 1)));
        Assert.Equal(new TaskId(2, 1), (await outputs.NextAsync()).TaskId);

        Assert.Equal((TaskState.Error, "Task {1, 1} stopped by TERMINATE_TASK from ORCHESTRATOR_NODE."), (stopped.TaskState, stopped.ErrorDescription));
        await Stop.CancelAsync();
        await run;
        Assert.Equal([new TaskId(2, 1)], outputs.Received.Select(o => o.TaskId));
    }

    [Fact]
    public async Task StopTaskDropsWaitingInputsAndIgnoresInputsArrivingLater()
    {
        var (node, run, statuses, outputs) = await StartCarbonNodeAsync();
        var task = new TaskId(1, 1);

        var delivered = TestMessages.Deliveries(node, 1);
        await Publish(TestMessages.MLModel(task));
        await delivered.WaitAsync(Stop.Token);
        await Publish(Command(node.NodeName, TaskCommand.Stop, taskId: task));
        var stopped = await statuses.NextAsync();
        await PublishTask(task);
        await PublishTask(new TaskId(2, 1));
        var output = await outputs.NextAsync();

        Assert.Equal((task, TaskState.Error, "Task {1, 1} stopped by STOP_TASK from ORCHESTRATOR_NODE."), (stopped.TaskId, stopped.TaskState, stopped.ErrorDescription));
        Assert.Equal((new TaskId(2, 1), 20.0), (output.TaskId, output.CarbonFootprintGrams));
        Assert.Equal(0, node.PendingTaskCount);
        await Stop.CancelAsync();
        await run;
        Assert.Single(outputs.Received);
    }

    [Fact]
    public async Task ResetTaskDropsWhatTheNodeHasButLetsTheTaskStartAfresh()
    {
        var (node, run, statuses, outputs) = await StartCarbonNodeAsync();
        var task = new TaskId(3, 2);

        var delivered = TestMessages.Deliveries(node, 1);
        await Publish(TestMessages.HardwareResource(task, 999));
        await delivered.WaitAsync(Stop.Token);
        await Publish(Command(node.NodeName, TaskCommand.Reset, taskId: task));
        var reset = await statuses.NextAsync();
        delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.MLModel(task));
        await Publish(TestMessages.UserInput(task));
        await delivered.WaitAsync(Stop.Token);
        Assert.Equal(1, node.PendingTaskCount); // the power of 999 W was dropped: the task waits for a new one
        await Publish(TestMessages.HardwareResource(task, 30));

        Assert.Equal("Task {3, 2} stopped by RESET_TASK from ORCHESTRATOR_NODE.", reset.ErrorDescription);
        Assert.Equal((task, 30.0), ((await outputs.NextAsync()) is var o ? (o.TaskId, o.CarbonFootprintGrams) : default));
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task CommandsForAnotherNodeOrWithoutATaskIdAreIgnored()
    {
        var (node, run, statuses, outputs) = await StartCarbonNodeAsync();
        var task = new TaskId(1, 1);
        var delivered = TestMessages.Deliveries(node, 1);
        await Publish(TestMessages.MLModel(task));
        await delivered.WaitAsync(Stop.Token);

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
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task StopNodePausesNewTasksAndStartNodeResumesThem()
    {
        var (node, run, statuses, outputs) = await StartCarbonNodeAsync();

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
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task ResetNodeDropsEveryWaitingTask()
    {
        var (node, run, statuses, outputs) = await StartCarbonNodeAsync();

        var delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.MLModel(new TaskId(1, 1)));
        await Publish(TestMessages.UserInput(new TaskId(2, 1)));
        await delivered.WaitAsync(Stop.Token);
        await Publish(Command(node.NodeName, node: NodeCommand.Reset));
        var dropped = await statuses.TakeAsync(2);
        delivered = TestMessages.Deliveries(node, 2);
        await Publish(TestMessages.UserInput(new TaskId(1, 1)));
        await Publish(TestMessages.HardwareResource(new TaskId(1, 1), 5));
        await delivered.WaitAsync(Stop.Token);

        Assert.Equal([new TaskId(1, 1), new TaskId(2, 1)], dropped.Select(s => s.TaskId).OrderBy(t => t.ProblemId));
        Assert.All(dropped, s => Assert.Equal("Task dropped by RESET_NODE from ORCHESTRATOR_NODE.", s.ErrorDescription));
        Assert.Equal(1, node.PendingTaskCount); // task 1 waits for its model again
        await Publish(TestMessages.MLModel(new TaskId(1, 1)));
        Assert.Equal(5.0, (await outputs.NextAsync()).CarbonFootprintGrams);
        await Stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task TerminateNodeEndsRunAsyncLikeCancellingItsToken()
    {
        var (node, run, statuses, outputs) = await StartCarbonNodeAsync();

        await Publish(Command(node.NodeName, node: NodeCommand.Terminate));
        await run.WaitAsync(Stop.Token);
        var last = await statuses.TakeAsync(2);

        Assert.Equal([NodeState.Terminating, NodeState.Inactive], last.Select(s => s.State));
        Assert.False(Stop.IsCancellationRequested);
        Assert.Equal(NodeState.Inactive, node.State);
    }
}
