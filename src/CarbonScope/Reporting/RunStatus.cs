namespace CarbonScope.Reporting;

/// <summary>Where a run stands.</summary>
public enum RunStatus
{
    /// <summary>The command is running and carbonscope is measuring it (only ever seen in the history store).</summary>
    Running,

    /// <summary>The command ran to its end (whatever its exit code) without carbonscope being interrupted.</summary>
    Completed,

    /// <summary>carbonscope received SIGINT or SIGTERM, passed it on, and waited for the command to exit.</summary>
    Interrupted,

    /// <summary>The command could not be started (not found, not executable).</summary>
    FailedToStart,

    /// <summary>carbonscope itself ended without finishing the record (e.g. SIGKILL): the figures stop at its last flush.</summary>
    Incomplete,
}

/// <summary>The wire names of <see cref="RunStatus"/>: <c>running</c>, <c>completed</c>, <c>interrupted</c>, <c>failed-to-start</c>, <c>incomplete</c>.</summary>
public static class RunStatusNames
{
    /// <summary>The wire name of a status.</summary>
    public static string Name(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Interrupted => "interrupted",
        RunStatus.FailedToStart => "failed-to-start",
        RunStatus.Incomplete => "incomplete",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    /// <summary>Parses a wire name (exact, lower case).</summary>
    public static bool TryParse(string? name, out RunStatus status) => WireNames.TryParse(name, Name, out status);
}
