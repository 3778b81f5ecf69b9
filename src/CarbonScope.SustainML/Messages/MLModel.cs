using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>The model the ML model provider proposes (IDL <c>MLModel</c>); <c>NO_MODEL</c> in <see cref="Model"/> means none fits.</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class MLModel : ITaskMessage, ISustainMLMessage<MLModel>
{
    /// <inheritdoc/>
    public static string TopicName => "MLModel";

    /// <summary>What <see cref="Model"/> holds when no model fits the problem.</summary>
    public const string NoModel = "NO_MODEL";

    /// <summary>The task the message belongs to (JSON <c>task_id</c>).</summary>
    public TaskId TaskId { get; set; }

    /// <summary>Where the model is.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The model's name; <c>NO_MODEL</c> when no model fits.</summary>
    public string Model { get; set; } = "";

    /// <summary>The model itself, when sent inline (JSON: base64; optional).</summary>
    public ReadOnlyMemory<byte> RawModel { get; set; }

    /// <summary>Where the model's properties are.</summary>
    public string ModelPropertiesPath { get; set; } = "";

    /// <summary>The model's properties.</summary>
    public string ModelProperties { get; set; } = "";

    /// <summary>An input batch for the model.</summary>
    public IReadOnlyList<string> InputBatch { get; set; } = [];

    /// <summary>The target latency in milliseconds (JSON name <c>target_latency</c>).</summary>
    public double TargetLatencyMilliseconds { get; set; }

    /// <summary>The <c>extra_data</c> object (JSON object; the IDL carries it as UTF-8 bytes).</summary>
    public ExtraData ExtraData { get; set; } = ExtraData.Empty;

    /// <inheritdoc/>
    public static MLModel ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new MLModel
        {
            TaskId = fields.OptionalTaskId(),
            ModelPath = fields.String("model_path"),
            Model = fields.String("model"),
            RawModel = fields.OptionalBytes("raw_model"),
            ModelPropertiesPath = fields.String("model_properties_path"),
            ModelProperties = fields.String("model_properties"),
            InputBatch = fields.Strings("input_batch"),
            TargetLatencyMilliseconds = fields.Double("target_latency"),
            ExtraData = fields.OptionalExtraData(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SustainMLJson.WriteTaskId(writer, TaskId);
        writer.WriteString("model_path", ModelPath);
        writer.WriteString("model", Model);
        writer.WriteBase64String("raw_model", RawModel.Span);
        writer.WriteString("model_properties_path", ModelPropertiesPath);
        writer.WriteString("model_properties", ModelProperties);
        SustainMLJson.WriteStrings(writer, "input_batch", InputBatch);
        writer.WriteNumber("target_latency", TargetLatencyMilliseconds);
        SustainMLJson.WriteExtraData(writer, ExtraData, redactSecrets);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
