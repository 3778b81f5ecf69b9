using System.Globalization;
using System.Text;
using CarbonScope.Measurement.Procfs;

namespace CarbonScope.Testing;

/// <summary>
/// A fake <c>/proc</c> tree in a temporary directory, read by the real CarbonScope code through
/// <c>MeasurementOptions.ProcfsRoot</c> or a <see cref="ProcFileSystem"/> made by <see cref="FileSystem(long)"/>, and
/// rewritten between samples.
/// </summary>
/// <remarks>
/// Write processes with <see cref="Process"/> and their children with <see cref="Children(int, int[])"/>; write the
/// machine files (<c>stat</c>, <c>cpuinfo</c>, <c>meminfo</c>) with <see cref="MachineStat(long, long, int)"/>,
/// <see cref="CpuInfo(string, int, int)"/> and <see cref="MemInfo(long, long)"/>, or any file with
/// <see cref="WriteFile(string, string)"/>. Disposing deletes the directory. Not thread-safe.
/// </remarks>
public sealed class FakeProcTree : IDisposable
{
    private readonly bool _childrenFiles;

    /// <summary>Creates an empty tree in a new temporary directory.</summary>
    /// <param name="childrenFiles">Whether processes get <c>task/&lt;tid&gt;/children</c> files (a kernel with CONFIG_PROC_CHILDREN).</param>
    public FakeProcTree(bool childrenFiles = true)
    {
        _childrenFiles = childrenFiles;
        Root = Path.Combine(Path.GetTempPath(), "carbonscope-proc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The directory that plays the role of <c>/proc</c>.</summary>
    public string Root { get; }

    /// <summary>A reader of this tree with USER_HZ = 100.</summary>
    /// <param name="pageSize">The page size, in bytes, that converts <c>rss</c> pages to bytes.</param>
    public ProcFileSystem FileSystem(long pageSize = 4096) => new(Root, 100, pageSize);

    /// <summary>Writes <c>&lt;pid&gt;/stat</c> (all 52 fields), and with children files an empty children file if none exists yet.</summary>
    /// <param name="pid">The process id (field 1).</param>
    /// <param name="ppid">The parent's id (field 4).</param>
    /// <param name="utime">User CPU time, in clock ticks (field 14).</param>
    /// <param name="stime">System CPU time, in clock ticks (field 15).</param>
    /// <param name="cutime">User CPU time of waited-for children, in clock ticks (field 16).</param>
    /// <param name="cstime">System CPU time of waited-for children, in clock ticks (field 17).</param>
    /// <param name="state">The state (field 3): <c>R</c>, <c>S</c>, <c>Z</c>...</param>
    /// <param name="comm">The command (field 2, without the parentheses); null: <c>proc&lt;pid&gt;</c>.</param>
    /// <param name="rss">The resident set, in pages (field 24).</param>
    /// <param name="startTime">The start time after boot, in clock ticks (field 22); a new value is a new process with the same pid.</param>
    public void Process(int pid, int ppid, long utime, long stime = 0, long cutime = 0, long cstime = 0, char state = 'S', string? comm = null, long rss = 0, long startTime = 1000)
    {
        WriteFile($"{pid}/stat", StatLine(pid, comm ?? $"proc{pid}", state, ppid, utime, stime, cutime, cstime, rss, startTime));
        if (_childrenFiles && !File.Exists(Path.Combine(Root, $"{pid}/task/{pid}/children")))
        {
            WriteFile($"{pid}/task/{pid}/children", string.Empty);
        }
    }

    /// <summary>Writes the children file of the main thread of a process ("43 44 " as the kernel writes it).</summary>
    /// <param name="pid">The parent.</param>
    /// <param name="children">Its children.</param>
    public void Children(int pid, params int[] children) => ThreadChildren(pid, pid, children);

    /// <summary>Writes the children file of one thread of a process ("43 44 " as the kernel writes it).</summary>
    /// <param name="pid">The process.</param>
    /// <param name="tid">The thread.</param>
    /// <param name="children">The children that thread started.</param>
    public void ThreadChildren(int pid, int tid, params int[] children)
    {
        ArgumentNullException.ThrowIfNull(children);
        WriteFile($"{pid}/task/{tid}/children", string.Concat(children.Select(c => c.ToString(CultureInfo.InvariantCulture) + " ")));
    }

    /// <summary>The process exits and is reaped: its directory disappears.</summary>
    /// <param name="pid">The process.</param>
    public void Remove(int pid) => Directory.Delete(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture)), recursive: true);

