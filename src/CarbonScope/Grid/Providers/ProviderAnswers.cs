using System.Text.Json;

namespace CarbonScope.Grid.Providers;

/// <summary>What the HTTP providers share when they read an answer: the base address, required fields, one point per start.</summary>
internal static class ProviderAnswers
{
    /// <summary>The configured base address (or the provider's default), ending in '/' so that relative paths append to it.</summary>
    public static Uri BaseAddress(Uri? configured, Uri fallback)
    {
        var uri = configured ?? fallback;
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>An instant as a query parameter: ISO 8601 in UTC to the second, URL-escaped (<c>2025-03-01T12%3A00%3A00Z</c>).</summary>
    public static string QueryTime(DateTimeOffset time) =>
        Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The field <paramref name="name"/> of an object, of the given kind when one is given.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The field.</param>
    /// <param name="malformed">Makes the failure from what is wrong, e.g. <c>the field 'data' is missing</c>.</param>
    /// <param name="kind">The kind the field must have; null for any.</param>
    public static JsonElement Required(JsonElement element, string name, Func<string, IntensityProviderException> malformed, JsonValueKind? kind = null)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            throw malformed($"the field '{name}' is missing");
        }

        return kind is { } expected && value.ValueKind != expected
            ? throw malformed($"the field '{name}' is not {Describe(expected)}")
            : value;
    }

    /// <summary>The points sorted by start, one per start: of several, the last one given.</summary>
    public static List<IntensityPoint> SortedDistinct(IEnumerable<IntensityPoint> points)
    {
        var byStart = new SortedDictionary<DateTimeOffset, IntensityPoint>();
        foreach (var point in points)
        {
            byStart[point.Start] = point;
        }

        return [.. byStart.Values];
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        _ => "a string",
    };
}
