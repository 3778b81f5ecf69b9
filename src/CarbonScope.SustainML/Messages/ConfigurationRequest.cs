using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>A configuration request to one node (IDL <c>RequestType</c>), routed by <see cref="NodeId"/>.</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class ConfigurationRequest : ISustainMLMessage<ConfigurationRequest>
{
    /// <inheritdoc/>
    public static string TopicName => "RequestType";

    /// <summary>The number of the node it is for (see <see cref="SustainML.NodeId"/>).</summary>
    public int NodeId { get; set; }

    /// <summary>Pairs the response with the request.</summary>
    public int TransactionId { get; set; }

    /// <summary>The request, e.g. <c>model_from_goal</c>.</summary>
    public string Configuration { get; set; } = "";

    /// <inheritdoc/>
    public static ConfigurationRequest ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new ConfigurationRequest
        {
            NodeId = fields.Int32("node_id"),
            TransactionId = fields.Int32("transaction_id"),
            Configuration = fields.String("configuration"),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("node_id", NodeId);
        writer.WriteNumber("transaction_id", TransactionId);
        writer.WriteString("configuration", Configuration);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
