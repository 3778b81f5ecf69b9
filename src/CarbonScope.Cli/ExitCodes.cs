namespace CarbonScope.Cli;

/// <summary>
/// Exit codes of carbonscope itself. <c>run</c> otherwise exits with the command's own code, so these follow the
/// conventions of env(1) and timeout(1): 125 and above are the wrapper's, 126/127 mean the command could not run.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>A command-line option or argument is invalid (sysexits EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>carbonscope failed for another reason before or around running the command.</summary>
    public const int InternalError = 125;

    /// <summary>The command exists but cannot be executed (permission, not an executable).</summary>
    public const int CommandNotExecutable = 126;

    /// <summary>The command was not found.</summary>
    public const int CommandNotFound = 127;
}
