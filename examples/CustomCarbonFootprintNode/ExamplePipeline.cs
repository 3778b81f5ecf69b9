using System.Globalization;
using CarbonScope.Measurement.Hardware;
using CarbonScope.SustainML;
using CarbonScope.SustainML.BuiltIn;
using CarbonScope.SustainML.Nodes;
using CarbonScope.SustainML.Orchestration;
using CarbonScope.SustainML.Transport;
using CarbonScope.Units;

namespace CarbonScope.Examples;

/// <summary>The example's pipeline: an orchestrator, five built-in nodes and the custom Carbon Footprint node on one transport.</summary>
public static class ExamplePipeline
{
    /// <summary>How long the task may take (the nodes take milliseconds).</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Submits one user input, waits for every node's output, prints them to <paramref name="output"/> and returns them.</summary>
    /// <param name="options">The user input's contents and the custom node's PUE and intensity.</param>
    /// <param name="output">Where each node's output is printed, with units.</param>
    /// <param name="transport">The transport to run on (e.g. to watch the messages); null: a new in-process one.</param>
    /// <param name="cancellationToken">Stops the pipeline.</param>
    public static async Task<TaskResults> RunAsync(ExampleOptions options, TextWriter output, ITransport? transport = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        using var own = transport is null ? new InProcessTransport() : null;
        transport ??= own!;

        // The five built-in nodes run; the built-in Carbon Footprint node is created but not run: ours takes its place.
        var builtIn = BuiltInNodes.Create(transport);
        var custom = ContractCarbonFootprint.Create(
            options.Pue,
            CarbonIntensity.FromGramsPerKilowattHour(options.IntensityGramsPerKilowattHour),
            new NodeOptions { Transport = transport });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nodes = Task.WhenAll(builtIn.RunAsync(except: [NodeId.CarbonFootprint], stop.Token), custom.RunAsync(stop.Token));
        TaskResults results;
        try
        {
            await using var orchestrator = new Orchestrator(new OrchestratorOptions { Transport = transport });
            orchestrator.Start();
            var taskId = await orchestrator.SubmitAsync(UserInputOf(options), cancellationToken);
            results = await orchestrator.WaitForResultsAsync(taskId, Orchestrator.PipelineNodes, s_timeout, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await nodes;
        }

        await Write(output, results);
        return results;
    }

    /// <summary>The user input: the problem, modality and region, and <c>extra_data</c> with the hardware and the memory limit.</summary>
    public static UserInput UserInputOf(ExampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hardware = HardwareCatalog.Default.Find(options.Hardware)?.Name ?? options.Hardware;
        return new UserInput
        {
            Modality = options.Modality,
            ProblemShortDescription = options.Problem,
            ProblemDefinition = options.Problem,
            GeoLocationRegion = options.Region,
            ExtraData = ContractCarbonFootprint.ExtraDataOf(w =>
            {
                w.WriteStartArray("hardware_required");
                w.WriteStringValue(hardware);
                w.WriteEndArray();
                w.WriteNumber("max_memory_footprint", options.MaxMemoryMegabytes);
            }),
        };
    }

    private static async Task Write(TextWriter output, TaskResults results)
    {
        var lines = new List<string> { $"task {{{results.TaskId.ProblemId}, {results.TaskId.IterationId}}}" };
        if (results.MLModelMetadata is { } metadata)
        {
            lines.Add($"  ML_MODEL_METADATA  goal: {string.Join(", ", metadata.Metadata)}");
        }

        if (results.AppRequirements is { } requirements)
        {
            lines.Add($"  APP_REQUIREMENTS   {(requirements.Requirements.Count == 0 ? "(none found)" : string.Join("; ", requirements.Requirements))}");
        }

        if (results.HardwareConstraints is { } constraints)
        {
            lines.Add($"  HW_CONSTRAINTS     hardware: {string.Join(", ", constraints.HardwareRequired)}; model memory <= {constraints.MaxMemoryFootprintMegabytes} MB");
        }

        if (results.MLModel is { } model)
        {
            lines.Add($"  ML_MODEL           {model.Model} {model.ExtraData}");
        }

        if (results.HardwareResource is { } hw)
        {
            lines.Add(Invariant($"  HW_RESOURCES       {hw.HardwareDescription}: power {hw.PowerConsumptionWatts:G6} W, latency {hw.LatencyMilliseconds:G6} ms, model memory {hw.MemoryFootprintOfMLModelMegabytes:G6} MB (roofline estimate of the built-in HW Resources node, docs/catalogs.md)"));
        }

        if (results.CO2Footprint is { } co2)
        {
            lines.Add(Invariant($"  CARBON_FOOTPRINT   {co2.CarbonFootprintGrams:G6} g CO2e per inference = {co2.EnergyConsumptionKilowattHours:G6} kWh (device energy x PUE) x {co2.CarbonIntensityGramsPerKilowattHour:G6} g CO2e/kWh (given by --intensity)"));
            lines.Add($"                     {co2.ExtraData}");
        }

        foreach (var (node, status) in results.Errors)
        {
            lines.Add($"  {SustainMLNames.NodeName(node)} error: {status.ErrorDescription}");
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
