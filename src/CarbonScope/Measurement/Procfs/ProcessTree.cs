namespace CarbonScope.Measurement.Procfs;

/// <summary>
/// Follows a process and its descendants through <c>/proc</c> and counts the CPU time they use, including the time of
/// processes that exit between two samples.
/// </summary>
/// <remarks>
/// <para>The tree at a sample is the root plus its descendants found by <see cref="ProcFileSystem.ReadChildren(int)"/>,
/// recursively, plus any process seen in the tree before that is still alive (same pid and start time) even though it
/// was re-parented out of it (an orphan adopted by init or a subreaper). A zombie still counts as a member (its times
/// are final) but is not listed in <see cref="ProcessTreeSample.ProcessIds"/>.</para>
/// <para>Accounting, per sample after the first (the first is the baseline: increment 0). For every process of the tree
/// the last-known own time (utime + stime), children time (cutime + cstime) and parent are kept. The increment is:</para>
/// <list type="bullet">
/// <item>for each process seen at the previous sample and now: Δown;</item>
/// <item>for each process new in the tree: own + children time (all of it accrued since it was forked);</item>
/// <item>for each process seen at the previous sample and now: max(0, Δchildren − Σ(last-known own + children time of the
/// vanished processes whose nearest still-live ancestor, by last-known parent links, is this process)). This counts
/// short-lived children that were never sampled (they appear only in their reaper's cutime/cstime) without counting
/// again the sampled children that a process of the tree reaped.</item>
/// </list>
/// <para>When a reaper is given (the process that started the root and waits for it), it takes the role of a live
/// ancestor for the vanished root and its vanished descendants only: its own time is never counted; when it absorbs
/// one of them, max(0, its Δchildren − what it absorbed) is added, so the root's last slice before its exit is counted.</para>
/// <para>Not thread-safe: call <see cref="Sample"/> from one thread at a time. <see cref="Sample"/> never throws for a
/// vanished or unreadable process.</para>
/// </remarks>
public sealed class ProcessTree
{
    private readonly ProcFileSystem _fileSystem;
    private readonly int? _reaperProcessId;
    private Dictionary<int, ProcessStat> _members = [];
    private long? _reaperChildrenTicks;
    private long? _rootStartTime;
    private long _cpuTicks;
    private bool _sampled;

