namespace CarbonScope.SustainML.Orchestration;

/// <summary>One persisted piece of a task: its user input, one node's output, or the task's state.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Name">What it is: <see cref="UserInputName"/>, <see cref="TaskStateName"/>, or a node's participant name (<c>CARBON_FOOTPRINT_NODE</c>, ...) for its output.</param>
/// <param name="Json">The JSON text: the message as <see cref="SustainMLJson.Serialize"/> writes it with secrets redacted, or <c>{"state":"cancelled"}</c>.</param>
/// <param name="UpdatedAt">When it was written (the orchestrator's clock).</param>
public sealed record OrchestratorRecord(TaskId TaskId, string Name, string Json, DateTimeOffset UpdatedAt)
{
    /// <summary>The name of the record holding a task's user input.</summary>
    public const string UserInputName = "USER_INPUT";

    /// <summary>The name of the record holding a task's state (written when it is cancelled).</summary>
    public const string TaskStateName = "TASK_STATE";
}

/// <summary>Where the orchestrator keeps its tasks and results, so that a restart loses nothing.</summary>
/// <remarks>
/// Records are keyed by task id and name: saving a record with the same key replaces it. What is stored is redacted
/// JSON: secrets (<c>hf_token</c> and the other secret keys of <c>extra_data</c>) are <c>"***"</c>, so a task restored
/// after a restart has lost them. Implementations must be thread-safe.
/// </remarks>
public interface IOrchestratorStore
{
    /// <summary>Saves a record, replacing the one with the same task id and name.</summary>
    void Save(OrchestratorRecord record);

    /// <summary>Every record saved, in any order.</summary>
    IReadOnlyList<OrchestratorRecord> Load();
}

/// <summary>An <see cref="IOrchestratorStore"/> in memory: survives a new orchestrator in the same process, not a restart of it.</summary>
public sealed class InMemoryOrchestratorStore : IOrchestratorStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(TaskId, string), OrchestratorRecord> _records = [];

    /// <inheritdoc/>
    public void Save(OrchestratorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _records[(record.TaskId, record.Name)] = record;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<OrchestratorRecord> Load()
    {
        lock (_lock)
        {
            return [.. _records.Values];
        }
    }
}
