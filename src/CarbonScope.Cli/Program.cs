using System.CommandLine;
using CarbonScope.Cli;
using CarbonScope.Storage;

var context = new CliContext(
    Console.Out,
    Console.Error,
    ErrorIsTerminal: !Console.IsErrorRedirected,
    OutIsTerminal: !Console.IsOutputRedirected,
    CliSettings.Empty,
    Environment.GetEnvironmentVariable);
try
{
    context = context with { Settings = CliSettings.Load(Environment.GetEnvironmentVariable) };
}
catch (UsageException exception)
{
    await context.Error.WriteLineAsync($"carbonscope: {exception.Message}").ConfigureAwait(false);
    return ExitCodes.Usage;
}

var measurement = new MeasurementArguments();
var root = new RootCommand("CarbonScope: measure the energy and CO2e of ML work, per CPU, GPU and RAM, and keep its history.");
root.Subcommands.Add(RunCommand.Create(measurement, context));
root.Subcommands.Add(RunCommand.CreateWait(measurement, context));
root.Subcommands.Add(RunsCommand.Create(context));
root.Subcommands.Add(ShowCommand.Create(context));
root.Subcommands.Add(DetectCommand.Create(measurement, context));
root.Subcommands.Add(IntensityCommand.Create(context));
root.Subcommands.Add(ZonesCommand.Create(context));
root.Subcommands.Add(WindowCommand.Create(context));
root.Subcommands.Add(WhereCommand.Create(context));
root.Subcommands.Add(ForecastCommand.Create(context));
root.Subcommands.Add(SustainMLCommand.Create(context));
root.Subcommands.Add(SimulateCommand.Create(context));

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var parseError in parse.Errors)
    {
        await context.Error.WriteLineAsync($"carbonscope: {parseError.Message}").ConfigureAwait(false);
    }

    await context.Error.WriteLineAsync("Run 'carbonscope --help' for usage.").ConfigureAwait(false);
    return ExitCodes.Usage;
}

try
{
    // Signals are handled by the commands themselves (run keeps measuring until CMD exits).
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (UsageException exception)
{
    await context.Error.WriteLineAsync($"carbonscope: {exception.Message}").ConfigureAwait(false);
    return ExitCodes.Usage;
}
catch (ArgumentException exception)
{
    await context.Error.WriteLineAsync($"carbonscope: {exception.Message}").ConfigureAwait(false);
    return ExitCodes.Usage;
}
catch (CarbonScope.Grid.IntensityProviderException exception)
{
    await context.Error.WriteLineAsync($"carbonscope: {exception.Message}").ConfigureAwait(false);
    return ExitCodes.NoIntensity;
}
catch (RunStoreException exception)
{
    await context.Error.WriteLineAsync($"carbonscope: {exception.Message}").ConfigureAwait(false);
    return ExitCodes.StoreUnavailable;
}
