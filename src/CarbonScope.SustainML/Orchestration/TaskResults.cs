namespace CarbonScope.SustainML.Orchestration;

/// <summary>Where a task stands at the orchestrator.</summary>
public enum OrchestratedTaskState
{
    /// <summary>Submitted; the carbon footprint has not arrived.</summary>
    Running,

    /// <summary>The carbon footprint (the pipeline's last output) has arrived.</summary>
    Completed,

    /// <summary>Cancelled with <see cref="Orchestrator.CancelAsync"/>: outputs arriving later are ignored.</summary>
    Cancelled,
}

/// <summary>A snapshot of one task: its user input, the outputs that have arrived, and the nodes that failed it.</summary>
/// <remarks>
/// Messages are shared with the orchestrator: treat them as read-only. A task restored from the store
/// (<see cref="IsRestored"/>) holds the redacted messages that were stored: its secrets are <c>"***"</c>.
/// </remarks>
public sealed class TaskResults
{
    internal TaskResults(TaskId taskId, OrchestratedTaskState state, bool isRestored, UserInput userInput, IReadOnlyDictionary<NodeId, ITaskMessage> outputs, IReadOnlyDictionary<NodeId, NodeStatus> errors)
    {
        TaskId = taskId;
        State = state;
        IsRestored = isRestored;
        UserInput = userInput;
        Outputs = outputs;
        Errors = errors;
    }

    /// <summary>The task.</summary>
    public TaskId TaskId { get; }

    /// <summary>Running, completed or cancelled.</summary>
    public OrchestratedTaskState State { get; }

    /// <summary>Whether the task was loaded from the store (its secrets are gone).</summary>
    public bool IsRestored { get; }

    /// <summary>The user input, with the task id the orchestrator assigned.</summary>
    public UserInput UserInput { get; }

    /// <summary>The outputs that have arrived, by node.</summary>
    public IReadOnlyDictionary<NodeId, ITaskMessage> Outputs { get; }

    /// <summary>The nodes that reported an ERROR status for this task (the last such status of each).</summary>
    public IReadOnlyDictionary<NodeId, NodeStatus> Errors { get; }

    /// <summary>The App Requirements node's output, if it has arrived.</summary>
    public AppRequirements? AppRequirements => Output<AppRequirements>(NodeId.AppRequirements);

    /// <summary>The ML Model Metadata node's output, if it has arrived.</summary>
    public MLModelMetadata? MLModelMetadata => Output<MLModelMetadata>(NodeId.MLModelMetadata);

    /// <summary>The HW Constraints node's output, if it has arrived.</summary>
    public HardwareConstraints? HardwareConstraints => Output<HardwareConstraints>(NodeId.HardwareConstraints);

    /// <summary>The ML Model node's output, if it has arrived.</summary>
    public MLModel? MLModel => Output<MLModel>(NodeId.MLModel);

    /// <summary>The HW Resources node's output, if it has arrived.</summary>
    public HardwareResource? HardwareResource => Output<HardwareResource>(NodeId.HardwareResources);

    /// <summary>The Carbon Footprint node's output, if it has arrived.</summary>
    public CO2Footprint? CO2Footprint => Output<CO2Footprint>(NodeId.CarbonFootprint);

    /// <summary>A node's output; <see cref="NodeId.Orchestrator"/> (the REST API's 7) is the user input.</summary>
    public ITaskMessage? Get(NodeId node) => node == NodeId.Orchestrator ? UserInput : Outputs.GetValueOrDefault(node);

    /// <summary>Whether a node is done with this task: its output or an ERROR status has arrived (always, for the user input).</summary>
    public bool IsDone(NodeId node) => node == NodeId.Orchestrator || Outputs.ContainsKey(node) || Errors.ContainsKey(node);

    private T? Output<T>(NodeId node)
        where T : class => Outputs.GetValueOrDefault(node) as T;
}
