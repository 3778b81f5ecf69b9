using System.CommandLine;
using CarbonScope.Storage;

namespace CarbonScope.Cli;

/// <summary>The <c>--store</c> option of <c>runs</c> and <c>show</c>, and opening the store for reading.</summary>
internal sealed class StoreArguments
{
    public Option<string> Store { get; } = new("--store")
    {
        Description = "The history database. Default: $XDG_DATA_HOME/carbonscope/runs.db (~/.local/share/carbonscope/runs.db).",
        HelpName = "PATH",
    };

    public Option<OutputFormat> Format { get; } = TextParsers.Option<OutputFormat>("--format", "text (default) or json, on stdout.", "text|json", TextParsers.Format);

    /// <summary>The store path and the output format, from the command line, the configuration and the defaults.</summary>
    public (string StorePath, OutputFormat Format) Resolve(ParseResult parse, CliContext context)
    {
        var settings = new SettingResolver(parse, context.Settings);
        var path = Path.GetFullPath(settings.Get(Store, "Store") ?? RunStorePaths.Default(context.Environment));
        var format = parse.GetResult(Format) is { Implicit: false } ? parse.GetValue(Format) : OutputFormat.Text;
        return settings.FirstError is { } error ? throw new UsageException(error) : (path, format);
    }

    /// <summary>Opens an existing store; null (after saying so) when there is none yet.</summary>
    /// <exception cref="RunStoreException">It exists but cannot be read.</exception>
    /// <exception cref="UsageException">The path is a directory.</exception>
    public static SqliteRunStore? OpenExisting(string path) =>
        Directory.Exists(path) ? throw new UsageException($"--store {path} is a directory: give the database file, e.g. {Path.Combine(path, "runs.db")}.")
        : File.Exists(path) ? SqliteRunStore.Open(path)
        : null;
}
