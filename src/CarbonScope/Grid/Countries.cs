using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CarbonScope.Grid;

/// <summary>
/// Every ISO 3166-1 country (and Kosovo, XK/XKX), and the resolution of what a user types (<c>--country fr</c>,
/// <c>--country KOR</c>) to one of them.
/// </summary>
/// <remarks>
/// The table is embedded in the library (<c>Grid/Data/countries.csv</c>, built by <c>data/build_tables.py</c> from the
/// tz database and Debian iso-codes; see <see cref="Provenance"/>) and loaded on first use. Thread-safe.
/// </remarks>
public static class Countries
{
    /// <summary>The zone key of the world average.</summary>
    public const string WorldCode = "WORLD";

    /// <summary>The prefix of continent zone keys (<c>CONTINENT:EU</c>).</summary>
    public const string ContinentPrefix = "CONTINENT:";

    private const string ResourceName = "CarbonScope.Grid.Data.countries.csv";
    private const string Header = "alpha2,alpha3,name,continent";
    private const int MaxSuggestions = 3;

    private static readonly Lazy<Table> s_table = new(LoadEmbedded);

    /// <summary>The world: accepted wherever a country code is, as <c>WORLD</c>.</summary>
    public static Country World { get; } = new(WorldCode, WorldCode, "World", null);

    /// <summary>Every country in the table (250: ISO 3166-1 and Kosovo), ordered by alpha-2 code; not the world.</summary>
    public static IReadOnlyList<Country> All => s_table.Value.All;

    /// <summary>The table's leading comment: sources, licences, how it was built.</summary>
    public static string Provenance => s_table.Value.Provenance;

    /// <summary>The country with this alpha-2 code (case-insensitive), or null.</summary>
    public static Country? FindAlpha2(string alpha2)
    {
        ArgumentNullException.ThrowIfNull(alpha2);
        return s_table.Value.ByAlpha2.GetValueOrDefault(alpha2.Trim());
    }

    /// <summary>
    /// Resolves user input to a country: an ISO 3166-1 alpha-2 or alpha-3 code, case-insensitive, surrounding white space
    /// ignored, or <c>WORLD</c> (<see cref="World"/>). <c>UK</c> (reserved in ISO 3166-1 for the United Kingdom) is GB.
    /// </summary>
    /// <param name="input">What the user typed.</param>
    /// <param name="country">The country, when resolved.</param>
    /// <param name="error">
    /// Otherwise one line for people, with the closest codes and names:
    /// <c>'FRX' is not a known country or zone code: did you mean FR (France), FRA (France), FRO (Faroe Islands)?</c>
    /// </param>
    public static bool TryResolve(string? input, [NotNullWhen(true)] out Country? country, [NotNullWhen(false)] out string? error)
    {
        if (TryFind(input, out country))
        {
            error = null;
            return true;
        }

        error = UnknownMessage(input, "is not a known country or zone code", null);
        return false;
    }

    /// <summary>Resolves user input to a country, as <see cref="TryResolve"/> does.</summary>
    /// <exception cref="ArgumentException">The input is not a known code; the message is one line with the closest matches.</exception>
    public static Country Resolve(string input)
    {
        if (!TryResolve(input, out var country, out var error))
        {
            throw new ArgumentException(error);
        }

        return country;
    }

    /// <summary>Looks a code up without composing an error.</summary>
    internal static bool TryFind(string? input, [NotNullWhen(true)] out Country? country)
    {
        country = null;
        if (input is null)
        {
            return false;
        }

        var code = input.Trim();
        if (code.Length == 0)
        {
            return false;
        }

        if (code.Equals(WorldCode, StringComparison.OrdinalIgnoreCase))
        {
            country = World;
            return true;
        }

        return s_table.Value.ByCode.TryGetValue(code, out country);
    }

    /// <summary>
    /// The one-line message for input that is no known code: <c>'X' {problem}{detail}: did you mean ...?</c>, or, when
    /// nothing is close, a hint at what is accepted.
    /// </summary>
    internal static string UnknownMessage(string? input, string problem, string? detail)
    {
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return $"no country or zone code given{detail}: use an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA, or WORLD";
        }

        var suggestions = Suggest(text);
        var builder = new StringBuilder();
        builder.Append('\'').Append(text).Append("' ").Append(problem).Append(detail);
        if (suggestions.Count == 0)
        {
            builder.Append(": use an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA, or WORLD");
            return builder.ToString();
        }

        builder.Append(": did you mean ");
        for (var i = 0; i < suggestions.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(suggestions[i].Code).Append(" (").Append(suggestions[i].Name).Append(')');
        }

