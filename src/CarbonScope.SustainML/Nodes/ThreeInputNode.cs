namespace CarbonScope.SustainML.Nodes;

/// <summary>
/// The base of the nodes that join three inputs of the same task (HW Resources, Carbon Footprint): their template-style
/// constructors, for a synchronous or an asynchronous callback that receives the inputs in order.
/// </summary>
/// <typeparam name="T1">The first input.</typeparam>
/// <typeparam name="T2">The second input.</typeparam>
/// <typeparam name="T3">The third input.</typeparam>
/// <typeparam name="TOutput">The node's output message.</typeparam>
public abstract class ThreeInputNode<T1, T2, T3, TOutput> : Node<TOutput>
    where T1 : class, ITaskMessage, ISustainMLMessage<T1>, new()
    where T2 : class, ITaskMessage, ISustainMLMessage<T2>, new()
    where T3 : class, ITaskMessage, ISustainMLMessage<T3>, new()
    where TOutput : class, ITaskMessage, ISustainMLMessage<TOutput>, new()
{
    private static readonly NodeInput[] s_inputs =
    [
        NodeInput.SameTask<T1>(),
        NodeInput.SameTask<T2>(),
        NodeInput.SameTask<T3>(),
    ];

    /// <summary>A node whose callback fills the output synchronously.</summary>
    private protected ThreeInputNode(NodeId node, Action<T1, T2, T3, NodeStatus, TOutput> callback, ConfigurationCallback? configurationCallback, NodeOptions? options)
        : base((int)node, SustainMLNames.NodeName(node), s_inputs, Wrap(callback), configurationCallback, options)
    {
    }

    /// <summary>A node whose callback is asynchronous.</summary>
    private protected ThreeInputNode(NodeId node, Func<T1, T2, T3, NodeStatus, TOutput, CancellationToken, ValueTask> callback, ConfigurationCallback? configurationCallback, NodeOptions? options)
        : base((int)node, SustainMLNames.NodeName(node), s_inputs, Wrap(callback), configurationCallback, options)
    {
    }

    private static NodeCallback<TOutput> Wrap(Action<T1, T2, T3, NodeStatus, TOutput> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (inputs, status, output, _) =>
        {
            callback(inputs.Get<T1>(0), inputs.Get<T2>(1), inputs.Get<T3>(2), status, output);
            return ValueTask.CompletedTask;
        };
    }

    private static NodeCallback<TOutput> Wrap(Func<T1, T2, T3, NodeStatus, TOutput, CancellationToken, ValueTask> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return (inputs, status, output, cancellationToken) => callback(inputs.Get<T1>(0), inputs.Get<T2>(1), inputs.Get<T3>(2), status, output, cancellationToken);
    }
}
