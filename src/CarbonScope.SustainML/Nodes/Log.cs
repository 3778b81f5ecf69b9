using Microsoft.Extensions.Logging;

namespace CarbonScope.SustainML.Nodes;

/// <summary>The node framework's log messages. They name nodes and task ids, never message contents (which may hold secrets).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Node {NodeName} started.")]
    public static partial void Started(ILogger logger, string nodeName);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Node {NodeName} stopped.")]
    public static partial void Stopped(ILogger logger, string nodeName);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Node {NodeName}: the callback for task {TaskId} threw {ExceptionType}; the node goes on with other tasks.")]
    public static partial void CallbackFailed(ILogger logger, string nodeName, TaskId taskId, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Node {NodeName}: a {MessageType} without a valid task id was ignored.")]
    public static partial void InvalidTaskId(ILogger logger, string nodeName, string messageType);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Node {NodeName}: the configuration callback threw {ExceptionType} for transaction {TransactionId}.")]
    public static partial void ConfigurationFailed(ILogger logger, string nodeName, int transactionId, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Node {NodeName}: task {TaskId} was given up; its inputs {Missing} did not arrive in time.")]
    public static partial void TaskExpired(ILogger logger, string nodeName, TaskId taskId, string missing);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Node {NodeName}: task {TaskId} done with status {State}.")]
    public static partial void TaskDone(ILogger logger, string nodeName, TaskId taskId, NodeState state);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Node {NodeName}: NodeControl {NodeCommand}/{TaskCommand} for task {TaskId} from {SourceNode}.")]
    public static partial void ControlReceived(ILogger logger, string nodeName, NodeCommand nodeCommand, TaskCommand taskCommand, TaskId taskId, string sourceNode);
}
