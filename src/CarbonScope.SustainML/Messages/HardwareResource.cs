using System.Text.Json;
using CarbonScope.Units;

namespace CarbonScope.SustainML;

/// <summary>The hardware chosen for the model and its estimated behaviour there (IDL <c>HWResource</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class HardwareResource : ITaskMessage, ISustainMLMessage<HardwareResource>
{
    /// <inheritdoc/>
    public static string TopicName => "HWResource";

    /// <summary>The task the message belongs to (JSON <c>task_id</c>).</summary>
    public TaskId TaskId { get; set; }

    /// <summary>The hardware (JSON name <c>hw_description</c>).</summary>
    public string HardwareDescription { get; set; } = "";

    /// <summary>The power drawn, in watts (JSON name <c>power_consumption</c>).</summary>
    public double PowerConsumptionWatts { get; set; }

    /// <summary>The latency, in milliseconds (JSON name <c>latency</c>; the seeds' unit).</summary>
    public double LatencyMilliseconds { get; set; }

    /// <summary>The model's memory footprint, in megabytes (JSON name <c>memory_footprint_of_ml_model</c>).</summary>
    public double MemoryFootprintOfMLModelMegabytes { get; set; }

    /// <summary>The hardware's memory, in megabytes (JSON name <c>max_hw_memory_footprint</c>).</summary>
    public double MaxHardwareMemoryFootprintMegabytes { get; set; }

    /// <summary>The <c>extra_data</c> object (JSON object; the IDL carries it as UTF-8 bytes).</summary>
    public ExtraData ExtraData { get; set; } = ExtraData.Empty;

    /// <summary><see cref="PowerConsumptionWatts"/> as a <see cref="Power"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite (only when setting).</exception>
    public Power PowerConsumption
    {
        get => Power.FromWatts(PowerConsumptionWatts);
        set => PowerConsumptionWatts = value.Watts;
    }

    /// <summary><see cref="LatencyMilliseconds"/> as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromMilliseconds(LatencyMilliseconds);
        set => LatencyMilliseconds = value.TotalMilliseconds;
    }

    /// <inheritdoc/>
    public static HardwareResource ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new HardwareResource
        {
            TaskId = fields.OptionalTaskId(),
            HardwareDescription = fields.String("hw_description"),
            PowerConsumptionWatts = fields.Double("power_consumption"),
            LatencyMilliseconds = fields.Double("latency"),
            MemoryFootprintOfMLModelMegabytes = fields.Double("memory_footprint_of_ml_model"),
            MaxHardwareMemoryFootprintMegabytes = fields.Double("max_hw_memory_footprint"),
            ExtraData = fields.OptionalExtraData(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SustainMLJson.WriteTaskId(writer, TaskId);
        writer.WriteString("hw_description", HardwareDescription);
        writer.WriteNumber("power_consumption", PowerConsumptionWatts);
        writer.WriteNumber("latency", LatencyMilliseconds);
        writer.WriteNumber("memory_footprint_of_ml_model", MemoryFootprintOfMLModelMegabytes);
        writer.WriteNumber("max_hw_memory_footprint", MaxHardwareMemoryFootprintMegabytes);
        SustainMLJson.WriteExtraData(writer, ExtraData, redactSecrets);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
