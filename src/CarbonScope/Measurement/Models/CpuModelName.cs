using System.Buffers;

namespace CarbonScope.Measurement.Models;

/// <summary>
/// A CPU model name reduced to the words that identify the part, for matching a <c>/proc/cpuinfo</c> model name against
/// the TDP table: lower case; no vendor marks ((R), (TM)), no "CPU", "Processor", "APU", "N-Core", "Nth Gen", no clock
/// frequency after '@', no integrated-graphics suffix ("with Radeon Graphics", "w/ Radeon 780M Graphics"), no vendor word
/// (the vendor is kept apart, stated or implied by the family: Xeon is Intel, EPYC is AMD).
/// </summary>
internal sealed class CpuModelName
{
    private static readonly SearchValues<char> s_marks = SearchValues.Create("(®™");
    private static readonly SearchValues<char> s_frequencyChars = SearchValues.Create("0123456789.");
    private static readonly string[] s_intelFamilies = ["xeon", "core", "pentium", "celeron", "atom", "itanium", "quark"];
    private static readonly string[] s_amdFamilies = ["epyc", "ryzen", "threadripper", "opteron", "athlon", "phenom", "sempron", "turion"];

    private CpuModelName(string[] tokens, string? vendor)
    {
        Tokens = tokens;
        Vendor = vendor;
        Key = string.Join(' ', tokens);
        string? model = null;
        var modelDigits = 0;
        foreach (var token in tokens)
        {
            var digits = CountDigits(token);
            if (digits > modelDigits)
            {
                (model, modelDigits) = (token, digits);
            }
        }

        ModelNumber = model;
    }

    /// <summary>The words that identify the part, in order.</summary>
    public string[] Tokens { get; }

    /// <summary>The words joined by single spaces: two names with the same key name the same part.</summary>
    public string Key { get; }

    /// <summary>"intel", "amd", or null when neither is stated or implied.</summary>
    public string? Vendor { get; }

    /// <summary>The model number: the word with the most digits (the first of equals), e.g. "6248", "8592+", "i7-10700k"; null when no word has a digit.</summary>
    public string? ModelNumber { get; }

    public static bool HasDigit(string token) => CountDigits(token) > 0;

    /// <summary>Whether <paramref name="token"/> is a generation suffix such as "v2", "v4" (Xeon E3/E5/E7).</summary>
    public static bool IsGenerationSuffix(string token) =>
        token.Length >= 2 && token[0] == 'v' && token.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    public static CpuModelName Parse(string name)
    {
        var text = name.ToLowerInvariant();
        if (text.AsSpan().ContainsAny(s_marks))
        {
            text = RemoveMarks(text);
        }

        // Everything after '@' is the clock frequency; everything from "radeon" on names the integrated graphics.
        var cut = text.IndexOf('@', StringComparison.Ordinal);
        var graphicsCut = false;
        if (cut >= 0)
        {
            text = text[..cut];
        }

        var radeon = IndexOfWord(text, "radeon");
        if (radeon >= 0)
        {
            text = text[..radeon];
            graphicsCut = true;
        }

        var raw = text.Split([' ', '\t', '\u00a0', ',', '(', ')', '/', ';', ':', '"'], StringSplitOptions.RemoveEmptyEntries);
        var tokens = new List<string>(raw.Length);
        string? vendor = null;
        for (var i = 0; i < raw.Length; i++)
        {
            var token = raw[i];
            switch (token)
            {
                case "intel":
                case "amd":
                    vendor ??= token;
                    continue;
                case "cpu":
                case "processor":
                case "apu":
                case "ghz":
                case "mhz":
                    continue;
                default:
                    break;
            }

            // "11th gen", "7th gen": the generation is implied by the model number.
            if (IsOrdinal(token) && i + 1 < raw.Length && raw[i + 1] == "gen")
            {
                i++;
                continue;
            }

            // "64-core", "16-cores", "eight-core": the core count is not part of the model.
            if (token.EndsWith("-core", StringComparison.Ordinal) || token.EndsWith("-cores", StringComparison.Ordinal))
            {
                continue;
            }

            // A bare frequency as the model ("xeon 3.06ghz" names the part "xeon 3.06").
            if (token.EndsWith("ghz", StringComparison.Ordinal) || token.EndsWith("mhz", StringComparison.Ordinal))
            {
                var number = token[..^3];
                if (number.Length > 0 && number.AsSpan().IndexOfAnyExcept(s_frequencyChars) < 0)
                {
                    token = number;
                }
            }

            tokens.Add(token);
        }

        if (graphicsCut)
        {
            while (tokens.Count > 0 && tokens[^1] is "with" or "w")
            {
                tokens.RemoveAt(tokens.Count - 1);
            }
        }

        vendor ??= tokens.Exists(t => Array.IndexOf(s_intelFamilies, t) >= 0) ? "intel"
            : tokens.Exists(t => Array.IndexOf(s_amdFamilies, t) >= 0) ? "amd"
            : null;
        return new CpuModelName([.. tokens], vendor);
    }

    /// <summary>Removes (R), (TM), (C), ® and ™; "FX(tm)-8350" becomes "fx-8350", "Core(TM)2 Duo" becomes "core 2 duo".</summary>
    private static string RemoveMarks(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var mark = MarkLength(text, i);
            if (mark > 0)
            {
                var next = i + mark < text.Length ? text[i + mark] : ' ';
                if (next != '-')
                {
                    builder.Append(' ');
                }

                i += mark - 1;
                continue;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    private static int MarkLength(string text, int index)
    {
        var rest = text.AsSpan(index);
        return rest.StartsWith("(tm)") ? 4
            : rest.StartsWith("(r)") || rest.StartsWith("(c)") ? 3
            : rest[0] is '®' or '™' ? 1
            : 0;
    }

    private static int IndexOfWord(string text, string word)
    {
        var start = 0;
        while (true)
        {
            var index = text.IndexOf(word, start, StringComparison.Ordinal);
            if (index < 0)
            {
                return -1;
            }

            if (index == 0 || !char.IsAsciiLetterOrDigit(text[index - 1]))
            {
                return index;
            }

            start = index + word.Length;
        }
    }

    private static bool IsOrdinal(string token)
    {
        if (token.Length < 3)
        {
            return false;
        }

        var suffix = token.AsSpan(token.Length - 2);
        var digits = token.AsSpan(0, token.Length - 2);
        return (suffix is "st" or "nd" or "rd" or "th") && digits.IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static int CountDigits(string token)
    {
        var count = 0;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }
}
