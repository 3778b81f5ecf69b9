namespace CarbonScope.Cli;

/// <summary>
/// Exit codes of carbonscope itself. <c>run</c> otherwise exits with the command's own code (128+N when it died of
/// signal N), so these follow the conventions of env(1) and timeout(1): 125 and above are the wrapper's, 126/127 mean
/// the command could not run; 2 is a usage error, as for most Unix tools.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>A command-line option, argument, configuration value or environment variable is invalid.</summary>
    public const int Usage = 2;

    /// <summary><c>show</c>: no such run in the history store.</summary>
    public const int NotFound = 3;

    /// <summary><c>runs</c>/<c>show</c>: the history store exists but cannot be read.</summary>
    public const int StoreUnavailable = 4;

    /// <summary><c>intensity</c>: no provider in the chain could answer (the message lists why, provider by provider).</summary>
    public const int NoIntensity = 5;

    /// <summary>carbonscope failed for another reason before or around running the command.</summary>
    public const int InternalError = 125;

    /// <summary>The command exists but cannot be executed (permission, not an executable).</summary>
    public const int CommandNotExecutable = 126;

    /// <summary>The command was not found.</summary>
    public const int CommandNotFound = 127;

    /// <summary><c>wait</c>: interrupted (SIGINT or SIGTERM) while waiting; the command was not started (128 + SIGINT, as a shell reports it).</summary>
    public const int Interrupted = 130;
}