    /// <summary>Creates a tracker of the tree rooted at <paramref name="rootProcessId"/>.</summary>
    /// <param name="fileSystem">Where to read <c>/proc</c>.</param>
    /// <param name="rootProcessId">The root of the tree.</param>
    /// <param name="reaperProcessId">The root's parent that waits for it (the CLI passes its own pid), or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A process id is not positive.</exception>
    public ProcessTree(ProcFileSystem fileSystem, int rootProcessId, int? reaperProcessId = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rootProcessId);
        if (reaperProcessId is int reaper)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reaper, nameof(reaperProcessId));
            if (reaper == rootProcessId)
            {
                throw new ArgumentOutOfRangeException(nameof(reaperProcessId), reaper, "The reaper cannot be the root itself.");
            }
        }

        _fileSystem = fileSystem;
        RootProcessId = rootProcessId;
        _reaperProcessId = reaperProcessId;
    }

    /// <summary>The root of the tree.</summary>
    public int RootProcessId { get; }

    /// <summary>The reaper given at construction, or null.</summary>
    public int? ReaperProcessId => _reaperProcessId;

    /// <summary>The command name of the root at the last sample where it was readable, or null.</summary>
    public string? RootCommand { get; private set; }

    /// <summary>
    /// Reads the tree and returns the cumulative CPU ticks since the first call (0 at the first call), the resident
    /// memory and the live processes.
    /// </summary>
    public ProcessTreeSample Sample()
    {
        var live = Discover(out var rootStat);
        long? reaperChildren = _reaperProcessId is int reaper && _fileSystem.TryReadProcessStat(reaper, out var reaperStat)
            ? reaperStat.ChildrenTicks
            : null;

        if (_sampled)
        {
            _cpuTicks += Increment(live, reaperChildren);
        }

        _sampled = true;
        _members = live;
        _reaperChildrenTicks = reaperChildren;

        var ids = new HashSet<int>();
        long resident = 0;
        foreach (var (pid, stat) in live)
        {
            if (!stat.IsZombie)
            {
                ids.Add(pid);
            }

            resident += Math.Max(0, stat.ResidentPages) * _fileSystem.PageSizeBytes;
        }

        if (rootStat is { } root)
        {
            RootCommand = root.Command;
        }

        return new ProcessTreeSample(_cpuTicks, resident, ids, rootStat is { IsZombie: false });
    }

    private Dictionary<int, ProcessStat> Discover(out ProcessStat? rootStat)
    {
        var live = new Dictionary<int, ProcessStat>();
        Dictionary<int, List<int>>? parentScan = null;
        var pending = new Stack<int>();
        rootStat = null;

        if (_fileSystem.TryReadProcessStat(RootProcessId, out var root))
        {
            _rootStartTime ??= root.StartTimeTicks;
            if (root.StartTimeTicks == _rootStartTime)
            {
                rootStat = root;
                live[RootProcessId] = root;
                pending.Push(RootProcessId);
            }
        }

        Walk(live, pending, ref parentScan);

        // Members of the previous sample that were re-parented out of the tree but are still the same process.
        foreach (var pid in _members.Keys.Order())
        {
            if (!live.ContainsKey(pid) && pid != RootProcessId && pid != _reaperProcessId
                && _fileSystem.TryReadProcessStat(pid, out var stat) && stat.StartTimeTicks == _members[pid].StartTimeTicks)
            {
                live[pid] = stat;
                pending.Push(pid);
                Walk(live, pending, ref parentScan);
            }
        }

        return live;
    }

    private void Walk(Dictionary<int, ProcessStat> live, Stack<int> pending, ref Dictionary<int, List<int>>? parentScan)
    {
        while (pending.Count > 0)
        {
            var parent = pending.Pop();
            foreach (var child in _fileSystem.ReadChildren(parent, ref parentScan))
            {
                if (child == _reaperProcessId || live.ContainsKey(child) || !_fileSystem.TryReadProcessStat(child, out var stat))
                {
                    continue;
                }

                live[child] = stat;
                pending.Push(child);
            }
        }
    }

    private long Increment(Dictionary<int, ProcessStat> live, long? reaperChildren)
    {
        // Vanished members: charge their last-known times to their nearest surviving ancestor (or the reaper).
        Dictionary<int, long>? absorbed = null;
        var reaperAbsorbed = false;
        foreach (var (pid, before) in _members)
        {
            if (Survives(pid, before, live))
            {
                continue;
            }

            if (FindAbsorber(before.ParentProcessId, live) is int absorber)
            {
                absorbed ??= [];
                absorbed[absorber] = absorbed.GetValueOrDefault(absorber) + before.OwnTicks + before.ChildrenTicks;
                reaperAbsorbed |= absorber == _reaperProcessId;
            }
        }

        long increment = 0;
        foreach (var (pid, now) in live)
        {
            if (_members.TryGetValue(pid, out var before) && before.StartTimeTicks == now.StartTimeTicks)
            {
                increment += Math.Max(0, now.OwnTicks - before.OwnTicks);
                var childrenDelta = now.ChildrenTicks - before.ChildrenTicks;
                increment += Math.Max(0, childrenDelta - (absorbed?.GetValueOrDefault(pid) ?? 0));
            }
            else
            {
                increment += Math.Max(0, now.OwnTicks) + Math.Max(0, now.ChildrenTicks);
            }
        }

        if (reaperAbsorbed && reaperChildren is long reaperNow && _reaperChildrenTicks is long reaperBefore && _reaperProcessId is int reaper)
        {
            increment += Math.Max(0, reaperNow - reaperBefore - absorbed!.GetValueOrDefault(reaper));
        }

        return increment;
    }

    private static bool Survives(int pid, ProcessStat before, Dictionary<int, ProcessStat> live) =>
        live.TryGetValue(pid, out var now) && now.StartTimeTicks == before.StartTimeTicks;

    /// <summary>
    /// The nearest ancestor, by last-known parent links, that is still in the tree: a survivor, or the reaper when the
    /// chain leads to it (and its children time was read at both samples). Null when the chain leaves the tree.
    /// </summary>
    private int? FindAbsorber(int parent, Dictionary<int, ProcessStat> live)
    {
        // Each step moves to a member of the previous sample, so a chain longer than that set has a cycle (pid reuse).
        for (var steps = 0; steps <= _members.Count; steps++)
        {
            if (_members.TryGetValue(parent, out var ancestor))
            {
                if (Survives(parent, ancestor, live))
                {
                    return parent;
                }

                parent = ancestor.ParentProcessId;
                continue;
            }

            return parent == _reaperProcessId && _reaperChildrenTicks is not null ? parent : null;
        }

        return null;
    }
}
