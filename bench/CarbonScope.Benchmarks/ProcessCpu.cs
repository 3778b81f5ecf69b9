using System.Runtime.InteropServices;

namespace CarbonScope.Benchmarks;

/// <summary>
/// The CPU time of this whole process (all threads, user + system) from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>,
/// in nanoseconds: finer than <c>/proc/self/stat</c> and <c>Process.TotalProcessorTime</c>, which count 10 ms ticks.
/// </summary>
internal static partial class ProcessCpu
{
    private const int ClockProcessCpuTimeId = 2;

    public static TimeSpan Now()
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
