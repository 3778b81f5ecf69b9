namespace CarbonScope.Cli;

/// <summary>What every command needs from its surroundings: the streams, whether they are terminals, the settings and the environment.</summary>
/// <param name="Out">Standard output (belongs to CMD during <c>run</c>; JSON goes here after it).</param>
/// <param name="Error">Standard error: summaries, warnings, errors, the live status line.</param>
/// <param name="ErrorIsTerminal">Whether stderr is a terminal (colours, the live status line).</param>
/// <param name="OutIsTerminal">Whether stdout is a terminal.</param>
/// <param name="Settings">The configuration file and <c>CARBONSCOPE_</c> environment variables.</param>
/// <param name="Environment">Reads an environment variable.</param>
internal sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    bool ErrorIsTerminal,
    bool OutIsTerminal,
    CliSettings Settings,
    Func<string, string?> Environment)
{
    /// <summary>Writes <c>carbonscope: warning: MESSAGE</c> on stderr.</summary>
    public void Warn(string message) => Error.WriteLine($"carbonscope: warning: {message}");
}
