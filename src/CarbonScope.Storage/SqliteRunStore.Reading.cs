using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using CarbonScope.Units;
using Microsoft.Data.Sqlite;

namespace CarbonScope.Storage;

public sealed partial class SqliteRunStore
{
    /// <summary>The shortest id prefix <see cref="FindRun"/> accepts.</summary>
    public const int MinimumPrefixLength = 4;

    /// <summary>How many matching ids an "ambiguous prefix" message lists.</summary>
    private const int AmbiguousListed = 10;

    private const string RunColumns = """
        run_key, id, command_json, project, status, exit_code, started_at_us, ended_at_us, mode, pue,
        zone, zone_origin, zone_detail, zone_country_name, zone_country_alpha3,
        intensity_g_per_kwh, intensity_source, intensity_zone, intensity_kind, intensity_signal, intensity_fetched_at_us,
        intensity_year, intensity_zone_name, intensity_dataset, intensity_fallback_reason,
        host_os, host_cpu_model, host_cpu_count, host_gpu_count, host_gpu_model, host_ram_total_bytes,
        attributed_to, carbonscope_version, schedule_json, owner_pid, owner_start_ticks, owner_boot_id, owner_pid_namespace
        """;

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> ListRuns(int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Read(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {RunColumns} FROM runs ORDER BY started_at_us DESC, run_key DESC LIMIT $limit;";
            command.Parameters.AddWithValue("$limit", limit);
            return Complete(ReadRunRows(command));
        });
    }

    /// <inheritdoc />
    public RunRecord? FindRun(string idOrPrefix)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        if (idOrPrefix.Length < MinimumPrefixLength)
        {
            throw new ArgumentException(
                $"the run id '{idOrPrefix}' is too short: give at least {MinimumPrefixLength} characters of it (carbonscope runs lists the ids)");
        }

        var (record, ambiguous) = Read<(RunRecord? Record, List<string>? Ambiguous)>(() =>
        {
            using (var exact = _connection.CreateCommand())
            {
                exact.CommandText = $"SELECT {RunColumns} FROM runs WHERE id = $id;";
                exact.Parameters.AddWithValue("$id", idOrPrefix);
                if (Complete(ReadRunRows(exact)) is [var found])
                {
                    return (found, null);
                }
            }

            var matches = new List<string>();
            using (var prefix = _connection.CreateCommand())
            {
                // LIKE is case-insensitive for ASCII, so ABCD finds abcd1234-...; % and _ in the prefix are escaped.
                prefix.CommandText = @"SELECT id FROM runs WHERE id LIKE $pattern ESCAPE '\' ORDER BY started_at_us DESC, run_key DESC;";
                prefix.Parameters.AddWithValue("$pattern", EscapeLike(idOrPrefix) + "%");
                using var reader = prefix.ExecuteReader();
                while (reader.Read())
                {
                    matches.Add(reader.GetString(0));
                }
            }

            switch (matches.Count)
            {
                case 0:
                    return (null, null);
                case 1:
                    using (var byId = _connection.CreateCommand())
                    {
                        byId.CommandText = $"SELECT {RunColumns} FROM runs WHERE id = $id;";
                        byId.Parameters.AddWithValue("$id", matches[0]);
                        return (Complete(ReadRunRows(byId)).SingleOrDefault(), null);
                    }

                default:
                    return (null, matches);
            }
        });

        // Outside the read: a mistake of the caller's, not a damaged store.
        if (ambiguous is not null)
        {
            var listed = string.Join(", ", ambiguous.Take(AmbiguousListed));
            var more = ambiguous.Count > AmbiguousListed ? $" and {ambiguous.Count - AmbiguousListed} more" : string.Empty;
            throw new ArgumentException(
                $"the run id prefix '{idOrPrefix}' is ambiguous: it matches {ambiguous.Count} runs ({listed}{more}): give more characters");
        }

        return record;
    }

    /// <inheritdoc />
    public IReadOnlyList<EnergySample> ReadSamples(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Read<IReadOnlyList<EnergySample>>(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT s.seq, s.timestamp_us, s.elapsed_us, d.position, d.device_id, d.kind, d.energy_j, d.mean_power_w, d.device_power_w, d.share
                FROM runs r
                JOIN samples s ON s.run_key = r.run_key
                LEFT JOIN sample_devices d ON d.run_key = s.run_key AND d.seq = s.seq
                WHERE r.id = $id
                ORDER BY s.seq, d.position;
                """;
            command.Parameters.AddWithValue("$id", runId);
            using var reader = command.ExecuteReader();
            var samples = new List<EnergySample>();
            long? currentSeq = null;
            DateTimeOffset timestamp = default;
            TimeSpan elapsed = default;
            var devices = new List<DeviceSample>();
            while (reader.Read())
            {
                var seq = reader.GetInt64(0);
                if (seq != currentSeq)
                {
                    if (currentSeq is not null)
                    {
                        samples.Add(new EnergySample(timestamp, elapsed, [.. devices]));
                        devices.Clear();
                    }

                    currentSeq = seq;
                    timestamp = UnixTime.FromMicroseconds(reader.GetInt64(1));
                    elapsed = UnixTime.DurationFromMicroseconds(reader.GetInt64(2));
                }

                if (reader.IsDBNull(3))
                {
                    continue;
                }

                var kindName = reader.GetString(5);
                devices.Add(new DeviceSample(
                    reader.GetString(4),
                    Parse<DeviceKind>(kindName, WireNames.Kind, $"a sample of run {runId} with an unknown device kind '{kindName}'"),
                    Energy.FromJoules(reader.GetDouble(6)),
                    Power.FromWatts(reader.GetDouble(7)),
                    reader.IsDBNull(8) ? null : Power.FromWatts(reader.GetDouble(8)),
                    reader.GetDouble(9)));
            }

            if (currentSeq is not null)
            {
                samples.Add(new EnergySample(timestamp, elapsed, [.. devices]));
            }

            return samples;
        });
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>Runs a read under the lock, mapping SQLite's errors and values that cannot be read back.</summary>
    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return read();
            }
            catch (SqliteException exception)
            {
                throw StoreErrors.Map(FilePath, exception);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidCastException or OverflowException or FormatException)
            {
                // A value the code cannot have written (NaN, an out-of-range time, a text where a number belongs).
                throw StoreErrors.Damaged(FilePath, $"a value that cannot be read back ({exception.Message.ReplaceLineEndings(" ")})");
            }
        }
    }

    private T Parse<T>(string name, Func<T, string> nameOf, string what)
        where T : struct, Enum =>
        WireNames.TryParse(name, nameOf, out var value) ? value : throw StoreErrors.Damaged(FilePath, what);

    private RunSchedule ReadSchedule(string runId, string json)
    {
        try
        {
            return RunRecordJson.DeserializeSchedule(json);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw StoreErrors.Damaged(FilePath, $"run {runId} with a schedule that cannot be read ({exception.Message})");
        }
    }

    private List<StoredRun> ReadRunRows(SqliteCommand command)
    {
        var runs = new List<StoredRun>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new Columns(reader);
            var runKey = row.Int64();
            var id = row.String();
            var commandJson = row.String();
            var project = row.NullableString();
            var statusName = row.String();
            var exitCode = row.NullableInt64();
            var startedAt = UnixTime.FromMicroseconds(row.Int64());
            var endedAt = UnixTime.FromMicroseconds(row.Int64());
            var modeName = row.String();
            var pue = row.Double();
            var zone = row.String();
            var originName = row.String();
            var zoneDetail = row.String();
            var countryName = row.NullableString();
            var countryAlpha3 = row.NullableString();
            var intensity = CarbonIntensity.FromGramsPerKilowattHour(row.Double());
            var source = row.String();
            var intensityZone = row.String();
            var kindName = row.String();
            var signalName = row.String();
            var fetchedAt = row.NullableInt64() is { } fetched ? UnixTime.FromMicroseconds(fetched) : (DateTimeOffset?)null;
            var year = row.NullableInt64();
            var zoneName = row.NullableString();
            var dataset = row.NullableString();
            var fallbackReason = row.NullableString();
            var host = new HostInfo(row.String(), row.NullableString(), checked((int)row.Int64()), checked((int)row.Int64()), row.NullableString(), row.NullableInt64());
            var attributedTo = row.NullableString();
            var version = row.NullableString();
            var scheduleJson = row.NullableString();
            var ownerPid = row.NullableInt64();
            var ownerStart = row.NullableInt64();
            var ownerBoot = row.NullableString();
            var ownerNamespace = row.NullableString();

            var record = new RunRecord
            {
                Id = id,
                Command = CommandJson.TryRead(commandJson) ?? throw StoreErrors.Damaged(FilePath, $"run {id} with a command that is not a JSON array of strings"),
                Project = project,
                Status = Parse<RunStatus>(statusName, RunStatusNames.Name, $"run {id} with an unknown status '{statusName}'"),
                ExitCode = exitCode is { } code ? checked((int)code) : null,
                StartedAt = startedAt,
                EndedAt = endedAt,
                Mode = Parse<TrackingMode>(modeName, WireNames.Mode, $"run {id} with an unknown tracking mode '{modeName}'"),
                Pue = pue,
                Zone = new ZoneSelection(
                    zone,
                    Parse<ZoneOrigin>(originName, ZoneSelection.OriginName, $"run {id} with an unknown zone origin '{originName}'"),
                    zoneDetail,
                    countryName,
                    countryAlpha3),
                Intensity = new IntensityEstimate(
                    intensity,
                    new IntensityProvenance(
                        source,
                        intensityZone,
                        Parse<IntensityKind>(kindName, IntensityProvenance.KindName, $"run {id} with an unknown intensity kind '{kindName}'"),
                        Parse<IntensitySignal>(signalName, IntensityProvenance.SignalName, $"run {id} with an unknown intensity signal '{signalName}'"),
                        fetchedAt,
                        year is { } y ? checked((int)y) : null,
                        zoneName,
                        dataset,
                        fallbackReason)),
                Components = [],
                Host = host,
                AttributedTo = attributedTo,
                CarbonScopeVersion = version,
                Schedule = scheduleJson is null ? null : ReadSchedule(id, scheduleJson),
            };
            var owner = ownerPid is { } pid ? new RunOwner(checked((int)pid), ownerStart, ownerBoot, ownerNamespace) : null;
            runs.Add(new StoredRun(runKey, record, owner));
        }

        return runs;
    }

    /// <summary>Adds the components, diagnostics and equivalents, and reports runs whose writer has gone as incomplete.</summary>
    private List<RunRecord> Complete(List<StoredRun> runs)
    {
        var result = new List<RunRecord>(runs.Count);
        if (runs.Count == 0)
        {
            return result;
        }

        using var components = _connection.CreateCommand();
        components.CommandText = """
            SELECT kind, device_id, device_name, method, source, model, energy_j, mean_power_w, unavailable_reason
            FROM run_components WHERE run_key = $run ORDER BY position;
            """;
        var componentsRun = components.Parameters.Add(new SqliteParameter { ParameterName = "$run" });

        using var diagnostics = _connection.CreateCommand();
        diagnostics.CommandText = "SELECT message FROM run_diagnostics WHERE run_key = $run ORDER BY position;";
        var diagnosticsRun = diagnostics.Parameters.Add(new SqliteParameter { ParameterName = "$run" });

        using var equivalents = _connection.CreateCommand();
        equivalents.CommandText = "SELECT amount, unit, description, source FROM run_equivalents WHERE run_key = $run ORDER BY position;";
        var equivalentsRun = equivalents.Parameters.Add(new SqliteParameter { ParameterName = "$run" });

        var alive = new Dictionary<RunOwner, bool>();
        foreach (var (runKey, record, owner) in runs)
        {
            componentsRun.Value = runKey;
            var deviceEnergies = new List<DeviceEnergy>();
            using (var reader = components.ExecuteReader())
            {
                while (reader.Read())
                {
                    var kindName = reader.GetString(0);
                    var methodName = reader.GetString(3);
                    deviceEnergies.Add(new DeviceEnergy(
                        Parse<DeviceKind>(kindName, WireNames.Kind, $"run {record.Id} with an unknown device kind '{kindName}'"),
                        reader.GetString(1),
                        reader.GetString(2),
                        Parse<MeasurementMethod>(methodName, WireNames.Method, $"run {record.Id} with an unknown measurement method '{methodName}'"),
                        reader.GetString(4),
                        reader.GetString(5),
                        Energy.FromJoules(reader.GetDouble(6)),
                        Power.FromWatts(reader.GetDouble(7)),
                        reader.IsDBNull(8) ? null : reader.GetString(8)));
                }
            }

            diagnosticsRun.Value = runKey;
            var messages = new List<string>();
            using (var reader = diagnostics.ExecuteReader())
            {
                while (reader.Read())
                {
                    messages.Add(reader.GetString(0));
                }
            }

            equivalentsRun.Value = runKey;
            var equivalentList = new List<Equivalent>();
            using (var reader = equivalents.ExecuteReader())
            {
                while (reader.Read())
                {
                    equivalentList.Add(new Equivalent(reader.GetDouble(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
                }
            }

            var status = record.Status;
            if (status == RunStatus.Running && owner is not null)
            {
                if (!alive.TryGetValue(owner, out var isAlive))
                {
                    isAlive = _liveness.IsAlive(owner);
                    alive[owner] = isAlive;
                }

                if (!isAlive)
                {
                    status = RunStatus.Incomplete;
                }
            }

            result.Add(record with
            {
                Status = status,
                Components = deviceEnergies,
                Diagnostics = messages,
                Equivalents = equivalentList,
            });
        }

        return result;
    }

    private readonly record struct StoredRun(long RunKey, RunRecord Record, RunOwner? Owner);

    /// <summary>Reads the columns of a row in order, so that the SELECT list and the reads cannot drift apart by an index.</summary>
    private struct Columns(SqliteDataReader reader)
    {
        private int _next;

        public long Int64() => reader.GetInt64(_next++);

        public long? NullableInt64()
        {
            var i = _next++;
            return reader.IsDBNull(i) ? null : reader.GetInt64(i);
        }

        public double Double() => reader.GetDouble(_next++);

        public string String() => reader.GetString(_next++);

        public string? NullableString()
        {
            var i = _next++;
            return reader.IsDBNull(i) ? null : reader.GetString(i);
        }
    }
}
