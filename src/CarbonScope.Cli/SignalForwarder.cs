using System.Runtime.InteropServices;

namespace CarbonScope.Cli;

/// <summary>
/// Keeps carbonscope alive through SIGINT and SIGTERM while CMD runs, passes them on to CMD, and remembers that the run
/// was interrupted. A SIGINT typed at the terminal (Ctrl-C) already reaches CMD, which is in carbonscope's foreground
/// process group, so it is passed on only when carbonscope is not the terminal's foreground job (e.g. <c>kill -INT</c>
/// from a script): CMD never gets the same Ctrl-C twice.
/// </summary>
internal sealed partial class SignalForwarder : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly Lock _gate = new();
    private int _childProcessId;
    private int _pendingSignal;
    private volatile bool _interrupted;

    public SignalForwarder()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            OnSignal(IsForegroundOfTerminal() ? 0 : SigInt);
        });
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            OnSignal(SigTerm);
        });
    }

    /// <summary>Raised (on the signal's thread) after a SIGINT or SIGTERM was handled.</summary>
    public event Action? Signalled;

    /// <summary>Whether SIGINT or SIGTERM arrived since this was created.</summary>
    public bool Interrupted => _interrupted;

    /// <summary>Sets the process to forward to; a signal that arrived before it existed is passed on now.</summary>
    public void Attach(int childProcessId)
    {
        int pending;
        lock (_gate)
        {
            _childProcessId = childProcessId;
            pending = _pendingSignal;
        }

        if (pending != 0)
        {
            _ = Kill(childProcessId, pending);
        }
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }

    private void OnSignal(int forward)
    {
        _interrupted = true;
        int child;
        lock (_gate)
        {
            child = _childProcessId;
            if (child == 0 && forward != 0)
            {
                _pendingSignal = forward;
            }
        }

        if (child != 0 && forward != 0)
        {
            _ = Kill(child, forward);
        }

        Signalled?.Invoke();
    }

    /// <summary>Whether a terminal's Ctrl-C reaches this process group: one of fds 0-2 is a terminal whose foreground group is ours.</summary>
    private static bool IsForegroundOfTerminal()
    {
        var group = GetProcessGroup();
        for (var fd = 0; fd <= 2; fd++)
        {
            if (IsTerminal(fd) == 1)
            {
                return GetTerminalForegroundGroup(fd) == group;
            }
        }

        return false;
    }

    /// <summary>kill(2); also used by <see cref="ProcessTreeSignals"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int processId, int signal);

    [LibraryImport("libc", EntryPoint = "getpgrp")]
    private static partial int GetProcessGroup();

    [LibraryImport("libc", EntryPoint = "tcgetpgrp")]
    private static partial int GetTerminalForegroundGroup(int fd);

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsTerminal(int fd);
}
