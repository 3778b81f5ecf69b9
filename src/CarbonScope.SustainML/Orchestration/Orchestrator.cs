using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Orchestration;

/// <summary>
/// SustainML's orchestrator: numbers the user's tasks, publishes their user inputs, collects every node's output and
/// status, runs further iterations (<c>num_outputs</c>, <c>optimize_carbon_footprint_auto</c>), cancels tasks, and
/// persists tasks and results so that a restart loses nothing. See docs/sustainml.md, "Orchestrator".
/// </summary>
/// <remarks>
/// <para>Task ids: a user input with <c>previous_iteration</c> 0 is a new problem, <c>{last problem + 1, 1}</c>;
/// otherwise it iterates the problem <c>extra_data.previous_problem_id</c>, <c>{p, highest iteration of p + 1}</c>, and
/// a problem the orchestrator does not know is an <see cref="UnknownProblemException"/>.</para>
/// <para>Call <see cref="Start"/> once, then use it from any thread; <see cref="DisposeAsync"/> stops it.</para>
/// </remarks>
public sealed class Orchestrator : IAsyncDisposable
{
    private static readonly NodeId[] s_pipeline =
        [NodeId.AppRequirements, NodeId.MLModelMetadata, NodeId.HardwareConstraints, NodeId.MLModel, NodeId.HardwareResources, NodeId.CarbonFootprint];

    private static readonly Dictionary<string, NodeId> s_nodesByName = s_pipeline.ToDictionary(SustainMLNames.NodeName, StringComparer.Ordinal);

    private readonly ITransport _transport;
    private readonly TimeProvider _time;
    private readonly IOrchestratorStore? _store; // null: nothing to persist to (tasks live in memory only)
    private readonly int _maxAutoAttempts;
    private readonly Lock _lock = new();
    private readonly Dictionary<TaskId, TaskEntry> _tasks = [];
    private readonly Dictionary<uint, uint> _lastIteration = [];
    private readonly Dictionary<string, NodeStatus> _nodeStatuses = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private uint _lastProblem;
    private TaskId? _lastTask;
    private int _state; // 0 new, 1 started, 2 disposed

