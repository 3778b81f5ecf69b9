using CarbonScope.Measurement.Rapl;

namespace CarbonScope.Tests.Measurement.Rapl;

/// <summary>
/// The real file system, except that reading the paths in <see cref="Deny(string)"/> throws
/// <see cref="UnauthorizedAccessException"/>: what a non-root user meets, simulated when the tests run as root (where
/// a chmod does not stop reads).
/// </summary>
internal sealed class DenyingRaplFiles : IRaplFiles
{
    private readonly HashSet<string> _denied = new(StringComparer.Ordinal);

    public DenyingRaplFiles(params string[] denied)
    {
        foreach (var path in denied)
        {
            Deny(path);
        }
    }

    /// <summary>How many times a denied path was asked for.</summary>
    public int Denials { get; private set; }

    public void Deny(string path) => _denied.Add(path);

    public string ReadAllText(string path)
    {
        ThrowIfDenied(path);
        return RaplFiles.Default.ReadAllText(path);
    }

    public IRaplCounter OpenCounter(string path)
    {
        ThrowIfDenied(path);
        return new Counter(this, path, RaplFiles.Default.OpenCounter(path));
    }

    private void ThrowIfDenied(string path)
    {
        if (_denied.Contains(path))
        {
            Denials++;
            throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
        }
    }

    private sealed class Counter(DenyingRaplFiles owner, string path, IRaplCounter inner) : IRaplCounter
    {
        public ulong Read()
        {
            owner.ThrowIfDenied(path);
            return inner.Read();
        }

        public bool Exists() => inner.Exists();

        public void Dispose() => inner.Dispose();
    }
}
