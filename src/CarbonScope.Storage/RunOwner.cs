namespace CarbonScope.Storage;

/// <summary>
/// The process that writes a run to the store, identified well enough to tell whether it still runs: its pid, when it
/// started (so that a later process reusing the pid is not mistaken for it), the boot it ran in, and its pid namespace.
/// </summary>
/// <param name="ProcessId">The writer's process id.</param>
/// <param name="StartTimeTicks">Field 22 of <c>/proc/&lt;pid&gt;/stat</c>: its start time in clock ticks after boot; null when unknown.</param>
/// <param name="BootId">The kernel's <c>/proc/sys/kernel/random/boot_id</c>, different after each boot; null when unknown.</param>
/// <param name="PidNamespace">The target of <c>/proc/self/ns/pid</c> (e.g. <c>pid:[4026531836]</c>): pids are only comparable within one namespace; null when unknown.</param>
public sealed record RunOwner(int ProcessId, long? StartTimeTicks, string? BootId, string? PidNamespace);

/// <summary>Decides whether the writer of a run still runs. The default, <see cref="ProcRunOwnerLiveness"/>, reads <c>/proc</c>.</summary>
public interface IRunOwnerLiveness
{
    /// <summary>This process, as recorded in the runs it writes.</summary>
    RunOwner Current { get; }

    /// <summary>
    /// False only when the owner has certainly gone (another boot, no such process, a different process with its pid, or a
    /// zombie); true when it runs or when that cannot be decided (e.g. a pid from another pid namespace).
    /// </summary>
    bool IsAlive(RunOwner owner);
}
