using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CarbonScope.Measurement.Rapl;

/// <summary>
/// The seam through which RAPL code reads files: production uses <see cref="RaplFiles.Default"/> (the real file
/// system); tests wrap it to simulate what a fake tree cannot show, e.g. a permission denied while running as root.
/// </summary>
internal interface IRaplFiles
{
    /// <summary>Reads a small text file (<c>name</c>, <c>enabled</c>, <c>max_energy_range_uj</c>).</summary>
    /// <exception cref="IOException">The file is missing (<see cref="FileNotFoundException"/>, <see cref="DirectoryNotFoundException"/>) or unreadable.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading is not permitted.</exception>
    string ReadAllText(string path);

    /// <summary>Opens a cumulative counter file (<c>energy_uj</c>) once, for repeated reads.</summary>
    /// <exception cref="IOException">The file is missing or cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading is not permitted.</exception>
    IRaplCounter OpenCounter(string path);
}

/// <summary>An open <c>energy_uj</c> file.</summary>
internal interface IRaplCounter : IDisposable
{
    /// <summary>Reads the counter from offset 0 and parses it (µJ).</summary>
    /// <exception cref="IOException">The read failed (on sysfs, a removed zone answers ENODEV).</exception>
    /// <exception cref="UnauthorizedAccessException">Reading is not permitted.</exception>
    /// <exception cref="FormatException">The content is not a whole number of microjoules.</exception>
    ulong Read();

    /// <summary>
    /// Whether the file is still there. An open handle to a deleted regular file keeps answering its last content, so
    /// the sensor asks this when a counter did not move.
    /// </summary>
    bool Exists();
}

/// <summary>The real file system.</summary>
internal sealed class RaplFiles : IRaplFiles
{
    public static RaplFiles Default { get; } = new();

    public string ReadAllText(string path) => File.ReadAllText(path);

    public IRaplCounter OpenCounter(string path) => new FileCounter(path);

    /// <summary>An <c>energy_uj</c> file opened once and re-read with pread at offset 0 into a stack buffer: no allocation per read.</summary>
    private sealed class FileCounter : IRaplCounter
    {
        // A ulong has at most 20 digits; with the newline 21. A read that fills the buffer is too long to be a counter.
        private const int BufferSize = 32;

        private readonly string _path;
        private readonly SafeFileHandle _handle;

        public FileCounter(string path)
        {
            _path = path;
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        public ulong Read()
        {
            Span<byte> buffer = stackalloc byte[BufferSize];
            var count = RandomAccess.Read(_handle, buffer, 0);
            var text = buffer[..count];
            return count < BufferSize && RaplText.TryParseMicrojoules(text, out var value)
                ? value
                : throw RaplText.Malformed(_path, Encoding.UTF8.GetString(text));
        }

        public bool Exists() => File.Exists(_path);

        public void Dispose() => _handle.Dispose();
    }
}

/// <summary>Parsing of powercap text files and paths.</summary>
internal static class RaplText
{
    /// <summary>Parses a decimal count of microjoules surrounded by optional ASCII white space (sysfs ends it with a newline).</summary>
    public static bool TryParseMicrojoules(ReadOnlySpan<byte> utf8, out ulong value)
    {
        var trimmed = utf8[Ascii.Trim(utf8)];
        return ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out value) || Fail(out value);
    }

    /// <inheritdoc cref="TryParseMicrojoules(ReadOnlySpan{byte}, out ulong)"/>
    public static bool TryParseMicrojoules(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) || Fail(out value);

    /// <summary>The exception for a counter file whose content is not a number; its message names the file and the content, in one line.</summary>
    public static FormatException Malformed(string path, string content) =>
        new($"{path} is malformed: '{OneLine(content.Trim())}' is not a whole number of microjoules");

    /// <summary>Collapses line breaks so that a message stays on one line.</summary>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>
    /// Whether a directory name is a RAPL zone: <c>intel-rapl:N</c>, <c>intel-rapl:N:M</c>, <c>intel-rapl-mmio:N</c>...
    /// </summary>
    /// <param name="name">The directory name.</param>
    /// <param name="controlType">The part before the first ':'.</param>
    /// <param name="indices">The numbers after it (one for a top zone, two for a sub-zone).</param>
    public static bool TryParseZoneId(string name, out string controlType, out int[] indices)
    {
        controlType = string.Empty;
        indices = [];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var type = name[..colon];
        if (type is not (RaplPowercap.MsrControlType or RaplPowercap.MmioControlType))
        {
            return false;
        }

        var parts = name[(colon + 1)..].Split(':');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        controlType = type;
        indices = numbers;
        return true;
    }

    /// <summary>
    /// The path with every symbolic link resolved, like realpath(3). Needed because the flat entries of
    /// <c>/sys/class/powercap</c> are links into <c>/sys/devices/virtual/powercap</c> and a nested sub-zone reached through
    /// a linked parent is not itself a link, so resolving only the last component is not enough.
    /// </summary>
    /// <exception cref="IOException">More than 40 links were followed (a loop).</exception>
    public static string RealPath(string path)
    {
        var full = System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Join(Directory.GetCurrentDirectory(), path);
        for (var hops = 0; hops <= 40; hops++)
        {
            var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var current = "/";
            string? restart = null;
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    current = System.IO.Path.GetDirectoryName(current) ?? "/";
                    continue;
                }

                var candidate = System.IO.Path.Join(current, part);
                var target = new FileInfo(candidate).LinkTarget;
                if (target is null)
                {
                    current = candidate;
                    continue;
                }

                var resolved = target.StartsWith('/') ? target : System.IO.Path.Join(current, target);
                restart = System.IO.Path.Join(resolved, string.Join('/', parts[(i + 1)..]));
                break;
            }

            if (restart is null)
            {
                return current;
            }

            full = restart;
        }

        throw new IOException($"Too many levels of symbolic links in {path}.");
    }

    private static bool Fail(out ulong value)
    {
        value = 0;
        return false;
    }
}
