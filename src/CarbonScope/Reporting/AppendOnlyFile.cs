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
    private const int OWriteOnly = 0x1;
    private const int OAppend = 0x400;
    private const int OCloseOnExec = 0x80000;
    private const int EIntr = 4;
    private const int ENoEnt = 2;
    private const int EPerm = 1;
    private const int EAccess = 13;

    /// <summary>Appends <paramref name="bytes"/> to the file at <paramref name="path"/>, which must exist.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (e.g. another process moved it aside).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    /// <exception cref="IOException">Any other failure.</exception>
    internal static void Append(string path, ReadOnlySpan<byte> bytes)
    {
        if (OperatingSystem.IsLinux())
        {
            AppendLinux(path, bytes);
            return;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(0, SeekOrigin.End);
        stream.Write(bytes);
    }

    private static unsafe void AppendLinux(string path, ReadOnlySpan<byte> bytes)
    {
        int descriptor;
        do
        {
            descriptor = Open(path, OWriteOnly | OAppend | OCloseOnExec);
        }
        while (descriptor < 0 && Marshal.GetLastPInvokeError() == EIntr);

        if (descriptor < 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), path);
        }

        try
        {
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
        }
        finally
        {
            _ = Close(descriptor);
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

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
