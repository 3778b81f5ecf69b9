using System.Buffers;
using System.Text;
using System.Text.Json;
using CarbonScope.Grid;
using CarbonScope.Reporting;
using CarbonScope.Units;

namespace CarbonScope.Storage;

/// <summary>The intensity cache (table <c>intensity_cache</c>, schema version 2): series fetched from live providers, with their expiry.</summary>
public sealed partial class SqliteRunStore : IIntensityCache
{
    /// <inheritdoc />
    /// <remarks>A cache never fails the question: an entry that cannot be read is a miss.</remarks>
    public bool TryGet(string key, DateTimeOffset now, out IReadOnlyList<IntensityPoint> points)
    {
        ArgumentNullException.ThrowIfNull(key);
        points = [];
        string? json;
        try
        {
            json = Read(() =>
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT points_json FROM intensity_cache WHERE cache_key = $key AND expires_at_us > $now;";
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$now", UnixTime.ToMicroseconds(now));
                return command.ExecuteScalar() as string;
            });
        }
        catch (RunStoreException)
        {
            return false;
        }

        if (json is null)
        {
            return false;
        }

        try
        {
            points = ReadPoints(json);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>A cache never fails the question: an entry that cannot be written is dropped; expired entries are removed.</remarks>
    public void Put(string key, IReadOnlyList<IntensityPoint> points, DateTimeOffset fetchedAt, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(points);
        var json = WritePoints(points);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                using var transaction = _connection.BeginTransaction(deferred: false);
                using (var delete = _connection.CreateCommand())
                {
                    delete.Transaction = transaction;
                    delete.CommandText = "DELETE FROM intensity_cache WHERE expires_at_us <= $now;";
                    delete.Parameters.AddWithValue("$now", UnixTime.ToMicroseconds(fetchedAt));
                    delete.ExecuteNonQuery();
                }

                using (var upsert = _connection.CreateCommand())
                {
                    upsert.Transaction = transaction;
                    upsert.CommandText = """
                        INSERT INTO intensity_cache (cache_key, fetched_at_us, expires_at_us, points_json) VALUES ($key, $fetched, $expires, $json)
                        ON CONFLICT (cache_key) DO UPDATE SET fetched_at_us = excluded.fetched_at_us, expires_at_us = excluded.expires_at_us, points_json = excluded.points_json;
                        """;
                    upsert.Parameters.AddWithValue("$key", key);
                    upsert.Parameters.AddWithValue("$fetched", UnixTime.ToMicroseconds(fetchedAt));
                    upsert.Parameters.AddWithValue("$expires", UnixTime.ToMicroseconds(expiresAt));
                    upsert.Parameters.AddWithValue("$json", json);
                    upsert.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // Read-only, full or locked: the answer is still given, just not kept.
            }
        }
    }

    private static string WritePoints(IReadOnlyList<IntensityPoint> points)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var point in points)
            {
                var provenance = point.Provenance;
                writer.WriteStartObject();
                writer.WriteNumber("start_us", UnixTime.ToMicroseconds(point.Start));
                writer.WriteNumber("duration_us", UnixTime.ToMicroseconds(point.Duration));
                if (point.Value is { } value)
                {
                    writer.WriteNumber("g_per_kwh", value.GramsPerKilowattHour);
                }
                else
                {
                    writer.WriteNull("g_per_kwh");
                }

                writer.WriteBoolean("estimated", point.IsEstimated);
                writer.WriteString("source", provenance.Source);
                writer.WriteString("zone", provenance.Zone);
                writer.WriteString("kind", IntensityProvenance.KindName(provenance.Kind));
                writer.WriteString("signal", IntensityProvenance.SignalName(provenance.Signal));
                if (provenance.FetchedAt is { } fetched)
                {
                    writer.WriteNumber("fetched_at_us", UnixTime.ToMicroseconds(fetched));
                }

                if (provenance.Year is { } year)
                {
                    writer.WriteNumber("year", year);
                }

                writer.WriteString("zone_name", provenance.ZoneName);
                writer.WriteString("dataset", provenance.Dataset);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<IntensityPoint> ReadPoints(string json)
    {
        using var document = JsonDocument.Parse(json);
        var points = new List<IntensityPoint>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var kind = element.GetProperty("kind").GetString();
            var signal = element.GetProperty("signal").GetString();
            var provenance = new IntensityProvenance(
                element.GetProperty("source").GetString()!,
                element.GetProperty("zone").GetString()!,
                WireNames.TryParseIntensityKind(kind, out var k) ? k : throw new FormatException($"unknown kind '{kind}'"),
                WireNames.TryParseSignal(signal, out var s) ? s : throw new FormatException($"unknown signal '{signal}'"),
                element.TryGetProperty("fetched_at_us", out var fetched) ? UnixTime.FromMicroseconds(fetched.GetInt64()) : null,
                element.TryGetProperty("year", out var year) ? year.GetInt32() : null,
                element.GetProperty("zone_name").GetString(),
                element.GetProperty("dataset").GetString());
            var grams = element.GetProperty("g_per_kwh");
            points.Add(new IntensityPoint(
                UnixTime.FromMicroseconds(element.GetProperty("start_us").GetInt64()),
                UnixTime.DurationFromMicroseconds(element.GetProperty("duration_us").GetInt64()),
                grams.ValueKind == JsonValueKind.Null ? null : CarbonIntensity.FromGramsPerKilowattHour(grams.GetDouble()),
                provenance,
                element.GetProperty("estimated").GetBoolean()));
        }

        return points;
    }
}
