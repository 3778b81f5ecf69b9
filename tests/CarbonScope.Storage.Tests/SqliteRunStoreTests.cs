using CarbonScope.Reporting;
using CarbonScope.Tests.Reporting;
using CarbonScope.Units;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Storage.Tests;

public sealed class SqliteRunStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 14, 16, 0, 0, TimeSpan.Zero));
    private readonly FakeLiveness _liveness = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EveryMemberOfAFullRecordRoundTripsExactly()
    {
        var record = TestData.Full();
        var samples = TestData.Samples(0, 7);
        using (var store = Open())
        {
            store.BeginRun(record with { Status = RunStatus.Running, ExitCode = null });
            store.Flush(TestData.Progress(record, 10, 20, record.StartedAt.AddSeconds(4)), samples[..4]);
            store.CompleteRun(record, samples[4..]);
        }

        using var reopened = Open();
        var found = reopened.FindRun(record.Id);

        Assert.NotNull(found);
        RunRecordAssert.Same(record, found);
        Assert.Equal(3, found.Components.Count);
        TestData.AssertSame(samples, reopened.ReadSamples(record.Id));
    }

    [Fact]
    public void AScheduleRoundTripsAndADamagedOneIsReportedAsSuch()
    {
        var record = TestData.Full() with
        {
            Schedule = new RunSchedule(
                "wait for intensity <= 200 g/kWh",
                TimeSpan.FromMinutes(90),
                "intensity 150 g/kWh <= 200",
                [new Scheduling.PauseRecord(TestData.Full().StartedAt.AddMinutes(1), TestData.Full().StartedAt.AddMinutes(2), "intensity 412 g/kWh >= pause threshold 400", "no intensity: running (down)")],
                CarbonMass.FromGrams(1.25),
                CarbonMass.FromGrams(2.5),
                null),
        };
        using (var store = Open())
        {
            store.CompleteRun(record, []);
        }

        using (var reopened = Open())
        {
            RunRecordAssert.Same(record, reopened.FindRun(record.Id)!);
        }

        using (var connection = new SqliteConnection($"Data Source={_directory.File("runs.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE runs SET schedule_json = '{\"strategy\": 3}';";
            command.ExecuteNonQuery();
        }

        using var damaged = Open();
        var error = Assert.Throws<RunStoreException>(() => damaged.FindRun(record.Id));
        Assert.Contains($"run {record.Id} with a schedule that cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryNullableMemberStaysNullAndEveryListEmpty()
    {
        var record = TestData.Minimal();
        using var store = Open();
        store.BeginRun(record);
        store.CompleteRun(record, []);

        var found = store.FindRun(record.Id);

        Assert.NotNull(found);
        RunRecordAssert.Same(record, found);
        Assert.Null(found.Project);
        Assert.Null(found.ExitCode);
        Assert.Null(found.Zone.CountryName);
        Assert.Null(found.Intensity.Provenance.FetchedAt);
        Assert.Null(found.Intensity.Provenance.Year);
        Assert.Null(found.Host.RamTotalBytes);
        Assert.Empty(found.Components);
        Assert.Empty(store.ReadSamples(record.Id));
    }

    [Fact]
    public void DerivedTotalsAreStoredForQueriesInJoulesAndGrams()
    {
        var record = TestData.Full() with
        {
            Pue = 1.5,
            Intensity = TestData.Full().Intensity with { Value = CarbonIntensity.FromGramsPerKilowattHour(400) },
            Components = [TestData.Full().Components[0] with { Energy = Energy.FromKilowattHours(2) }],
        };
        using var store = Open();
        store.CompleteRun(record, []);

        using var connection = new SqliteConnection($"Data Source={store.FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device_energy_j, energy_j, emissions_g, status, mode, started_at_us FROM runs";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());

        Assert.Equal(7_200_000.0, reader.GetDouble(0));
        Assert.Equal(10_800_000.0, reader.GetDouble(1));
        Assert.Equal(1_200.0, reader.GetDouble(2), 9);
        Assert.Equal("completed", reader.GetString(3));
        Assert.Equal("process", reader.GetString(4));
        Assert.Equal(1_741_964_966_535_897L, reader.GetInt64(5));
    }

    [Fact]
    public void TimesAreKeptToTheMicrosecondAndReadBackInUtc()
    {
        var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var record = TestData.Minimal(startedAt: start) with { EndedAt = start.AddTicks(19) };
        var sample = TestData.Sample(0) with { Timestamp = start.AddTicks(9), Elapsed = TimeSpan.FromTicks(10_000_009) };
        using var store = Open();
        store.CompleteRun(record, [sample]);

        var found = store.FindRun(record.Id)!;
        var read = Assert.Single(store.ReadSamples(record.Id));

        Assert.Equal(start.AddTicks(-7), found.StartedAt);
        Assert.Equal(TimeSpan.Zero, found.StartedAt.Offset);
        Assert.Equal(start.AddTicks(13), found.EndedAt);
        Assert.Equal(start.AddTicks(3), read.Timestamp);
        Assert.Equal(TimeSpan.FromTicks(10_000_000), read.Elapsed);
    }

    [Fact]
    public void FlushesAppendSamplesAndReplaceTheFigures()
    {
        var run = TestData.Full(status: RunStatus.Running);
        using var store = Open();
        store.BeginRun(run);
        store.Flush(TestData.Progress(run, 100, 200, run.StartedAt.AddSeconds(5)), TestData.Samples(0, 5));
        store.Flush(TestData.Progress(run, 180, 390, run.StartedAt.AddSeconds(10)), TestData.Samples(5, 5));

        var found = store.FindRun(run.Id)!;

        Assert.Equal(RunStatus.Running, found.Status);
        Assert.Equal(run.StartedAt.AddSeconds(10), found.EndedAt);
        Assert.Equal([180.0, 390.0], found.Components.Select(c => c.Energy.Joules));
        TestData.AssertSame(TestData.Samples(0, 10), store.ReadSamples(run.Id));
    }

    [Fact]
    public void BeginRunWritesStatusRunningAtOnce()
    {
        var run = TestData.Full(status: RunStatus.Completed);
        using var writer = Open();
        writer.BeginRun(run);

        using var reader = Open();
        var found = reader.FindRun(run.Id)!;

        Assert.Equal(RunStatus.Running, found.Status);
        Assert.Equal(run.Components, found.Components);
    }

    [Fact]
    public void BeginningARunTwiceIsRefused()
    {
        using var store = Open();
        store.BeginRun(TestData.Minimal());

        var error = Assert.Throws<RunStoreException>(() => store.BeginRun(TestData.Minimal()));

        Assert.Equal($"the history store {store.FilePath} already holds a run with id {TestData.Minimal().Id}: give each run a new id", error.Message);
    }

    [Fact]
    public void CompletingWithStatusRunningIsAProgrammingError()
    {
        using var store = Open();

        Assert.Throws<ArgumentException>(() => store.CompleteRun(TestData.Minimal(status: RunStatus.Running), []));
    }

    [Fact]
    public void ListRunsIsNewestFirstAndHonoursTheLimit()
    {
        using var store = Open();
        var starts = new[] { 3, 0, 4, 1, 2 };
        foreach (var (start, i) in starts.Select((s, i) => (s, i)))
        {
            store.CompleteRun(TestData.Minimal(id: $"run-{i}", startedAt: TestData.Start.AddMinutes(start), status: RunStatus.Completed), []);
        }

        Assert.Equal(["run-2", "run-0", "run-4", "run-3", "run-1"], store.ListRuns().Select(r => r.Id));
        Assert.Equal(["run-2", "run-0"], store.ListRuns(2).Select(r => r.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.ListRuns(0));
    }

    [Fact]
    public void ListRunsReadsEveryMember()
    {
        using var store = Open();
        var full = TestData.Full(startedAt: TestData.Start.AddHours(1));
        var minimal = TestData.Minimal();
        store.CompleteRun(full, TestData.Samples(0, 2));
        store.CompleteRun(minimal, []);

        var runs = store.ListRuns();

        Assert.Equal(2, runs.Count);
        RunRecordAssert.Same(full, runs[0]);
        RunRecordAssert.Same(minimal, runs[1]);
    }

    [Fact]
    public void FindRunTakesAUniquePrefixOfFourCharactersOrMore()
    {
        using var store = Open();
        store.CompleteRun(TestData.Minimal(id: "abcd1234-0000-0000-0000-000000000000"), []);
        store.CompleteRun(TestData.Minimal(id: "abcd5678-0000-0000-0000-000000000000", startedAt: TestData.Start.AddSeconds(1)), []);
        store.CompleteRun(TestData.Minimal(id: "ef01aaaa-0000-0000-0000-000000000000"), []);

        Assert.Equal("ef01aaaa-0000-0000-0000-000000000000", store.FindRun("ef01")?.Id);
        Assert.Equal("abcd1234-0000-0000-0000-000000000000", store.FindRun("abcd1")?.Id);
        Assert.Equal("abcd5678-0000-0000-0000-000000000000", store.FindRun("ABCD5")?.Id);
        Assert.Equal("abcd5678-0000-0000-0000-000000000000", store.FindRun("abcd5678-0000-0000-0000-000000000000")?.Id);
        Assert.Null(store.FindRun("ffff"));
        Assert.Null(store.FindRun("abc%"));
        Assert.Null(store.FindRun("ab__"));
    }

    [Fact]
    public void AnAmbiguousPrefixListsTheMatches()
    {
        using var store = Open();
        store.CompleteRun(TestData.Minimal(id: "abcd1234-0000-0000-0000-000000000000"), []);
        store.CompleteRun(TestData.Minimal(id: "abcd5678-0000-0000-0000-000000000000", startedAt: TestData.Start.AddSeconds(1)), []);

        var error = Assert.Throws<ArgumentException>(() => store.FindRun("abcd"));

        Assert.Equal(
            "the run id prefix 'abcd' is ambiguous: it matches 2 runs (abcd5678-0000-0000-0000-000000000000, abcd1234-0000-0000-0000-000000000000): give more characters",
            error.Message);
    }

    [Fact]
    public void APrefixShorterThanFourCharactersIsRefused()
    {
        using var store = Open();
        store.CompleteRun(TestData.Minimal(id: "abcd1234"), []);

        var error = Assert.Throws<ArgumentException>(() => store.FindRun("abc"));

        Assert.Equal("the run id 'abc' is too short: give at least 4 characters of it (carbonscope runs lists the ids)", error.Message);
    }

    [Fact]
    public void ReadSamplesOfAnUnknownRunIsEmpty()
    {
        using var store = Open();

        Assert.Empty(store.ReadSamples("no-such-run"));
        Assert.Null(store.FindRun("no-such-run"));
    }

    [Fact]
    public void ASampleWithoutDevicesKeepsItsPlace()
    {
        using var store = Open();
        var samples = new[] { TestData.Sample(0), TestData.Sample(1) with { Devices = [] }, TestData.Sample(2) };
        store.CompleteRun(TestData.Minimal(), samples);

        TestData.AssertSame(samples, store.ReadSamples(TestData.Minimal().Id));
    }

    [Fact]
    public void ARunLeftRunningByAWriterThatHasGoneIsIncompleteWithItsLastFlush()
    {
        var writerOwner = new RunOwner(777, 5_000, "boot-1", "pid:[1]");
        var run = TestData.Full(status: RunStatus.Running);
        var writer = SqliteRunStore.Open(_directory.File("runs.db"), _time, new FakeLiveness(writerOwner));
        writer.BeginRun(run);
        writer.Flush(TestData.Progress(run, 100, 200, run.StartedAt.AddSeconds(5)), TestData.Samples(0, 5));
        writer.Flush(TestData.Progress(run, 150, 320, run.StartedAt.AddSeconds(10)), TestData.Samples(5, 5));
        writer.Dispose();
        using (var other = SqliteRunStore.Open(_directory.File("runs.db"), _time, new FakeLiveness(writerOwner)))
        {
            other.CompleteRun(TestData.Minimal(id: "completed-run", startedAt: run.StartedAt.AddSeconds(-1), status: RunStatus.Completed), []);
            other.BeginRun(TestData.Minimal(id: "another-running-run", startedAt: run.StartedAt.AddSeconds(-2)));
        }

        var liveness = new FakeLiveness();
        liveness.MarkDead(writerOwner);
        using var reader = SqliteRunStore.Open(_directory.File("runs.db"), _time, liveness);
        var listed = reader.ListRuns();
        var checksForTheList = liveness.Checks;
        var found = reader.FindRun(run.Id[..8])!;

        Assert.Equal([RunStatus.Incomplete, RunStatus.Completed, RunStatus.Incomplete], listed.Select(r => r.Status));
        Assert.Equal(1, checksForTheList);
        Assert.Equal(RunStatus.Incomplete, found.Status);
        Assert.Equal(470.0, found.DeviceEnergy.Joules);
        Assert.Equal(run.StartedAt.AddSeconds(10), found.EndedAt);
        Assert.Equal(10, reader.ReadSamples(run.Id).Count);
    }

    [Fact]
    public void ARunWhoseWriterIsAliveStaysRunning()
    {
        var run = TestData.Full(status: RunStatus.Running);
        using var writer = Open();
        writer.BeginRun(run);

        using var reader = Open();

        Assert.Equal(RunStatus.Running, Assert.Single(reader.ListRuns()).Status);
    }

    [Fact]
    public void TheOwnerAndTheWriteTimeAreRecorded()
    {
        using var store = Open();
        store.BeginRun(TestData.Minimal());

        using var connection = new SqliteConnection($"Data Source={store.FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner_pid, owner_start_ticks, owner_boot_id, owner_pid_namespace, updated_at_us FROM runs";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());

        Assert.Equal(4242, reader.GetInt64(0));
        Assert.Equal(123_456, reader.GetInt64(1));
        Assert.Equal("boot-1", reader.GetString(2));
        Assert.Equal("pid:[4026531836]", reader.GetString(3));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds() * 1000, reader.GetInt64(4));
    }

    [Fact]
    public void AReaderSeesARecordingRunWhileItsWriterHoldsTheStoreOpen()
    {
        var run = TestData.Full(status: RunStatus.Running);
        using var writer = Open();
        writer.BeginRun(run);
        using var reader = Open();

        for (var flush = 1; flush <= 3; flush++)
        {
            writer.Flush(TestData.Progress(run, flush * 10, flush * 20, run.StartedAt.AddSeconds(flush * 5)), TestData.Samples((flush - 1) * 5, 5));

            Assert.Equal(flush * 30.0, reader.FindRun(run.Id)!.DeviceEnergy.Joules);
            Assert.Equal(flush * 5, reader.ReadSamples(run.Id).Count);
        }
    }

    [Fact]
    public void UsingADisposedStoreThrowsObjectDisposed()
    {
        var store = Open();
        store.Dispose();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.ListRuns());
    }

    private SqliteRunStore Open() => SqliteRunStore.Open(_directory.File("runs.db"), _time, _liveness);
}
