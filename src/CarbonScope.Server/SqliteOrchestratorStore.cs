using CarbonScope.Storage;
using CarbonScope.SustainML;
using CarbonScope.SustainML.Orchestration;

namespace CarbonScope.Server;

/// <summary>The orchestrator's records in the SQLite history store (table <c>sustainml_records</c>).</summary>
/// <param name="store">The history store; the caller owns it.</param>
public sealed class SqliteOrchestratorStore(SqliteRunStore store) : IOrchestratorStore
{
    /// <inheritdoc />
    public void Save(OrchestratorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        store.SaveSustainMLRecord(record.TaskId.ProblemId, record.TaskId.IterationId, record.Name, record.Json, record.UpdatedAt);
    }

    /// <inheritdoc />
    public IReadOnlyList<OrchestratorRecord> Load() =>
        [.. store.ReadSustainMLRecords().Select(r => new OrchestratorRecord(new TaskId(r.ProblemId, r.IterationId), r.Name, r.Json, r.UpdatedAt))];
}
