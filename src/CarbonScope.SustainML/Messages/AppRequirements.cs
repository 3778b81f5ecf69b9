using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>The application's requirements (IDL <c>AppRequirements</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class AppRequirements : ITaskMessage, ISustainMLMessage<AppRequirements>
{
    /// <inheritdoc/>
    public static string TopicName => "AppRequirements";

    /// <summary>The task the message belongs to (JSON <c>task_id</c>).</summary>
    public TaskId TaskId { get; set; }

    /// <summary>The requirements (JSON name <c>app_requirements</c>).</summary>
    public IReadOnlyList<string> Requirements { get; set; } = [];

    /// <summary>The <c>extra_data</c> object (JSON object; the IDL carries it as UTF-8 bytes).</summary>
    public ExtraData ExtraData { get; set; } = ExtraData.Empty;

    /// <inheritdoc/>
    public static AppRequirements ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new AppRequirements
        {
            TaskId = fields.OptionalTaskId(),
            Requirements = fields.Strings("app_requirements"),
            ExtraData = fields.OptionalExtraData(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SustainMLJson.WriteTaskId(writer, TaskId);
        SustainMLJson.WriteStrings(writer, "app_requirements", Requirements);
        SustainMLJson.WriteExtraData(writer, ExtraData, redactSecrets);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
