using CarbonScope.Reporting;
using CarbonScope.Tests.Reporting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Storage.Tests;

/// <summary>Creating, migrating and refusing stores, and the one-line messages for everything that can go wrong.</summary>
public sealed class OpeningTests : IDisposable
{
    private const string Escape = "use --store PATH / --no-store";

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLiveness _liveness = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void MigrationsAreNumberedFromOneWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, Schema.Migrations.Count), Schema.Migrations.Select(m => m.Version));
        Assert.Equal(Schema.Migrations.Count, SqliteRunStore.LatestSchemaVersion);
    }

    [Fact]
    public void AFreshStoreIsCreatedWithItsDirectoryAtTheLatestSchemaInWalMode()
    {
        var path = _directory.File("deep", "er", "runs.db");

        using (var store = Open(path))
        {
            Assert.Equal(path, store.FilePath);
            Assert.Equal(SqliteRunStore.LatestSchemaVersion, store.SchemaVersion());
        }

        Assert.Equal(SqliteRunStore.LatestSchemaVersion, Pragma(path, "user_version"));
        Assert.Equal("wal", PragmaText(path, "journal_mode"));
        Assert.Equal(
            ["intensity_cache", "run_components", "run_diagnostics", "run_equivalents", "runs", "sample_devices", "samples", "sustainml_records"],
            Query(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
        Assert.Contains("runs_by_start", Query(path, "SELECT name FROM sqlite_master WHERE type = 'index'"));
    }

    [Fact]
    public void TheStoresOwnDirectoryIsCreatedForTheUserOnly()
    {
        var path = _directory.File("data", "carbonscope", "runs.db");

        Open(path).Dispose();

        var userOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(userOnly, File.GetUnixFileMode(_directory.File("data", "carbonscope")));
        Assert.True(Directory.Exists(_directory.File("data")));
    }

    [Fact]
    public void ARelativePathIsMadeAbsolute()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _directory.File("rel", "runs.db"));

        using var store = Open(relative);

        Assert.Equal(_directory.File("rel", "runs.db"), store.FilePath);
    }

    [Fact]
    public void OpeningTwiceIsIdempotentAndKeepsTheRuns()
    {
        var path = _directory.File("runs.db");
        using (var first = Open(path))
        {
            first.CompleteRun(TestData.Full(), TestData.Samples(0, 3));
        }

        using var second = Open(path);
        using var third = Open(path);

        Assert.Equal(SqliteRunStore.LatestSchemaVersion, second.SchemaVersion());
        RunRecordAssert.Same(TestData.Full(), Assert.Single(third.ListRuns()));
        Assert.Equal(3, second.ReadSamples(TestData.Full().Id).Count);
    }

    [Fact]
    public void StoresOpenedAtOnceByTwoThreadsBothMigrateSafely()
    {
        var path = _directory.File("runs.db");
        using var start = new Barrier(2);
        var stores = new SqliteRunStore[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            stores[i] = Open(path);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        stores[0].CompleteRun(TestData.Minimal(), []);

        Assert.Single(stores[1].ListRuns());
        Assert.Equal(SqliteRunStore.LatestSchemaVersion, Pragma(path, "user_version"));
        stores[0].Dispose();
        stores[1].Dispose();
    }

    [Fact]
    public void AStoreFromANewerCarbonScopeIsRefusedAndLeftAlone()
    {
        var path = _directory.File("runs.db");
        Execute(path, "CREATE TABLE future (x); PRAGMA user_version = 999;");

        var error = Assert.Throws<RunStoreException>(() => Open(path));

        Assert.Equal(
            $"the history store {path} was written by a newer carbonscope (schema 999, this one knows up to {SqliteRunStore.LatestSchemaVersion}): upgrade carbonscope or {Escape}",
            error.Message);
        Assert.Equal(999, Pragma(path, "user_version"));
        Assert.Equal(["future"], Query(path, "SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public void AFileOfRandomBytesIsNotASqliteDatabase()
    {
        var path = _directory.File("runs.db");
        var bytes = new byte[8192];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<RunStoreException>(() => Open(path));

        Assert.Equal($"the history store {path} is not a SQLite database (corrupt?): move it aside or {Escape}", error.Message);
        Assert.IsType<SqliteException>(error.InnerException);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void ADirectoryThatCannotBeCreatedIsSaidSo()
    {
        var file = _directory.File("a-file");
        File.WriteAllText(file, "not a directory");
        var path = Path.Combine(file, "carbonscope", "runs.db");

        var error = Assert.Throws<RunStoreException>(() => Open(path));

        Assert.StartsWith($"the directory {Path.Combine(file, "carbonscope")} of the history store {path} cannot be created (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"): create it, make its parent writable, or {Escape}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void APathThatIsADirectoryIsSaidSo()
    {
        var path = _directory.File("runs.db");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<RunStoreException>(() => Open(path));

        Assert.Equal($"the history store {path} is a directory, not a file: move it aside or {Escape}", error.Message);
    }

    [Fact]
    public void AReadOnlyStoreFileIsSaidToBeReadOnly()
    {
        var path = _directory.File("runs.db");
        Open(path).Dispose();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = OpenWithPermissionsEnforced(path);

        Assert.Equal($"the history store {path} is read-only ({path} cannot be written): make it writable (chmod u+w) or {Escape}", error.Message);
    }

    [Fact]
    public void AStoreInAReadOnlyDirectoryIsSaidToBeReadOnly()
    {
        var path = _directory.File("store", "runs.db");
        Open(path).Dispose();
        var directory = Path.GetDirectoryName(path)!;
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var error = OpenWithPermissionsEnforced(path);

        Assert.Equal(
            $"the history store {path} is in a read-only directory ({directory} does not let carbonscope create its -wal and -shm files): make the directory writable or {Escape}",
            error.Message);
    }

    [Fact]
    public void ANewStoreInAReadOnlyDirectoryIsSaidToBeReadOnly()
    {
        var directory = _directory.File("store");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var path = Path.Combine(directory, "runs.db");

        var error = OpenWithPermissionsEnforced(path);

        Assert.Contains($"the history store {path} is in a read-only directory", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AFullDiskIsSaidSoAndTheStoreStaysConsistent()
    {
        var path = _directory.File("runs.db");
        using var store = Open(path);
        var run = TestData.Full(status: RunStatus.Running);
        store.BeginRun(run);
        store.Flush(TestData.Progress(run, 1, 2, run.StartedAt.AddSeconds(5)), TestData.Samples(0, 5));
        store.LimitPages(Pragma(path, "page_count"));

        var error = Assert.Throws<RunStoreException>(() => store.Flush(TestData.Progress(run, 3, 4, run.StartedAt.AddSeconds(10)), TestData.Samples(5, 2_000)));

        Assert.Equal($"the history store {path} cannot grow: the disk is full (database or disk is full): free some space or {Escape}", error.Message);
        Assert.IsType<SqliteException>(error.InnerException);
        Assert.Equal(3.0, store.FindRun(run.Id)!.DeviceEnergy.Joules);
        Assert.Equal(5, store.ReadSamples(run.Id).Count);
    }

    [Fact]
    public void AValueTheCodeCannotHaveWrittenIsReportedAsDamage()
    {
        var path = _directory.File("runs.db");
        using var store = Open(path);
        store.CompleteRun(TestData.Minimal(), []);
        Execute(path, "UPDATE runs SET status = 'paused'");

        var error = Assert.Throws<RunStoreException>(() => store.ListRuns());

        Assert.Equal(
            $"the history store {path} holds run {TestData.Minimal().Id} with an unknown status 'paused' (damaged, or written by a newer carbonscope?): upgrade carbonscope, move the file aside, or {Escape}",
            error.Message);
    }

    private SqliteRunStore Open(string path) => SqliteRunStore.Open(path, _time, _liveness);

    /// <summary>Opens the store where file permissions apply even to root (see <see cref="ThreadCredentials"/>) and returns the error.</summary>
    private RunStoreException OpenWithPermissionsEnforced(string path)
    {
        if (!ThreadCredentials.TryRunWithPermissionsEnforced(() => Open(path).Dispose(), out var error, out var whyNot))
        {
            if (ThreadCredentials.ProcessOverridesPermissions())
            {
                Assert.Skip($"running with CAP_DAC_OVERRIDE (root), which writes read-only files, and it could not be dropped for one thread: {whyNot}");
            }

            Open(path).Dispose();
            Assert.Fail("the store opened although it is read-only");
        }

        return Assert.IsType<RunStoreException>(error);
    }

    private static long Pragma(string path, string name) => (long)Scalar(path, $"PRAGMA {name}")!;

    private static string PragmaText(string path, string name) => (string)Scalar(path, $"PRAGMA {name}")!;

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<string> Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
