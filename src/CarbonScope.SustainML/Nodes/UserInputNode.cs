namespace CarbonScope.SustainML.Nodes;

/// <summary>
/// The base of the three nodes that read only the user input (App Requirements, ML Model Metadata, HW Constraints):
/// their template-style constructors, for a synchronous or an asynchronous callback.
/// </summary>
/// <typeparam name="TOutput">The node's output message.</typeparam>
public abstract class UserInputNode<TOutput> : Node<TOutput>
    where TOutput : class, ITaskMessage, ISustainMLMessage<TOutput>, new()
{
    private static readonly NodeInput[] s_inputs =
    [
        NodeInput.SameTask<UserInput>(),
    ];

    /// <summary>A node whose callback fills the output synchronously.</summary>
    private protected UserInputNode(NodeId node, Action<UserInput, NodeStatus, TOutput> callback, ConfigurationCallback? configurationCallback, NodeOptions? options)
        : base((int)node, SustainMLNames.NodeName(node), s_inputs, Wrap(callback), configurationCallback, options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    private protected UserInputNode(NodeId node, Func<UserInput, NodeStatus, TOutput, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback, NodeOptions? options)
        : base((int)node, SustainMLNames.NodeName(node), s_inputs, Wrap(callback), configurationCallback, options)
    {
    }

    private static NodeCallback<TOutput> Wrap(Action<UserInput, NodeStatus, TOutput> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (inputs, status, output, _) =>
        {
            callback(inputs.Get<UserInput>(0), status, output);
            return ValueTask.CompletedTask;
        };
    }

    private static NodeCallback<TOutput> Wrap(Func<UserInput, NodeStatus, TOutput, CancellationToken, ValueTask> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (inputs, status, output, cancellationToken) => callback(inputs.Get<UserInput>(0), status, output, cancellationToken);
    }
}
