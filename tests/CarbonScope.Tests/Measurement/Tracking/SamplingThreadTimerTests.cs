using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;

namespace CarbonScope.Tests.Measurement.Tracking;

/// <summary>
/// The dedicated-thread timer the tracker uses on the system clock. These tests run on real time, so they only wait
/// for signals (with a generous timeout), never for a duration.
/// </summary>
public class SamplingThreadTimerTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_short = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task Ticks_repeatedly_on_its_own_thread_which_has_exited_when_DisposeAsync_completes()
    {
        var ticks = 0;
        var threeTicks = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = new SamplingThreadTimer(
            _ =>
            {
                if (Interlocked.Increment(ref ticks) == 3)
                {
                    threeTicks.TrySetResult(Thread.CurrentThread.Name);
                }
            },
            null,
            s_short,
            s_short,
            "test sampler");

        Assert.Equal("test sampler", await threeTicks.Task.WaitAsync(s_patience, TestContext.Current.CancellationToken));
        await timer.DisposeAsync();

        // DisposeAsync completes once the thread has exited: no tick can follow.
        Assert.False(timer.IsThreadAlive);
        Assert.False(timer.Change(s_short, s_short));
    }

    [Fact]
    public async Task The_callback_can_dispose_its_own_timer()
    {
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SamplingThreadTimer? timer = null;
        var created = new ManualResetEventSlim();
        timer = new SamplingThreadTimer(
            _ =>
            {
                created.Wait(TestContext.Current.CancellationToken);
                timer!.Dispose(); // must not join its own thread
                disposed.TrySetResult();
            },
            null,
            s_short,
            s_short,
            "test sampler");
        created.Set();

        await disposed.Task.WaitAsync(s_patience, TestContext.Current.CancellationToken);
        await timer.DisposeAsync().AsTask().WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.False(timer.IsThreadAlive);
        created.Dispose();
    }

    [Fact]
    public async Task An_infinite_due_time_waits_for_Change_and_a_zero_period_ticks_once()
    {
        var ticks = 0;
        var ticked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var timer = new SamplingThreadTimer(
            _ =>
            {
                Interlocked.Increment(ref ticks);
                ticked.TrySetResult();
            },
            null,
            Timeout.InfiniteTimeSpan,
            s_short,
            "test sampler");
        Assert.Equal(0, Volatile.Read(ref ticks));

        Assert.True(timer.Change(TimeSpan.Zero, TimeSpan.Zero));
        await ticked.Task.WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.Equal(1, Volatile.Read(ref ticks));
    }

    [Fact]
    public void Negative_times_other_than_infinite_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingThreadTimer(_ => { }, null, TimeSpan.FromSeconds(-2), s_short, "t"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingThreadTimer(_ => { }, null, s_short, TimeSpan.FromSeconds(-2), "t"));
    }

    [Fact]
    public async Task A_tracker_on_the_system_clock_samples_on_its_dedicated_thread()
    {
        var cpu = new FakeSensor(DeviceKind.Cpu, "cpu", Power.FromWatts(50));
        await using var tracker = new EnergyTracker([cpu], EnergyTracker.MinimumInterval);
        var sampled = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        tracker.Sampled += (_, _) => sampled.TrySetResult(Thread.CurrentThread.Name);

        tracker.Start();
        var thread = await sampled.Task.WaitAsync(s_patience, TestContext.Current.CancellationToken);
        var result = await tracker.StopAsync();

        Assert.Equal("CarbonScope sampler", thread);
        Assert.True(result.EnergyOf(DeviceKind.Cpu) > Energy.Zero);
        Assert.False(tracker.IsRunning);
    }
}
