using Microsoft.Data.Sqlite;

namespace CarbonScope.Storage;

/// <summary>One row of <c>sustainml_records</c>: a piece of a SustainML orchestrator task, as JSON text.</summary>
/// <param name="ProblemId">The task's <c>problem_id</c>.</param>
/// <param name="IterationId">The task's <c>iteration_id</c>.</param>
/// <param name="Name">What the row holds (the orchestrator's choice: <c>USER_INPUT</c>, a node name, ...).</param>
/// <param name="Json">The JSON text, as given (the caller redacts secrets before saving).</param>
/// <param name="UpdatedAt">When it was written, to the microsecond.</param>
public sealed record SustainMLRecord(uint ProblemId, uint IterationId, string Name, string Json, DateTimeOffset UpdatedAt);

/// <summary>
/// The SustainML orchestrator's records (table <c>sustainml_records</c>, schema version 4). Generic text storage: this
/// project knows nothing of SustainML's messages; the orchestrator serialises (with secrets redacted) before saving.
/// </summary>
public sealed partial class SqliteRunStore
{
    /// <summary>Saves a record, replacing the one with the same problem, iteration and name.</summary>
    /// <exception cref="RunStoreException">The store cannot be written (read-only, full, locked too long, ...).</exception>
    public void SaveSustainMLRecord(uint problemId, uint iterationId, string name, string json, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(json);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO sustainml_records (problem_id, iteration_id, name, json, updated_at_us) VALUES ($problem, $iteration, $name, $json, $updated)
                    ON CONFLICT (problem_id, iteration_id, name) DO UPDATE SET json = excluded.json, updated_at_us = excluded.updated_at_us;
                    """;
                command.Parameters.AddWithValue("$problem", (long)problemId);
                command.Parameters.AddWithValue("$iteration", (long)iterationId);
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$json", json);
                command.Parameters.AddWithValue("$updated", UnixTime.ToMicroseconds(updatedAt));
                command.ExecuteNonQuery();
            }
            catch (SqliteException exception)
            {
                throw StoreErrors.Map(FilePath, exception);
            }
        }
    }

    /// <summary>Every SustainML record, by problem, iteration and name.</summary>
    /// <exception cref="RunStoreException">The store cannot be read.</exception>
    public IReadOnlyList<SustainMLRecord> ReadSustainMLRecords() => Read(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT problem_id, iteration_id, name, json, updated_at_us FROM sustainml_records ORDER BY problem_id, iteration_id, name;";
        using var reader = command.ExecuteReader();
        var records = new List<SustainMLRecord>();
        while (reader.Read())
        {
            records.Add(new SustainMLRecord(
                (uint)reader.GetInt64(0),
                (uint)reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                UnixTime.FromMicroseconds(reader.GetInt64(4))));
        }

        return (IReadOnlyList<SustainMLRecord>)records;
    });
}