    /// <summary>Creates an orchestrator; <see cref="Start"/> loads the store and starts listening.</summary>
    public Orchestrator(OrchestratorOptions? options = null)
    {
        options ??= new OrchestratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAutoAttempts, 1, nameof(options));
        _transport = options.Transport ?? InProcessTransport.Shared;
        _time = options.TimeProvider ?? TimeProvider.System;
        _store = options.Store;
        _maxAutoAttempts = options.MaxAutoAttempts;
    }

    /// <summary>The six pipeline nodes, whose outputs the orchestrator collects.</summary>
    public static IReadOnlyList<NodeId> PipelineNodes { get; } = Array.AsReadOnly(s_pipeline);

    /// <summary>The task submitted last (restored tasks count, by the time their user input was stored), or null.</summary>
    public TaskId? LastTaskId
    {
        get
        {
            lock (_lock)
            {
                return _lastTask;
            }
        }
    }

    /// <summary>Every task known, in task id order.</summary>
    public IReadOnlyList<TaskId> TaskIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _tasks.Keys.OrderBy(t => t.ProblemId).ThenBy(t => t.IterationId)];
            }
        }
    }

    /// <summary>
    /// Loads the persisted tasks (so ids continue and their results are served), then subscribes to every output and
    /// to <c>NodeStatus</c>: the subscriptions are in place when this returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started, or disposed.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The orchestrator has already been started (or disposed).");
        }

        Restore(_store?.Load() ?? []);
        Pump<AppRequirements>(NodeId.AppRequirements);
        Pump<MLModelMetadata>(NodeId.MLModelMetadata);
        Pump<HardwareConstraints>(NodeId.HardwareConstraints);
        Pump<MLModel>(NodeId.MLModel);
        Pump<HardwareResource>(NodeId.HardwareResources);
        Pump<CO2Footprint>(NodeId.CarbonFootprint);
        _pumps.Add(RunPumpAsync(_transport.Subscribe<NodeStatus>(), OnStatus));
    }

    /// <summary>Numbers a user input by SustainML's id rules, persists it (secrets redacted) and publishes it.</summary>
    /// <param name="userInput">The input; not modified (its <c>task_id</c> is ignored: a copy gets the assigned one).</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    /// <returns>The task id assigned.</returns>
    /// <exception cref="UnknownProblemException"><c>previous_iteration</c> is not 0 and <c>extra_data.previous_problem_id</c> is missing or not a known problem.</exception>
    public async Task<TaskId> SubmitAsync(UserInput userInput, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userInput);
        EnsureStarted();
        var copy = SustainMLJson.Parse<UserInput>(SustainMLJson.SerializeToUtf8Bytes(userInput, redactSecrets: false));
        Chain chain;
        if (ReadUInt(copy.ExtraData, "num_outputs") is > 1 and var count)
        {
            chain = new Chain(ChainKind.NumOutputs, (int)Math.Min(count, int.MaxValue));
        }
        else
        {
            chain = copy.OptimizeCarbonFootprintAuto ? new Chain(ChainKind.Auto, _maxAutoAttempts) : new Chain(ChainKind.None, 1);
        }

        TaskId id;
        lock (_lock)
        {
            id = Register(copy, chain);
        }

        await _transport.PublishAsync(copy, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>A snapshot of a task's results.</summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    public TaskResults GetResults(TaskId taskId)
    {
        lock (_lock)
        {
            return Entry(taskId).Snapshot();
        }
    }

    /// <summary>
    /// Waits until every node in <paramref name="nodes"/> is done with the task (its output or an ERROR status has
    /// arrived; <see cref="NodeId.Orchestrator"/>, the user input, always is) or the task is cancelled, and returns the
    /// results then.
    /// </summary>
    /// <param name="taskId">The task.</param>
    /// <param name="nodes">The nodes whose results are wanted (empty: the task as it is now).</param>
    /// <param name="timeout">How long to wait at most, on the orchestrator's clock; zero checks once.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    /// <exception cref="ResultsTimeoutException">The results did not all arrive within the timeout.</exception>
    /// <exception cref="ObjectDisposedException">The orchestrator was disposed while waiting.</exception>
    public async Task<TaskResults> WaitForResultsAsync(TaskId taskId, IReadOnlyCollection<NodeId> nodes, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        // The timeout's timer is only made when there is something to wait for.
        CancellationTokenSource? timeoutSource = null;
        CancellationTokenSource? linked = null;
        try
        {
            while (true)
            {
                Task changed;
                NodeId[] missing;
                lock (_lock)
                {
                    var entry = Entry(taskId);
                    missing = [.. nodes.Where(n => !entry.IsDone(n))];
                    if (entry.State == OrchestratedTaskState.Cancelled || missing.Length == 0)
                    {
                        return entry.Snapshot();
                    }

                    changed = entry.Changed.Task;
                }

                timeoutSource ??= new CancellationTokenSource(timeout, _time);
                linked ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
                try
                {
                    await changed.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ResultsTimeoutException(taskId, timeout, missing);
                }
            }
        }
        finally
        {
            linked?.Dispose();
            timeoutSource?.Dispose();
        }
    }

    /// <summary>
    /// Cancels a task that is still running: it is marked cancelled (and persisted so), waiting callers are released,
    /// its further iterations are not started, outputs arriving later are ignored, and every pipeline node is sent a
    /// <c>NodeControl</c> <c>STOP_TASK</c> for it.
    /// </summary>
    /// <returns>True if the task was running; false if it had completed or was already cancelled (nothing changes).</returns>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    public async Task<bool> CancelAsync(TaskId taskId, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        lock (_lock)
        {
            var entry = Entry(taskId);
            if (entry.State != OrchestratedTaskState.Running)
            {
                return false;
            }

            entry.State = OrchestratedTaskState.Cancelled;
            entry.Chain.Cancelled = true;
            Persist(taskId, OrchestratorRecord.TaskStateName, """{"state":"cancelled"}""", required: false);
            entry.Signal();
        }

        foreach (var node in PipelineNodes)
        {
            await _transport.PublishAsync(
                new NodeControl
                {
                    NodeCommand = NodeCommand.None,
                    TaskCommand = TaskCommand.Stop,
                    TargetNode = SustainMLNames.NodeName(node),
                    SourceNode = SustainMLNames.NodeName(NodeId.Orchestrator),
                    TaskId = taskId,
                },
                cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>A node's state: the <c>node_status</c> of the last <c>NodeStatus</c> it published; INACTIVE if none was seen.</summary>
    public NodeState GetNodeState(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        lock (_lock)
        {
            return _nodeStatuses.TryGetValue(nodeName, out var status) ? status.State : NodeState.Inactive;
        }
    }

    /// <summary>A node's state by id (see <see cref="GetNodeState(string)"/>).</summary>
    public NodeState GetNodeState(NodeId node) => GetNodeState(SustainMLNames.NodeName(node));

    /// <summary>The state of each pipeline node (INACTIVE for a node never seen).</summary>
    public IReadOnlyDictionary<NodeId, NodeState> GetNodeStates() => PipelineNodes.ToDictionary(n => n, GetNodeState);

    /// <summary>Stops listening; callers still waiting get an <see cref="ObjectDisposedException"/>. The store is not disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pumps).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var entry in _tasks.Values)
            {
                entry.Changed.TrySetException(new ObjectDisposedException(nameof(Orchestrator)));
            }
        }

        _stop.Dispose();
    }

    private static uint? ReadUInt(ExtraData extraData, string key)
    {
        if (!extraData.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetUInt32(out var number) => number,
            JsonValueKind.String when uint.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    private static IEnumerable<string> ReadStrings(ExtraData extraData, string key)
    {
        if (extraData.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text)
                {
                    yield return text;
                }
            }
        }
    }

    private static ExtraData FollowUpExtraData(ExtraData original, uint problem, IReadOnlyList<string> restrains, int? autoAttempt)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in original.Root.EnumerateObject())
            {
                if (property.NameEquals("previous_problem_id") || property.NameEquals("model_restrains") || (autoAttempt is not null && property.NameEquals("auto_attempt")))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteNumber("previous_problem_id", problem);
            writer.WriteStartArray("model_restrains");
            foreach (var model in restrains)
            {
                writer.WriteStringValue(model);
            }

            writer.WriteEndArray();
            if (autoAttempt is { } attempt)
            {
                writer.WriteNumber("auto_attempt", attempt);
            }

            writer.WriteEndObject();
        }

        return ExtraData.FromUtf8(buffer.WrittenSpan);
    }

    private static ITaskMessage? ParseOutput(NodeId node, string json) => node switch
    {
        NodeId.AppRequirements => SustainMLJson.Parse<AppRequirements>(json),
        NodeId.MLModelMetadata => SustainMLJson.Parse<MLModelMetadata>(json),
        NodeId.HardwareConstraints => SustainMLJson.Parse<HardwareConstraints>(json),
        NodeId.MLModel => SustainMLJson.Parse<MLModel>(json),
        NodeId.HardwareResources => SustainMLJson.Parse<HardwareResource>(json),
        NodeId.CarbonFootprint => SustainMLJson.Parse<CO2Footprint>(json),
        _ => null,
    };

    private void EnsureStarted()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 2, this);
        if (Volatile.Read(ref _state) == 0)
        {
            throw new InvalidOperationException("Start the orchestrator first.");
        }
    }

    private TaskEntry Entry(TaskId taskId) => _tasks.TryGetValue(taskId, out var entry) ? entry : throw new UnknownTaskException(taskId);

    /// <summary>Assigns the id, persists the input and registers the task. Under the lock.</summary>
    private TaskId Register(UserInput input, Chain chain)
    {
        TaskId id;
        if (input.PreviousIteration == 0)
        {
            id = new TaskId(_lastProblem + 1, 1);
        }
        else
        {
            var problem = ReadUInt(input.ExtraData, "previous_problem_id")
                ?? throw new UnknownProblemException(
                    $"previous_iteration is {input.PreviousIteration.ToString(CultureInfo.InvariantCulture)}, so extra_data.previous_problem_id must name the problem to iterate (a positive integer).",
                    null);
            if (!_lastIteration.TryGetValue(problem, out var last))
            {
                throw new UnknownProblemException(
                    _lastProblem == 0
                        ? $"Problem {problem.ToString(CultureInfo.InvariantCulture)} does not exist: no problem has been submitted yet."
                        : $"Problem {problem.ToString(CultureInfo.InvariantCulture)} does not exist (problems are numbered 1 to {_lastProblem.ToString(CultureInfo.InvariantCulture)}).",
                    problem);
            }

            id = new TaskId(problem, last + 1);
        }

        input.TaskId = id;

        // Persisted before it is registered: a store that fails fails the submission, and nothing is half-known.
        Persist(id, OrchestratorRecord.UserInputName, input, required: true);
        Reserve(id);
        _lastTask = id;
        var entry = new TaskEntry(id, input, chain, isRestored: false);
        _tasks[id] = entry;
        return id;
    }

    private void Reserve(TaskId id)
    {
        _lastProblem = Math.Max(_lastProblem, id.ProblemId);
        _lastIteration[id.ProblemId] = Math.Max(_lastIteration.GetValueOrDefault(id.ProblemId), id.IterationId);
    }

    /// <summary>Saves a message, secrets redacted, as the task's record <paramref name="name"/>; without a store nothing is serialised.</summary>
    private void Persist(TaskId taskId, string name, ISustainMLMessage message, bool required)
    {
        if (_store is not null)
        {
            Persist(taskId, name, SustainMLJson.Serialize(message, redactSecrets: true), required);
        }
    }

    /// <summary>Saves a record when there is a store; a failure throws only when <paramref name="required"/>.</summary>
    private void Persist(TaskId taskId, string name, string json, bool required)
    {
        if (_store is null)
        {
            return;
        }

        try
        {
            _store.Save(new OrchestratorRecord(taskId, name, json, _time.GetUtcNow()));
        }
        catch (Exception) when (!required)
        {
            // An output that cannot be persisted is still served from memory; only a restart would lose it.
        }
    }

    private void Restore(IReadOnlyList<OrchestratorRecord> records)
    {
        lock (_lock)
        {
            DateTimeOffset? lastSubmitted = null;
            foreach (var group in records.GroupBy(r => r.TaskId))
            {
                var id = group.Key;
                if (!id.IsValid)
                {
                    continue;
                }

                Reserve(id);
                var inputRecord = group.FirstOrDefault(r => r.Name == OrchestratorRecord.UserInputName);
                if (inputRecord is null)
                {
                    continue;
                }

                UserInput input;
                try
                {
                    input = SustainMLJson.Parse<UserInput>(inputRecord.Json);
                }
                catch (SustainMLJsonException)
                {
                    continue; // a damaged record: the id stays reserved, the task is not served
                }

                input.TaskId = id;
                var entry = new TaskEntry(id, input, new Chain(ChainKind.None, 1), isRestored: true) { FollowUpDecided = true };
                foreach (var record in group)
                {
                    if (record.Name == OrchestratorRecord.TaskStateName)
                    {
                        entry.State = record.Json.Contains("cancelled", StringComparison.Ordinal) ? OrchestratedTaskState.Cancelled : entry.State;
                    }
                    else if (s_nodesByName.TryGetValue(record.Name, out var node))
                    {
                        try
                        {
                            if (ParseOutput(node, record.Json) is { } output)
                            {
                                output.TaskId = id;
                                entry.Outputs[node] = output;
                            }
                        }
                        catch (SustainMLJsonException)
                        {
                            // a damaged output is not served
                        }
                    }
                }

                if (entry.State == OrchestratedTaskState.Running && entry.Outputs.ContainsKey(NodeId.CarbonFootprint))
                {
                    entry.State = OrchestratedTaskState.Completed;
                }

                _tasks[id] = entry;
                if (lastSubmitted is null || inputRecord.UpdatedAt > lastSubmitted ||
                    (inputRecord.UpdatedAt == lastSubmitted && _lastTask is { } last && (id.ProblemId, id.IterationId).CompareTo((last.ProblemId, last.IterationId)) > 0))
                {
                    lastSubmitted = inputRecord.UpdatedAt;
                    _lastTask = id;
                }
            }
        }
    }

    private void Pump<T>(NodeId node)
        where T : class, ITaskMessage, ISustainMLMessage<T> =>
        _pumps.Add(RunPumpAsync(_transport.Subscribe<T>(), message => OnOutputAsync(node, message)));

    private async Task RunPumpAsync<T>(ISubscription<T> subscription, Func<T, ValueTask> handle)
        where T : class
    {
        using (subscription)
        {
            try
            {
                await foreach (var message in subscription.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                {
                    await handle(message).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // stopping
            }
            catch (ObjectDisposedException) when (_stop.IsCancellationRequested)
            {
                // the transport went first
            }
        }
    }

    private ValueTask OnStatus(NodeStatus status)
    {
        lock (_lock)
        {
            _nodeStatuses[status.NodeName] = status;
            if ((status.State == NodeState.Error || status.TaskState == TaskState.Error) &&
                s_nodesByName.TryGetValue(status.NodeName, out var node) &&
                _tasks.TryGetValue(status.TaskId, out var entry) &&
                entry.State != OrchestratedTaskState.Cancelled)
            {
                entry.Errors[node] = status;
                entry.Signal();
            }
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask OnOutputAsync(NodeId node, ITaskMessage message)
    {
        UserInput? followUp = null;
        lock (_lock)
        {
            if (!_tasks.TryGetValue(message.TaskId, out var entry) || entry.State == OrchestratedTaskState.Cancelled)
            {
                return;
            }

            entry.Outputs[node] = message;
            if (node == NodeId.CarbonFootprint)
            {
                entry.State = OrchestratedTaskState.Completed;
            }

            Persist(entry.TaskId, SustainMLNames.NodeName(node), message, required: false);
            if (FollowUp(entry) is { } next)
            {
                // Registered before the waiters are released: whoever sees this output also sees the next task.
                try
                {
                    Register(next, entry.Chain);
                    entry.Chain.Attempts++;
                    followUp = next;
                }
                catch (Exception)
                {
                    // The store refused the next iteration: the chain ends here.
                }
            }

            entry.Signal();
        }

        if (followUp is not null)
        {
            await _transport.PublishAsync(followUp, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The user input of the next iteration of the task's chain, once its model and footprint are both in; else null. Under the lock.</summary>
    private static UserInput? FollowUp(TaskEntry entry)
    {
        if (entry.FollowUpDecided || entry.MLModel is not { } model || entry.CO2Footprint is not { } footprint)
        {
            return null;
        }

        entry.FollowUpDecided = true;
        var chain = entry.Chain;
        if (model.Model != MLModel.NoModel && !string.IsNullOrEmpty(model.Model))
        {
            chain.Models.Add(model.Model);
        }

        if (chain.Cancelled || chain.Kind == ChainKind.None || model.Model == MLModel.NoModel)
        {
            return null;
        }

        var more = chain.Kind switch
        {
            ChainKind.NumOutputs => chain.Models.Count < chain.Limit,
            _ => footprint.CarbonFootprintGrams > entry.UserInput.DesiredCarbonFootprintGrams && chain.Attempts < chain.Limit,
        };
        if (!more)
        {
            return null;
        }

        List<string> restrains = [];
        foreach (var name in ReadStrings(footprint.ExtraData, "model_restrains").Concat(ReadStrings(entry.UserInput.ExtraData, "model_restrains")).Concat(chain.Models))
        {
            if (!restrains.Contains(name, StringComparer.Ordinal))
            {
                restrains.Add(name);
            }
        }

        var next = SustainMLJson.Parse<UserInput>(SustainMLJson.SerializeToUtf8Bytes(entry.UserInput, redactSecrets: false));
        next.PreviousIteration = (int)Math.Min(entry.TaskId.IterationId, int.MaxValue);
        next.ExtraData = FollowUpExtraData(entry.UserInput.ExtraData, entry.TaskId.ProblemId, restrains, chain.Kind == ChainKind.Auto ? chain.Attempts + 1 : null);
        return next;
    }

    private enum ChainKind
    {
        None,
        NumOutputs,
        Auto,
    }

    /// <summary>The tasks run for one user request: the user's task and the iterations the orchestrator added.</summary>
    private sealed class Chain(ChainKind kind, int limit)
    {
        public ChainKind Kind { get; } = kind;

        /// <summary>num_outputs, or the most attempts.</summary>
        public int Limit { get; } = limit;

        /// <summary>Tasks submitted so far (the user's is 1).</summary>
        public int Attempts { get; set; } = 1;

        public List<string> Models { get; } = [];

        public bool Cancelled { get; set; }
    }

    private sealed class TaskEntry(TaskId taskId, UserInput userInput, Chain chain, bool isRestored)
    {
        public TaskId TaskId { get; } = taskId;

        public UserInput UserInput { get; } = userInput;

        public Chain Chain { get; } = chain;

        public bool IsRestored { get; } = isRestored;

        public OrchestratedTaskState State { get; set; }

        public Dictionary<NodeId, ITaskMessage> Outputs { get; } = [];

        public Dictionary<NodeId, NodeStatus> Errors { get; } = [];

        public bool FollowUpDecided { get; set; }

        public TaskCompletionSource Changed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MLModel? MLModel => Outputs.GetValueOrDefault(NodeId.MLModel) as MLModel;

        public CO2Footprint? CO2Footprint => Outputs.GetValueOrDefault(NodeId.CarbonFootprint) as CO2Footprint;

        public bool IsDone(NodeId node) => node == NodeId.Orchestrator || Outputs.ContainsKey(node) || Errors.ContainsKey(node);

        public void Signal()
        {
            var changed = Changed;
            Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }

        public TaskResults Snapshot() =>
            new(TaskId, State, IsRestored, UserInput, new Dictionary<NodeId, ITaskMessage>(Outputs), new Dictionary<NodeId, NodeStatus>(Errors));
    }
}
