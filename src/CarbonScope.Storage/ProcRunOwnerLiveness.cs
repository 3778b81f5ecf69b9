using CarbonScope.Measurement.Procfs;

namespace CarbonScope.Storage;

/// <summary>
/// Tells whether a run's writer still runs from Linux <c>/proc</c>: the owner is alive iff the boot id is the same, its pid
/// exists and is not a zombie, and that process started at the recorded time (field 22 of <c>/proc/&lt;pid&gt;/stat</c>).
/// </summary>
/// <remarks>
/// Where <c>/proc</c> cannot be read (not Linux) or the owner ran in another pid namespace, the answer is "alive": a run
/// is never reported incomplete unless its writer has certainly gone.
/// </remarks>
public sealed class ProcRunOwnerLiveness : IRunOwnerLiveness
{
    private static readonly Lazy<ProcRunOwnerLiveness> s_default = new(() => new ProcRunOwnerLiveness(ProcFileSystem.Default, Environment.ProcessId));

    private readonly ProcFileSystem _proc;
    private readonly Lazy<RunOwner> _current;

    /// <summary>Reads the <c>/proc</c> tree of <paramref name="proc"/>; <paramref name="currentProcessId"/> is the pid of "this process" there.</summary>
    public ProcRunOwnerLiveness(ProcFileSystem proc, int currentProcessId)
    {
        ArgumentNullException.ThrowIfNull(proc);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(currentProcessId);
        _proc = proc;
        _current = new Lazy<RunOwner>(() => Describe(currentProcessId));
    }

    /// <summary>The real <c>/proc</c> and this process.</summary>
    public static ProcRunOwnerLiveness Default => s_default.Value;

    /// <inheritdoc />
    public RunOwner Current => _current.Value;

    /// <summary>Describes a process of this machine as an owner (pid, start time, boot id, pid namespace of this process).</summary>
    public RunOwner Describe(int processId)
    {
        long? startTime = _proc.TryReadProcessStat(processId, out var stat) ? stat.StartTimeTicks : null;
        return new RunOwner(processId, startTime, ReadBootId(), ReadPidNamespace());
    }

    /// <inheritdoc />
    public bool IsAlive(RunOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var bootId = ReadBootId();
        if (owner.BootId is null || bootId is null)
        {
            // Without boot ids the pid cannot be trusted: the machine may have rebooted and the pid been reused.
            return true;
        }

        if (!string.Equals(owner.BootId, bootId, StringComparison.Ordinal))
        {
            return false;
        }

        var pidNamespace = ReadPidNamespace();
        if (owner.PidNamespace is not null && pidNamespace is not null && !string.Equals(owner.PidNamespace, pidNamespace, StringComparison.Ordinal))
        {
            // Written from another container: its pid means nothing here.
            return true;
        }

        if (!_proc.TryReadProcessStat(owner.ProcessId, out var stat))
        {
            return false;
        }

        if (stat.IsZombie)
        {
            return false;
        }

        return owner.StartTimeTicks is not { } startTime || startTime == stat.StartTimeTicks;
    }

    private string? ReadBootId()
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(_proc.Root, "sys", "kernel", "random", "boot_id")).Trim();
            return text.Length > 0 ? text : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    private string? ReadPidNamespace()
    {
        try
        {
            // A symbolic link in the real /proc; a fake tree may hold a plain file with the target as its text.
            var path = Path.Combine(_proc.Root, "self", "ns", "pid");
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                return target;
            }

            return info.Exists ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
