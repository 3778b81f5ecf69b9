using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>Keywords and metadata the ML model provider chooses from (IDL <c>MLModelMetadata</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class MLModelMetadata : ITaskMessage, ISustainMLMessage<MLModelMetadata>
{
    /// <inheritdoc/>
    public static string TopicName => "MLModelMetadata";

    /// <summary>The task the message belongs to (JSON <c>task_id</c>).</summary>
    public TaskId TaskId { get; set; }

    /// <summary>Keywords of the problem.</summary>
    public IReadOnlyList<string> Keywords { get; set; } = [];

    /// <summary>Metadata of the wanted model (JSON name <c>ml_model_metadata</c>).</summary>
    public IReadOnlyList<string> Metadata { get; set; } = [];

    /// <summary>The <c>extra_data</c> object (JSON object; the IDL carries it as UTF-8 bytes).</summary>
    public ExtraData ExtraData { get; set; } = ExtraData.Empty;

    /// <inheritdoc/>
    public static MLModelMetadata ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new MLModelMetadata
        {
            TaskId = fields.OptionalTaskId(),
            Keywords = fields.Strings("keywords"),
            Metadata = fields.Strings("ml_model_metadata"),
            ExtraData = fields.OptionalExtraData(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SustainMLJson.WriteTaskId(writer, TaskId);
        SustainMLJson.WriteStrings(writer, "keywords", Keywords);
        SustainMLJson.WriteStrings(writer, "ml_model_metadata", Metadata);
        SustainMLJson.WriteExtraData(writer, ExtraData, redactSecrets);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
