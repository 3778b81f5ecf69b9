namespace CarbonScope.SustainML.Nodes;

/// <summary>The App Requirements node: from the user input, the application's requirements.</summary>
/// <remarks>
/// Inputs, in callback order: UserInput. Output: <see cref="AppRequirements"/>. Node id
/// <see cref="SustainML.NodeId.AppRequirements"/>. Written the way the seed templates are:
/// <c>new AppRequirementsNode(callback: (userInput, status, appRequirements) => ..., configurationCallback: (req, res) => ...)</c>, then <c>await node.RunAsync(ct)</c>.
/// The built-in behaviour of this node is not part of the framework.
/// </remarks>
public sealed class AppRequirementsNode : UserInputNode<AppRequirements>
{
    /// <summary>A node whose callback fills the output synchronously.</summary>
    /// <param name="callback">Receives the inputs, the status (see <see cref="NodeCallback{TOutput}"/>) and the output to fill.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public AppRequirementsNode(Action<UserInput, NodeStatus, AppRequirements> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.AppRequirements, callback, configurationCallback, options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    /// <param name="callback">Receives the inputs, the status, the output to fill, and a token cancelled when the node stops.</param>
    /// <param name="configurationCallback">Answers configuration requests; <see langword="null"/> answers "unsupported".</param>
    /// <param name="options">Transport, parallelism, logging; <see langword="null"/> for the defaults.</param>
    public AppRequirementsNode(Func<UserInput, NodeStatus, AppRequirements, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback = null, NodeOptions? options = null)
        : base(SustainML.NodeId.AppRequirements, callback, configurationCallback, options)
    {
    }
}
