using Microsoft.Data.Sqlite;

namespace CarbonScope.Storage.Tests;

/// <summary>The SustainML orchestrator's records in the history store (schema version 4).</summary>
public sealed class SustainMLRecordTests : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Path => _directory.File("runs.db");

    [Fact]
    public void Records_come_back_after_reopening_and_a_second_save_replaces_the_first()
    {
        using (var store = SqliteRunStore.Open(Path))
        {
            store.SaveSustainMLRecord(2, 1, "USER_INPUT", """{"a":1}""", s_t0);
            store.SaveSustainMLRecord(1, 2, "CARBON_FOOTPRINT_NODE", """{"b":"x"}""", s_t0.AddTicks(15));
            store.SaveSustainMLRecord(1, 2, "CARBON_FOOTPRINT_NODE", """{"b":"y"}""", s_t0.AddSeconds(1));
            store.SaveSustainMLRecord(uint.MaxValue, uint.MaxValue, "USER_INPUT", "{}", s_t0);
        }

        using var reopened = SqliteRunStore.Open(Path);
        var records = reopened.ReadSustainMLRecords();

        Assert.Equal(
            [
                new SustainMLRecord(1, 2, "CARBON_FOOTPRINT_NODE", """{"b":"y"}""", s_t0.AddSeconds(1)),
                new SustainMLRecord(2, 1, "USER_INPUT", """{"a":1}""", s_t0),
                new SustainMLRecord(uint.MaxValue, uint.MaxValue, "USER_INPUT", "{}", s_t0),
            ],
            records);
    }

    [Fact]
    public void A_version_3_store_gains_the_table_and_keeps_its_cache()
    {
        using (var store = SqliteRunStore.Open(Path))
        {
            store.Put("k", [], s_t0, s_t0.AddHours(1));
        }

        using (var connection = new SqliteConnection($"Data Source={Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE sustainml_records; PRAGMA user_version = 3;";
            command.ExecuteNonQuery();
        }

        using var reopened = SqliteRunStore.Open(Path);
        Assert.Equal(4, reopened.SchemaVersion());
        Assert.True(reopened.TryGet("k", s_t0, out _));
        Assert.Empty(reopened.ReadSustainMLRecords());
        reopened.SaveSustainMLRecord(1, 1, "USER_INPUT", "{}", s_t0);
        Assert.Single(reopened.ReadSustainMLRecords());
    }
}
