using CarbonScope.Examples;

// dotnet run --project examples/CustomCarbonFootprintNode -- --hardware "NVIDIA T4" --intensity 20 --pue 1.2
ExampleOptions options;
try
{
    options = ExampleOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"CustomCarbonFootprintNode: {e.Message}\n{ExampleOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var results = await ExamplePipeline.RunAsync(options, Console.Out, cancellationToken: cancel.Token);

// 1 when a node reported an error (e.g. no model fits: NO_MODEL, and the footprint is zeros with the reason).
return results.Errors.Count > 0 || results.CO2Footprint?.ExtraData.GetString("error") is not null ? 1 : 0;
