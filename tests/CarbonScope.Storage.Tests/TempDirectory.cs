namespace CarbonScope.Storage.Tests;

/// <summary>A directory of its own under the system temporary directory, removed (permissions restored first) on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "carbonscope-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories).Prepend(Path))
            {
                System.IO.File.SetUnixFileMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_000_000 : (UnixFileMode)0b110_000_000);
            }

            Directory.Delete(Path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary directory must not fail a test.
        }
    }
}
