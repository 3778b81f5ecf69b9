using System.Globalization;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>
/// The App Requirements node's rules: requirements from the user's <c>extra_data</c>, the fields of the user input and
/// the problem text, as short strings, in a fixed order. Deterministic; documented in <c>docs/sustainml.md</c>.
/// </summary>
public static class AppRequirementsRules
{
    /// <summary>The phrases of the problem text that add a requirement: (words, any of which adds it; the requirement).</summary>
    public static IReadOnlyList<(IReadOnlyList<string> Words, string Requirement)> TextRules { get; } =
    [
        (["real-time", "realtime", "real time", "low latency", "low-latency", "fast", "live"], "low latency"),
        (["edge", "embedded", "mobile", "on-device", "on device", "smartphone", "iot", "microcontroller"], "runs on an edge device"),
        (["accurate", "accuracy", "precise", "precision", "high quality"], "high accuracy"),
        (["privacy", "private", "gdpr", "confidential"], "privacy: data stays on premises"),
        (["offline", "no internet", "without internet"], "works offline"),
        (["explainable", "explainability", "interpretable", "interpretability"], "explainable"),
    ];

    /// <summary>Fills <c>app_requirements</c> of <paramref name="output"/>.</summary>
    /// <remarks>
    /// In this order, each requirement once: every string of <c>extra_data.app_requirements</c> (a string or an array),
    /// <c>metric: &lt;m&gt;</c> for <c>extra_data.metric</c>; <c>inputs: a, b</c> and <c>outputs: c</c> when set;
    /// <c>samples: min-max</c> when either bound is set; <c>carbon footprint &lt;= X g CO2e</c> when
    /// <c>desired_carbon_footprint</c> &gt; 0; <c>optimize carbon footprint automatically</c> / <c>manually</c> for the
    /// two flags; then one requirement per row of <see cref="TextRules"/> whose phrase occurs in the problem text
    /// (short description and definition, case-insensitive, whole words).
    /// </remarks>
    public static void Apply(UserInput input, AppRequirements output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var result = new List<string>();
        void Add(string requirement)
        {
            if (!result.Contains(requirement, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(requirement);
            }
        }

        foreach (var requirement in JsonText.Strings(input.ExtraData, "app_requirements"))
        {
            Add(requirement);
        }

        if (input.ExtraData.GetString("metric") is { Length: > 0 } metric)
        {
            Add("metric: " + metric.Trim());
        }

        if (input.Inputs.Count > 0)
        {
            Add("inputs: " + string.Join(", ", input.Inputs));
        }

        if (input.Outputs.Count > 0)
        {
            Add("outputs: " + string.Join(", ", input.Outputs));
        }

        if (input.MinimumSamples > 0 || input.MaximumSamples > 0)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"samples: {input.MinimumSamples}-{input.MaximumSamples}"));
        }

        if (input.DesiredCarbonFootprintGrams > 0)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"carbon footprint <= {input.DesiredCarbonFootprintGrams} g CO2e"));
        }

        if (input.OptimizeCarbonFootprintAuto)
        {
            Add("optimize carbon footprint automatically");
        }

        if (input.OptimizeCarbonFootprintManual)
        {
            Add("optimize carbon footprint manually");
        }

        var text = Normalise(input.ProblemShortDescription + " " + input.ProblemDefinition);
        for (var i = 0; i < s_paddedTextRules.Length; i++)
        {
            foreach (var phrase in s_paddedTextRules[i])
            {
                if (text.Contains(phrase, StringComparison.Ordinal))
                {
                    Add(TextRules[i].Requirement);
                    break;
                }
            }
        }

        output.Requirements = result;
    }

    // The phrases of TextRules between spaces (" real time "), to find whole words in the normalised text.
    private static readonly string[][] s_paddedTextRules = [.. TextRules.Select(rule => rule.Words.Select(w => " " + w + " ").ToArray())];

    // Lower case; every character that is not a letter, a digit or a hyphen becomes a space; runs of spaces collapse;
    // with one space before and after, so that every word is between spaces.
    private static string Normalise(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 2).Append(' ');
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (char.IsLetterOrDigit(lower) || lower == '-')
            {
                builder.Append(lower);
            }
            else if (builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        if (builder[^1] != ' ')
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }
}
