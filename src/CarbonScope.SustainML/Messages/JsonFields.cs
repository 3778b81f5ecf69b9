using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>Reads the fields of one JSON object, throwing <see cref="SustainMLJsonException"/> that names the field.</summary>
internal readonly struct JsonFields
{
    private readonly JsonElement _object;
    private readonly string _prefix;

    private JsonFields(JsonElement element, string prefix)
    {
        _object = element;
        _prefix = prefix;
    }

    /// <summary>The fields of <paramref name="element"/>, which must be an object (a message called <paramref name="typeName"/>).</summary>
    public static JsonFields Of(JsonElement element, string typeName)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SustainMLJsonException(null, $"A {typeName} must be a JSON object, not {ExtraData.Describe(element.ValueKind)}.");
        }

        return new JsonFields(element, "");
    }

    public string String(string name)
    {
        var value = Require(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(name, "a string", value);
    }

    public string[] Strings(string name)
    {
        var value = Require(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array of strings", value);
        }

        var result = new string[value.GetArrayLength()];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new SustainMLJsonException(Path(name), $"Field '{Path(name)}' must be an array of strings; item {index} is {ExtraData.Describe(item.ValueKind)}.");
            }

            result[index++] = item.GetString()!;
        }

        return result;
    }

    public uint UInt32(string name)
    {
        var value = Require(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var number)
            ? number
            : throw WrongType(name, "an integer from 0 to 4294967295", value);
    }

    public int Int32(string name)
    {
        var value = Require(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw WrongType(name, "an integer from -2147483648 to 2147483647", value);
    }

    public double Double(string name)
    {
        var value = Require(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw WrongType(name, "a finite number", value);
    }

    public bool Boolean(string name)
    {
        var value = Require(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "true or false", value),
        };
    }

    /// <summary>Base64 bytes; absent or null is empty.</summary>
    public byte[] OptionalBytes(string name)
    {
        if (!_object.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw WrongType(name, "a base64 string", value);
    }

    /// <summary>An enum written as its IDL name or its number.</summary>
    public TEnum Enum<TEnum>(string name, Func<TEnum, string> idlName)
        where TEnum : struct, System.Enum
    {
        var value = Require(name);
        var values = System.Enum.GetValues<TEnum>();
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString();
            foreach (var candidate in values)
            {
                if (string.Equals(idlName(candidate), text, StringComparison.Ordinal))
                {
                    return candidate;
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            foreach (var candidate in values)
            {
                if (Convert.ToInt32(candidate, System.Globalization.CultureInfo.InvariantCulture) == number)
                {
                    return candidate;
                }
            }
        }

        var names = string.Join(", ", values.Select(idlName));
        throw new SustainMLJsonException(Path(name), $"Field '{Path(name)}' must be one of {names} (or its number).");
    }

    /// <summary>The task id; absent is <c>{0, 0}</c> (not assigned).</summary>
    public TaskId OptionalTaskId()
    {
        if (!_object.TryGetProperty("task_id", out var value))
        {
            return default;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType("task_id", "an object {\"problem_id\", \"iteration_id\"}", value);
        }

        var fields = new JsonFields(value, Path("task_id") + ".");
        return new TaskId(fields.UInt32("problem_id"), fields.UInt32("iteration_id"));
    }

    /// <summary>The <c>extra_data</c> object; absent is <c>{}</c>.</summary>
    public ExtraData OptionalExtraData()
    {
        if (!_object.TryGetProperty("extra_data", out var value))
        {
            return ExtraData.Empty;
        }

        return value.ValueKind == JsonValueKind.Object
            ? ExtraData.FromElement(value)
            : throw WrongType("extra_data", "a JSON object", value);
    }

    private JsonElement Require(string name) =>
        _object.TryGetProperty(name, out var value)
            ? value
            : throw new SustainMLJsonException(Path(name), $"Field '{Path(name)}' is missing.");

    private string Path(string name) => _prefix + name;

    private SustainMLJsonException WrongType(string name, string expected, JsonElement value)
    {
        // A number is quoted (IDL fields hold no secrets; extra_data is never read here); anything else is only described.
        var actual = value.ValueKind == JsonValueKind.Number && value.GetRawText().Length <= 32
            ? value.GetRawText()
            : ExtraData.Describe(value.ValueKind);
        return new(Path(name), $"Field '{Path(name)}' must be {expected}, not {actual}.");
    }
}
