using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>A SustainML message in JSON that cannot be read: malformed JSON, a missing field, a field of the wrong type.</summary>
/// <remarks>
/// <see cref="Field"/> names the offending field by its JSON name (<c>minimum_samples</c>, <c>task_id.problem_id</c>),
/// or is <see langword="null"/> when the text is not JSON at all. The message never quotes the value of a field,
/// so secrets such as <c>hf_token</c> cannot leak through it. The REST layer maps this exception to 400.
/// </remarks>
#pragma warning disable CA1032 // One constructor on purpose: every instance names its field (or says the text is not JSON).
public sealed class SustainMLJsonException : JsonException
#pragma warning restore CA1032
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The JSON name of the field (dotted for nested fields), or <see langword="null"/> for malformed JSON.</param>
    /// <param name="message">What is wrong, in a sentence that names the field.</param>
    public SustainMLJsonException(string? field, string message)
        : base(message, field is null ? "$" : "$." + field, lineNumber: null, bytePositionInLine: null)
    {
        Field = field;
    }

    /// <summary>The JSON name of the offending field, or <see langword="null"/> when the text is not valid JSON.</summary>
    public string? Field { get; }
}
