using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Logging;

namespace CarbonScope.SustainML.Nodes;

/// <summary>How a node is run: its transport, how many tasks it runs at once, where it logs.</summary>
public sealed class NodeOptions
{
    /// <summary>The transport the node subscribes and publishes on.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="InProcessTransport.Shared"/>.</value>
    public ITransport? Transport { get; set; }

    /// <summary>The most callbacks the node runs at once, each for a different task.</summary>
    /// <value>The default value is 4. At least 1.</value>
    public int MaxDegreeOfParallelism { get; set; } = 4;

    /// <summary>How long a task may wait for the rest of its inputs after its first one arrived. A task given up is
    /// dropped and gets an ERROR status naming the missing inputs; this bounds the memory of tasks that never complete.</summary>
    /// <value>The default value is <see langword="null"/>: wait forever. When set, positive.</value>
    public TimeSpan? PendingTaskTimeout { get; set; }

    /// <summary>The clock for <see cref="PendingTaskTimeout"/>.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where the node logs (node name, task id and failures; never message contents).</summary>
    /// <value>The default value is <see langword="null"/>: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; set; }
}
