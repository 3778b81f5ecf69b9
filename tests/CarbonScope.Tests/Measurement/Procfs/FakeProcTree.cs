using System.Globalization;
using System.Text;
using CarbonScope.Measurement.Procfs;

namespace CarbonScope.Tests.Measurement.Procfs;

/// <summary>A fake <c>/proc</c> tree in a temporary directory, rewritten by the tests between samples.</summary>
public sealed class FakeProcTree : IDisposable
{
    private readonly bool _childrenFiles;

    /// <param name="childrenFiles">Whether processes get <c>task/&lt;tid&gt;/children</c> files (a kernel with CONFIG_PROC_CHILDREN).</param>
    public FakeProcTree(bool childrenFiles = true)
    {
        _childrenFiles = childrenFiles;
        Root = Path.Combine(Path.GetTempPath(), "carbonscope-proc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public ProcFileSystem FileSystem(long pageSize = 4096) => new(Root, 100, pageSize);

    /// <summary>Writes <c>&lt;pid&gt;/stat</c> (all 52 fields), and with children files an empty children file if none exists yet.</summary>
    public void Process(int pid, int ppid, long utime, long stime = 0, long cutime = 0, long cstime = 0, char state = 'S', string? comm = null, long rss = 0, long startTime = 1000)
    {
        WriteFile($"{pid}/stat", StatLine(pid, comm ?? $"proc{pid}", state, ppid, utime, stime, cutime, cstime, rss, startTime));
        if (_childrenFiles && !File.Exists(Path.Combine(Root, $"{pid}/task/{pid}/children")))
        {
            WriteFile($"{pid}/task/{pid}/children", string.Empty);
        }
    }

    /// <summary>Writes the children file of one thread of a process ("43 44 " as the kernel writes it).</summary>
    public void Children(int pid, params int[] children) => ThreadChildren(pid, pid, children);

    public void ThreadChildren(int pid, int tid, params int[] children) =>
        WriteFile($"{pid}/task/{tid}/children", string.Concat(children.Select(c => c.ToString(CultureInfo.InvariantCulture) + " ")));

    /// <summary>The process exits and is reaped: its directory disappears.</summary>
    public void Remove(int pid) => Directory.Delete(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture)), recursive: true);

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    public void DeleteFile(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public static string StatLine(int pid, string comm, char state, int ppid, long utime, long stime, long cutime, long cstime, long rss, long startTime = 1000)
    {
        // Fields 1..52 of proc(5); the ones not used by CarbonScope carry plausible values.
        var fields = new List<string>
        {
            pid.ToString(CultureInfo.InvariantCulture),
            "(" + comm + ")",
            state.ToString(),
            ppid.ToString(CultureInfo.InvariantCulture),
            "4000", "4000", "0", "-1", "4194560", "1500", "0", "0", "0",
            utime.ToString(CultureInfo.InvariantCulture),
            stime.ToString(CultureInfo.InvariantCulture),
            cutime.ToString(CultureInfo.InvariantCulture),
            cstime.ToString(CultureInfo.InvariantCulture),
            "20", "0", "4", "0",
            startTime.ToString(CultureInfo.InvariantCulture),
            "123456789",
            rss.ToString(CultureInfo.InvariantCulture),
        };
        while (fields.Count < 52)
        {
            fields.Add("0");
        }

        return string.Join(' ', fields) + "\n";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
