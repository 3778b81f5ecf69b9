using CarbonScope.Measurement.Procfs;

namespace CarbonScope.Cli;

/// <summary>
/// Stops (SIGSTOP) and continues (SIGCONT) a process and its descendants, found through <c>/proc</c> children links.
/// Stopping goes root first, then the descendants, and walks the tree again until a walk finds no process it has not
/// stopped, so a child forked during the walk is stopped too. A process that left the tree (re-parented to init, e.g.
/// a daemon) is not found; docs/scheduling.md says so.
/// </summary>
internal sealed class ProcessTreeSignals(ProcFileSystem proc, int rootProcessId)
{
    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>Walks repeat at most this many times when new processes keep appearing.</summary>
    private const int MaxWalks = 10;

    /// <summary>Stops the tree; returns how many processes were sent SIGSTOP.</summary>
    public int Stop()
    {
        var stopped = new HashSet<int>();
        for (var walk = 0; walk < MaxWalks; walk++)
        {
            var added = false;
            foreach (var pid in Tree())
            {
                if (stopped.Add(pid))
                {
                    _ = Kill(pid, SigStop);
                    added = true;
                }
            }

            if (!added)
            {
                break;
            }
        }

        return stopped.Count;
    }

    /// <summary>Continues the tree; returns how many processes were sent SIGCONT.</summary>
    public int Continue()
    {
        var count = 0;
        foreach (var pid in Tree())
        {
            _ = Kill(pid, SigCont);
            count++;
        }

        return count;
    }

    /// <summary>The root (if it exists) and its descendants, parents before children.</summary>
    private List<int> Tree()
    {
        var tree = new List<int>();
        if (!Directory.Exists(Path.Combine(proc.Root, rootProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            return tree;
        }

        var pending = new Queue<int>([rootProcessId]);
        var seen = new HashSet<int>();
        while (pending.TryDequeue(out var pid))
        {
            if (!seen.Add(pid))
            {
                continue;
            }

            tree.Add(pid);
            foreach (var child in proc.ReadChildren(pid))
            {
                pending.Enqueue(child);
            }
        }

        return tree;
    }

    private static int Kill(int pid, int signal) => SignalForwarder.Kill(pid, signal);
}
