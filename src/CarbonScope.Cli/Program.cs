using System.CommandLine;
using CarbonScope.Cli;

var output = Console.Out;
var error = Console.Error;
var arguments = new MeasurementArguments();
var root = new RootCommand("CarbonScope: measure the energy (and, soon, the CO2e) of ML work, per CPU, GPU and RAM.");
root.Subcommands.Add(RunCommand.Create(arguments, error));
root.Subcommands.Add(DetectCommand.Create(arguments, output));

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var parseError in parse.Errors)
    {
        await error.WriteLineAsync($"carbonscope: {parseError.Message}").ConfigureAwait(false);
    }

    await error.WriteLineAsync("Run 'carbonscope --help' for usage.").ConfigureAwait(false);
    return ExitCodes.Usage;
}

try
{
    // Signals are handled by the commands themselves (run keeps measuring until CMD exits).
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (ArgumentException exception)
{
    await error.WriteLineAsync($"carbonscope: {exception.Message}").ConfigureAwait(false);
    return ExitCodes.Usage;
}
