using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>Reads and writes SustainML messages as JSON with the IDL's field names (snake_case), without reflection.</summary>
/// <remarks>
/// Reading: unknown fields are ignored; <c>task_id</c> may be absent (then <c>{0, 0}</c>, "not assigned"),
/// <c>extra_data</c> may be absent (then <c>{}</c>); every other IDL field is required (see docs/sustainml.md).
/// Writing: every field; enums as their IDL names; <c>raw_model</c> as base64.
/// </remarks>
public static class SustainMLJson
{
    /// <summary>Reads a message from JSON text.</summary>
    /// <exception cref="SustainMLJsonException">The text is not JSON, or a field is missing or has the wrong type.</exception>
    public static T Parse<T>(string json)
        where T : ISustainMLMessage<T>
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse<T>(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a message from UTF-8 JSON.</summary>
    /// <exception cref="SustainMLJsonException">The text is not JSON, or a field is missing or has the wrong type.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json)
        where T : ISustainMLMessage<T>
    {
        var root = ParseValue(utf8Json, null, $"A {T.TopicName} must be one JSON object; text follows it.", $"The {T.TopicName} is not valid JSON");
        return T.ReadFrom(root);
    }

    /// <summary>Reads one JSON value with nothing after it; errors name <paramref name="field"/> and never quote the text.</summary>
    /// <param name="utf8Json">The text.</param>
    /// <param name="field">The field the errors name (null: the whole text).</param>
    /// <param name="trailingTextMessage">The message when text follows the value.</param>
    /// <param name="notJsonMessage">The message when the text is not JSON; the position and a full stop are appended.</param>
    internal static JsonElement ParseValue(ReadOnlySpan<byte> utf8Json, string? field, string trailingTextMessage, string notJsonMessage)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            var root = JsonElement.ParseValue(ref reader);
            return reader.Read() ? throw new SustainMLJsonException(field, trailingTextMessage) : root;
        }
        catch (JsonException e) when (e is not SustainMLJsonException)
        {
            // The reader's message may quote part of the text (which may hold a secret): only the position is kept.
            throw new SustainMLJsonException(field, notJsonMessage + ExtraData.JsonPosition(e) + ".");
        }
    }

    /// <summary>Writes a message as compact JSON text.</summary>
    /// <param name="message">The message.</param>
    /// <param name="redactSecrets">Whether secrets in <c>extra_data</c> are replaced by <c>"***"</c> (the default; pass
    /// <see langword="false"/> only to hand the message to the next node, never to answer a user or to log).</param>
    public static string Serialize(ISustainMLMessage message, bool redactSecrets = true) =>
        Encoding.UTF8.GetString(SerializeToUtf8Bytes(message, redactSecrets));

    /// <summary>Writes a message as compact UTF-8 JSON.</summary>
    /// <param name="message">The message.</param>
    /// <param name="redactSecrets">Whether secrets in <c>extra_data</c> are replaced by <c>"***"</c>.</param>
    public static byte[] SerializeToUtf8Bytes(ISustainMLMessage message, bool redactSecrets = true)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WriteToUtf8Bytes(writer => message.WriteTo(writer, redactSecrets));
    }

    /// <summary>What <paramref name="write"/> writes, as compact UTF-8 JSON.</summary>
    internal static byte[] WriteToUtf8Bytes(Action<Utf8JsonWriter> write, JsonWriterOptions options = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static void WriteTaskId(Utf8JsonWriter writer, TaskId taskId)
    {
        writer.WriteStartObject("task_id");
        writer.WriteNumber("problem_id", taskId.ProblemId);
        writer.WriteNumber("iteration_id", taskId.IterationId);
        writer.WriteEndObject();
    }

    internal static void WriteExtraData(Utf8JsonWriter writer, ExtraData extraData, bool redactSecrets)
    {
        writer.WritePropertyName("extra_data");
        extraData.WriteTo(writer, redactSecrets);
    }

    internal static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
