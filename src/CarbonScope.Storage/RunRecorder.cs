using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;

namespace CarbonScope.Storage;

/// <summary>
/// Writes one run to the history store while it runs: the run at <see cref="Start"/>, then every flush interval the
/// samples gathered since the last flush with the run's figures so far, then the final record at <see cref="Complete"/>.
/// If the writer is killed, the store keeps the figures of the last flush, at most one interval old, and reports the run
/// as <see cref="RunStatus.Incomplete"/>.
/// </summary>
/// <remarks>
/// <para><b>Progress.</b> The figures written at each flush come from the <c>progress</c> function given to the
/// constructor, called on the timer's thread at flush time (so it must be safe to call from there, e.g. build the record
/// from a tracker snapshot). Without one, each flush writes the initial record with <see cref="RunRecord.EndedAt"/> moved
/// to the last sample's timestamp: the samples are kept, the figures are not.</para>
/// <para><b>Failures.</b> The store never breaks the run: the first <see cref="RunStoreException"/> (or any other failure
/// of a write or of the progress function) is reported once through <c>warn</c>, and from then on nothing more is written (samples are
/// dropped). <see cref="Add"/> never throws and never touches the store; <see cref="Complete"/> returns false instead of
/// throwing, so the caller still writes its CSV and JSON outputs.</para>
/// <para><b>Threads.</b> <see cref="Add"/> may be called from the sampling thread while the timer flushes and
/// <see cref="Complete"/> runs elsewhere: it only appends to a list under a lock.</para>
/// </remarks>
public sealed class RunRecorder : IDisposable
{
    private readonly IRunStore _store;
    private readonly RunRecord _initial;
    private readonly TimeProvider _time;
    private readonly Action<string>? _warn;
    private readonly Func<RunRecord>? _progress;
    private readonly Lock _pendingLock = new();
    private readonly Lock _writeLock = new();
    private List<EnergySample> _pending = [];
    private ITimer? _timer;
    private DateTimeOffset _lastSampleAt;
    private bool _started;
    private bool _completed;
    private volatile bool _failed;
    private volatile bool _closed;

    /// <summary>Prepares the recording of one run; nothing is written before <see cref="Start"/>.</summary>
    /// <param name="store">The history store.</param>
    /// <param name="initial">The run as it starts (status running).</param>
    /// <param name="time">The clock of the flush timer.</param>
    /// <param name="flushInterval">How often pending samples are written; <see cref="DefaultFlushInterval"/> when null; at most <see cref="MaxFlushInterval"/>.</param>
    /// <param name="warn">Told, once, why the store is not written any more (one line, the <see cref="RunStoreException"/>'s message). Must not throw.</param>
    /// <param name="progress">The run's figures so far, called at each flush on the timer's thread (see the remarks).</param>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive or longer than <see cref="MaxFlushInterval"/>.</exception>
    public RunRecorder(IRunStore store, RunRecord initial, TimeProvider time, TimeSpan? flushInterval = null, Action<string>? warn = null, Func<RunRecord>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(time);
        var interval = flushInterval ?? DefaultFlushInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(flushInterval));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, MaxFlushInterval, nameof(flushInterval));
        _store = store;
        _initial = initial;
        _time = time;
        FlushInterval = interval;
        _warn = warn;
        _progress = progress;
        _lastSampleAt = initial.StartedAt;
    }

    /// <summary>The flush interval when none is given: 5 s.</summary>
    public static TimeSpan DefaultFlushInterval { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest flush interval allowed: 10 s, the most a killed run may lose.</summary>
    public static TimeSpan MaxFlushInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>How often pending samples are written.</summary>
    public TimeSpan FlushInterval { get; }

    /// <summary>Whether the store failed and recording stopped (the warning has been given).</summary>
    public bool Failed => _failed;

    /// <summary>Writes the run (status running) and starts the flush timer. A store error is warned about, not thrown.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        lock (_writeLock)
        {
            if (_started)
            {
                throw new InvalidOperationException("The run recorder has already been started.");
            }

            _started = true;
            if (_completed)
            {
                return;
            }

            try
            {
                _store.BeginRun(_initial);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Fail(Message(exception));
                return;
            }

            _timer = _time.CreateTimer(static state => ((RunRecorder)state!).OnTimer(), this, FlushInterval, FlushInterval);
        }
    }

    /// <summary>
    /// Queues a sample for the next flush. Cheap (a list append under a lock), thread-safe, never throws for a store
    /// problem; ignored once the recorder has completed, been disposed or failed.
    /// </summary>
    public void Add(EnergySample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (_closed)
        {
            return;
        }

        lock (_pendingLock)
        {
            _pending.Add(sample);
        }
    }

    /// <summary>
    /// Stops the timer and writes the final record with the samples not yet flushed. Returns whether the store now holds
    /// the final record; false when the store failed (now or earlier; the warning has been given). Never throws a store
    /// error.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already completed.</exception>
    /// <exception cref="ArgumentException"><paramref name="final"/> has the status running.</exception>
    public bool Complete(RunRecord final)
    {
        ArgumentNullException.ThrowIfNull(final);
        if (final.Status == RunStatus.Running)
        {
            throw new ArgumentException("The final record of a run cannot have the status 'running'.", nameof(final));
        }

        lock (_writeLock)
        {
            if (_completed)
            {
                throw new InvalidOperationException("The run has already been completed.");
            }

            _completed = true;
            _closed = true;
            StopTimer();
            if (_failed)
            {
                return false;
            }

            try
            {
                _store.CompleteRun(final, TakePending());
                return true;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Whatever the store did, the caller must go on to write its other outputs.
                Fail(Message(exception));
                return false;
            }
        }
    }

    /// <summary>Stops the timer without writing anything more: a run not completed stays "running" until its process ends.</summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            _completed = true;
            _closed = true;
            StopTimer();
        }
    }

    private void OnTimer()
    {
        lock (_writeLock)
        {
            if (_completed || _failed)
            {
                return;
            }

            var batch = TakePending();
            RunRecord progress;
            try
            {
                progress = _progress?.Invoke() ?? _initial with { EndedAt = _lastSampleAt };
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The timer thread has no caller to throw to: stop recording and say why, once.
                Fail($"the run is no longer recorded in the history store: its progress could not be computed ({exception.Message.ReplaceLineEndings(" ")})");
                return;
            }

            try
            {
                _store.Flush(progress, batch);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Fail(Message(exception));
            }
        }
    }

    /// <summary>The warning for a failed write: the store's own one-line message, or what else went wrong.</summary>
    private static string Message(Exception exception) => exception is RunStoreException
        ? exception.Message
        : $"the run is no longer recorded in the history store: {exception.Message.ReplaceLineEndings(" ")}";

    private List<EnergySample> TakePending()
    {
        List<EnergySample> batch;
        lock (_pendingLock)
        {
            batch = _pending;
            _pending = [];
        }

        foreach (var sample in batch)
        {
            if (sample.Timestamp > _lastSampleAt)
            {
                _lastSampleAt = sample.Timestamp;
            }
        }

        return batch;
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private void Fail(string message)
    {
        if (_failed)
        {
            return;
        }

        _failed = true;
        _closed = true;
        lock (_pendingLock)
        {
            _pending = [];
        }

        _warn?.Invoke(message);
    }
}
