using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CarbonScope.Units;

/// <summary>
/// Durations as users write them on the command line: a number and a unit, <c>200ms</c>, <c>1s</c>, <c>1.5s</c>,
/// <c>5m</c>, <c>2h</c>, <c>1d</c> (invariant culture; one unit per value).
/// </summary>
public static class DurationText
{
    private static readonly (string Unit, double Seconds)[] s_units =
    [
        ("ms", 1e-3),
        ("s", 1),
        ("m", 60),
        ("min", 60),
        ("h", 3600),
        ("d", 86400),
    ];

    /// <summary>Parses a duration such as "200ms", "1s", "5m" or "2h".</summary>
    /// <exception cref="FormatException">The text is not a number followed by ms, s, m, h or d; the message says which.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var error) ? value : throw new FormatException($"'{text}' is not a duration: {error}.");
    }

    /// <summary>Tries to parse a duration; see <see cref="Parse(string)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value) => TryParse(text, out value, out _);

    private static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = default;
        var trimmed = text.AsSpan().Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        if (split == 0 || !double.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = "it should start with a non-negative number, e.g. '200ms', '1s', '5m', '2h'";
            return false;
        }

        var unit = trimmed[split..].Trim();
        foreach (var (name, seconds) in s_units)
        {
            if (unit.SequenceEqual(name))
            {
                var total = number * seconds;
                if (total > TimeSpan.MaxValue.TotalSeconds)
                {
                    error = "it is too long";
                    return false;
                }

                value = TimeSpan.FromSeconds(total);
                error = null;
                return true;
            }
        }

        error = unit.IsEmpty ? "the unit is missing (ms, s, m, h or d), e.g. '1s'" : $"'{unit}' is not a unit of time (ms, s, m, h or d)";
        return false;
    }

    /// <summary>Formats a duration compactly for people: "850 ms", "12.3 s", "4 m 05 s", "2 h 03 m".</summary>
    public static string Format(TimeSpan duration)
    {
        var c = CultureInfo.InvariantCulture;
        return duration.TotalSeconds switch
        {
            < 1 => string.Create(c, $"{duration.TotalMilliseconds:0} ms"),
            < 60 => string.Create(c, $"{duration.TotalSeconds:0.0} s"),
            < 3600 => string.Create(c, $"{(int)duration.TotalMinutes} m {duration.Seconds:00} s"),
            _ => string.Create(c, $"{(int)duration.TotalHours} h {duration.Minutes:00} m"),
        };
    }
}
