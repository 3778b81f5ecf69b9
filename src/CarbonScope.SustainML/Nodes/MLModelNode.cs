namespace CarbonScope.SustainML.Nodes;

/// <summary>The ML Model (provider) node: from the metadata, requirements and constraints of a task, and the previous iteration's model, hardware and footprint as baselines, a model.</summary>
/// <remarks>
/// Inputs, in callback order: MLModelMetadata; AppRequirements; HardwareConstraints; MLModel (previous iteration, may be null); HardwareResource (previous iteration, may be null); CO2Footprint (previous iteration, may be null). Output: <see cref="MLModel"/>. Node id
/// <see cref="SustainML.NodeId.MLModel"/>. Written the way the seed templates are:
/// <c>new MLModelNode(callback: (metadata, appRequirements, hardwareConstraints, modelBaseline, hardwareBaseline, carbonFootprintBaseline, status, model) => ..., configurationCallback: (req, res) => ...)</c>, then <c>await node.RunAsync(ct)</c>.
/// The built-in behaviour of this node is not part of the framework.
/// </remarks>
public sealed class MLModelNode : Node<MLModel>
{
    /// <summary>A node whose callback fills the output synchronously.</summary>
    /// <param name="callback">Receives the inputs, the status (see <see cref="NodeCallback{TOutput}"/>) and the output to fill.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public MLModelNode(Action<MLModelMetadata, AppRequirements, HardwareConstraints, MLModel?, HardwareResource?, CO2Footprint?, NodeStatus, MLModel> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(
            (int)SustainML.NodeId.MLModel,
            SustainMLNames.NodeName(SustainML.NodeId.MLModel),
            s_inputs,
            Wrap(callback),
            configurationCallback,
            options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    /// <param name="callback">Receives the inputs, the status, the output to fill, and a token cancelled when the node stops.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public MLModelNode(Func<MLModelMetadata, AppRequirements, HardwareConstraints, MLModel?, HardwareResource?, CO2Footprint?, NodeStatus, MLModel, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(
            (int)SustainML.NodeId.MLModel,
            SustainMLNames.NodeName(SustainML.NodeId.MLModel),
            s_inputs,
            Wrap(callback),
            configurationCallback,
            options)
    {
    }

    private static readonly NodeInput[] s_inputs =
    [
        NodeInput.SameTask<MLModelMetadata>(),
        NodeInput.SameTask<AppRequirements>(),
        NodeInput.SameTask<HardwareConstraints>(),
        NodeInput.PreviousIteration<MLModel>(),
        NodeInput.PreviousIteration<HardwareResource>(),
        NodeInput.PreviousIteration<CO2Footprint>(),
    ];

    private static NodeCallback<MLModel> Wrap(Action<MLModelMetadata, AppRequirements, HardwareConstraints, MLModel?, HardwareResource?, CO2Footprint?, NodeStatus, MLModel> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (inputs, status, output, _) =>
        {
            callback(inputs.Get<MLModelMetadata>(0), inputs.Get<AppRequirements>(1), inputs.Get<HardwareConstraints>(2), inputs.GetOptional<MLModel>(3), inputs.GetOptional<HardwareResource>(4), inputs.GetOptional<CO2Footprint>(5), status, output);
            return ValueTask.CompletedTask;
        };
    }

    private static NodeCallback<MLModel> Wrap(Func<MLModelMetadata, AppRequirements, HardwareConstraints, MLModel?, HardwareResource?, CO2Footprint?, NodeStatus, MLModel, CancellationToken, ValueTask> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (inputs, status, output, cancellationToken) => callback(inputs.Get<MLModelMetadata>(0), inputs.Get<AppRequirements>(1), inputs.Get<HardwareConstraints>(2), inputs.GetOptional<MLModel>(3), inputs.GetOptional<HardwareResource>(4), inputs.GetOptional<CO2Footprint>(5), status, output, cancellationToken);
    }
}
