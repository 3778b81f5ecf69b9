using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>Small JSON helpers of the built-in nodes (no reflection).</summary>
internal static class JsonText
{
    /// <summary>An <c>extra_data</c> object written by <paramref name="write"/> (between the object's braces).</summary>
    public static ExtraData Object(Action<Utf8JsonWriter> write) => ExtraData.FromUtf8(ObjectUtf8(write));

    /// <summary>A JSON object's text written by <paramref name="write"/> (between the object's braces).</summary>
    public static string ObjectText(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(ObjectUtf8(write));

    private static byte[] ObjectUtf8(Action<Utf8JsonWriter> write) =>
        // Relaxed escaping keeps names such as 'Intel Xeon Platinum 8480+' and '<=' readable in the JSON text.
        SustainMLJson.WriteToUtf8Bytes(
            writer =>
            {
                writer.WriteStartObject();
                write(writer);
                writer.WriteEndObject();
            },
            new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary><c>{"error": "&lt;message&gt;"}</c>.</summary>
    public static ExtraData Error(string message) => Object(w => w.WriteString("error", message));

    /// <summary>A string, or each string of an array, of a top-level key; numbers are written invariantly. Absent: empty.</summary>
    public static List<string> Strings(ExtraData data, string key)
    {
        var result = new List<string>();
        if (!data.TryGetProperty(key, out var value))
        {
            return result;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (Scalar(item) is { } text && text.Length > 0)
                {
                    result.Add(text);
                }
            }
        }
        else if (Scalar(value) is { } text && text.Length > 0)
        {
            result.Add(text);
        }

        return result;
    }

    /// <summary>The first of <paramref name="keys"/> that holds a non-empty string.</summary>
    public static string? FirstString(ExtraData data, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (data.TryGetProperty(key, out var value) && Scalar(value) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()?.Trim(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };

    /// <summary>A non-negative whole number from a JSON number or numeric string, or null.</summary>
    public static uint? UInt32(ExtraData data, string key)
    {
        if (!data.TryGetProperty(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && real >= 0 && real <= uint.MaxValue)
        {
            return (uint)Math.Floor(real);
        }

        return value.ValueKind == JsonValueKind.String
            && uint.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number) ? number : null;
    }
}
