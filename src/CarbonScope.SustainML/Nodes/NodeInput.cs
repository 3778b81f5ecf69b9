using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Nodes;

/// <summary>One declared input of a node: a message type, and whether it is joined on the same task id or is a baseline.</summary>
/// <remarks>
/// A <see cref="SameTask{T}"/> input is required: the node fires for task t once every such input of t has arrived.
/// A <see cref="PreviousIteration{T}"/> input is a baseline: when the node fires for {p, i}, it gets the message of
/// {p, i - 1} if that has arrived by then, else <see langword="null"/> (always <see langword="null"/> for iteration 1);
/// it never holds a task back.
/// </remarks>
public abstract class NodeInput
{
    private protected NodeInput(bool isBaseline) => IsBaseline = isBaseline;

    /// <summary>The message type.</summary>
    public abstract Type MessageType { get; }

    /// <summary>The message type's topic name (the IDL type name).</summary>
    public abstract string TopicName { get; }

    /// <summary>Whether this is a previous-iteration baseline rather than a same-task input.</summary>
    public bool IsBaseline { get; }

    /// <summary>A required input joined on the task id.</summary>
    public static NodeInput SameTask<T>()
        where T : class, ITaskMessage, ISustainMLMessage<T> => new NodeInput<T>(isBaseline: false);

    /// <summary>An optional baseline: the message of the previous iteration of the same problem.</summary>
    public static NodeInput PreviousIteration<T>()
        where T : class, ITaskMessage, ISustainMLMessage<T> => new NodeInput<T>(isBaseline: true);

    /// <summary>Subscribes (synchronously) and returns the loop that hands each message to <paramref name="deliver"/>.</summary>
    internal abstract InputPump Open(ITransport transport, int index, Action<int, ITaskMessage> deliver);

    internal abstract class InputPump : IDisposable
    {
        public abstract Task RunAsync(CancellationToken cancellationToken);

        public abstract void Dispose();
    }
}

internal sealed class NodeInput<T>(bool isBaseline) : NodeInput(isBaseline)
    where T : class, ITaskMessage, ISustainMLMessage<T>
{
    public override Type MessageType => typeof(T);

    public override string TopicName => T.TopicName;

    internal override InputPump Open(ITransport transport, int index, Action<int, ITaskMessage> deliver) =>
        new Pump(transport.Subscribe<T>(), index, deliver);

    private sealed class Pump(ISubscription<T> subscription, int index, Action<int, ITaskMessage> deliver) : InputPump
    {
        public override async Task RunAsync(CancellationToken cancellationToken)
        {
            await foreach (var message in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                deliver(index, message);
            }
        }

        public override void Dispose() => subscription.Dispose();
    }
}
