namespace CarbonScope.SustainML.Nodes;

/// <summary>The Carbon Footprint node: for a model, the user input and the hardware, the energy and carbon footprint.</summary>
/// <remarks>
/// Inputs, in callback order: MLModel; UserInput; HardwareResource. Output: <see cref="CO2Footprint"/>. Node id
/// <see cref="SustainML.NodeId.CarbonFootprint"/>. Written the way the seed templates are:
/// <c>new CarbonFootprintNode(callback: (mlModel, userInput, hardwareResource, status, carbonFootprint) => ..., configurationCallback: (req, res) => ...)</c>, then <c>await node.RunAsync(ct)</c>.
/// The built-in behaviour of this node is not part of the framework.
/// </remarks>
public sealed class CarbonFootprintNode : ThreeInputNode<MLModel, UserInput, HardwareResource, CO2Footprint>
{
    /// <summary>A node whose callback fills the output synchronously.</summary>
    /// <param name="callback">Receives the inputs, the status (see <see cref="NodeCallback{TOutput}"/>) and the output to fill.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public CarbonFootprintNode(Action<MLModel, UserInput, HardwareResource, NodeStatus, CO2Footprint> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.CarbonFootprint, callback, configurationCallback, options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    /// <param name="callback">Receives the inputs, the status, the output to fill, and a token cancelled when the node stops.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public CarbonFootprintNode(Func<MLModel, UserInput, HardwareResource, NodeStatus, CO2Footprint, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.CarbonFootprint, callback, configurationCallback, options)
    {
    }
}
