using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>Constraints on the hardware (IDL <c>HWConstraints</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class HardwareConstraints : ITaskMessage, ISustainMLMessage<HardwareConstraints>
{
    /// <inheritdoc/>
    public static string TopicName => "HWConstraints";

    /// <summary>The task the message belongs to (JSON <c>task_id</c>).</summary>
    public TaskId TaskId { get; set; }

    /// <summary>The largest memory footprint allowed, in megabytes (JSON name <c>max_memory_footprint</c>).</summary>
    public uint MaxMemoryFootprintMegabytes { get; set; }

    /// <summary>The hardware the model must run on (e.g. <c>PIM_AI_1chip</c>).</summary>
    public IReadOnlyList<string> HardwareRequired { get; set; } = [];

    /// <summary>The <c>extra_data</c> object (JSON object; the IDL carries it as UTF-8 bytes).</summary>
    public ExtraData ExtraData { get; set; } = ExtraData.Empty;

    /// <inheritdoc/>
    public static HardwareConstraints ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new HardwareConstraints
        {
            TaskId = fields.OptionalTaskId(),
            MaxMemoryFootprintMegabytes = fields.UInt32("max_memory_footprint"),
            HardwareRequired = fields.Strings("hardware_required"),
            ExtraData = fields.OptionalExtraData(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SustainMLJson.WriteTaskId(writer, TaskId);
        writer.WriteNumber("max_memory_footprint", MaxMemoryFootprintMegabytes);
        SustainMLJson.WriteStrings(writer, "hardware_required", HardwareRequired);
        SustainMLJson.WriteExtraData(writer, ExtraData, redactSecrets);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
