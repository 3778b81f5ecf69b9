using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>The answer to a <see cref="ConfigurationRequest"/> (IDL <c>ResponseType</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class ConfigurationResponse : ISustainMLMessage<ConfigurationResponse>
{
    /// <inheritdoc/>
    public static string TopicName => "ResponseType";

    /// <summary>The number of the node that answers.</summary>
    public int NodeId { get; set; }

    /// <summary>The request's transaction id.</summary>
    public int TransactionId { get; set; }

    /// <summary>Whether the node could answer.</summary>
    public bool Success { get; set; }

    /// <summary>The error code (JSON name <c>err_code</c>).</summary>
    public ErrorCode ErrorCode { get; set; }

    /// <summary>The answer: JSON text.</summary>
    public string Configuration { get; set; } = "";

    /// <inheritdoc/>
    public static ConfigurationResponse ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new ConfigurationResponse
        {
            NodeId = fields.Int32("node_id"),
            TransactionId = fields.Int32("transaction_id"),
            Success = fields.Boolean("success"),
            ErrorCode = fields.Enum<ErrorCode>("err_code", SustainMLNames.Name),
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
        writer.WriteBoolean("success", Success);
        writer.WriteString("err_code", SustainMLNames.Name(ErrorCode));
        writer.WriteString("configuration", Configuration);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
