namespace CarbonScope.Grid;

/// <summary>
/// Infers the country of a machine from its IANA time zone (<c>Europe/Paris</c> → FR), offline, from the tz
/// database's <c>zone.tab</c> and links (<c>Grid/Data/timezone-country.csv</c>, built by <c>data/build_tables.py</c>).
/// </summary>
/// <remarks>
/// A time zone is not a grid zone: it is a guess at the country, wrong for a machine set to another country's clock
/// (servers in UTC, travellers) and blind to grid zones within a country. <c>UTC</c>, <c>Etc/*</c> and unknown ids
/// give no country. The table is loaded on first use; thread-safe.
/// </remarks>
public static class TimeZoneCountry
{
    private const string ResourceName = "CarbonScope.Grid.Data.timezone-country.csv";
    private const string Header = "time_zone,country,kind";
    private const string ZoneInfoDirectory = "/zoneinfo/";

    private static readonly Lazy<Table> s_table = new(LoadEmbedded);

    /// <summary>The table's leading comment: source (tzdata version), corrections, what is left out.</summary>
    public static string Provenance => s_table.Value.Provenance;

    /// <summary>Every time zone id in the table, with its country's alpha-2 code.</summary>
    internal static IReadOnlyDictionary<string, string> Zones => s_table.Value.ByZone;

    /// <summary>The ISO 3166-1 alpha-2 code of the country of an IANA time zone id, or null (UTC, Etc/*, unknown, null).</summary>
    /// <param name="timeZoneId">An IANA id such as <c>Europe/Paris</c> or an alias such as <c>US/Eastern</c>; case-insensitive.</param>
    public static string? Infer(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return null;
        }

        return s_table.Value.ByZone.GetValueOrDefault(timeZoneId.Trim());
    }

    /// <summary>This machine's time zone id: <c>TZ</c> if set, else <see cref="TimeZoneInfo.Local"/> (IANA on Linux).</summary>
    public static string? MachineTimeZoneId() => MachineTimeZoneId(Environment.GetEnvironmentVariable, SystemTimeZoneId);

    /// <summary>
    /// The machine's time zone id, from an injectable environment: the <c>TZ</c> variable when set (a leading <c>:</c>
    /// removed; a path under a <c>zoneinfo</c> directory, e.g. <c>/usr/share/zoneinfo/Europe/Berlin</c>, gives its id;
    /// empty means UTC, as in POSIX), else the system's zone.
    /// </summary>
    /// <param name="getEnvironmentVariable">Reads an environment variable (null when unset).</param>
    /// <param name="systemTimeZoneId">The system's time zone id, asked only when <c>TZ</c> does not name one.</param>
    /// <returns>The id, or null when none is known. Not necessarily an IANA id (a POSIX <c>TZ</c> rule is returned as given).</returns>
    public static string? MachineTimeZoneId(Func<string, string?> getEnvironmentVariable, Func<string?> systemTimeZoneId)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(systemTimeZoneId);
        var tz = getEnvironmentVariable("TZ");
        if (tz is not null)
        {
            var id = tz.Trim();
            if (id.StartsWith(':'))
            {
                id = id[1..];
            }

            if (id.Length == 0)
            {
                return "UTC";
            }

            if (id[0] != '/')
            {
                return id;
            }

            var marker = id.LastIndexOf(ZoneInfoDirectory, StringComparison.Ordinal);
            if (marker >= 0)
            {
                id = id[(marker + ZoneInfoDirectory.Length)..];
                if (id.StartsWith("posix/", StringComparison.Ordinal) || id.StartsWith("right/", StringComparison.Ordinal))
                {
                    id = id[6..];
                }

                if (id.Length > 0)
                {
                    return id;
                }
            }

            // Another file (TZ=:/etc/localtime is a common setting): the system resolves it.
        }

        var system = systemTimeZoneId();
        return string.IsNullOrWhiteSpace(system) ? null : system.Trim();
    }

    private static string? SystemTimeZoneId()
    {
        var local = TimeZoneInfo.Local;
        if (local.HasIanaId)
        {
            return local.Id;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(local.Id, out var iana) ? iana : local.Id;
    }

    private static Table LoadEmbedded()
    {
        var csv = EmbeddedCsv.LoadResource(ResourceName, "time zone", Header);
        var byZone = new Dictionary<string, string>(csv.Rows.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (line, fields) in csv.Rows)
        {
            if (fields[0].Length == 0 || fields[1].Length != 2 || !byZone.TryAdd(fields[0], fields[1]))
            {
                throw new InvalidOperationException($"The embedded time zone table is malformed: line {line}: '{string.Join(',', fields)}'.");
            }
        }

        return new Table(byZone, csv.Provenance);
    }

    private sealed record Table(Dictionary<string, string> ByZone, string Provenance);
}
