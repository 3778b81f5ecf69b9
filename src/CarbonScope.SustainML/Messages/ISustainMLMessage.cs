using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>A SustainML message that writes itself as JSON with the IDL's field names.</summary>
public interface ISustainMLMessage
{
    /// <summary>Writes the message as one JSON object.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="redactSecrets">Whether secrets in <c>extra_data</c> (e.g. <c>hf_token</c>) are replaced by <c>"***"</c>.</param>
    void WriteTo(Utf8JsonWriter writer, bool redactSecrets);
}

/// <summary>A SustainML message type: its topic name and how to read it from JSON (no reflection).</summary>
/// <typeparam name="TSelf">The message type.</typeparam>
public interface ISustainMLMessage<TSelf> : ISustainMLMessage
    where TSelf : ISustainMLMessage<TSelf>
{
    /// <summary>The name of the topic the message travels on (the IDL type name; a distributed transport uses it).</summary>
    static abstract string TopicName { get; }

    /// <summary>Reads the message from a JSON object.</summary>
    /// <exception cref="SustainMLJsonException">A field is missing or has the wrong type, or the element is not an object.</exception>
    static abstract TSelf ReadFrom(JsonElement element);
}

/// <summary>A message that belongs to one task (every pipeline message except status, control and configuration).</summary>
public interface ITaskMessage : ISustainMLMessage
{
    /// <summary>The task the message belongs to.</summary>
    TaskId TaskId { get; set; }

    /// <summary>The message's <c>extra_data</c> object.</summary>
    ExtraData ExtraData { get; set; }
}
