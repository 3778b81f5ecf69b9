using CarbonScope.SustainML.Nodes;
using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Tests;

/// <summary>What the node tests share: a transport of their own, a stop token guarded by a timeout, publishing and node options.</summary>
public abstract class NodeTestBase : IDisposable
{
    protected InProcessTransport Transport { get; } = new();

    protected CancellationTokenSource Stop { get; } = CancellationTokenSource.CreateLinkedTokenSource(TestMessages.Timeout());

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Stop.Cancel();
            Stop.Dispose();
            Transport.Dispose();
        }
    }

    protected ValueTask Publish<T>(T message)
        where T : class, ISustainMLMessage<T> => Transport.PublishAsync(message, Stop.Token);

    protected NodeOptions Options(int parallelism = 4) => new() { Transport = Transport, MaxDegreeOfParallelism = parallelism };
}
