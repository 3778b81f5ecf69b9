using System.Runtime.InteropServices;

namespace CarbonScope.Measurement.Procfs;

/// <summary>The few libc calls the /proc readers need.</summary>
internal static partial class LibC
{
    /// <summary><c>_SC_CLK_TCK</c> on Linux (glibc and musl).</summary>
    private const int ScClockTicks = 2;

    /// <summary>USER_HZ from <c>sysconf(_SC_CLK_TCK)</c>; false off Linux or when libc cannot be called.</summary>
    internal static bool TryGetClockTicksPerSecond(out long ticksPerSecond)
    {
        ticksPerSecond = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var value = (long)Sysconf(ScClockTicks);
            if (value <= 0)
            {
                return false;
            }

            ticksPerSecond = value;
            return true;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    // C's long is pointer-sized on LP64 Linux; nint matches it on 32- and 64-bit.
    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint Sysconf(int name);
}
