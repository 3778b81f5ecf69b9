using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement.Hardware;
using CarbonScope.SustainML.Nodes;
using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Logging;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>What the built-in nodes use: catalogs, the roofline assumptions, the intensity source, and how they run.</summary>
public sealed class BuiltInOptions
{
    /// <summary>The model catalog; default <see cref="ModelCatalog.Default"/>.</summary>
    public ModelCatalog? Models { get; set; }

    /// <summary>The hardware catalog; default <see cref="HardwareCatalog.Default"/>.</summary>
    public HardwareCatalog? Hardware { get; set; }

    /// <summary>The roofline assumptions; default <see cref="RooflineOptions.Default"/>.</summary>
    public RooflineOptions? Roofline { get; set; }

    /// <summary>Where a country's intensity comes from (an <see cref="IntensityService"/> for live data); default the embedded averages.</summary>
    public ICarbonIntensitySource? IntensitySource { get; set; }

    /// <summary>The embedded averages for the continent and world fallbacks; default <see cref="EmbeddedIntensity.Default"/>.</summary>
    public EmbeddedIntensity? EmbeddedIntensity { get; set; }

    /// <summary>The clock (nodes' pending-task timeouts and the live intensity interval); default the system's.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>How many tasks each node runs at once (default 4).</summary>
    public int MaxDegreeOfParallelism { get; set; } = 4;

    /// <summary>Where the nodes log; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

/// <summary>The six built-in SustainML nodes, each the framework's node class wired with the built-in rules.</summary>
public sealed class BuiltInNodes
{
    private BuiltInNodes(AppRequirementsNode appRequirements, MLModelMetadataNode metadata, HardwareConstraintsNode constraints,
        MLModelNode model, HardwareResourcesNode resources, CarbonFootprintNode carbon)
    {
        AppRequirements = appRequirements;
        MLModelMetadata = metadata;
        HardwareConstraints = constraints;
        MLModel = model;
        HardwareResources = resources;
        CarbonFootprint = carbon;
    }

    /// <summary>The App Requirements node (<see cref="AppRequirementsRules"/>; configuration: unsupported).</summary>
    public AppRequirementsNode AppRequirements { get; }

    /// <summary>The ML Model Metadata node (<see cref="ModelMetadataRules"/>; answers <c>modality</c>, <c>problem_from_modality</c>).</summary>
    public MLModelMetadataNode MLModelMetadata { get; }

    /// <summary>The Hardware-Constraints node (<see cref="HardwareConstraintsRules"/>; configuration: unsupported).</summary>
    public HardwareConstraintsNode HardwareConstraints { get; }

    /// <summary>The ML Model provider (<see cref="ModelProvider"/>, with the previous iteration's model and footprint as baselines; answers <c>model_from_goal</c>).</summary>
    public MLModelNode MLModel { get; }

    /// <summary>The Hardware-Resources node (<see cref="HardwareResourcesEstimator"/>; answers <c>hardwares</c>).</summary>
    public HardwareResourcesNode HardwareResources { get; }

    /// <summary>The Carbon Footprint node (<see cref="CarbonFootprintCalculator"/>; configuration: unsupported).</summary>
    public CarbonFootprintNode CarbonFootprint { get; }

    /// <summary>Creates the six nodes on <paramref name="transport"/> (not yet running: <see cref="RunAsync(CancellationToken)"/>).</summary>
    public static BuiltInNodes Create(ITransport transport, BuiltInOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        options ??= new BuiltInOptions();
        NodeOptions NodeOptions() => new()
        {
            Transport = transport,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
            TimeProvider = options.TimeProvider,
            LoggerFactory = options.LoggerFactory,
        };

        var provider = new ModelProvider(options.Models, options.Hardware, options.Roofline);
        var estimator = new HardwareResourcesEstimator(options.Models, options.Hardware, options.Roofline);
        var calculator = new CarbonFootprintCalculator(options.IntensitySource, options.EmbeddedIntensity, options.TimeProvider);

        return new BuiltInNodes(
            new AppRequirementsNode((input, _, output) => AppRequirementsRules.Apply(input, output), null, NodeOptions()),
            new MLModelMetadataNode((input, _, output) => ModelMetadataRules.Apply(input, output), Answer(ModelMetadataRules.AnswerConfiguration), NodeOptions()),
            new HardwareConstraintsNode((input, _, output) => HardwareConstraintsRules.Apply(input, output), null, NodeOptions()),
            new MLModelNode((metadata, requirements, constraints, previousModel, _, previousFootprint, _, output) => provider.Apply(metadata, requirements, constraints, output, previousModel, previousFootprint), Answer(provider.AnswerConfiguration), NodeOptions()),
            new HardwareResourcesNode((model, requirements, constraints, _, output) => estimator.Apply(model, requirements, constraints, output), Answer(estimator.AnswerConfiguration), NodeOptions()),
            new CarbonFootprintNode((model, input, hardware, _, output, ct) => calculator.ApplyAsync(model, input, hardware, output, ct), null, NodeOptions()));
    }

    /// <summary>Runs the six nodes until <paramref name="cancellationToken"/> is cancelled; each has subscribed when this returns its task.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => RunAsync([], cancellationToken);

    /// <summary>
    /// Runs the built-in nodes but those in <paramref name="except"/> until <paramref name="cancellationToken"/> is
    /// cancelled, so that nodes of your own take their place on the transport (e.g. a <see cref="CarbonFootprintNode"/>
    /// with your callback in place of <see cref="NodeId.CarbonFootprint"/>); each has subscribed when this returns its task.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="except"/> holds an id that is no built-in node (e.g. the orchestrator's).</exception>
    public Task RunAsync(IReadOnlyCollection<NodeId> except, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(except);
        (NodeId Id, Func<CancellationToken, Task> Run)[] nodes =
        [
            (NodeId.AppRequirements, AppRequirements.RunAsync),
            (NodeId.MLModelMetadata, MLModelMetadata.RunAsync),
            (NodeId.HardwareConstraints, HardwareConstraints.RunAsync),
            (NodeId.MLModel, MLModel.RunAsync),
            (NodeId.HardwareResources, HardwareResources.RunAsync),
            (NodeId.CarbonFootprint, CarbonFootprint.RunAsync),
        ];
        foreach (var id in except)
        {
            if (!nodes.Any(n => n.Id == id))
            {
                throw new ArgumentOutOfRangeException(nameof(except), id, $"{id} is not a built-in node.");
            }
        }

        // Started here, in order, before the caller gets the task: each has subscribed by then.
        var running = nodes.Where(n => !except.Contains(n.Id)).Select(n => n.Run(cancellationToken)).ToList();
        return Task.WhenAll(running);
    }

    // A command the rules answer: success; anything else keeps the framework's "unsupported" response.
    private static ConfigurationCallback Answer(Func<string?, string?> rules) => (request, response) =>
    {
        if (rules(request.Configuration) is { } json)
        {
            response.Success = true;
            response.ErrorCode = ErrorCode.NoError;
            response.Configuration = json;
        }
    };
}
