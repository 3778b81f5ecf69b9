using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Nodes;

/// <content>How a node acts on <see cref="NodeControl"/> commands addressed to it.</content>
public partial class Node<TOutput>
{
    // Per task stopped (or reset) by a command: when, whether later inputs are ignored, and the reason published.
    private readonly Dictionary<TaskId, StopMark> _stops = [];
    // Ends RunAsync: the caller's token, or TERMINATE_NODE.
    private CancellationTokenSource? _terminate;
    // Set while the node is paused by STOP_NODE; workers wait on it before starting a task.
    private TaskCompletionSource? _paused;
    // Queued tasks numbered up to this one were dropped by RESET_NODE.
    private long _resetSequence;
    private string? _resetReason;

    /// <summary>Whether the node is paused by a <c>STOP_NODE</c> command (until <c>START_NODE</c>).</summary>
    public bool IsPaused
    {
        get
        {
            lock (_lock)
            {
                return _paused is not null;
            }
        }
    }

    /// <summary>The state the node rests in between tasks: INACTIVE while paused, else IDLE.</summary>
    private NodeState RestingState
    {
        get
        {
            lock (_lock)
            {
                return _paused is null ? NodeState.Idle : NodeState.Inactive;
            }
        }
    }

    private async Task ActOnControlAsync(ISubscription<NodeControl> commands, CancellationToken cancellationToken)
    {
        await foreach (var command in commands.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!string.Equals(command.TargetNode, NodeName, StringComparison.Ordinal))
            {
                continue;
            }

            Log.ControlReceived(_logger, NodeName, command.NodeCommand, command.TaskCommand, command.TaskId, command.SourceNode);
            if (command.TaskCommand != TaskCommand.None)
            {
                await ApplyTaskCommandAsync(command).ConfigureAwait(false);
            }

            if (command.NodeCommand != NodeCommand.None)
            {
                await ApplyNodeCommandAsync(command).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// STOP_TASK, PREEMPT_TASK, TERMINATE_TASK: the task's joined inputs are dropped, a queued task is not started, a
    /// running callback's token is cancelled and its output dropped; inputs arriving later for the task are ignored.
    /// RESET_TASK: the same for what the node has now, but inputs arriving later start the task afresh.
    /// </summary>
    private async ValueTask ApplyTaskCommandAsync(NodeControl command)
    {
        var taskId = command.TaskId;
        if (!taskId.IsValid)
        {
            Log.InvalidTaskId(_logger, NodeName, NodeControl.TopicName);
            return;
        }

        var reason = $"Task {taskId} stopped by {SustainMLNames.Name(command.TaskCommand)} from {Sender(command)}.";
        bool wasPending;
        List<CancellationTokenSource> running;
        lock (_lock)
        {
            _stops[taskId] = new StopMark(++_sequence, Blocks: command.TaskCommand != TaskCommand.Reset, reason);
            wasPending = _pending.Remove(taskId);
            running = [.. _runningTasks.Where(r => r.TaskId == taskId).Select(r => r.Stop)];
        }

        await CancelAllAsync(running).ConfigureAwait(false);
        if (wasPending)
        {
            await PublishStatusAsync(StoppedStatus(taskId, reason)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// STOP_NODE: pause (no new task starts; inputs are still joined and queued; INACTIVE published). START_NODE: resume
    /// (IDLE published). RESET_NODE: drop every waiting and queued task, cancel running callbacks, forget baselines and
    /// stopped tasks. TERMINATE_NODE: end <see cref="RunAsync"/> as if its token had been cancelled.
    /// </summary>
    private async ValueTask ApplyNodeCommandAsync(NodeControl command)
    {
        switch (command.NodeCommand)
        {
            case NodeCommand.Stop:
                lock (_lock)
                {
                    _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                await PublishNodeStateAsync(NodeState.Inactive).ConfigureAwait(false);
                break;
            case NodeCommand.Start:
                if (IsPaused)
                {
                    // IDLE goes out before the queued tasks may start, so that no RUNNING precedes it.
                    await PublishNodeStateAsync(NodeState.Idle).ConfigureAwait(false);
                    ReleasePause();
                }

                break;
            case NodeCommand.Reset:
                await ResetAsync($"Task dropped by RESET_NODE from {Sender(command)}.").ConfigureAwait(false);
                break;
            case NodeCommand.Terminate:
                if (_terminate is { } terminate)
                {
                    await terminate.CancelAsync().ConfigureAwait(false);
                }

                break;
        }
    }

    private async ValueTask ResetAsync(string reason)
    {
        List<TaskId> dropped;
        List<CancellationTokenSource> running;
        lock (_lock)
        {
            dropped = [.. _pending.Keys];
            _pending.Clear();
            foreach (var baseline in _baselines)
            {
                baseline.Clear();
            }

            _stops.Clear();
            _resetSequence = ++_sequence;
            _resetReason = reason;
            running = [.. _runningTasks.Select(r => r.Stop)];
        }

        await CancelAllAsync(running).ConfigureAwait(false);
        foreach (var taskId in dropped)
        {
            await PublishStatusAsync(StoppedStatus(taskId, reason)).ConfigureAwait(false);
        }
    }

    private static async ValueTask CancelAllAsync(List<CancellationTokenSource> sources)
    {
        foreach (var source in sources)
        {
            try
            {
                await source.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The callback ended meanwhile.
            }
        }
    }

    /// <summary>Whether inputs for the task are ignored (a stop command other than RESET_TASK was received for it). Under the lock.</summary>
    private bool IsBlocked(TaskId taskId) => _stops.TryGetValue(taskId, out var mark) && mark.Blocks;

    private string? StoppedReason(WorkItem item) => StoppedReason(item.Inputs.TaskId, item.Sequence);

    /// <summary>Why the task queued as number <paramref name="sequence"/> must not run or publish, or null.</summary>
    private string? StoppedReason(TaskId taskId, long sequence)
    {
        lock (_lock)
        {
            if (_stops.TryGetValue(taskId, out var mark) && mark.Sequence > sequence)
            {
                return mark.Reason;
            }

            return sequence < _resetSequence ? _resetReason : null;
        }
    }

    /// <summary>Waits while the node is paused; false when the node stops meanwhile.</summary>
    private async ValueTask<bool> WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        Task? paused;
        lock (_lock)
        {
            paused = _paused?.Task;
        }

        if (paused is null)
        {
            return true;
        }

        try
        {
            await paused.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Ends a pause, if any.</summary>
    private void ReleasePause()
    {
        TaskCompletionSource? paused;
        lock (_lock)
        {
            paused = _paused;
            _paused = null;
        }

        paused?.TrySetResult();
    }

    /// <summary>The status of a task stopped by a command: the node rests (IDLE, or INACTIVE while paused), the task is ERROR with the reason, <c>error_code</c> NO_ERROR (nothing failed).</summary>
    private NodeStatus StoppedStatus(TaskId taskId, string reason)
    {
        var status = NewStatus(taskId, RestingState, TaskState.Error);
        status.ErrorDescription = reason;
        return status;
    }

    private static string Sender(NodeControl command) => command.SourceNode.Length > 0 ? command.SourceNode : "an unnamed node";

    private readonly record struct StopMark(long Sequence, bool Blocks, string Reason);
}
