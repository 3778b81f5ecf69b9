using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CarbonScope.Storage;

/// <summary>
/// Turns what goes wrong with the store into one line for people: which file, what is wrong, and what to do.
/// </summary>
internal static class StoreErrors
{
    /// <summary>The way out that every message offers.</summary>
    internal const string Escape = "use --store PATH / --no-store";

    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteNoMem = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteConstraint = 19;
    private const int SqliteAuth = 23;
    private const int SqliteNotADb = 26;

    /// <summary>EROFS on Linux: .NET reports it as an <see cref="IOException"/> whose HResult is the errno.</summary>
    private const int ErrnoReadOnlyFileSystem = 30;

    /// <summary>ENOSPC on Linux.</summary>
    private const int ErrnoNoSpace = 28;

    internal static bool IsConstraintViolation(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) == SqliteConstraint;

    internal static RunStoreException NewerSchema(string path, long version, int latest) =>
        new($"the history store {path} was written by a newer carbonscope (schema {version}, this one knows up to {latest}): upgrade carbonscope or {Escape}");

    internal static RunStoreException DirectoryNotCreatable(string path, string directory, Exception exception) =>
        new($"the directory {directory} of the history store {path} cannot be created ({Reason(exception)}): create it, make its parent writable, or {Escape}", exception);

    internal static RunStoreException IsADirectory(string path) =>
        new($"the history store {path} is a directory, not a file: move it aside or {Escape}");

    internal static RunStoreException Damaged(string path, string what) =>
        new($"the history store {path} holds {what} (damaged, or written by a newer carbonscope?): upgrade carbonscope, move the file aside, or {Escape}");

    /// <summary>The store could only be opened for reading, or a write was refused as read-only: find out whether the file or the directory is to blame.</summary>
    internal static RunStoreException ReadOnly(string path, Exception? inner = null)
    {
        var directory = Path.GetDirectoryName(path) ?? "/";
        if (!CanCreateFileIn(directory))
        {
            return Create(
                $"the history store {path} is in a read-only directory ({directory} does not let carbonscope create its -wal and -shm files): make the directory writable or {Escape}",
                inner);
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file) && !CanWrite(file))
            {
                return Create($"the history store {path} is read-only ({file} cannot be written): make it writable (chmod u+w) or {Escape}", inner);
            }
        }

        return Create($"the history store {path} is read-only (the file system or SQLite refused to write it): make it writable or {Escape}", inner);
    }

    /// <summary>Maps an error of SQLite to the message for people.</summary>
    internal static RunStoreException Map(string path, SqliteException exception)
    {
        var reason = Describe(exception);
        return (exception.SqliteErrorCode & 0xFF) switch
        {
            SqliteNotADb => new RunStoreException($"the history store {path} is not a SQLite database (corrupt?): move it aside or {Escape}", exception),
            SqliteCorrupt => new RunStoreException($"the history store {path} is corrupt ({reason}): move it aside or {Escape}", exception),
            SqliteFull => new RunStoreException($"the history store {path} cannot grow: the disk is full ({reason}): free some space or {Escape}", exception),
            SqliteReadOnly => ReadOnly(path, exception),
            SqliteCantOpen or SqlitePerm or SqliteAuth => CannotOpen(path, reason, exception),
            SqliteBusy or SqliteLocked => new RunStoreException(
                $"the history store {path} stayed locked by another process for more than {SqliteRunStore.BusyTimeout.TotalSeconds:0} s ({reason}): try again or {Escape}",
                exception),
            SqliteNoMem => new RunStoreException($"the history store {path} cannot be used: out of memory ({reason}): free some memory or {Escape}", exception),
            SqliteIoErr => new RunStoreException($"the history store {path} cannot be read or written: disk I/O error ({reason}): check the disk and its free space, or {Escape}", exception),
            _ => new RunStoreException($"the history store {path} cannot be used ({reason}): move it aside or {Escape}", exception),
        };
    }

    /// <summary>Maps a file-system error met while preparing the store (not inside SQLite).</summary>
    internal static RunStoreException MapFileError(string path, Exception exception) => exception switch
    {
        UnauthorizedAccessException => ReadOnly(path, exception),
        IOException { HResult: ErrnoReadOnlyFileSystem } => ReadOnly(path, exception),
        IOException { HResult: ErrnoNoSpace } => new RunStoreException($"the history store {path} cannot grow: the disk is full ({Reason(exception)}): free some space or {Escape}", exception),
        _ => new RunStoreException($"the history store {path} cannot be used ({Reason(exception)}): {Escape}", exception),
    };

    internal static bool IsFileError(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException;

    private static RunStoreException CannotOpen(string path, string reason, SqliteException exception)
    {
        var directory = Path.GetDirectoryName(path) ?? "/";
        if (!CanCreateFileIn(directory) || (File.Exists(path) && !CanWrite(path)))
        {
            return ReadOnly(path, exception);
        }

        return new RunStoreException($"the history store {path} cannot be opened ({reason}): check the permissions of the file and its directory, or {Escape}", exception);
    }

    /// <summary>SQLite's own words for the error, e.g. <c>database or disk is full</c>.</summary>
    private static string Describe(SqliteException exception)
    {
        try
        {
            var text = raw.sqlite3_errstr(exception.SqliteExtendedErrorCode).utf8_to_string();
            if (!string.IsNullOrWhiteSpace(text))
            {
                return OneLine(text);
            }
        }
        catch (Exception error) when (error is InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
            // The provider is not initialised: fall back to the exception's message.
        }

        return OneLine(exception.Message);
    }

    private static RunStoreException Create(string message, Exception? inner) =>
        inner is null ? new RunStoreException(message) : new RunStoreException(message, inner);

    private static string Reason(Exception exception) => OneLine(exception.Message);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    /// <summary>Whether this process (this thread's credentials) may create a file in the directory: tried, then removed.</summary>
    private static bool CanCreateFileIn(string directory)
    {
        var probe = Path.Combine(directory, $".carbonscope-probe-{Guid.NewGuid():N}");
        try
        {
            using var handle = File.OpenHandle(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException || (exception is IOException { HResult: ErrnoReadOnlyFileSystem }))
        {
            return false;
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            // Some other trouble (the directory vanished, the disk is full): not a matter of permissions.
            return true;
        }
    }

    /// <summary>Whether this process may open the file for writing (opened and closed, not changed).</summary>
    private static bool CanWrite(string file)
    {
        try
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException || (exception is IOException { HResult: ErrnoReadOnlyFileSystem }))
        {
            return false;
        }
        catch (Exception exception) when (IsFileError(exception))
        {
            return true;
        }
    }
}