        return builder.Append('?').ToString();
    }

    /// <summary>
    /// The closest codes to some input, at most three: codes (alpha-2, alpha-3, <c>WORLD</c>) within one edit (optimal
    /// string alignment distance: insertions, deletions, substitutions, adjacent transpositions), names within one edit
    /// per four letters (at most three) or starting with the input; the country of a grid zone's prefix
    /// (<c>DE-LU</c> → DE). Ordered by distance, then the longer common prefix, then alpha-2 before alpha-3, then
    /// alphabetically.
    /// </summary>
    internal static IReadOnlyList<(string Code, string Name)> Suggest(string input)
    {
        var query = input.Trim().ToUpperInvariant();
        var table = s_table.Value;
        var nameLimit = Math.Clamp(query.Length / 4, 1, 3);
        var candidates = new List<Candidate>();

        var dash = query.IndexOfAny(['-', '_', ' ']);
        if (dash > 0 && TryFind(query[..dash], out var prefixCountry))
        {
            var code = dash == 3 ? prefixCountry.Alpha3 : prefixCountry.Alpha2;
            candidates.Add(new Candidate(code, prefixCountry.Name, 0, dash));
        }

        foreach (var country in table.AllWithWorld)
        {
            AddCode(candidates, query, country.Alpha2, country.Name);
            if (country.Alpha3 != country.Alpha2)
            {
                AddCode(candidates, query, country.Alpha3, country.Name);
            }

            var name = country.Name.ToUpperInvariant();
            var distance = EditDistance(query, name, nameLimit);
            if (distance > nameLimit && query.Length >= 3 && name.StartsWith(query, StringComparison.Ordinal))
            {
                distance = 1;
            }

            if (distance <= nameLimit)
            {
                var code = query.Length == 3 ? country.Alpha3 : country.Alpha2;
                candidates.Add(new Candidate(code, country.Name, distance, CommonPrefix(query, name)));
            }
        }

        candidates.Sort(static (a, b) =>
        {
            var order = a.Distance.CompareTo(b.Distance);
            order = order != 0 ? order : b.Prefix.CompareTo(a.Prefix);
            order = order != 0 ? order : a.Code.Length.CompareTo(b.Code.Length);
            return order != 0 ? order : string.CompareOrdinal(a.Code, b.Code);
        });

        var result = new List<(string, string)>(MaxSuggestions);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (result.Count == MaxSuggestions)
            {
                break;
            }

            if (seen.Add(candidate.Code))
            {
                result.Add((candidate.Code, candidate.Name));
            }
        }

        return result;
    }

    private static void AddCode(List<Candidate> candidates, string query, string code, string name)
    {
        var distance = EditDistance(query, code, 1);
        if (distance <= 1)
        {
            candidates.Add(new Candidate(code, name, distance, CommonPrefix(query, code)));
        }
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }

    /// <summary>Optimal string alignment distance, or <paramref name="limit"/> + 1 as soon as it must exceed the limit.</summary>
    internal static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var width = b.Length + 1;
        var previous2 = new int[width];
        var previous = new int[width];
        var current = new int[width];
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return Math.Min(previous[width - 1], limit + 1);
    }

    private static Table LoadEmbedded()
    {
        var csv = EmbeddedCsv.LoadResource(ResourceName, "country", Header);
        var all = new Country[csv.Rows.Count];
        var byCode = new Dictionary<string, Country>(csv.Rows.Count * 2 + 1, StringComparer.OrdinalIgnoreCase);
        var byAlpha2 = new Dictionary<string, Country>(csv.Rows.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < all.Length; i++)
        {
            var row = csv.Rows[i];
            var fields = row.Fields;
            if (fields[0].Length != 2 || fields[1].Length != 3 || fields[2].Length == 0
                || !byCode.TryAdd(fields[0], all[i] = new Country(fields[0], fields[1], fields[2], fields[3].Length == 0 ? null : fields[3]))
                || !byCode.TryAdd(fields[1], all[i]))
            {
                throw new InvalidOperationException($"The embedded country table is malformed: line {row.LineNumber}: '{string.Join(',', fields)}'.");
            }

            byAlpha2.Add(fields[0], all[i]);
        }

        // ISO 3166-1 reserves UK for the United Kingdom ("exceptionally reserved"); people type it.
        if (byAlpha2.TryGetValue("GB", out var unitedKingdom))
        {
            byCode.TryAdd("UK", unitedKingdom);
        }

        return new Table(all, [.. all, World], byCode, byAlpha2, csv.Provenance);
    }

    private sealed record Table(
        Country[] All,
        Country[] AllWithWorld,
        Dictionary<string, Country> ByCode,
        Dictionary<string, Country> ByAlpha2,
        string Provenance);

    private readonly record struct Candidate(string Code, string Name, int Distance, int Prefix);
}
