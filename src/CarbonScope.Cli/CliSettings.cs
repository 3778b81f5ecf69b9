using Microsoft.Extensions.Configuration;

namespace CarbonScope.Cli;

/// <summary>Parses one setting's text; on failure <paramref name="error"/> says what is wrong and how to write it.</summary>
internal delegate bool TextParser<T>(string text, out T value, out string error);

/// <summary>
/// The settings that can stand in for command-line options: the configuration file
/// (<c>$XDG_CONFIG_HOME/carbonscope/config.json</c>, else <c>~/.config/carbonscope/config.json</c>, or the file named by
/// <c>CARBONSCOPE_CONFIG</c>) and environment variables with the <c>CARBONSCOPE_</c> prefix (<c>__</c> separates
/// sections). The environment wins over the file; the command line wins over both. Keys are the option names without
/// dashes, in any case: <c>Pue</c>, <c>Country</c>, <c>SysfsRoot</c> (<c>CARBONSCOPE_PUE</c>, <c>CARBONSCOPE_SYSFSROOT</c>).
/// </summary>
internal sealed class CliSettings
{
    /// <summary>The environment variable prefix.</summary>
    public const string EnvironmentPrefix = "CARBONSCOPE_";

    private readonly IConfigurationRoot _root;
    private readonly string? _filePath;

    private CliSettings(IConfigurationRoot root, string? filePath)
    {
        _root = root;
        _filePath = filePath;
    }

    /// <summary>No file, no environment: for tests and for commands that take no settings.</summary>
    public static CliSettings Empty { get; } = new(new ConfigurationBuilder().Build(), null);

    /// <summary>The configuration file read, when it exists.</summary>
    public string? FilePath => _filePath;

    /// <summary>The configuration file path for this environment (it may not exist).</summary>
    public static string? DefaultFilePath(Func<string, string?> environment)
    {
        if (environment("CARBONSCOPE_CONFIG") is { Length: > 0 } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        if (environment("XDG_CONFIG_HOME") is { Length: > 0 } configHome && Path.IsPathRooted(configHome))
        {
            return Path.Combine(configHome, "carbonscope", "config.json");
        }

        return environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config", "carbonscope", "config.json") : null;
    }

    /// <summary>Reads the configuration file (if any) and the <c>CARBONSCOPE_</c> environment variables.</summary>
    /// <exception cref="UsageException">The file is not valid JSON, or <c>CARBONSCOPE_CONFIG</c> names a file that does not exist.</exception>
    public static CliSettings Load(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var path = DefaultFilePath(environment);
        var explicitFile = environment("CARBONSCOPE_CONFIG") is { Length: > 0 };
        if (explicitFile && !File.Exists(path))
        {
            throw new UsageException($"CARBONSCOPE_CONFIG names {path}, which does not exist: create it or unset the variable.");
        }

        var exists = path is not null && File.Exists(path);
        var builder = new ConfigurationBuilder();
        if (exists)
        {
            builder.AddJsonFile(path!, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        try
        {
            return new CliSettings(builder.Build(), exists ? path : null);
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            var reason = (exception.InnerException ?? exception).Message.ReplaceLineEndings(" ");
            throw new UsageException($"the configuration file {path} cannot be read: {reason} (fix it, or point CARBONSCOPE_CONFIG at another file).");
        }
    }

    /// <summary>The value of a top-level key and where it came from (for error messages), or null when it is not set.</summary>
    public (string Value, string Origin)? Find(string key)
    {
        var providers = _root.Providers.ToArray();
        for (var i = providers.Length - 1; i >= 0; i--)
        {
            if (providers[i].TryGet(key, out var value) && value is not null)
            {
                var origin = providers[i] is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider
                    ? $"{EnvironmentPrefix}{key.ToUpperInvariant()}"
                    : $"{_filePath}: \"{providers[i].GetChildKeys([], null).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key}\"";
                return (value, origin);
            }
        }

        return null;
    }

    /// <summary>A configuration section (e.g. <c>Grid</c>), for the parts that read structured settings.</summary>
    public IConfigurationSection Section(string key) => _root.GetSection(key);
}
