using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CarbonScope.SustainML.Transport;

/// <summary>The embedded transport: nodes in one process exchange message objects through channels, without serialisation.</summary>
/// <remarks>
/// Each subscription has its own unbounded channel, so a slow node never blocks the publisher or the other nodes.
/// Messages are passed by reference: a subscriber must not modify what it receives. Thread-safe.
/// </remarks>
public sealed class InProcessTransport : ITransport, IDisposable
{
    private readonly ConcurrentDictionary<Type, object> _topics = new();
    private volatile bool _disposed;

    /// <summary>The process-wide transport that nodes use when their options name none (like joining DDS's default domain).</summary>
    public static InProcessTransport Shared { get; } = new();

    /// <inheritdoc/>
    public ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : class, ISustainMLMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_topics.TryGetValue(typeof(T), out var topic))
        {
            ((Topic<T>)topic).Publish(message);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ISubscription<T> Subscribe<T>()
        where T : class, ISustainMLMessage<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var topic = (Topic<T>)_topics.GetOrAdd(typeof(T), static _ => new Topic<T>());
        return topic.Add();
    }

    /// <summary>Ends every subscription; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var topic in _topics.Values)
        {
            ((ITopic)topic).Complete();
        }
    }

    private interface ITopic
    {
        void Complete();
    }

    private sealed class Topic<T> : ITopic
        where T : class
    {
        private readonly Lock _lock = new();
        private Subscription[] _subscribers = [];

        public void Publish(T message)
        {
            // A snapshot: subscribers added or removed meanwhile do not disturb this delivery.
            foreach (var subscriber in Volatile.Read(ref _subscribers))
            {
                subscriber.Channel.Writer.TryWrite(message);
            }
        }

        public Subscription Add()
        {
            var subscription = new Subscription(this);
            lock (_lock)
            {
                _subscribers = [.. _subscribers, subscription];
            }

            return subscription;
        }

        public void Remove(Subscription subscription)
        {
            lock (_lock)
            {
                _subscribers = Array.FindAll(_subscribers, s => s != subscription);
            }

            subscription.Channel.Writer.TryComplete();
        }

        public void Complete()
        {
            Subscription[] subscribers;
            lock (_lock)
            {
                subscribers = _subscribers;
                _subscribers = [];
            }

            foreach (var subscriber in subscribers)
            {
                subscriber.Channel.Writer.TryComplete();
            }
        }

        public sealed class Subscription(Topic<T> topic) : ISubscription<T>
        {
            public Channel<T> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<T>(
                new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

            public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) =>
                Channel.Reader.ReadAllAsync(cancellationToken);

            public void Dispose() => topic.Remove(this);
        }
    }
}
