using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CarbonScope.Storage;

/// <summary>The command of a run as a JSON array of strings (<c>["python","train.py","--epochs","3"]</c>), without reflection.</summary>
internal static class CommandJson
{
    internal static string Write(IReadOnlyList<string> command)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps non-ASCII arguments readable in the sqlite3 shell; the text is never embedded in HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var argument in command)
            {
                writer.WriteStringValue(argument);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; null when the text is not a JSON array of strings.</summary>
    internal static string[]? TryRead(string json)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            var arguments = new List<string>();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        arguments.Add(reader.GetString()!);
                        break;
                    case JsonTokenType.EndArray:
                        return reader.Read() ? null : [.. arguments];
                    default:
                        return null;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
