using System.Globalization;

namespace CarbonScope.Scheduling;

/// <summary>
/// A question about an intensity series that the series cannot answer: part of the interval has no data, or no window
/// or schedule of the asked length fits in the data. <see cref="MissingFrom"/>/<see cref="MissingTo"/> name the first
/// uncovered part when there is one.
/// </summary>
public sealed class SeriesCoverageException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public SeriesCoverageException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SeriesCoverageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SeriesCoverageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an uncovered part [<paramref name="missingFrom"/>, <paramref name="missingTo"/>).</summary>
    public SeriesCoverageException(DateTimeOffset missingFrom, DateTimeOffset missingTo)
        : base($"no data for {Format(missingFrom)} to {FormatEnd(missingFrom, missingTo)}")
    {
        MissingFrom = missingFrom;
        MissingTo = missingTo;
    }

    /// <summary>Start of the first uncovered part, when the problem is one.</summary>
    public DateTimeOffset? MissingFrom { get; }

    /// <summary>End (exclusive) of the first uncovered part, when the problem is one.</summary>
    public DateTimeOffset? MissingTo { get; }

    /// <summary>An instant as <c>2025-01-01T03:00Z</c> (seconds only when not zero).</summary>
    public static string Format(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return utc.ToString(utc.Second != 0 || utc.Millisecond != 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A duration as <c>2h</c>, <c>1h30m</c>, <c>45s</c>: the form <c>--duration</c> takes.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new System.Text.StringBuilder();
        if ((long)duration.TotalDays is > 0 and var days && duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return days.ToString(CultureInfo.InvariantCulture) + "d";
        }

        if ((long)duration.TotalHours is > 0 and var hours)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (duration.Minutes > 0)
        {
            text.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (duration.Seconds > 0 || duration.Milliseconds > 0 || text.Length == 0)
        {
            text.Append((duration.Seconds + (duration.Milliseconds / 1000.0)).ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }

    private static string FormatEnd(DateTimeOffset start, DateTimeOffset end)
    {
        var (s, e) = (start.UtcDateTime, end.UtcDateTime);
        if (s.Date != e.Date)
        {
            return Format(end);
        }

        return e.ToString(e.Second != 0 || e.Millisecond != 0 ? "HH:mm:ss'Z'" : "HH:mm'Z'", CultureInfo.InvariantCulture);
    }
}
