namespace CarbonScope.SustainML.Transport;

/// <summary>Carries SustainML messages between nodes: one topic per message type, every subscriber gets every message.</summary>
/// <remarks>
/// The seam between the node framework and the engine underneath. <see cref="InProcessTransport"/> is the embedded
/// default; a distributed implementation (DDS, the engine SustainML uses) maps each message type to the topic named
/// <c>T.TopicName</c> and serialises with <see cref="ISustainMLMessage.WriteTo"/> / <c>T.ReadFrom</c> (secrets kept,
/// since the next node needs them). Delivery is like DDS's volatile durability: a subscriber gets the messages
/// published after it subscribed, in publication order per publisher, and none before.
/// </remarks>
public interface ITransport
{
    /// <summary>Publishes a message to every current subscriber of its type.</summary>
    /// <exception cref="ObjectDisposedException">The transport has been disposed.</exception>
    ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : class, ISustainMLMessage<T>;

    /// <summary>Subscribes to the messages of one type. The subscription is in place when this returns.</summary>
    /// <exception cref="ObjectDisposedException">The transport has been disposed.</exception>
    ISubscription<T> Subscribe<T>()
        where T : class, ISustainMLMessage<T>;
}

/// <summary>One subscriber's stream of the messages of one type. Disposing it ends the stream.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface ISubscription<T> : IDisposable
    where T : class
{
    /// <summary>The messages as they arrive; ends when the subscription or the transport is disposed.</summary>
    /// <remarks>Read by one reader at a time. Received messages may be shared with other subscribers: treat them as read-only.</remarks>
    IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default);
}
