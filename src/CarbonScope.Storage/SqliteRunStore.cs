using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CarbonScope.Storage;

/// <summary>
/// The run history in a SQLite file (by default <see cref="RunStorePaths.Default"/>). The schema is described in
/// docs/storage.md and versioned with <c>PRAGMA user_version</c>.
/// </summary>
/// <remarks>
/// <para>The database is in WAL mode with a busy timeout of <see cref="BusyTimeout"/>: readers (<c>carbonscope runs</c>)
/// never wait for a recording run, and writers (several runs at once) wait for each other's short transactions.</para>
/// <para>Times are stored to the microsecond: a <see cref="DateTimeOffset"/> or <see cref="TimeSpan"/> read back equals
/// the one written truncated to a whole microsecond (offset zero, UTC). Doubles are stored as IEEE doubles and read back
/// exactly.</para>
/// <para>One connection per instance, used under a lock: the instance may be shared between threads.</para>
/// </remarks>
public sealed partial class SqliteRunStore : IRunStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly IRunOwnerLiveness _liveness;
    private readonly Lock _lock = new();
    private bool _disposed;

    private SqliteRunStore(string filePath, SqliteConnection connection, TimeProvider time, IRunOwnerLiveness liveness)
    {
        FilePath = filePath;
        _connection = connection;
        _time = time;
        _liveness = liveness;
    }

    /// <summary>The schema version this code writes and reads (the last migration's).</summary>
    public static int LatestSchemaVersion => Schema.LatestVersion;

    /// <summary>How long a statement waits for another process's write transaction before it fails as "locked".</summary>
    public static TimeSpan BusyTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The database file (an absolute path).</summary>
    public string FilePath { get; }

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating the file and its directory when missing, and brings its schema
    /// up to date (each migration in its own transaction; concurrent openers wait for each other).
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="time">The clock for the <c>updated_at_us</c> column; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="liveness">Decides whether the writer of a run still marked running is alive; <see cref="ProcRunOwnerLiveness.Default"/> when null.</param>
    /// <exception cref="RunStoreException">
    /// The directory cannot be created; the file or directory is read-only; the file is not a SQLite database; it was
    /// written by a newer carbonscope; the disk is full; ... The message is one line: the path, what is wrong, the fix.
    /// </exception>
    public static SqliteRunStore Open(string path, TimeProvider? time = null, IRunOwnerLiveness? liveness = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? "/";
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                // The XDG base directory specification asks for 0700 (the history holds command lines, which may hold
                // secrets). .NET gives that mode to the store's own directory when it creates it; missing parents get the
                // usual mode, and existing directories are left as they are.
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception exception) when (StoreErrors.IsFileError(exception))
        {
            throw StoreErrors.DirectoryNotCreatable(fullPath, directory, exception);
        }

        if (Directory.Exists(fullPath))
        {
            throw StoreErrors.IsADirectory(fullPath);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // One connection per store; a pooled one could have been opened under other credentials (read-only).
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();

            // SQLite silently opens a write-protected file read-only; the store must be writable.
            if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw StoreErrors.ReadOnly(fullPath);
            }

            Execute(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON;"));
            var version = UserVersion(connection, null);
            if (version > Schema.LatestVersion)
            {
                throw StoreErrors.NewerSchema(fullPath, version, Schema.LatestVersion);
            }

            if (version < 0)
            {
                throw StoreErrors.Damaged(fullPath, $"a negative schema version ({version})");
            }

            // WAL lets readers and one writer work at once; NORMAL synchronous is durable across application crashes
            // (the case that matters here), and a power loss costs at most the last flush.
            Execute(connection, null, "PRAGMA journal_mode = WAL;");
            Execute(connection, null, "PRAGMA synchronous = NORMAL;");
            if (version < Schema.LatestVersion)
            {
                Migrate(connection, fullPath);
            }

            return new SqliteRunStore(fullPath, connection, time ?? TimeProvider.System, liveness ?? ProcRunOwnerLiveness.Default);
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw StoreErrors.Map(fullPath, exception);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void BeginRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Write(run, RunStatus.Running, [], insertOnly: true);
    }

    /// <inheritdoc />
    public void Flush(RunRecord progress, IReadOnlyList<EnergySample> newSamples)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(newSamples);
        Write(progress, RunStatus.Running, newSamples, insertOnly: false);
    }

    /// <inheritdoc />
    public void CompleteRun(RunRecord final, IReadOnlyList<EnergySample> remainingSamples)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(remainingSamples);
        if (final.Status == RunStatus.Running)
        {
            throw new ArgumentException("A completed run cannot have the status 'running'.", nameof(final));
        }

        Write(final, final.Status, remainingSamples, insertOnly: false);
    }

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    /// <summary>For tests: caps the database at a number of pages, so that a write fails as a full disk would.</summary>
    internal void LimitPages(long pages)
    {
        lock (_lock)
        {
            Execute(_connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {pages};"));
        }
    }

    /// <summary>The schema version of the open database.</summary>
    internal long SchemaVersion()
    {
        lock (_lock)
        {
            return UserVersion(_connection, null);
        }
    }

    private static void Migrate(SqliteConnection connection, string path)
    {
        foreach (var migration in Schema.Migrations)
        {
            // BEGIN IMMEDIATE: a second process opening a new store at the same moment waits here, then sees the
            // version this one wrote and skips the step.
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = UserVersion(connection, transaction);
            if (current >= migration.Version)
            {
                transaction.Commit();
                continue;
            }

            if (current != migration.Version - 1)
            {
                throw StoreErrors.Damaged(path, $"schema version {current}, which no migration leads to");
            }

            Execute(connection, transaction, migration.Sql);
            Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {migration.Version};"));
            transaction.Commit();
        }
    }

    private static long UserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return command.ExecuteScalar() is long version ? version : 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Write(RunRecord run, RunStatus status, IReadOnlyList<EnergySample> samples, bool insertOnly)
    {
        // Everything that can fail on the record itself (a bad PUE, a missing member) fails before the transaction.
        var row = RunRow(run, status);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                using var transaction = _connection.BeginTransaction(deferred: false);
                var runKey = WriteRunRow(transaction, row, insertOnly);
                ReplaceChildren(transaction, runKey, run);
                AppendSamples(transaction, runKey, samples);
                transaction.Commit();
            }
            catch (SqliteException exception) when (insertOnly && StoreErrors.IsConstraintViolation(exception))
            {
                throw new RunStoreException($"the history store {FilePath} already holds a run with id {run.Id}: give each run a new id", exception);
            }
            catch (SqliteException exception)
            {
                throw StoreErrors.Map(FilePath, exception);
            }
        }
    }

    private List<KeyValuePair<string, object?>> RunRow(RunRecord run, RunStatus status)
    {
        ArgumentNullException.ThrowIfNull(run.Zone);
        ArgumentNullException.ThrowIfNull(run.Intensity);
        ArgumentNullException.ThrowIfNull(run.Host);
        ArgumentNullException.ThrowIfNull(run.Command);
        ArgumentNullException.ThrowIfNull(run.Components);
        var provenance = run.Intensity.Provenance;
        var deviceEnergy = run.DeviceEnergy;
        // Facility energy and emissions are derived (docs/storage.md): stored for queries, recomputed when read.
        var energy = deviceEnergy * run.Pue;
        var owner = _liveness.Current;
        return
        [
            new("id", run.Id),
            new("command_json", CommandJson.Write(run.Command)),
            new("project", run.Project),
            new("status", RunStatusNames.Name(status)),
            new("exit_code", run.ExitCode),
            new("started_at_us", UnixTime.ToMicroseconds(run.StartedAt)),
            new("ended_at_us", UnixTime.ToMicroseconds(run.EndedAt)),
            new("mode", WireNames.Mode(run.Mode)),
            new("pue", run.Pue),
            new("zone", run.Zone.Zone),
            new("zone_origin", ZoneSelection.OriginName(run.Zone.Origin)),
            new("zone_detail", run.Zone.Detail),
            new("zone_country_name", run.Zone.CountryName),
            new("zone_country_alpha3", run.Zone.CountryAlpha3),
            new("intensity_g_per_kwh", run.Intensity.Value.GramsPerKilowattHour),
            new("intensity_source", provenance.Source),
            new("intensity_zone", provenance.Zone),
            new("intensity_kind", IntensityProvenance.KindName(provenance.Kind)),
            new("intensity_signal", IntensityProvenance.SignalName(provenance.Signal)),
            new("intensity_fetched_at_us", provenance.FetchedAt is { } fetchedAt ? UnixTime.ToMicroseconds(fetchedAt) : null),
            new("intensity_year", provenance.Year),
            new("intensity_zone_name", provenance.ZoneName),
            new("intensity_dataset", provenance.Dataset),
            new("intensity_fallback_reason", provenance.FallbackReason),
            new("host_os", run.Host.OperatingSystem),
            new("host_cpu_model", run.Host.CpuModel),
            new("host_cpu_count", run.Host.CpuCount),
            new("host_gpu_count", run.Host.GpuCount),
            new("host_gpu_model", run.Host.GpuModel),
            new("host_ram_total_bytes", run.Host.RamTotalBytes),
            new("attributed_to", run.AttributedTo),
            new("carbonscope_version", run.CarbonScopeVersion),
            new("schedule_json", run.Schedule is { } schedule ? RunRecordJson.SerializeSchedule(schedule) : null),
            new("device_energy_j", deviceEnergy.Joules),
            new("energy_j", energy.Joules),
            new("emissions_g", (energy * run.Intensity.Value).Grams),
            new("owner_pid", owner.ProcessId),
            new("owner_start_ticks", owner.StartTimeTicks),
            new("owner_boot_id", owner.BootId),
            new("owner_pid_namespace", owner.PidNamespace),
            new("updated_at_us", UnixTime.ToMicroseconds(_time.GetUtcNow())),
        ];
    }

    private long WriteRunRow(SqliteTransaction transaction, List<KeyValuePair<string, object?>> row, bool insertOnly)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        var columns = string.Join(", ", row.Select(c => c.Key));
        var values = string.Join(", ", row.Select(c => "$" + c.Key));
        var upsert = insertOnly
            ? string.Empty
            : " ON CONFLICT (id) DO UPDATE SET " + string.Join(", ", row.Where(c => c.Key != "id").Select(c => $"{c.Key} = excluded.{c.Key}"));
        command.CommandText = $"INSERT INTO runs ({columns}) VALUES ({values}){upsert} RETURNING run_key;";
        foreach (var (column, value) in row)
        {
            command.Parameters.AddWithValue("$" + column, value ?? DBNull.Value);
        }

        return (long)command.ExecuteScalar()!;
    }

    private void ReplaceChildren(SqliteTransaction transaction, long runKey, RunRecord run)
    {
        using (var delete = _connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = """
                DELETE FROM run_components WHERE run_key = $run;
                DELETE FROM run_diagnostics WHERE run_key = $run;
                DELETE FROM run_equivalents WHERE run_key = $run;
                """;
            delete.Parameters.AddWithValue("$run", runKey);
            delete.ExecuteNonQuery();
        }

        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO run_components (run_key, position, kind, device_id, device_name, method, source, model, energy_j, mean_power_w, unavailable_reason)
                VALUES ($run, $position, $kind, $device_id, $device_name, $method, $source, $model, $energy_j, $mean_power_w, $unavailable_reason);
                """;
            var parameters = AddParameters(insert, "$run", "$position", "$kind", "$device_id", "$device_name", "$method", "$source", "$model", "$energy_j", "$mean_power_w", "$unavailable_reason");
            for (var i = 0; i < run.Components.Count; i++)
            {
                var component = run.Components[i];
                Bind(parameters, runKey, i, WireNames.Kind(component.Kind), component.DeviceId, component.DeviceName, WireNames.Method(component.Method), component.Source, component.Model, component.Energy.Joules, component.MeanPower.Watts, component.UnavailableReason);
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO run_diagnostics (run_key, position, message) VALUES ($run, $position, $message);";
            var parameters = AddParameters(insert, "$run", "$position", "$message");
            var diagnostics = run.Diagnostics ?? [];
            for (var i = 0; i < diagnostics.Count; i++)
            {
                Bind(parameters, runKey, i, diagnostics[i]);
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO run_equivalents (run_key, position, amount, unit, description, source)
                VALUES ($run, $position, $amount, $unit, $description, $source);
                """;
            var parameters = AddParameters(insert, "$run", "$position", "$amount", "$unit", "$description", "$source");
            var equivalents = run.Equivalents ?? [];
            for (var i = 0; i < equivalents.Count; i++)
            {
                var equivalent = equivalents[i];
                Bind(parameters, runKey, i, equivalent.Amount, equivalent.Unit, equivalent.Description, equivalent.Source);
                insert.ExecuteNonQuery();
            }
        }
    }

    private void AppendSamples(SqliteTransaction transaction, long runKey, IReadOnlyList<EnergySample> samples)
    {
        if (samples.Count == 0)
        {
            return;
        }

        long next;
        using (var query = _connection.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = "SELECT COALESCE(MAX(seq) + 1, 0) FROM samples WHERE run_key = $run;";
            query.Parameters.AddWithValue("$run", runKey);
            next = (long)query.ExecuteScalar()!;
        }

        using var insertSample = _connection.CreateCommand();
        insertSample.Transaction = transaction;
        insertSample.CommandText = "INSERT INTO samples (run_key, seq, timestamp_us, elapsed_us) VALUES ($run, $seq, $timestamp_us, $elapsed_us);";
        var sampleParameters = AddParameters(insertSample, "$run", "$seq", "$timestamp_us", "$elapsed_us");

        using var insertDevice = _connection.CreateCommand();
        insertDevice.Transaction = transaction;
        insertDevice.CommandText = """
            INSERT INTO sample_devices (run_key, seq, position, device_id, kind, energy_j, mean_power_w, device_power_w, share)
            VALUES ($run, $seq, $position, $device_id, $kind, $energy_j, $mean_power_w, $device_power_w, $share);
            """;
        var deviceParameters = AddParameters(insertDevice, "$run", "$seq", "$position", "$device_id", "$kind", "$energy_j", "$mean_power_w", "$device_power_w", "$share");

        foreach (var sample in samples)
        {
            ArgumentNullException.ThrowIfNull(sample);
            var seq = next++;
            Bind(sampleParameters, runKey, seq, UnixTime.ToMicroseconds(sample.Timestamp), UnixTime.ToMicroseconds(sample.Elapsed));
            insertSample.ExecuteNonQuery();
            for (var i = 0; i < sample.Devices.Count; i++)
            {
                var device = sample.Devices[i];
                Bind(deviceParameters, runKey, seq, i, device.DeviceId, WireNames.Kind(device.Kind), device.Energy.Joules, device.MeanPower.Watts, device.DevicePower?.Watts, device.Share);
                insertDevice.ExecuteNonQuery();
            }
        }
    }

    private static SqliteParameter[] AddParameters(SqliteCommand command, params string[] names)
    {
        var parameters = new SqliteParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter { ParameterName = names[i] });
        }

        return parameters;
    }

    private static void Bind(SqliteParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
