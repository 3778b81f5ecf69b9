using System.Diagnostics;

namespace CarbonScope.Measurement.Tracking;

/// <summary>
/// A periodic timer that runs its callback on its own background thread, which sleeps in a kernel wait between ticks.
/// The tracker uses it instead of <see cref="TimeProvider.System"/>'s timer.
/// </summary>
/// <remarks>
/// <para>Why: a <see cref="TimeProvider.System"/> timer fires on the runtime's timer thread and runs its callback on a
/// thread-pool worker, which then spins (sched_yield) before it sleeps, and the pool's gate thread wakes up too. For a
/// sampler that wakes once a second and works for about 50 µs, that machinery cost 1.5-2 ms of CPU per tick on a 2-core
/// VM, 30-40 times the sampling itself (docs/benchmarks.md); one thread that waits on an event costs about 0.3 ms per
/// tick there.</para>
/// <para>Ticks follow a fixed schedule (due, due + period, ...) measured with <see cref="Stopwatch"/>; a tick that
/// would start after the next one is due is skipped, not queued. The callback never runs concurrently with itself.
/// Disposal stops the thread; <see cref="DisposeAsync"/> completes when the thread has exited (at once when called
/// from the callback itself), so the callback does not run after it.</para>
/// </remarks>
internal sealed class SamplingThreadTimer : ITimer
{
    private readonly Action<object?> _callback;
    private readonly object? _state;
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _wake = new(initialState: false);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private long _nextDue;
    private long _periodTicks;
    private bool _disposed;

    /// <summary>Starts the thread; the first tick is after <paramref name="dueTime"/>, the next ones every <paramref name="period"/>.</summary>
    /// <param name="callback">Called on the timer's thread; exceptions are the caller's to catch (an escaping one ends the process, as on a thread-pool timer).</param>
    /// <param name="state">Passed to <paramref name="callback"/>.</param>
    /// <param name="dueTime">Until the first tick; <see cref="Timeout.InfiniteTimeSpan"/>: none until <see cref="Change"/>.</param>
    /// <param name="period">Between ticks, positive; <see cref="Timeout.InfiniteTimeSpan"/> or zero: one tick only.</param>
    /// <param name="name">The thread's name.</param>
    public SamplingThreadTimer(Action<object?> callback, object? state, TimeSpan dueTime, TimeSpan period, string name)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _callback = callback;
        _state = state;
        Schedule(dueTime, period);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Whether the timer's thread is still running (tests).</summary>
    internal bool IsThreadAlive => _thread.IsAlive;

    /// <inheritdoc/>
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            Schedule(dueTime, period);

            // Under the lock: the thread disposes the event only after it has seen _disposed under this lock.
            _wake.Set();
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Stop() && Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Stop();
        return Thread.CurrentThread == _thread ? ValueTask.CompletedTask : new ValueTask(_exited.Task);
    }

    private static long ToStopwatchTicks(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span < TimeSpan.Zero ? -1 : (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Sets the schedule; call under <see cref="_lock"/> (or before the thread starts).</summary>
    private void Schedule(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time should be positive or infinite.");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period should be positive or infinite.");
        }

        var due = ToStopwatchTicks(dueTime);
        _nextDue = due < 0 ? long.MaxValue : Stopwatch.GetTimestamp() + due;
        _periodTicks = period == TimeSpan.Zero ? -1 : ToStopwatchTicks(period);
    }

    /// <summary>Marks the timer disposed and wakes the thread; false when it already was.</summary>
    private bool Stop()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            _wake.Set();
        }

        return true;
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                int waitMilliseconds;
                lock (_lock)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    var now = Stopwatch.GetTimestamp();
                    if (now >= _nextDue)
                    {
                        // Due: schedule the next tick first, skipping any that are already late.
                        if (_periodTicks > 0)
                        {
                            _nextDue += _periodTicks;
                            if (_nextDue <= now)
                            {
                                _nextDue = now + _periodTicks;
                            }
                        }
                        else
                        {
                            _nextDue = long.MaxValue;
                        }

                        waitMilliseconds = 0;
                    }
                    else
                    {
                        // Rounded up, so the wait never ends before the tick is due.
                        var remaining = Math.Ceiling((_nextDue - now) * 1000.0 / Stopwatch.Frequency);
                        waitMilliseconds = _nextDue == long.MaxValue || remaining > int.MaxValue ? Timeout.Infinite : (int)remaining;
                    }
                }

                if (waitMilliseconds == 0)
                {
                    _callback(_state);
                }
                else
                {
                    _wake.WaitOne(waitMilliseconds);
                }
            }
        }
        finally
        {
            _wake.Dispose();
            _exited.TrySetResult();
        }
    }
}
