using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using CarbonScope.Tests.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Storage.Tests;

public sealed class RunRecorderTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestData.Start);
    private readonly RecordingStore _store = new();
    private readonly List<string> _warnings = [];
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void StartBeginsTheRunAndNothingIsFlushedBeforeTheInterval()
    {
        using var recorder = Recorder();
        recorder.Start();
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));

        Assert.Equal(["begin"], _store.Calls);
        Assert.Equal(TestData.Full().Id, _store.Runs[0].Id);
    }

    [Fact]
    public void AdvancingFiveSecondsFlushesThePendingSamplesWithTheProgress()
    {
        var calls = 0;
        using var recorder = Recorder(progress: () =>
        {
            calls++;
            return TestData.Progress(TestData.Full(), 10 * calls, 20 * calls, _time.GetUtcNow());
        });
        recorder.Start();
        var samples = new[] { Sample(), Sample(), Sample() };
        foreach (var sample in samples)
        {
            recorder.Add(sample);
        }

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["begin", "flush"], _store.Calls);
        Assert.Equal(samples, _store.Batches[1]);
        Assert.Equal(30.0, _store.Runs[1].DeviceEnergy.Joules);
        Assert.Equal(TestData.Start.AddSeconds(5), _store.Runs[1].EndedAt);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["begin", "flush", "flush"], _store.Calls);
        Assert.Empty(_store.Batches[2]);
        Assert.Equal(60.0, _store.Runs[2].DeviceEnergy.Joules);
    }

    [Fact]
    public void NoSampleStaysUnflushedLongerThanTheInterval()
    {
        using var recorder = Recorder();
        recorder.Start();
        var added = new List<EnergySample>();
        for (var second = 1; second <= 9; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            var sample = Sample();
            recorder.Add(sample);
            added.Add(sample);

            var now = _time.GetUtcNow();
            var mustBeFlushed = added.Where(s => s.Timestamp <= now - recorder.FlushInterval);
            Assert.Subset(_store.Flushed.ToHashSet(), mustBeFlushed.ToHashSet());
        }

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(added, _store.Flushed);
    }

    [Fact]
    public void WithoutAProgressFunctionAFlushMovesEndedAtToTheLastSample()
    {
        using var recorder = Recorder();
        recorder.Start();
        _time.Advance(TimeSpan.FromSeconds(2));
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(TestData.Start.AddSeconds(2), _store.Runs[1].EndedAt);
        Assert.Equal(TestData.Full().Components, _store.Runs[1].Components);
    }

    [Fact]
    public void CompleteWritesTheRestAndStopsTheTimer()
    {
        using var recorder = Recorder();
        recorder.Start();
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(5));
        var rest = new[] { Sample(), Sample() };
        recorder.Add(rest[0]);
        recorder.Add(rest[1]);

        Assert.True(recorder.Complete(TestData.Full()));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["begin", "flush", "complete"], _store.Calls);
        Assert.Equal(rest, _store.Batches[2]);
        Assert.Equal(RunStatus.Completed, _store.Runs[2].Status);
        Assert.Throws<InvalidOperationException>(() => recorder.Complete(TestData.Full()));
    }

    [Fact]
    public void AStoreThatFailsIsWarnedAboutOnceAndNothingIsThrown()
    {
        using var recorder = Recorder();
        recorder.Start();
        _store.FailWith = new RunStoreException("the history store /x/runs.db cannot grow: the disk is full");
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(5));
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(recorder.Complete(TestData.Full()));
        Assert.Equal(["the history store /x/runs.db cannot grow: the disk is full"], _warnings);
        Assert.True(recorder.Failed);
        Assert.Equal(["begin", "flush"], _store.Calls);
    }

    [Fact]
    public void AStoreThatFailsAtTheStartIsWarnedAboutOnce()
    {
        _store.FailWith = new RunStoreException("the history store /x/runs.db is read-only");
        using var recorder = Recorder();
        recorder.Start();
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(recorder.Complete(TestData.Full()));
        Assert.Equal(["the history store /x/runs.db is read-only"], _warnings);
        Assert.Equal(["begin"], _store.Calls);
    }

    [Fact]
    public void AFailureOfTheLastWriteIsWarnedAboutAndReturnedNotThrown()
    {
        using var recorder = Recorder();
        recorder.Start();
        _store.FailWith = new RunStoreException("the history store /x/runs.db stayed locked");

        Assert.False(recorder.Complete(TestData.Full()));
        Assert.Equal(["the history store /x/runs.db stayed locked"], _warnings);
    }

    [Fact]
    public void AProgressFunctionThatThrowsStopsTheRecordingWithAWarning()
    {
        using var recorder = Recorder(progress: () => throw new InvalidOperationException("tracker stopped"));
        recorder.Start();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["the run is no longer recorded in the history store: its progress could not be computed (tracker stopped)"], _warnings);
        Assert.Equal(["begin"], _store.Calls);
    }

    [Fact]
    public void AnyOtherFailureOfAWriteIsAlsoWarnedAboutNotThrownOnTheTimerThread()
    {
        var path = _directory.File("runs.db");
        var store = SqliteRunStore.Open(path, _time, new FakeLiveness());
        using var recorder = new RunRecorder(store, TestData.Full(status: RunStatus.Running), _time, warn: _warnings.Add);
        recorder.Start();
        store.Dispose();
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(recorder.Complete(TestData.Full()));
        var warning = Assert.Single(_warnings);
        Assert.StartsWith("the run is no longer recorded in the history store: Cannot access a disposed object.", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void SamplesAddedAfterCompleteAreIgnored()
    {
        using var recorder = Recorder();
        recorder.Start();
        recorder.Complete(TestData.Full());
        recorder.Add(Sample());
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["begin", "complete"], _store.Calls);
        Assert.Empty(_store.Batches[1]);
    }

    [Fact]
    public void TheIntervalIsFiveSecondsByDefaultAndAtMostTen()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Recorder().FlushInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), Recorder(TimeSpan.FromSeconds(10)).FlushInterval);
        Assert.Throws<ArgumentOutOfRangeException>(() => Recorder(TimeSpan.FromSeconds(10.001)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Recorder(TimeSpan.Zero));
    }

    [Fact]
    public void SamplesAddedFromManyThreadsWhileFlushingAreAllStored()
    {
        using var recorder = Recorder();
        recorder.Start();
        const int Threads = 4, PerThread = 500;
        using var go = new Barrier(Threads + 1);
        var adders = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            go.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                recorder.Add(Sample());
            }
        })).ToList();
        adders.ForEach(t => t.Start());
        go.SignalAndWait(TestContext.Current.CancellationToken);
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        adders.ForEach(t => t.Join());
        recorder.Complete(TestData.Full());

        Assert.Equal(Threads * PerThread, _store.Batches.Sum(b => b.Count));
    }

    [Fact]
    public void AKilledRecordingLeavesAnIncompleteRunWithItsLastFlush()
    {
        var path = _directory.File("runs.db");
        var writerOwner = new RunOwner(31337, 42, "boot-1", null);
        var run = TestData.Full(status: RunStatus.Running);
        using (var store = SqliteRunStore.Open(path, _time, new FakeLiveness(writerOwner)))
        {
            var recorder = new RunRecorder(store, run, _time, progress: () => TestData.Progress(run, 50, 70, _time.GetUtcNow()));
            recorder.Start();
            for (var i = 0; i < 7; i++)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                recorder.Add(TestData.Sample(i));
            }

            // Killed at 7 s: the flush at 5 s (samples 0-3; sample 4 came after the timer at 5 s) is all the store has.
            recorder.Dispose();
        }

        var liveness = new FakeLiveness();
        liveness.MarkDead(writerOwner);
        using var reader = SqliteRunStore.Open(path, _time, liveness);
        var found = reader.FindRun(run.Id)!;

        Assert.Equal(RunStatus.Incomplete, found.Status);
        Assert.Equal(120.0, found.DeviceEnergy.Joules);
        Assert.Equal(TestData.Start.AddSeconds(5), found.EndedAt);
        TestData.AssertSame(TestData.Samples(0, 4), reader.ReadSamples(run.Id));
    }

    [Fact]
    public void ACompletedRecordingIsInTheStoreWithAllItsSamples()
    {
        var path = _directory.File("runs.db");
        var run = TestData.Full(status: RunStatus.Running);
        using var store = SqliteRunStore.Open(path, _time, new FakeLiveness());
        using var recorder = new RunRecorder(store, run, _time, TimeSpan.FromSeconds(2));
        recorder.Start();
        for (var i = 0; i < 7; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            recorder.Add(TestData.Sample(i));
        }

        Assert.True(recorder.Complete(TestData.Full()));

        RunRecordAssert.Same(TestData.Full(), store.FindRun(run.Id)!);
        TestData.AssertSame(TestData.Samples(0, 7), store.ReadSamples(run.Id));
    }

    private EnergySample Sample() => new(_time.GetUtcNow(), TimeSpan.FromSeconds(1), []);

    private RunRecorder Recorder(TimeSpan? interval = null, Func<RunRecord>? progress = null) =>
        new(_store, TestData.Full(status: RunStatus.Running), _time, interval, _warnings.Add, progress);

    /// <summary>Remembers every call; fails every call once <see cref="FailWith"/> is set.</summary>
    private sealed class RecordingStore : IRunStore
    {
        private readonly Lock _lock = new();

        public List<string> Calls { get; } = [];

        public List<RunRecord> Runs { get; } = [];

        public List<List<EnergySample>> Batches { get; } = [];

        public IEnumerable<EnergySample> Flushed => Batches.SelectMany(b => b);

        public RunStoreException? FailWith { get; set; }

        public void BeginRun(RunRecord run) => Record("begin", run, []);

        public void Flush(RunRecord progress, IReadOnlyList<EnergySample> newSamples) => Record("flush", progress, newSamples);

        public void CompleteRun(RunRecord final, IReadOnlyList<EnergySample> remainingSamples) => Record("complete", final, remainingSamples);

        public IReadOnlyList<RunRecord> ListRuns(int limit = 100) => throw new NotSupportedException();

        public RunRecord? FindRun(string idOrPrefix) => throw new NotSupportedException();

        public IReadOnlyList<EnergySample> ReadSamples(string runId) => throw new NotSupportedException();

        private void Record(string call, RunRecord run, IReadOnlyList<EnergySample> samples)
        {
            lock (_lock)
            {
                Calls.Add(call);
                if (FailWith is { } failure)
                {
                    throw failure;
                }

                Runs.Add(run);
                Batches.Add([.. samples]);
            }
        }
    }
}
