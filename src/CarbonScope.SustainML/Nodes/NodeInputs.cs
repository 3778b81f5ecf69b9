namespace CarbonScope.SustainML.Nodes;

/// <summary>The inputs of one task, in the order the node declared them.</summary>
public sealed class NodeInputs
{
    private readonly ITaskMessage?[] _messages;

    internal NodeInputs(TaskId taskId, ITaskMessage?[] messages)
    {
        TaskId = taskId;
        _messages = messages;
    }

    /// <summary>The task these inputs belong to.</summary>
    public TaskId TaskId { get; }

    /// <summary>How many inputs the node declared.</summary>
    public int Count => _messages.Length;

    /// <summary>A required input.</summary>
    /// <exception cref="InvalidOperationException">The input at <paramref name="index"/> is absent (a baseline) or of another type.</exception>
    public T Get<T>(int index)
        where T : class, ITaskMessage =>
        GetOptional<T>(index) ?? throw new InvalidOperationException($"Input {index} of task {TaskId} is absent.");

    /// <summary>An input that may be absent (a previous-iteration baseline).</summary>
    /// <exception cref="InvalidOperationException">The input at <paramref name="index"/> is of another type.</exception>
    public T? GetOptional<T>(int index)
        where T : class, ITaskMessage => _messages[index] switch
        {
            null => null,
            T message => message,
            var other => throw new InvalidOperationException($"Input {index} is a {other.GetType().Name}, not a {typeof(T).Name}."),
        };
}
