using System.Diagnostics;
using System.Globalization;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;

namespace CarbonScope.Benchmarks;

/// <summary>
/// The tracker's CPU cost on this machine: starts a child <c>sleep</c>, tracks it in process mode (real <c>/proc</c> and
/// <c>/sys</c>, real clock and timer) at the given interval, waits out a warm-up, then measures this process's CPU time
/// (all threads) over <c>--seconds</c> of wall time. With <c>--baseline</c> the same, without a tracker: the runtime's own
/// background cost, to subtract. With <c>--empty-timer</c> or <c>--empty-thread</c>, a timer that does nothing at the
/// interval: a thread-pool timer (<see cref="TimeProvider.System"/>), or the dedicated-thread timer the tracker uses.
/// </summary>
/// <remarks>Prints one line of <c>key=value</c> pairs; <c>bench/tracker-overhead.sh</c> runs it several times and sums up.</remarks>
internal static class OverheadMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var interval = TimeSpan.FromSeconds(1);
        var seconds = TimeSpan.FromSeconds(30);
        var warmup = TimeSpan.FromSeconds(3);
        var baseline = false;
        var nvml = false;
        var emptyTimer = false;
        var emptyThread = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--interval":
                    interval = DurationText.Parse(args[++i]);
                    break;
                case "--seconds":
                    seconds = DurationText.TryParse(args[++i], out var parsed) ? parsed : TimeSpan.FromSeconds(double.Parse(args[i], CultureInfo.InvariantCulture));
                    break;
                case "--warmup":
                    warmup = DurationText.Parse(args[++i]);
                    break;
                case "--baseline":
                    baseline = true;
                    break;
                case "--nvml":
                    nvml = true;
                    break;
                case "--empty-timer":
                    emptyTimer = true;
                    break;
                case "--empty-thread":
                    emptyThread = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}; usage: overhead [--interval 1s] [--seconds 30] [--warmup 3s] [--baseline | --empty-timer | --empty-thread] [--nvml]");
                    return 2;
            }
        }

        var lifetime = (int)Math.Ceiling((warmup + seconds).TotalSeconds) + 30;
        using var sleep = Process.Start(new ProcessStartInfo("sleep", lifetime.ToString(CultureInfo.InvariantCulture)) { UseShellExecute = false })
            ?? throw new InvalidOperationException("sleep did not start");
        EnergyTracker? tracker = null;
        ITimer? timer = null;
        var ticks = 0;
        try
        {
            if (emptyTimer)
            {
                // A thread-pool timer that does nothing: the runtime's cost of waking up that way at the interval.
                timer = TimeProvider.System.CreateTimer(_ => Interlocked.Increment(ref ticks), null, interval, interval);
            }
            else if (emptyThread)
            {
                // The tracker's own timer (a dedicated thread) doing nothing: the floor under the tracker's figures.
                timer = new SamplingThreadTimer(_ => Interlocked.Increment(ref ticks), null, interval, interval, "empty sampler");
            }
            else if (!baseline)
            {
                tracker = EnergyTrackerFactory.Create(new MeasurementOptions
                {
                    Mode = TrackingMode.Process,
                    ProcessId = sleep.Id,
                    ReaperProcessId = Environment.ProcessId,
                    Interval = interval,
                    UseNvml = nvml,
                });
                tracker.Sampled += (_, _) => Interlocked.Increment(ref ticks);
                tracker.Start();
            }

            await Task.Delay(warmup);
            var ticksBefore = Volatile.Read(ref ticks);
            var gcBefore = GC.CollectionCount(0);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = ProcessCpu.Now();
            var wallBefore = Stopwatch.GetTimestamp();

            await Task.Delay(seconds);

            var cpu = ProcessCpu.Now() - cpuBefore;
            var wall = Stopwatch.GetElapsedTime(wallBefore);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var measuredTicks = Volatile.Read(ref ticks) - ticksBefore;
            var gcs = GC.CollectionCount(0) - gcBefore;
            var sensors = tracker is null ? "none" : string.Join('+', tracker.Sensors.Select(s => s.Source));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"overhead mode={(emptyTimer ? "empty-timer" : emptyThread ? "empty-thread" : baseline ? "baseline" : "tracker")} interval_ms={interval.TotalMilliseconds} sensors={sensors} wall_s={wall.TotalSeconds:0.000} " +
                $"cpu_ms={cpu.TotalMilliseconds:0.000} cpu_ms_per_s={cpu.TotalMilliseconds / wall.TotalSeconds:0.0000} ticks={measuredTicks} " +
                $"alloc_bytes_per_tick={(measuredTicks > 0 ? allocated / measuredTicks : 0)} gen0_gcs={gcs}"));
        }
        finally
        {
            if (tracker is not null)
            {
                await tracker.DisposeAsync();
            }

            if (timer is not null)
            {
                await timer.DisposeAsync();
            }

            sleep.Kill();
            await sleep.WaitForExitAsync();
        }

        return 0;
    }
}
