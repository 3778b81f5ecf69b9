namespace CarbonScope.Storage;

/// <summary>Where the run history lives when no <c>--store PATH</c> is given.</summary>
public static class RunStorePaths
{
    /// <summary>The file name of the history store inside its directory.</summary>
    public const string FileName = "runs.db";

    /// <summary>The name of the directory CarbonScope keeps its data in, under the XDG data directory.</summary>
    public const string DirectoryName = "carbonscope";

    /// <summary>
    /// The default history store, following the XDG base directory specification: <c>$XDG_DATA_HOME/carbonscope/runs.db</c>
    /// when <c>XDG_DATA_HOME</c> is set to an absolute path (a relative one is ignored, as the specification says), else
    /// <c>$HOME/.local/share/carbonscope/runs.db</c>.
    /// </summary>
    /// <param name="getEnvironmentVariable">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/> in production).</param>
    /// <exception cref="RunStoreException">Neither variable is set to an absolute path.</exception>
    public static string Default(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var dataHome = getEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(dataHome) && Path.IsPathFullyQualified(dataHome))
        {
            return Path.Combine(dataHome, DirectoryName, FileName);
        }

        var home = getEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home) && Path.IsPathFullyQualified(home))
        {
            return Path.Combine(home, ".local", "share", DirectoryName, FileName);
        }

        throw new RunStoreException(
            "cannot place the history store: neither XDG_DATA_HOME nor HOME is set to an absolute path: set HOME, or use --store PATH / --no-store");
    }
}
