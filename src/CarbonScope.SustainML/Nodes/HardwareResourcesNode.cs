namespace CarbonScope.SustainML.Nodes;

/// <summary>The HW Resources node: for a model, the requirements and the constraints, the hardware and its power, latency and memory.</summary>
/// <remarks>
/// Inputs, in callback order: MLModel; AppRequirements; HardwareConstraints. Output: <see cref="HardwareResource"/>. Node id
/// <see cref="SustainML.NodeId.HardwareResources"/>. Written the way the seed templates are:
/// <c>new HardwareResourcesNode(callback: (model, appRequirements, hardwareConstraints, status, hardwareResource) => ..., configurationCallback: (req, res) => ...)</c>, then <c>await node.RunAsync(ct)</c>.
/// The built-in behaviour of this node is not part of the framework.
/// </remarks>
public sealed class HardwareResourcesNode : ThreeInputNode<MLModel, AppRequirements, HardwareConstraints, HardwareResource>
{
    /// <summary>A node whose callback fills the output synchronously.</summary>
    /// <param name="callback">Receives the inputs, the status (see <see cref="NodeCallback{TOutput}"/>) and the output to fill.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public HardwareResourcesNode(Action<MLModel, AppRequirements, HardwareConstraints, NodeStatus, HardwareResource> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.HardwareResources, callback, configurationCallback, options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    /// <param name="callback">Receives the inputs, the status, the output to fill, and a token cancelled when the node stops.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public HardwareResourcesNode(Func<MLModel, AppRequirements, HardwareConstraints, NodeStatus, HardwareResource, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.HardwareResources, callback, configurationCallback, options)
    {
    }
}
