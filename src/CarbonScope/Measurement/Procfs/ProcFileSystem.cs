using System.Globalization;
using System.Text;

namespace CarbonScope.Measurement.Procfs;

/// <summary>
/// Reads the Linux <c>/proc</c> files CarbonScope needs: machine CPU time, per-process CPU time and memory, the
/// children of a process, memory totals and the CPU model.
/// </summary>
/// <remarks>
/// <para>Every path is under <see cref="Root"/>, so tests run this code on a fake tree in a temporary directory and users
/// can point it at a host's <c>/proc</c> mounted into a container.</para>
/// <para>No member throws for a missing, vanished, unreadable or malformed file: the <c>Try</c> methods return false, the
/// others return empty values. Instances are immutable and may be shared between threads.</para>
/// </remarks>
public sealed class ProcFileSystem
{
    private const int SmallFileBytes = 4096;

    private static readonly Lazy<ProcFileSystem> s_default = new(CreateDefault);

    /// <summary>Creates a reader of the <c>/proc</c> tree at <paramref name="root"/>.</summary>
    /// <param name="root">The directory that plays the role of <c>/proc</c>.</param>
    /// <param name="clockTicksPerSecond">USER_HZ, the unit of the CPU times (100 on practically every Linux system).</param>
    /// <param name="pageSizeBytes">The size of a memory page, the unit of <c>rss</c>.</param>
    /// <exception cref="ArgumentException">The root is empty, or a number is not positive.</exception>
    public ProcFileSystem(string root = "/proc", long clockTicksPerSecond = 100, long pageSizeBytes = 4096)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockTicksPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSizeBytes);
        Root = root;
        ClockTicksPerSecond = clockTicksPerSecond;
        PageSizeBytes = pageSizeBytes;
    }

    /// <summary>
    /// The real <c>/proc</c>, with USER_HZ from <c>sysconf(_SC_CLK_TCK)</c> (100 when libc cannot be called) and the
    /// page size of this system.
    /// </summary>
    public static ProcFileSystem Default => s_default.Value;

    /// <summary>The directory that plays the role of <c>/proc</c>.</summary>
    public string Root { get; }

    /// <summary>USER_HZ: clock ticks per second, the unit of every CPU time read here.</summary>
    public long ClockTicksPerSecond { get; }

    /// <summary>The size of a memory page in bytes, the unit of <see cref="ProcessStat.ResidentPages"/>.</summary>
    public long PageSizeBytes { get; }

    /// <summary>Converts clock ticks to a duration.</summary>
    public TimeSpan TicksToTime(long ticks) => TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);

    /// <summary>
    /// Reads the machine's cumulative CPU time from the first line of <c>&lt;root&gt;/stat</c>
    /// (<c>cpu user nice system idle iowait irq softirq steal guest guest_nice</c>).
    /// </summary>
    /// <param name="times">busy = total − idle − iowait; total = user + nice + system + idle + iowait + irq + softirq + steal.</param>
    /// <param name="error">Null on success; otherwise what went wrong, with the path.</param>
    public bool TryReadMachineCpuTimes(out MachineCpuTimes times, out string? error)
    {
        times = default;
        var path = Path.Combine(Root, "stat");
        Span<byte> buffer = stackalloc byte[SmallFileBytes];
        var length = ReadPrefix(path, buffer, out error);
        if (length < 0)
        {
            return false;
        }

        var text = buffer[..length];
        var newline = text.IndexOf((byte)'\n');
        var line = newline >= 0 ? text[..newline] : text;
        if (!TryParseMachineCpuLine(line, out times))
        {
            error = $"{path}: the first line is not 'cpu user nice system idle ...': '{Encoding.UTF8.GetString(line)}'";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The number of logical CPUs: the <c>cpuN</c> lines of <c>&lt;root&gt;/stat</c>; null when unreadable.</summary>
    public int? ReadLogicalCpuCount()
    {
        try
        {
            using var reader = new StreamReader(Path.Combine(Root, "stat"), Encoding.ASCII, false, new FileStreamOptions { BufferSize = 0 });
            var count = 0;
            var sawAggregate = false;
            while (reader.ReadLine() is { } line)
            {
                if (!line.StartsWith("cpu", StringComparison.Ordinal))
                {
                    // The cpu lines come first; everything after them (intr, ctxt, ...) can be long and is not needed.
                    break;
                }

                if (line.Length > 3 && char.IsAsciiDigit(line[3]))
                {
                    count++;
                }
                else
                {
                    sawAggregate = true;
                }
            }

            return sawAggregate || count > 0 ? count : null;
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            return null;
        }
    }

    /// <summary>Reads <c>&lt;root&gt;/&lt;pid&gt;/stat</c>; false when the process has vanished or the file is malformed. Never throws.</summary>
    public bool TryReadProcessStat(int pid, out ProcessStat stat)
    {
        stat = default;
        if (pid <= 0)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[SmallFileBytes];
        var length = ReadPrefix(ProcessPath(pid, "stat"), buffer, out _);
        return length > 0 && TryParseProcessStat(buffer[..length], out stat);
    }

    /// <summary>Reads MemTotal and MemAvailable from <c>&lt;root&gt;/meminfo</c> (kB there, bytes here).</summary>
    /// <param name="info">The totals; MemAvailable falls back to MemFree + Buffers + Cached on kernels older than 3.14.</param>
    /// <param name="error">Null on success; otherwise what went wrong, with the path.</param>
    public bool TryReadMemInfo(out MemInfo info, out string? error)
    {
        info = default;
        var path = Path.Combine(Root, "meminfo");
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.ASCII);
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            error = $"{path}: {exception.Message}";
            return false;
        }

        long? total = null, available = null, free = null, buffers = null, cached = null;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var colon = rawLine.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = rawLine[..colon];
            var value = ParseKilobytes(rawLine[(colon + 1)..]);
            switch (key)
            {
                case "MemTotal": total = value; break;
                case "MemAvailable": available = value; break;
                case "MemFree": free = value; break;
                case "Buffers": buffers = value; break;
                case "Cached": cached = value; break;
                default: break;
            }
        }

        if (total is not > 0)
        {
            error = $"{path}: no valid MemTotal line";
            return false;
        }

        available ??= free is null ? 0 : free + (buffers ?? 0) + (cached ?? 0);
        info = new MemInfo(total.Value, Math.Max(0, available.Value));
        error = null;
        return true;
    }

    /// <summary>
    /// Reads the CPU model and counts from <c>&lt;root&gt;/cpuinfo</c>. Never throws: a missing file gives
    /// <see cref="CpuInfo.Unknown"/> (no model, counts 0).
    /// </summary>
    public CpuInfo ReadCpuInfo()
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(Root, "cpuinfo"), Encoding.UTF8);
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            return CpuInfo.Unknown;
        }

        string? model = null;
        var processors = 0;
        var physicalIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.SequenceEqual("processor"))
            {
                processors++;
            }
            else if (key.SequenceEqual("model name"))
            {
                if (model is null && !value.IsEmpty)
                {
                    model = value.ToString();
                }
            }
            else if (key.SequenceEqual("physical id"))
            {
                physicalIds.Add(value.ToString());
            }
        }

        var sockets = physicalIds.Count > 0 ? physicalIds.Count : processors > 0 ? 1 : 0;
        return new CpuInfo(model, sockets, processors);
    }

    /// <summary>
    /// The children of a process, sorted: the union of <c>&lt;root&gt;/&lt;pid&gt;/task/*/children</c>; on kernels without
    /// those files (no CONFIG_PROC_CHILDREN), the processes whose <c>stat</c> field 4 (ppid) is <paramref name="pid"/>.
    /// Empty when the process has vanished. Never throws.
    /// </summary>
    public IReadOnlyList<int> ReadChildren(int pid)
    {
        Dictionary<int, List<int>>? scan = null;
        return ReadChildren(pid, ref scan);
    }

    /// <summary>
    /// <see cref="ReadChildren(int)"/> with a cache of the ppid scan, so that a walk over a tree on a kernel without
    /// children files scans <c>&lt;root&gt;/*/stat</c> once, not once per process.
    /// </summary>
    internal IReadOnlyList<int> ReadChildren(int pid, ref Dictionary<int, List<int>>? parentScan)
    {
        if (pid <= 0)
        {
            return [];
        }

        var children = new List<int>();
        switch (ReadChildrenFiles(pid, children))
        {
            case ChildrenFiles.Read:
                children.Sort();
                return DistinctSorted(children);
            case ChildrenFiles.ProcessGone:
                return [];
            default:
                parentScan ??= ScanParents();
                return parentScan.TryGetValue(pid, out var scanned) ? scanned : [];
        }
    }

    /// <summary>All processes by parent, from <c>&lt;root&gt;/*/stat</c> field 4; the lists are sorted.</summary>
    internal Dictionary<int, List<int>> ScanParents()
    {
        var byParent = new Dictionary<int, List<int>>();
        IEnumerable<string> directories;
        try
        {
            directories = Directory.EnumerateDirectories(Root);
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            return byParent;
        }

        var pids = new List<int>();
        try
        {
            foreach (var directory in directories)
            {
                if (int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
                {
                    pids.Add(pid);
                }
            }
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            // The listing can fail half-way if the tree changes; use what was read.
        }

        pids.Sort();
        foreach (var pid in pids)
        {
            if (TryReadProcessStat(pid, out var stat))
            {
                if (!byParent.TryGetValue(stat.ParentProcessId, out var list))
                {
                    list = [];
                    byParent[stat.ParentProcessId] = list;
                }

                list.Add(pid);
            }
        }

        return byParent;
    }

    /// <summary>Parses the first line of <c>/proc/stat</c>: "cpu" then at least user, nice, system and idle.</summary>
    internal static bool TryParseMachineCpuLine(ReadOnlySpan<byte> line, out MachineCpuTimes times)
    {
        times = default;
        var fields = new FieldReader(line);
        if (!fields.TryNext(out var label) || !label.SequenceEqual("cpu"u8))
        {
            return false;
        }

        // user nice system idle iowait irq softirq steal guest guest_nice
        Span<long> values = stackalloc long[10];
        var count = 0;
        while (count < values.Length && fields.TryNext(out var field))
        {
            if (!TryParseLong(field, out values[count]) || values[count] < 0)
            {
                return false;
            }

            count++;
        }

        if (count < 4)
        {
            return false;
        }

        long idle = values[3], iowait = values[4];
        var total = values[0] + values[1] + values[2] + idle + iowait + values[5] + values[6] + values[7];
        times = new MachineCpuTimes(total - idle - iowait, total);
        return true;
    }

    /// <summary>
    /// Parses a <c>/proc/&lt;pid&gt;/stat</c> line. The command (field 2) is between the first '(' and the LAST ')'
    /// because it may contain spaces and parentheses; the other fields are read after that ')'.
    /// </summary>
    internal static bool TryParseProcessStat(ReadOnlySpan<byte> text, out ProcessStat stat)
    {
        stat = default;
        var open = text.IndexOf((byte)'(');
        var close = text.LastIndexOf((byte)')');
        if (open <= 0 || close < open)
        {
            return false;
        }

        if (!TryParseLong(text[..open].Trim((byte)' '), out var pid) || pid is <= 0 or > int.MaxValue)
        {
            return false;
        }

        // Fields after the command, 0-based here: 0 state (field 3), 1 ppid (4), 11 utime (14), 12 stime (15),
        // 13 cutime (16), 14 cstime (17), 19 starttime (22), 21 rss (24).
        const int Needed = 22;
        Span<long> numbers = stackalloc long[Needed];
        var fields = new FieldReader(text[(close + 1)..]);
        if (!fields.TryNext(out var stateField) || stateField.Length != 1 || stateField[0] is < 0x21 or > 0x7E)
        {
            return false;
        }

        for (var i = 1; i < Needed; i++)
        {
            if (!fields.TryNext(out var field) || !TryParseLong(field, out numbers[i]))
            {
                return false;
            }
        }

        if (numbers[1] is < 0 or > int.MaxValue)
        {
            return false;
        }

        var command = Encoding.UTF8.GetString(text[(open + 1)..close]);
        stat = new ProcessStat(
            (int)pid,
            command,
            (char)stateField[0],
            (int)numbers[1],
            numbers[11],
            numbers[12],
            numbers[13],
            numbers[14],
            numbers[21])
        {
            StartTimeTicks = numbers[19],
        };
        return true;
    }

    internal static bool IsFileError(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException;

    private string ProcessPath(int pid, string file) =>
        Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture), file);

    private ChildrenFiles ReadChildrenFiles(int pid, List<int> children)
    {
        var processDirectory = Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture));
        var taskDirectory = Path.Combine(processDirectory, "task");
        var anyFile = false;
        try
        {
            foreach (var task in Directory.EnumerateDirectories(taskDirectory))
            {
                // A kernel without CONFIG_PROC_CHILDREN has no such file; a thread may also exit meanwhile.
                anyFile |= TryReadPidList(Path.Combine(task, "children"), children);
            }
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            // The task directory is missing or vanished while it was listed.
        }

        if (anyFile)
        {
            return ChildrenFiles.Read;
        }

        return Directory.Exists(processDirectory) ? ChildrenFiles.Unsupported : ChildrenFiles.ProcessGone;
    }

    /// <summary>Reads a file of space-separated pids ("43 57 ") into <paramref name="pids"/>; false when it cannot be opened.</summary>
    private static bool TryReadPidList(string path, List<int> pids)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> buffer = stackalloc byte[512];
            long offset = 0;
            long current = 0;
            var inNumber = false;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                offset += read;
                foreach (var b in buffer[..read])
                {
                    if (b is >= (byte)'0' and <= (byte)'9')
                    {
                        // Past int.MaxValue the number is kept out of range (and later ignored) instead of growing.
                        current = current <= int.MaxValue ? (current * 10) + (b - '0') : current;
                        inNumber = true;
                    }
                    else
                    {
                        AddPid(pids, ref current, ref inNumber);
                    }
                }
            }

            AddPid(pids, ref current, ref inNumber);
            return true;
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            return false;
        }

        static void AddPid(List<int> pids, ref long current, ref bool inNumber)
        {
            if (inNumber && current is > 0 and <= int.MaxValue)
            {
                pids.Add((int)current);
            }

            current = 0;
            inNumber = false;
        }
    }

    private static List<int> DistinctSorted(List<int> sorted)
    {
        var write = 0;
        for (var read = 0; read < sorted.Count; read++)
        {
            if (write == 0 || sorted[read] != sorted[write - 1])
            {
                sorted[write++] = sorted[read];
            }
        }

        sorted.RemoveRange(write, sorted.Count - write);
        return sorted;
    }

    /// <summary>Reads up to <c>buffer.Length</c> bytes from the start of a file; -1 (and an error) when it cannot be read.</summary>
    private static int ReadPrefix(string path, Span<byte> buffer, out string? error)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var total = 0;
            while (total < buffer.Length)
            {
                var read = RandomAccess.Read(handle, buffer[total..], total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            error = null;
            return total;
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            error = $"{path}: {exception.Message}";
            return -1;
        }
    }

    private static long? ParseKilobytes(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        var unit = 1L;
        if (value.EndsWith("kB", StringComparison.Ordinal))
        {
            value = value[..^2].TrimEnd();
            unit = 1024;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= long.MaxValue / unit
            ? number * unit
            : null;
    }

    private static bool TryParseLong(ReadOnlySpan<byte> text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static ProcFileSystem CreateDefault() =>
        new("/proc", LibC.TryGetClockTicksPerSecond(out var ticks) ? ticks : 100, Environment.SystemPageSize);

    private enum ChildrenFiles
    {
        Read,
        Unsupported,
        ProcessGone,
    }

    /// <summary>Splits a line on spaces (any run of them), without allocating.</summary>
    private ref struct FieldReader(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;

        public bool TryNext(out ReadOnlySpan<byte> field)
        {
            var start = 0;
            while (start < _rest.Length && IsSeparator(_rest[start]))
            {
                start++;
            }

            if (start == _rest.Length)
            {
                field = default;
                _rest = default;
                return false;
            }

            var end = start;
            while (end < _rest.Length && !IsSeparator(_rest[end]))
            {
                end++;
            }

            field = _rest[start..end];
            _rest = _rest[end..];
            return true;
        }

        private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
    }
}
