using System.Text;
using System.Threading.Channels;
using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarbonScope.SustainML.Nodes;

/// <summary>A SustainML node: joins its declared inputs per task id, runs a callback per task, publishes the output and its status.</summary>
/// <typeparam name="TOutput">The message the node produces.</typeparam>
/// <remarks>
/// <para>For each task id the node waits until every same-task input has arrived (tasks may complete in any order),
/// then publishes <see cref="NodeState.Running"/>, runs the callback, publishes the output with the task id, and
/// publishes <see cref="NodeState.Idle"/> (task <see cref="TaskState.Succeeded"/>) or, when the callback set it,
/// <see cref="NodeState.Error"/>. A callback that throws publishes <see cref="NodeState.Error"/> with the exception's
/// message and no output; the node goes on serving other tasks.</para>
/// <para>Callbacks run concurrently for different tasks, at most <see cref="NodeOptions.MaxDegreeOfParallelism"/> at once.
/// While a task waits for inputs, a second message of the same type and task replaces the first.</para>
/// <para>Configuration requests whose <c>node_id</c> is this node's are answered through the configuration callback;
/// without one, the answer is "unsupported" (<c>success</c> false, <c>err_code</c> INTERNAL_ERROR).</para>
/// <para><see cref="NodeControl"/> commands whose <c>target_node</c> is this node's name are acted on: task commands stop
/// a task (its inputs are dropped, a running callback's token is cancelled, no output is published), node commands
/// pause, resume, reset or terminate the node.</para>
/// </remarks>
public partial class Node<TOutput>
    where TOutput : class, ITaskMessage, ISustainMLMessage<TOutput>, new()
{
    private readonly NodeInput[] _inputs;
    private readonly NodeCallback<TOutput> _callback;
    private readonly ConfigurationCallback? _configurationCallback;
    private readonly ITransport _transport;
    private readonly int _maxDegreeOfParallelism;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<TaskId, (ITaskMessage?[] Slots, long Since)> _pending = [];
    // Callbacks running now, with the source that stops each one (at most MaxDegreeOfParallelism entries).
    private readonly List<(TaskId TaskId, CancellationTokenSource Stop)> _runningTasks = [];
    // Per baseline input: the latest iteration's message of each problem (older iterations can no longer be asked for).
    private readonly Dictionary<uint, ITaskMessage>[] _baselines;
    private readonly Channel<WorkItem> _ready = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = false });
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan? _pendingTaskTimeout;
    private int _started;
    private int _running;
    // Numbers every queued task and every stop, so that a stop skips what was queued before it and nothing after.
    private long _sequence;
    private NodeState _state = NodeState.Inactive;

    /// <summary>Creates a node.</summary>
    /// <param name="nodeId">The node's number: configuration requests with this <c>node_id</c> are answered here.</param>
    /// <param name="nodeName">The participant name published in its status, e.g. <c>CARBON_FOOTPRINT_NODE</c>.</param>
    /// <param name="inputs">The inputs, in the order the callback receives them; at least one same-task input.</param>
    /// <param name="callback">The work for one task.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">No same-task input, or a parallelism below 1.</exception>
    public Node(
        int nodeId,
        string nodeName,
        IReadOnlyList<NodeInput> inputs,
        NodeCallback<TOutput> callback,
        ConfigurationCallback? configurationCallback = null,
        NodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(callback);
        if (!inputs.Any(input => input is { IsBaseline: false }))
        {
            throw new ArgumentException("A node needs at least one same-task input: it fires when all of them have arrived for a task.", nameof(inputs));
        }

        options ??= new NodeOptions();
        if (options.MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism should be at least 1.");
        }

        NodeId = nodeId;
        NodeName = nodeName;
        _inputs = [.. inputs];
        _callback = callback;
        _configurationCallback = configurationCallback;
        _transport = options.Transport ?? InProcessTransport.Shared;
        _maxDegreeOfParallelism = options.MaxDegreeOfParallelism;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        if (options.PendingTaskTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "PendingTaskTimeout should be positive, or null to wait forever.");
        }

        _pendingTaskTimeout = options.PendingTaskTimeout;
        _logger = options.LoggerFactory?.CreateLogger("CarbonScope.SustainML.Nodes.Node") ?? NullLogger.Instance;
        _baselines = [.. _inputs.Select(_ => new Dictionary<uint, ITaskMessage>())];
    }

    /// <summary>The node's number (the <c>node_id</c> of configuration requests).</summary>
    public int NodeId { get; }

    /// <summary>The node's participant name.</summary>
    public string NodeName { get; }

    /// <summary>The declared inputs, in callback order.</summary>
    public IReadOnlyList<NodeInput> Inputs => _inputs;

    /// <summary>The node's current status: <see cref="NodeState.Running"/> while any callback runs, else the last one published.</summary>
    public NodeState State
    {
        get
        {
            lock (_lock)
            {
                return _running > 0 ? NodeState.Running : _state;
            }
        }
    }

    /// <summary>How many tasks wait for some of their inputs.</summary>
    public int PendingTaskCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Runs the node until <paramref name="cancellationToken"/> is cancelled, then returns (without throwing).</summary>
    /// <remarks>The node has subscribed to its inputs when this method returns its task, so messages published after
    /// the call reach it. Status sequence: INITIALIZING, IDLE; per task RUNNING then IDLE or ERROR; at the end
    /// TERMINATING, INACTIVE. Callbacks still running when the node stops get a cancelled token and are awaited.</remarks>
    /// <exception cref="InvalidOperationException">The node was already started (a node runs once).</exception>
    public Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"Node {NodeName} has already been started; a node runs once.");
        }

        // Subscribe before returning, so that nothing published after RunAsync is called is missed.
        var pumps = new List<NodeInput.InputPump>(_inputs.Length);
        for (var i = 0; i < _inputs.Length; i++)
        {
            pumps.Add(_inputs[i].Open(_transport, i, Deliver));
        }

        var configuration = _transport.Subscribe<ConfigurationRequest>();
        var control = _transport.Subscribe<NodeControl>();
        _terminate = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return RunCoreAsync(pumps, configuration, control, _terminate.Token);
    }

    private async Task RunCoreAsync(
        List<NodeInput.InputPump> pumps,
        ISubscription<ConfigurationRequest> configuration,
        ISubscription<NodeControl> control,
        CancellationToken cancellationToken)
    {
        try
        {
            await PublishNodeStateAsync(NodeState.Initializing).ConfigureAwait(false);
            // A task whose inputs are incomplete is given up between the timeout and 1.25 times it after its first input.
            using var sweeper = _pendingTaskTimeout is { } timeout
                ? _timeProvider.CreateTimer(_ => ExpirePendingTasks(timeout), null, SweepPeriod(timeout), SweepPeriod(timeout))
                : null;
            var workers = Enumerable.Range(0, _maxDegreeOfParallelism).Select(_ => WorkAsync(cancellationToken)).ToList();
            var loops = pumps.Select(pump => pump.RunAsync(cancellationToken)).ToList();
            loops.Add(AnswerConfigurationAsync(configuration, cancellationToken));
            loops.Add(ActOnControlAsync(control, cancellationToken));
            await PublishNodeStateAsync(NodeState.Idle).ConfigureAwait(false);
            Log.Started(_logger, NodeName);

            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping.
            }

            await PublishFinalStateAsync(NodeState.Terminating).ConfigureAwait(false);
            _ready.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
            await PublishFinalStateAsync(NodeState.Inactive).ConfigureAwait(false);
            Log.Stopped(_logger, NodeName);
        }
        finally
        {
            foreach (var pump in pumps)
            {
                pump.Dispose();
            }

            configuration.Dispose();
            control.Dispose();
            _ready.Writer.TryComplete();
            ReleasePause();
            _terminate?.Dispose();
        }
    }

    /// <summary>Raised after an input message has been taken in (index, task id); lets tests wait on a signal.</summary>
    internal event Action<int, TaskId>? InputDelivered;

    private void Deliver(int index, ITaskMessage message)
    {
        DeliverCore(index, message);
        InputDelivered?.Invoke(index, message.TaskId);
    }

    private void DeliverCore(int index, ITaskMessage message)
    {
        var taskId = message.TaskId;
        if (!taskId.IsValid)
        {
            Log.InvalidTaskId(_logger, NodeName, message.GetType().Name);
            return;
        }

        lock (_lock)
        {
            if (_inputs[index].IsBaseline)
            {
                var latest = _baselines[index];
                if (!latest.TryGetValue(taskId.ProblemId, out var kept) || kept.TaskId.IterationId <= taskId.IterationId)
                {
                    latest[taskId.ProblemId] = message;
                    if (latest.Count > MaxBaselineProblems)
                    {
                        ForgetOldestProblems(latest);
                    }
                }

                return;
            }

            if (IsBlocked(taskId))
            {
                return;
            }

            if (!_pending.TryGetValue(taskId, out var pending))
            {
                pending = (new ITaskMessage?[_inputs.Length], _timeProvider.GetTimestamp());
                _pending.Add(taskId, pending);
            }

            var slots = pending.Slots;

            slots[index] = message;
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] is null && !_inputs[i].IsBaseline)
                {
                    return;
                }
            }

            _pending.Remove(taskId);
            if (taskId.PreviousIteration is { } previous)
            {
                for (var i = 0; i < slots.Length; i++)
                {
                    if (_inputs[i].IsBaseline && _baselines[i].TryGetValue(previous.ProblemId, out var baseline) && baseline.TaskId == previous)
                    {
                        slots[i] = baseline;
                    }
                }
            }

            _ready.Writer.TryWrite(new WorkItem(new NodeInputs(taskId, slots), Missing: null, ++_sequence));
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await foreach (var item in _ready.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (cancellationToken.IsCancellationRequested || !await WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (StoppedReason(item) is { } reason)
            {
                await PublishStatusAsync(StoppedStatus(item.Inputs.TaskId, reason)).ConfigureAwait(false);
            }
            else if (item.Missing is null)
            {
                await RunTaskAsync(item.Inputs, item.Sequence, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var error = NewStatus(item.Inputs.TaskId, NodeState.Error, TaskState.Error);
                error.ErrorCode = ErrorCode.InternalError;
                error.ErrorDescription = item.Missing;
                await PublishStatusAsync(error).ConfigureAwait(false);
            }
        }
    }

    private void ExpirePendingTasks(TimeSpan timeout)
    {
        lock (_lock)
        {
            List<TaskId>? expired = null;
            foreach (var (taskId, pending) in _pending)
            {
                if (_timeProvider.GetElapsedTime(pending.Since) >= timeout)
                {
                    (expired ??= []).Add(taskId);
                }
            }

            foreach (var taskId in expired ?? [])
            {
                _pending.Remove(taskId, out var pending);
                var missing = string.Join(", ", _inputs
                    .Where((input, i) => !input.IsBaseline && pending.Slots[i] is null)
                    .Select(input => input.TopicName));
                Log.TaskExpired(_logger, NodeName, taskId, missing);
                var message = $"Task {taskId} gave up after waiting {timeout} for its inputs; missing: {missing}.";
                _ready.Writer.TryWrite(new WorkItem(new NodeInputs(taskId, pending.Slots), message, ++_sequence));
            }
        }
    }

    /// <summary>How many problems a node keeps baselines for: the most recent, by problem id (problem ids grow as problems are submitted).</summary>
    internal const int MaxBaselineProblems = 4096;

    /// <summary>Keeps the baselines of the newest half of <see cref="MaxBaselineProblems"/> problems (amortised: runs once per that many new problems).</summary>
    private static void ForgetOldestProblems(Dictionary<uint, ITaskMessage> latest)
    {
        var problems = latest.Keys.ToArray();
        Array.Sort(problems);
        foreach (var problem in problems.AsSpan(0, problems.Length - (MaxBaselineProblems / 2)))
        {
            latest.Remove(problem);
        }
    }

    private static TimeSpan SweepPeriod(TimeSpan timeout) => TimeSpan.FromTicks(Math.Max(timeout.Ticks / 4, TimeSpan.TicksPerMillisecond));

    /// <summary>A task to run, or (when <see cref="Missing"/> is set) one given up, whose ERROR status is to be published; <see cref="Sequence"/> orders it against stops.</summary>
    private readonly record struct WorkItem(NodeInputs Inputs, string? Missing, long Sequence);

    private async Task RunTaskAsync(NodeInputs inputs, long sequence, CancellationToken cancellationToken)
    {
        var taskId = inputs.TaskId;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var entry = (taskId, stop);
        lock (_lock)
        {
            _running++;
            _runningTasks.Add(entry);
        }

        NodeStatus? final = null;
        try
        {
            final = await RunCallbackAsync(inputs, sequence, stop, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Done before the final status goes out, so that whoever sees it also sees the node's State agree.
            lock (_lock)
            {
                _running--;
                _runningTasks.Remove(entry);
                if (final is not null && final.State != NodeState.Running)
                {
                    _state = final.State;
                }
            }
        }

        if (final is not null)
        {
            await PublishStatusAsync(final).ConfigureAwait(false);
        }

        Log.TaskDone(_logger, NodeName, taskId, final?.State ?? NodeState.Terminating);
    }

    /// <summary>Publishes RUNNING, runs the callback, publishes the output; returns the status to publish last, or null when the node is stopping.</summary>
    private async Task<NodeStatus?> RunCallbackAsync(NodeInputs inputs, long sequence, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        var taskId = inputs.TaskId;
        await PublishStatusAsync(NewStatus(taskId, NodeState.Running, TaskState.Running)).ConfigureAwait(false);
        var status = NewStatus(taskId, NodeState.Running, TaskState.Running);
        var output = new TOutput { TaskId = taskId };
        try
        {
            await _callback(inputs, status, output, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping: the task is abandoned, not failed.
            return null;
        }
        catch (Exception e) when (StoppedReason(taskId, sequence) is null)
        {
            Log.CallbackFailed(_logger, NodeName, taskId, e.GetType().Name, e);
            var error = NewStatus(taskId, NodeState.Error, TaskState.Error);
            error.ErrorCode = ErrorCode.InternalError;
            error.ErrorDescription = e.Message;
            return error;
        }
        catch (Exception)
        {
            // Stopped by a NodeControl command (the callback saw its token cancelled): reported below.
        }

        if (StoppedReason(taskId, sequence) is { } reason)
        {
            // Stopped while the callback ran: whatever it produced is dropped.
            return StoppedStatus(taskId, reason);
        }

        output.TaskId = taskId;
        await _transport.PublishAsync(output, CancellationToken.None).ConfigureAwait(false);
        if (status.State == NodeState.Error)
        {
            status.TaskState = TaskState.Error;
            if (status.ErrorCode == ErrorCode.NoError)
            {
                status.ErrorCode = ErrorCode.InternalError;
            }
        }
        else
        {
            status.State = RestingState;
            status.TaskState = TaskState.Succeeded;
        }

        status.TaskId = taskId;
        status.NodeName = NodeName;
        return status;
    }

    private async Task AnswerConfigurationAsync(ISubscription<ConfigurationRequest> requests, CancellationToken cancellationToken)
    {
        await foreach (var request in requests.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (request.NodeId != NodeId)
            {
                continue;
            }

            var response = new ConfigurationResponse
            {
                NodeId = NodeId,
                TransactionId = request.TransactionId,
                Success = false,
                ErrorCode = ErrorCode.InternalError,
                Configuration = ErrorJson("Unsupported configuration request: " + request.Configuration),
            };
            if (_configurationCallback is not null)
            {
                try
                {
                    _configurationCallback(request, response);
                }
                catch (Exception e)
                {
                    Log.ConfigurationFailed(_logger, NodeName, request.TransactionId, e.GetType().Name, e);
                    response.Success = false;
                    response.ErrorCode = ErrorCode.InternalError;
                    response.Configuration = ErrorJson("Configuration request failed: " + e.Message);
                }
            }

            response.NodeId = NodeId;
            response.TransactionId = request.TransactionId;
            await _transport.PublishAsync(response, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async ValueTask PublishFinalStateAsync(NodeState state)
    {
        try
        {
            await PublishNodeStateAsync(state).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The transport was disposed first (which also ended the subscriptions): nobody is left to tell.
            lock (_lock)
            {
                _state = state;
            }
        }
    }

    private ValueTask PublishNodeStateAsync(NodeState state) => PublishStatusAsync(NewStatus(default, state, TaskState.Waiting));

    private ValueTask PublishStatusAsync(NodeStatus status)
    {
        if (status.State != NodeState.Running)
        {
            lock (_lock)
            {
                _state = status.State;
            }
        }

        return _transport.PublishAsync(status, CancellationToken.None);
    }

    private NodeStatus NewStatus(TaskId taskId, NodeState state, TaskState taskState) => new()
    {
        NodeName = NodeName,
        TaskId = taskId,
        State = state,
        TaskState = taskState,
        ErrorCode = ErrorCode.NoError,
        ErrorDescription = "",
    };

    private static string ErrorJson(string message) =>
        Encoding.UTF8.GetString(SustainMLJson.WriteToUtf8Bytes(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }));
}
