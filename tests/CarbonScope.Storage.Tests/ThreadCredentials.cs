using System.Runtime.InteropServices;

namespace CarbonScope.Storage.Tests;

/// <summary>
/// Runs code with file permissions enforced even when the tests run as root: Linux capabilities are per thread, so a
/// dedicated thread drops CAP_DAC_OVERRIDE from its effective set (the capability that lets root write a 0444 file or
/// create files in a 0555 directory) and then meets permissions like any user. The rest of the process keeps its
/// capabilities. For a user without that capability, this changes nothing.
/// </summary>
internal static partial class ThreadCredentials
{
    private const uint LinuxCapabilityVersion3 = 0x20080522;
    private const int CapDacOverride = 1;

    /// <summary>Runs <paramref name="action"/> on a new thread without CAP_DAC_OVERRIDE; false (and a reason) when the capability could not be dropped.</summary>
    public static bool TryRunWithPermissionsEnforced(Action action, out Exception? error, out string? whyNot)
    {
        Exception? caught = null;
        string? failure = null;
        var thread = new Thread(() =>
        {
            if (!TryDropDacOverride(out failure))
            {
                return;
            }

            try
            {
                action();
            }
            catch (Exception exception)
            {
                caught = exception;
            }
        });
        thread.Start();
        thread.Join();
        error = caught;
        whyNot = failure;
        return failure is null;
    }

    /// <summary>Whether this process may write files regardless of their permissions (root with CAP_DAC_OVERRIDE).</summary>
    public static bool ProcessOverridesPermissions()
    {
        var header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
        var data = default(CapData);
        return OperatingSystem.IsLinux() && CapGet(ref header, ref data) == 0 && (data.Effective0 & (1u << CapDacOverride)) != 0;
    }

    private static bool TryDropDacOverride(out string? failure)
    {
        failure = null;
        if (!OperatingSystem.IsLinux())
        {
            failure = "capabilities are a Linux feature";
            return false;
        }

        try
        {
            // pid 0: the calling thread.
            var header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
            var data = default(CapData);
            if (CapGet(ref header, ref data) != 0)
            {
                failure = $"capget failed (errno {Marshal.GetLastPInvokeError()})";
                return false;
            }

            data.Effective0 &= ~(1u << CapDacOverride);
            header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
            if (CapSet(ref header, ref data) != 0)
            {
                failure = $"capset failed (errno {Marshal.GetLastPInvokeError()})";
                return false;
            }

            return true;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            failure = $"libc capget/capset are not available: {exception.Message}";
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(ref CapHeader header, ref CapData data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(ref CapHeader header, ref CapData data);

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    /// <summary>Two <c>__user_cap_data_struct</c> (capabilities 0-31 and 32-63), as version 3 of the interface wants.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective0;
        public uint Permitted0;
        public uint Inheritable0;
        public uint Effective1;
        public uint Permitted1;
        public uint Inheritable1;
    }
}
