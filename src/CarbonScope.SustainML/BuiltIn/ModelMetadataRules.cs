using System.Collections.Frozen;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>One row of the goal table: a goal (Hugging Face pipeline name), the modality it belongs to, and the words that select it.</summary>
/// <param name="Goal">The goal, as the model catalog names it (<c>object-detection</c>).</param>
/// <param name="Modality">The modality (<c>image</c>, <c>text</c>, <c>audio</c>).</param>
/// <param name="Words">The words of the problem text that select this goal (lower case, whole words).</param>
public sealed record GoalRule(string Goal, string Modality, IReadOnlyList<string> Words);

/// <summary>
/// The ML Model Metadata node's rules: a goal and keywords from the modality and the problem text, by a fixed table
/// (<see cref="Rules"/>); <c>extra_data.goal</c> wins. Deterministic; documented in <c>docs/sustainml.md</c>.
/// </summary>
public static class ModelMetadataRules
{
    /// <summary>The goal table, in priority order: within a modality, the first goal with a word in the text wins.</summary>
    public static IReadOnlyList<GoalRule> Rules { get; } =
    [
        new("object-detection", "image", ["detect", "detection", "detector", "detecting", "locate", "localise", "localize", "localisation", "localization", "bounding", "yolo"]),
        new("image-classification", "image", ["classify", "classification", "classifier", "recognise", "recognize", "recognition", "categorise", "categorize", "image", "images", "photo", "photos", "picture", "pictures"]),
        new("translation", "text", ["translate", "translation", "translator", "translating"]),
        new("text-generation", "text", ["generate", "generation", "generative", "chat", "chatbot", "assistant", "summarise", "summarize", "summary", "write", "writing", "completion", "answer", "answering"]),
        new("text-classification", "text", ["classify", "classification", "classifier", "sentiment", "spam", "topic", "intent", "categorise", "categorize"]),
        new("automatic-speech-recognition", "audio", ["transcribe", "transcription", "speech", "dictation", "subtitle", "subtitles", "spoken"]),
    ];

    // Every word of the goal table.
    private static readonly FrozenSet<string> s_vocabulary = Rules.SelectMany(r => r.Words).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The modalities and the words read as each (the first word is the canonical name).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ModalityNames { get; } =
    [
        ["audio", "speech", "sound", "voice"],
        ["image", "images", "vision", "video", "picture", "photo"],
        ["text", "nlp", "language", "document", "documents"],
    ];

    /// <summary>The goal used for a modality when no word of the text selects one.</summary>
    public static string DefaultGoal(string modality) => modality switch
    {
        "image" => "image-classification",
        "text" => "text-classification",
        "audio" => "automatic-speech-recognition",
        _ => "",
    };

    /// <summary>The canonical modality of <paramref name="modality"/> (case-insensitive), or null when unknown.</summary>
    public static string? NormaliseModality(string? modality)
    {
        var text = modality?.Trim().ToLowerInvariant();
        foreach (var names in ModalityNames)
        {
            if (text is not null && names.Contains(text))
            {
                return names[0];
            }
        }

        return null;
    }

    /// <summary>The goals of a modality (unknown: every goal), in table order.</summary>
    public static IReadOnlyList<string> GoalsOf(string? modality)
    {
        var canonical = NormaliseModality(modality);
        return [.. Rules.Where(r => canonical is null || r.Modality == canonical).Select(r => r.Goal).Distinct()];
    }

    /// <summary>Fills <paramref name="output"/>: <c>ml_model_metadata</c> = [goal] (empty when none), <c>keywords</c> = the table words found in the text.</summary>
    /// <remarks>
    /// Text = <c>problem_short_description</c> + <c>problem_definition</c>, lower-cased and split into words at
    /// anything not a letter or digit. Goal: <c>extra_data.goal</c> when it is a non-empty string; else, among the rules
    /// of the modality (all rules when the modality is unknown), the first with a word in the text; else the modality's
    /// default (none for an unknown modality). Keywords: the canonical modality (when known), then every word of the
    /// text that is in any rule's list, each once, in the order of the text.
    /// </remarks>
    public static void Apply(UserInput input, MLModelMetadata output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var (goal, keywords) = Infer(input.Modality, input.ProblemShortDescription + " " + input.ProblemDefinition, input.ExtraData.GetString("goal"));
        output.Metadata = goal.Length > 0 ? [goal] : [];
        output.Keywords = keywords;
    }

    /// <summary>The goal and keywords for a modality, a problem text and an optional goal that wins.</summary>
    public static (string Goal, IReadOnlyList<string> Keywords) Infer(string? modality, string? text, string? explicitGoal = null)
    {
        var canonical = NormaliseModality(modality);
        var words = Words(text ?? "");
        var keywords = new List<string>();
        if (canonical is not null)
        {
            keywords.Add(canonical);
        }

        foreach (var word in words)
        {
            if (s_vocabulary.Contains(word) && !keywords.Contains(word))
            {
                keywords.Add(word);
            }
        }

        if (!string.IsNullOrWhiteSpace(explicitGoal))
        {
            return (explicitGoal.Trim(), keywords);
        }

        var wordSet = words.ToHashSet(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            if ((canonical is null || rule.Modality == canonical) && rule.Words.Any(wordSet.Contains))
            {
                return (rule.Goal, keywords);
            }
        }

        return (canonical is null ? "" : DefaultGoal(canonical), keywords);
    }

    /// <summary>Answers <c>modality</c> (<c>{"modality": "audio, image, text"}</c>) and <c>problem_from_modality, &lt;m&gt;</c> (<c>{"problem_from_modality": "goal, goal"}</c>); null for anything else.</summary>
    public static string? AnswerConfiguration(string? command)
    {
        var parts = ConfigurationCommand.Split(command);
        if (parts is ["modality"])
        {
            return JsonText.ObjectText(w => w.WriteString("modality", string.Join(", ", ModalityNames.Select(n => n[0]))));
        }

        if (parts is ["problem_from_modality", var modality] && NormaliseModality(modality) is { } canonical)
        {
            return JsonText.ObjectText(w => w.WriteString("problem_from_modality", string.Join(", ", GoalsOf(canonical))));
        }

        return null;
    }

    private static List<string> Words(string text)
    {
        var result = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                result.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return result;
    }
}

/// <summary>Splits a SustainML configuration command (<c>model_from_goal, text-generation, NVIDIA T4, Transformers</c>) at commas.</summary>
internal static class ConfigurationCommand
{
    public static string[] Split(string? command) =>
        [.. (command ?? "").Split(',').Select(p => p.Trim())];
}
