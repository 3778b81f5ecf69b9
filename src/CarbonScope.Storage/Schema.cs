namespace CarbonScope.Storage;

/// <summary>One step of the schema: applied once, in a transaction, to a database at <c>user_version = Version - 1</c>.</summary>
/// <param name="Version">The <c>PRAGMA user_version</c> after this step.</param>
/// <param name="Description">What it changes, for people.</param>
/// <param name="Sql">The statements.</param>
internal sealed record Migration(int Version, string Description, string Sql);

/// <summary>
/// The schema of the history store, as an ordered list of migrations. The database's <c>PRAGMA user_version</c> is the
/// number of migrations applied. Append a migration to change the schema; never edit one that has shipped.
/// </summary>
/// <remarks>
/// Units are in the column names: <c>_us</c> microseconds (instants since the Unix epoch, UTC), <c>_j</c> joules,
/// <c>_w</c> watts, <c>_g</c> grams CO2e, <c>_g_per_kwh</c> grams CO2e per kilowatt-hour. Enumerations are stored by their
/// wire names (<c>completed</c>, <c>gpu</c>, <c>annual-average</c>, ...). docs/storage.md describes every column.
/// </remarks>
internal static class Schema
{
    private const string Version1 = """
        CREATE TABLE runs (
            run_key                   INTEGER PRIMARY KEY,
            id                        TEXT    NOT NULL UNIQUE,
            command_json              TEXT    NOT NULL,
            project                   TEXT,
            status                    TEXT    NOT NULL,
            exit_code                 INTEGER,
            started_at_us             INTEGER NOT NULL,
            ended_at_us               INTEGER NOT NULL,
            mode                      TEXT    NOT NULL,
            pue                       REAL    NOT NULL,
            zone                      TEXT    NOT NULL,
            zone_origin               TEXT    NOT NULL,
            zone_detail               TEXT    NOT NULL,
            zone_country_name         TEXT,
            zone_country_alpha3       TEXT,
            intensity_g_per_kwh       REAL    NOT NULL,
            intensity_source          TEXT    NOT NULL,
            intensity_zone            TEXT    NOT NULL,
            intensity_kind            TEXT    NOT NULL,
            intensity_signal          TEXT    NOT NULL,
            intensity_fetched_at_us   INTEGER,
            intensity_year            INTEGER,
            intensity_zone_name       TEXT,
            intensity_dataset         TEXT,
            intensity_fallback_reason TEXT,
            host_os                   TEXT    NOT NULL,
            host_cpu_model            TEXT,
            host_cpu_count            INTEGER NOT NULL,
            host_gpu_count            INTEGER NOT NULL,
            host_gpu_model            TEXT,
            host_ram_total_bytes      INTEGER,
            attributed_to             TEXT,
            carbonscope_version       TEXT,
            device_energy_j           REAL    NOT NULL,
            energy_j                  REAL    NOT NULL,
            emissions_g               REAL    NOT NULL,
            owner_pid                 INTEGER,
            owner_start_ticks         INTEGER,
            owner_boot_id             TEXT,
            owner_pid_namespace       TEXT,
            updated_at_us             INTEGER NOT NULL
        );

        CREATE INDEX runs_by_start ON runs (started_at_us DESC, run_key DESC);

        CREATE TABLE run_components (
            run_key            INTEGER NOT NULL REFERENCES runs (run_key) ON DELETE CASCADE,
            position           INTEGER NOT NULL,
            kind               TEXT    NOT NULL,
            device_id          TEXT    NOT NULL,
            device_name        TEXT    NOT NULL,
            method             TEXT    NOT NULL,
            source             TEXT    NOT NULL,
            model              TEXT    NOT NULL,
            energy_j           REAL    NOT NULL,
            mean_power_w       REAL    NOT NULL,
            unavailable_reason TEXT,
            PRIMARY KEY (run_key, position)
        ) WITHOUT ROWID;

        CREATE TABLE run_diagnostics (
            run_key  INTEGER NOT NULL REFERENCES runs (run_key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            message  TEXT    NOT NULL,
            PRIMARY KEY (run_key, position)
        ) WITHOUT ROWID;

        CREATE TABLE run_equivalents (
            run_key     INTEGER NOT NULL REFERENCES runs (run_key) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            amount      REAL    NOT NULL,
            unit        TEXT    NOT NULL,
            description TEXT    NOT NULL,
            source      TEXT    NOT NULL,
            PRIMARY KEY (run_key, position)
        ) WITHOUT ROWID;

        CREATE TABLE samples (
            run_key      INTEGER NOT NULL REFERENCES runs (run_key) ON DELETE CASCADE,
            seq          INTEGER NOT NULL,
            timestamp_us INTEGER NOT NULL,
            elapsed_us   INTEGER NOT NULL,
            PRIMARY KEY (run_key, seq)
        ) WITHOUT ROWID;

        CREATE TABLE sample_devices (
            run_key        INTEGER NOT NULL,
            seq            INTEGER NOT NULL,
            position       INTEGER NOT NULL,
            device_id      TEXT    NOT NULL,
            kind           TEXT    NOT NULL,
            energy_j       REAL    NOT NULL,
            mean_power_w   REAL    NOT NULL,
            device_power_w REAL,
            share          REAL    NOT NULL,
            PRIMARY KEY (run_key, seq, position),
            FOREIGN KEY (run_key, seq) REFERENCES samples (run_key, seq) ON DELETE CASCADE
        ) WITHOUT ROWID;
        """;

    private const string Version2 = """
        CREATE TABLE intensity_cache (
            cache_key      TEXT    PRIMARY KEY,
            fetched_at_us  INTEGER NOT NULL,
            expires_at_us  INTEGER NOT NULL,
            points_json    TEXT    NOT NULL
        );
        CREATE INDEX intensity_cache_by_expiry ON intensity_cache (expires_at_us);
        """;

    private const string Version3 = """
        ALTER TABLE runs ADD COLUMN schedule_json TEXT;
        """;

    private const string Version4 = """
        CREATE TABLE sustainml_records (
            problem_id    INTEGER NOT NULL,
            iteration_id  INTEGER NOT NULL,
            name          TEXT    NOT NULL,
            json          TEXT    NOT NULL,
            updated_at_us INTEGER NOT NULL,
            PRIMARY KEY (problem_id, iteration_id, name)
        ) WITHOUT ROWID;
        """;

    /// <summary>Every migration, in order; the versions are 1, 2, 3, ...</summary>
    internal static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "runs, their components, diagnostics and equivalents, samples per device", Version1),
        new(2, "a cache of carbon intensity series fetched from live providers", Version2),
        new(3, "what carbon-aware scheduling did to a run (waited, paused, carbon avoided), as JSON", Version3),
        new(4, "the SustainML orchestrator's tasks and results, as JSON text per task and name", Version4),
    ];

    /// <summary>The schema version this code writes: the version of the last migration.</summary>
    internal static int LatestVersion => Migrations[^1].Version;
}