    /// <summary>Writes the first lines of <c>stat</c>: the machine's cumulative CPU time, as <c>cpu</c> and one <c>cpuN</c> line per CPU.</summary>
    /// <param name="busyTicks">The ticks not idle (written as user time).</param>
    /// <param name="idleTicks">The idle ticks.</param>
    /// <param name="logicalCpus">How many <c>cpuN</c> lines follow (their figures are zero).</param>
    public void MachineStat(long busyTicks, long idleTicks, int logicalCpus = 2)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cpu  {busyTicks} 0 0 {idleTicks} 0 0 0 0 0 0\n");
        for (var i = 0; i < logicalCpus; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"cpu{i} 0 0 0 0 0 0 0 0 0 0\n");
        }

        WriteFile("stat", text.ToString());
    }

    /// <summary>Writes <c>cpuinfo</c>: <paramref name="logicalCpus"/> processors of one model, spread evenly over <paramref name="sockets"/> packages.</summary>
    /// <param name="modelName">The <c>model name</c> line, e.g. <c>Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz</c>.</param>
    /// <param name="logicalCpus">How many <c>processor</c> entries.</param>
    /// <param name="sockets">How many distinct <c>physical id</c> values.</param>
    public void CpuInfo(string modelName, int logicalCpus = 2, int sockets = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(logicalCpus);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sockets);
        var text = new StringBuilder();
        for (var i = 0; i < logicalCpus; i++)
        {
            var socket = i * sockets / logicalCpus;
            text.Append(CultureInfo.InvariantCulture, $"processor\t: {i}\nmodel name\t: {modelName}\nphysical id\t: {socket}\n\n");
        }

        WriteFile("cpuinfo", text.ToString());
    }

    /// <summary>Writes <c>meminfo</c> with <c>MemTotal</c>, <c>MemFree</c> and <c>MemAvailable</c>.</summary>
    /// <param name="totalKilobytes">MemTotal, in kB (KiB, as the kernel means it).</param>
    /// <param name="availableKilobytes">MemAvailable (and MemFree), in kB.</param>
    public void MemInfo(long totalKilobytes, long availableKilobytes) =>
        WriteFile("meminfo", string.Create(CultureInfo.InvariantCulture, $"MemTotal:       {totalKilobytes} kB\nMemFree:        {availableKilobytes} kB\nMemAvailable:   {availableKilobytes} kB\n"));

    /// <summary>Writes a file under <see cref="Root"/> (UTF-8, no BOM), creating its directories.</summary>
    /// <param name="relativePath">The path under the root, e.g. <c>42/status</c>.</param>
    /// <param name="content">The whole content.</param>
    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    /// <summary>Deletes a file under <see cref="Root"/>.</summary>
    /// <param name="relativePath">The path under the root.</param>
    public void DeleteFile(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    /// <summary>A <c>/proc/&lt;pid&gt;/stat</c> line with all 52 fields of proc(5); the fields CarbonScope does not read carry plausible values.</summary>
    /// <param name="pid">Field 1.</param>
    /// <param name="comm">Field 2, without the parentheses (it may contain spaces and parentheses).</param>
    /// <param name="state">Field 3.</param>
    /// <param name="ppid">Field 4.</param>
    /// <param name="utime">Field 14, in clock ticks.</param>
    /// <param name="stime">Field 15, in clock ticks.</param>
    /// <param name="cutime">Field 16, in clock ticks.</param>
    /// <param name="cstime">Field 17, in clock ticks.</param>
    /// <param name="rss">Field 24, in pages.</param>
    /// <param name="startTime">Field 22, in clock ticks after boot.</param>
    /// <returns>The line, ending with a newline.</returns>
    public static string StatLine(int pid, string comm, char state, int ppid, long utime, long stime, long cutime, long cstime, long rss, long startTime = 1000)
    {
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

    /// <summary>Deletes the temporary directory (a failure to delete it is ignored).</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
