using System.Runtime.InteropServices;

namespace CarbonScope.Reporting;

/// <summary>
/// Appends bytes to an existing file in one <c>write</c> call on a descriptor opened with <c>O_APPEND</c>, so that
/// several processes appending rows to one file never overwrite each other: the kernel moves to the end and writes
/// as one step. .NET's <see cref="FileMode.Append"/> does not open with <c>O_APPEND</c> (it seeks once, at open), hence
/// libc on Linux; elsewhere a <see cref="FileStream"/> seeks to the end and writes once.
/// </summary>
internal static partial class AppendOnlyFile
{
    // Linux values (asm-generic; the same on x86_64 and aarch64).
    private const int OReadOnly = 0x0;
    private const int OReadWrite = 0x2;
    private const int OAppend = 0x400;
    private const int OCloseOnExec = 0x80000;
    private const int EIntr = 4;
    private const int ENoEnt = 2;
    private const int EPerm = 1;
    private const int EAccess = 13;
    private const int LockExclusive = 2;

    /// <summary>
    /// Appends the bytes that <paramref name="decide"/> returns to the file at <paramref name="path"/>, which must exist.
    /// On Linux the file is held under an exclusive <c>flock</c> from before <paramref name="decide"/> runs until the
    /// bytes are written, so that what <paramref name="decide"/> reads of the file (its header, its last byte) cannot
    /// change under it by another carbonscope appending at the same moment.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="decide">Reads the file through the stream it is given (under the lock) and returns what to append, or null to append nothing.</param>
    /// <returns>Whether bytes were appended.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist (e.g. another process moved it aside).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    /// <exception cref="IOException">Any other failure.</exception>
    internal static bool Append(string path, Func<Stream, byte[]?> decide)
    {
        if (OperatingSystem.IsLinux())
        {
            return AppendLinux(path, decide);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (decide(stream) is not { } bytes)
        {
            return false;
        }

        stream.Seek(0, SeekOrigin.End);
        stream.Write(bytes);
        return true;
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> through <paramref name="read"/>, without the shared lock a FileStream
    /// opened by path takes on Linux (which would be refused while an appender holds its exclusive lock).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    internal static T Read<T>(string path, Func<Stream, T> read)
    {
        if (!OperatingSystem.IsLinux())
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return read(stream);
        }

        int descriptor;
        do
        {
            descriptor = Open(path, OReadOnly | OCloseOnExec);
        }
        while (descriptor < 0 && Marshal.GetLastPInvokeError() == EIntr);

        if (descriptor < 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), path);
        }

        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(descriptor, ownsHandle: true);
        using var reader = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        return read(reader);
    }

    private static unsafe bool AppendLinux(string path, Func<Stream, byte[]?> decide)
    {
        int descriptor;
        do
        {
            descriptor = Open(path, OReadWrite | OAppend | OCloseOnExec);
        }
        while (descriptor < 0 && Marshal.GetLastPInvokeError() == EIntr);

        if (descriptor < 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), path);
        }

        try
        {
            while (Flock(descriptor, LockExclusive) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EIntr)
                {
                    throw Error(errno, path);
                }
            }

            // A stream over the same descriptor: made from a handle, it takes no lock of its own (a FileStream opened
            // by path would ask for a shared flock and be refused while this one holds the exclusive lock).
            byte[]? bytes;
            using (var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(descriptor, ownsHandle: false))
            using (var reader = new FileStream(handle, FileAccess.Read, bufferSize: 0))
            {
                bytes = decide(reader);
            }

            if (bytes is null)
            {
                return false;
            }

            fixed (byte* start = bytes)
            {
                var written = 0;
                while (written < bytes.Length)
                {
                    var count = Write(descriptor, start + written, (nuint)(bytes.Length - written));
                    if (count < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == EIntr)
                        {
                            continue;
                        }

                        throw Error(errno, path);
                    }

                    written += (int)count;
                }
            }

            return true;
        }
        finally
        {
            _ = Close(descriptor); // releases the lock
        }
    }

    private static Exception Error(int errno, string path)
    {
        var message = $"{path}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            ENoEnt => new FileNotFoundException(message, path),
            EPerm or EAccess => new UnauthorizedAccessException(message),
            _ => new IOException(message),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int descriptor, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int descriptor, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
