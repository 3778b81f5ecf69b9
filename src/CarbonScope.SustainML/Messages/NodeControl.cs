using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>A command to a node (IDL <c>NodeControl</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class NodeControl : ISustainMLMessage<NodeControl>
{
    /// <inheritdoc/>
    public static string TopicName => "NodeControl";

    /// <summary>The command to the node (JSON name <c>cmd_node</c>).</summary>
    public NodeCommand NodeCommand { get; set; }

    /// <summary>The command about the task (JSON name <c>cmd_task</c>).</summary>
    public TaskCommand TaskCommand { get; set; }

    /// <summary>The participant name of the node the command is for.</summary>
    public string TargetNode { get; set; } = "";

    /// <summary>The participant name of the sender.</summary>
    public string SourceNode { get; set; } = "";

    /// <summary>The task the command is about.</summary>
    public TaskId TaskId { get; set; }

    /// <inheritdoc/>
    public static NodeControl ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new NodeControl
        {
            NodeCommand = fields.Enum<NodeCommand>("cmd_node", SustainMLNames.Name),
            TaskCommand = fields.Enum<TaskCommand>("cmd_task", SustainMLNames.Name),
            TargetNode = fields.String("target_node"),
            SourceNode = fields.String("source_node"),
            TaskId = fields.OptionalTaskId(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("cmd_node", SustainMLNames.Name(NodeCommand));
        writer.WriteString("cmd_task", SustainMLNames.Name(TaskCommand));
        writer.WriteString("target_node", TargetNode);
        writer.WriteString("source_node", SourceNode);
        SustainMLJson.WriteTaskId(writer, TaskId);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
