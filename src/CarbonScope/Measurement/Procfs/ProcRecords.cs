namespace CarbonScope.Measurement.Procfs;

/// <summary>Cumulative CPU time of the whole machine since boot, from the first line of <c>/proc/stat</c>, in clock ticks.</summary>
/// <param name="BusyTicks">Ticks neither idle nor waiting for I/O: user + nice + system + irq + softirq + steal.</param>
/// <param name="TotalTicks">All ticks: busy + idle + iowait (guest and guest_nice are already inside user and nice, so they are not added).</param>
public readonly record struct MachineCpuTimes(long BusyTicks, long TotalTicks);

/// <summary>The fields CarbonScope uses from <c>/proc/&lt;pid&gt;/stat</c>. Times are in clock ticks (USER_HZ).</summary>
/// <param name="ProcessId">Field 1, the process id.</param>
/// <param name="Command">Field 2, the command name without its parentheses (may contain spaces and parentheses).</param>
/// <param name="State">Field 3: R, S, D, Z (zombie), T, t, X, I, ...</param>
/// <param name="ParentProcessId">Field 4, the parent's process id.</param>
/// <param name="UserTicks">Field 14, utime: time in user mode.</param>
/// <param name="SystemTicks">Field 15, stime: time in kernel mode.</param>
/// <param name="ChildrenUserTicks">Field 16, cutime: user time of the children this process waited for (reaped).</param>
/// <param name="ChildrenSystemTicks">Field 17, cstime: kernel time of the children this process waited for.</param>
/// <param name="ResidentPages">Field 24, rss: resident set size in pages.</param>
public readonly record struct ProcessStat(
    int ProcessId,
    string Command,
    char State,
    int ParentProcessId,
    long UserTicks,
    long SystemTicks,
    long ChildrenUserTicks,
    long ChildrenSystemTicks,
    long ResidentPages)
{
    /// <summary>Field 22, starttime: when the process started, in ticks after boot. Tells a process from a later one that reuses its pid.</summary>
    public long StartTimeTicks { get; init; }

    /// <summary>The process's own CPU time: utime + stime.</summary>
    public long OwnTicks => UserTicks + SystemTicks;

    /// <summary>The CPU time of its reaped children: cutime + cstime.</summary>
    public long ChildrenTicks => ChildrenUserTicks + ChildrenSystemTicks;

    /// <summary>Whether the process has exited and waits to be reaped (Z) or is being torn down (X, x).</summary>
    public bool IsZombie => State is 'Z' or 'X' or 'x';
}

/// <summary>Memory totals from <c>/proc/meminfo</c>.</summary>
/// <param name="TotalBytes">MemTotal, in bytes.</param>
/// <param name="AvailableBytes">MemAvailable in bytes (on kernels without it, MemFree + Buffers + Cached).</param>
public readonly record struct MemInfo(long TotalBytes, long AvailableBytes);

/// <summary>What <c>/proc/cpuinfo</c> says about the CPUs.</summary>
/// <param name="ModelName">The first <c>model name</c> value as written (e.g. "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"), or null when absent.</param>
/// <param name="Sockets">The number of distinct <c>physical id</c> values (CPU packages); 1 when absent but processors exist; 0 when nothing was read.</param>
/// <param name="LogicalCpus">The number of <c>processor</c> entries (logical CPUs, i.e. hardware threads).</param>
public sealed record CpuInfo(string? ModelName, int Sockets, int LogicalCpus)
{
    /// <summary>Nothing known: the file was missing or unreadable.</summary>
    public static CpuInfo Unknown { get; } = new(null, 0, 0);
}

/// <summary>One sample of a process tree.</summary>
/// <param name="CpuTicks">CPU ticks used by the tree since the first sample (0 then); cumulative and never decreasing, including processes that exited between samples.</param>
/// <param name="ResidentBytes">Resident memory of the live processes of the tree, in bytes.</param>
/// <param name="ProcessIds">The live (not zombie) processes of the tree.</param>
/// <param name="RootAlive">Whether the root process is readable and not a zombie.</param>
public readonly record struct ProcessTreeSample(long CpuTicks, long ResidentBytes, IReadOnlySet<int> ProcessIds, bool RootAlive);
