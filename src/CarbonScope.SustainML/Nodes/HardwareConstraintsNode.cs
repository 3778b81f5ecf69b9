namespace CarbonScope.SustainML.Nodes;

/// <summary>The HW Constraints node: from the user input, the constraints on the hardware.</summary>
/// <remarks>
/// Inputs, in callback order: UserInput. Output: <see cref="HardwareConstraints"/>. Node id
/// <see cref="SustainML.NodeId.HardwareConstraints"/>. Written the way the seed templates are:
/// <c>new HardwareConstraintsNode(callback: (userInput, status, hardwareConstraints) => ..., configurationCallback: (req, res) => ...)</c>, then <c>await node.RunAsync(ct)</c>.
/// The built-in behaviour of this node is not part of the framework.
/// </remarks>
public sealed class HardwareConstraintsNode : UserInputNode<HardwareConstraints>
{
    /// <summary>A node whose callback fills the output synchronously.</summary>
    /// <param name="callback">Receives the inputs, the status (see <see cref="NodeCallback{TOutput}"/>) and the output to fill.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public HardwareConstraintsNode(Action<UserInput, NodeStatus, HardwareConstraints> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.HardwareConstraints, callback, configurationCallback, options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    /// <param name="callback">Receives the inputs, the status, the output to fill, and a token cancelled when the node stops.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public HardwareConstraintsNode(Func<UserInput, NodeStatus, HardwareConstraints, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.HardwareConstraints, callback, configurationCallback, options)
    {
    }
}
