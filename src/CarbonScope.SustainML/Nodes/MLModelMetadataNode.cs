namespace CarbonScope.SustainML.Nodes;

/// <summary>The ML Model Metadata node: from the user input, keywords and model metadata.</summary>
/// <remarks>
/// Inputs, in callback order: UserInput. Output: <see cref="MLModelMetadata"/>. Node id
/// <see cref="SustainML.NodeId.MLModelMetadata"/>. Written the way the seed templates are:
/// <c>new MLModelMetadataNode(callback: (userInput, status, metadata) => ..., configurationCallback: (req, res) => ...)</c>, then <c>await node.RunAsync(ct)</c>.
/// The built-in behaviour of this node is not part of the framework.
/// </remarks>
public sealed class MLModelMetadataNode : UserInputNode<MLModelMetadata>
{
    /// <summary>A node whose callback fills the output synchronously.</summary>
    /// <param name="callback">Receives the inputs, the status (see <see cref="NodeCallback{TOutput}"/>) and the output to fill.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public MLModelMetadataNode(Action<UserInput, NodeStatus, MLModelMetadata> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.MLModelMetadata, callback, configurationCallback, options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    /// <param name="callback">Receives the inputs, the status, the output to fill, and a token cancelled when the node stops.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public MLModelMetadataNode(Func<UserInput, NodeStatus, MLModelMetadata, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.MLModelMetadata, callback, configurationCallback, options)
    {
    }
}
