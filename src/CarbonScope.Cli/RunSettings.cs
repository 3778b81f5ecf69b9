using System.CommandLine;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Storage;

namespace CarbonScope.Cli;

/// <summary>Everything <c>run</c> was asked to do, resolved from the command line, the configuration and the defaults.</summary>
internal sealed record RunSettings(
    MeasurementOptions Measurement,
    string? Country,
    string? Zone,
    double Pue,
    string OutputDirectory,
    OutputFormat Format,
    string? JsonFile,
    string? StorePath,
    string? Project,
    bool Quiet,
    bool Offline);

/// <summary>The options of <c>run</c> beyond the measurement ones, and how they resolve.</summary>
internal sealed class RunArguments
{
    public Option<TrackingMode> Mode { get; } = TextParsers.Option<TrackingMode>(
        "--mode", "process: CMD's process tree (default); machine: the whole host.", "process|machine", TextParsers.Mode);

    public Option<TimeSpan> Interval { get; } = MeasurementArguments.IntervalOption();

    public Option<string> Country { get; } = new("--country")
    {
        Description = "The country whose grid powers the machine: ISO 3166 alpha-2 or alpha-3 (FR, fra). Default: inferred from the time zone, else the world average.",
        HelpName = "CODE",
    };

    public Option<string> Zone { get; } = new("--zone")
    {
        Description = "The intensity zone: a country code (FR), a grid zone or cloud region listed by 'carbonscope zones', or a live provider's own zone.",
        HelpName = "ZONE",
    };

    public Option<double> Pue { get; } = TextParsers.Option<double>(
        "--pue", "Power usage effectiveness of the facility, 1.0 to 5.0: 1.0 for a laptop or workstation (default), about 1.1-1.2 for a hyperscale cloud.", "X", TextParsers.Pue);

    public Option<string> Output { get; } = new("--output")
    {
        Description = "Directory where emissions.csv is appended. Default: the current directory.",
        HelpName = "DIR",
    };

    public Option<OutputFormat> Format { get; } = TextParsers.Option<OutputFormat>(
        "--format", "text (default): a summary on stderr; json: also the run record on stdout after CMD ends.", "text|json", TextParsers.Format);

    public Option<string> Json { get; } = new("--json")
    {
        Description = "Also write the run record as JSON to FILE.",
        HelpName = "FILE",
    };

    public Option<string> Store { get; } = new("--store")
    {
        Description = "The history database. Default: $XDG_DATA_HOME/carbonscope/runs.db (~/.local/share/carbonscope/runs.db).",
        HelpName = "PATH",
    };

    public Option<bool> NoStore { get; } = new("--no-store")
    {
        Description = "Do not record the run in the history database.",
    };

    public Option<string> Project { get; } = new("--project")
    {
        Description = "A project name, written to emissions.csv (project_name), the record and the history.",
        HelpName = "NAME",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "No live status line and no summary; warnings and errors are still printed.",
    };

    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "Never use the network for the intensity: the embedded data, files and cached answers only.",
    };

    public IEnumerable<Option> All => [Mode, Interval, Country, Zone, Pue, Output, Format, Json, Store, NoStore, Project, Quiet, Offline];

    /// <summary>Resolves every setting; the first invalid one becomes a <see cref="UsageException"/>.</summary>
    public RunSettings Resolve(ParseResult parse, MeasurementArguments measurement, CliContext context)
    {
        var settings = new SettingResolver(parse, context.Settings);
        var options = measurement.ToOptions(settings);
        options.Mode = settings.Get(Mode, "Mode", TextParsers.Mode, TrackingMode.Process);
        options.Interval = settings.Get(Interval, "Interval", TextParsers.Interval, EnergyTracker.DefaultInterval);
        var noStore = settings.Get(NoStore, "NoStore");
        var store = settings.Get(Store, "Store");
        var resolved = new RunSettings(
            options,
            settings.Get(Country, "Country"),
            settings.Get(Zone, "Zone"),
            settings.Get(Pue, "Pue", TextParsers.Pue, 1.0),
            Path.GetFullPath(settings.Get(Output, "Output") ?? "."),
            settings.Get(Format, "Format", TextParsers.Format, OutputFormat.Text),
            settings.Get(Json, "Json") is { } json ? Path.GetFullPath(json) : null,
            noStore ? null : Path.GetFullPath(store ?? RunStorePaths.Default(context.Environment)),
            settings.Get(Project, "Project"),
            settings.Get(Quiet, "Quiet"),
            settings.Get(Offline, "Offline"));
        return settings.FirstError is { } error ? throw new UsageException(error) : resolved;
    }
}
