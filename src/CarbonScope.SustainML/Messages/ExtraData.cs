using System.Text;
using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>The <c>extra_data</c> of a SustainML message: a JSON object (the IDL carries it as UTF-8 bytes).</summary>
/// <remarks>
/// Immutable: it holds a private copy of the object. <see cref="Empty"/> is <c>{}</c>.
/// Keys that name secrets (<c>hf_token</c>, and any key containing <c>token</c>, <c>secret</c>, <c>password</c>,
/// <c>api_key</c>, <c>apikey</c> or <c>credential</c>, at any depth) are replaced by <c>"***"</c> in
/// <see cref="ToString"/> and in <see cref="ToJson(bool)"/> unless the caller asks for them.
/// </remarks>
public sealed class ExtraData : IEquatable<ExtraData>
{
    /// <summary>What a secret's value is replaced with.</summary>
    public const string RedactedValue = "***";

    private static readonly string[] s_secretKeyParts = ["token", "secret", "password", "passwd", "api_key", "apikey", "credential"];

    private readonly JsonElement _root;

    private ExtraData(JsonElement root) => _root = root;

    /// <summary>The empty object, <c>{}</c>.</summary>
    public static ExtraData Empty { get; } = Parse("{}");

    /// <summary>The object (a read-only element; its document lives as long as this instance).</summary>
    public JsonElement Root => _root;

    /// <summary>Whether the object has no properties.</summary>
    public bool IsEmpty
    {
        get
        {
            using var properties = _root.EnumerateObject();
            return !properties.MoveNext();
        }
    }

    /// <summary>Reads an <c>extra_data</c> object from JSON text.</summary>
    /// <exception cref="SustainMLJsonException">The text is not JSON, or not a JSON object.</exception>
    public static ExtraData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromUtf8(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads an <c>extra_data</c> object from UTF-8 JSON (the IDL's <c>bytes</c>); empty bytes are <c>{}</c>.</summary>
    /// <exception cref="SustainMLJsonException">The bytes are not JSON, or not a JSON object.</exception>
    public static ExtraData FromUtf8(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return Empty;
        }

        return FromElement(SustainMLJson.ParseValue(
            utf8Json, "extra_data", "Field 'extra_data' must hold one JSON object; text follows it.", "Field 'extra_data' is not valid JSON"));
    }

    /// <summary>Wraps a JSON object (the element is copied).</summary>
    /// <exception cref="SustainMLJsonException">The element is not a JSON object.</exception>
    public static ExtraData FromElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SustainMLJsonException("extra_data", $"Field 'extra_data' must be a JSON object, not {Describe(element.ValueKind)}.");
        }

        return new ExtraData(element.Clone());
    }

    /// <summary>The value of a top-level key, if present.</summary>
    public bool TryGetProperty(string key, out JsonElement value) => _root.TryGetProperty(key, out value);

    /// <summary>The string value of a top-level key, or <see langword="null"/> when absent or not a string.</summary>
    public string? GetString(string key) =>
        _root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether a key names a secret whose value must never be logged or echoed.</summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var part in s_secretKeyParts)
        {
            if (key.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The object as UTF-8 JSON (what the IDL's <c>bytes</c> carry), secrets included: for transports, never for logs.</summary>
    public byte[] ToUtf8Bytes() => SustainMLJson.WriteToUtf8Bytes(writer => WriteTo(writer, redactSecrets: false));

    /// <summary>The object as compact JSON text.</summary>
    /// <param name="redactSecrets">Whether to replace the values of secret keys by <see cref="RedactedValue"/>.</param>
    public string ToJson(bool redactSecrets = true) =>
        Encoding.UTF8.GetString(SustainMLJson.WriteToUtf8Bytes(writer => WriteTo(writer, redactSecrets)));

    /// <summary>Writes the object.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="redactSecrets">Whether to replace the values of secret keys by <see cref="RedactedValue"/>.</param>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (redactSecrets)
        {
            WriteRedacted(writer, _root);
        }
        else
        {
            _root.WriteTo(writer);
        }
    }

    /// <summary>The object as compact JSON with secrets redacted: safe to log.</summary>
    public override string ToString() => ToJson(redactSecrets: true);

    /// <inheritdoc/>
    public bool Equals(ExtraData? other) => other is not null && JsonElement.DeepEquals(_root, other._root);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ExtraData);

    /// <inheritdoc/>
    public override int GetHashCode() => _root.GetPropertyCount();

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    internal static string JsonPosition(JsonException e) =>
        e.LineNumber is { } line && e.BytePositionInLine is { } position ? $" (line {line + 1}, byte {position + 1})" : "";

    private static void WriteRedacted(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (IsSecretKey(property.Name))
                    {
                        writer.WriteStringValue(RedactedValue);
                    }
                    else
                    {
                        WriteRedacted(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRedacted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
