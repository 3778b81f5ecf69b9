using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>The status of a node for one task (IDL <c>NodeStatus</c>; keyed by <c>node_name</c> and <c>task_id</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class NodeStatus : ISustainMLMessage<NodeStatus>
{
    /// <inheritdoc/>
    public static string TopicName => "NodeStatus";

    /// <summary>The node's status (JSON name <c>node_status</c>).</summary>
    public NodeState State { get; set; }

    /// <summary>The task's status at this node (JSON name <c>task_status</c>).</summary>
    public TaskState TaskState { get; set; }

    /// <summary>The error code.</summary>
    public ErrorCode ErrorCode { get; set; }

    /// <summary>What went wrong, or empty.</summary>
    public string ErrorDescription { get; set; } = "";

    /// <summary>The node's participant name, e.g. <c>CARBON_FOOTPRINT_NODE</c>.</summary>
    public string NodeName { get; set; } = "";

    /// <summary>The task, or <c>{0, 0}</c> for a status not about a task.</summary>
    public TaskId TaskId { get; set; }

    /// <inheritdoc/>
    public static NodeStatus ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new NodeStatus
        {
            State = fields.Enum<NodeState>("node_status", SustainMLNames.Name),
            TaskState = fields.Enum<TaskState>("task_status", SustainMLNames.Name),
            ErrorCode = fields.Enum<ErrorCode>("error_code", SustainMLNames.Name),
            ErrorDescription = fields.String("error_description"),
            NodeName = fields.String("node_name"),
            TaskId = fields.OptionalTaskId(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("node_status", SustainMLNames.Name(State));
        writer.WriteString("task_status", SustainMLNames.Name(TaskState));
        writer.WriteString("error_code", SustainMLNames.Name(ErrorCode));
        writer.WriteString("error_description", ErrorDescription);
        writer.WriteString("node_name", NodeName);
        SustainMLJson.WriteTaskId(writer, TaskId);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
