using System.Buffers;
using System.Globalization;
using System.Text;
using CarbonScope.Units;

namespace CarbonScope.Measurement.Models;

/// <summary>
/// CPU thermal design power (TDP) per package, by model name, and the matching of a <c>/proc/cpuinfo</c> model name
/// against it.
/// </summary>
/// <remarks>
/// <para><see cref="Default"/> is the table embedded in the library (<c>Measurement/Models/Data/cpu-tdp.csv</c>, built
/// by <c>data/build_tables.py</c> from CodeCarbon's <c>cpu_power.csv</c>, MIT; see <see cref="Provenance"/>). It is
/// loaded on first use only, so a run that never needs an estimate never pays for it.</para>
/// <para>Matching, in order: (1) exact: the name equals an entry ignoring case and runs of whitespace; (2) fuzzy, same
/// part: both names reduce to the same words once noise is removed ((R), (TM), "CPU", "Processor", "@ 2.50GHz",
/// "64-Core", "with Radeon Graphics", vendor words, ...); (3) fuzzy, by words: among the entries that contain the
/// name's model number (the word with the most digits, e.g. "6248", "8592+", "i7-10700k"), whose vendor does not
/// differ, whose every word with a digit is in the name and that carry the name's generation suffix ("v4") if any,
/// the one sharing the most words, ties going to the entry with fewer words, then the shorter, then the ordinally
/// smaller name. So "Xeon Gold 6248R" never matches "Xeon Gold 6248", nor "E5-2690 v4" the "E5-2690". Without a match:
/// <see cref="CpuMatchKind.UnknownModelDefault"/>, 4 W per logical CPU; without a name:
/// <see cref="CpuMatchKind.UndetectedDefault"/>, 85 W (codecarbon's defaults).</para>
/// <para>Immutable after construction and thread-safe.</para>
/// </remarks>
public sealed class CpuPowerTable
{
    private const string ResourceName = "CarbonScope.Measurement.Models.Data.cpu-tdp.csv";

    private static readonly Lazy<CpuPowerTable> s_default = new(LoadEmbedded);

    private static readonly SearchValues<char> s_marks = SearchValues.Create("(®™");

    private readonly Entry[] _entries;
    private readonly Dictionary<string, Entry> _byExactName;

    private CpuPowerTable(Entry[] entries, string provenance)
    {
        _entries = entries;
        Provenance = provenance;
        _byExactName = new Dictionary<string, Entry>(entries.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            _byExactName.TryAdd(CollapseWhitespace(entry.Name), entry);
        }
    }

    /// <summary>The table embedded in the library, loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">The embedded table is missing or malformed (a packaging bug).</exception>
    public static CpuPowerTable Default => s_default.Value;

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Length;

    /// <summary>The table's leading comment: name, source, commit, upstream, year, licence and attribution.</summary>
    public string Provenance { get; }

    /// <summary>The entries as (model name, TDP per package), in table order.</summary>
    public IEnumerable<KeyValuePair<string, Power>> Entries => _entries.Select(e => KeyValuePair.Create(e.Name, e.Tdp));

    /// <summary>
    /// Reads a table in CarbonScope's format: leading lines starting with '#' (the provenance), the header
    /// <c>model,tdp_watts</c>, then one CSV row per model (names with commas in double quotes).
    /// </summary>
    /// <exception cref="FormatException">The header or a row is malformed; the message gives the line.</exception>
    public static CpuPowerTable Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var provenance = new StringBuilder();
        var entries = new List<Entry>(5000);
        var lineNumber = 0;
        var headerSeen = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!headerSeen)
            {
                if (line.StartsWith('#'))
                {
                    provenance.AppendLine(line.Length > 1 && line[1] == ' ' ? line[2..] : line[1..]);
                    continue;
                }

                if (line.Trim() != "model,tdp_watts")
                {
                    throw new FormatException($"CPU TDP table line {lineNumber}: expected the header 'model,tdp_watts', found '{line}'.");
                }

                headerSeen = true;
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (!TrySplitRow(line, out var name, out var watts)
                || !double.TryParse(watts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var tdp)
                || !(tdp > 0) || string.IsNullOrWhiteSpace(name))
            {
                throw new FormatException($"CPU TDP table line {lineNumber}: expected 'model,tdp_watts', found '{line}'.");
            }

            entries.Add(new Entry(name, Power.FromWatts(tdp)));
        }

        if (!headerSeen)
        {
            throw new FormatException("CPU TDP table: no 'model,tdp_watts' header.");
        }

        return new CpuPowerTable([.. entries], provenance.ToString().TrimEnd());
    }

    /// <summary>Finds the TDP of a CPU from its <c>/proc/cpuinfo</c> model name. Never silent: the description says which rule applied.</summary>
    /// <param name="modelName">The model name as written in <c>/proc/cpuinfo</c>, or null when none was found.</param>
    /// <param name="logicalCpus">The machine's logical CPUs, for the unknown-model default; below 1, <see cref="Environment.ProcessorCount"/>.</param>
    public CpuPowerMatch Match(string? modelName, int logicalCpus)
    {
        if (string.IsNullOrWhiteSpace(modelName))
        {
            var power = CpuPowerMatch.UndetectedModelPower;
            return new CpuPowerMatch(
                power,
                CpuMatchKind.UndetectedDefault,
                null,
                $"CPU model not detected: codecarbon's default of {CpuPowerMatch.Watts(power)} for the whole CPU");
        }

        var display = CollapseWhitespace(modelName);
        if (_byExactName.TryGetValue(display, out var exact))
        {
            return new CpuPowerMatch(exact.Tdp, CpuMatchKind.Exact, exact.Name, $"CPU table entry '{exact.Name}' (exact match)");
        }

        var query = CpuModelName.Parse(modelName);
        var candidates = Candidates(query);
        if (query.Key.Length > 0 && FindSamePart(candidates, query) is { } same)
        {
            return new CpuPowerMatch(same.Tdp, CpuMatchKind.Fuzzy, same.Name, $"CPU table entry '{same.Name}' (fuzzy match of '{display}')");
        }

        if (FindByWords(candidates, query) is ({ } best, var shared))
        {
            return new CpuPowerMatch(
                best.Tdp,
                CpuMatchKind.Fuzzy,
                best.Name,
                $"CPU table entry '{best.Name}' (fuzzy match of '{display}' on model number '{query.ModelNumber}', {shared} of {query.Tokens.Length} words in common)");
        }

        var threads = logicalCpus >= 1 ? logicalCpus : Environment.ProcessorCount;
        var total = CpuPowerMatch.UnknownModelPowerPerLogicalCpu * threads;
        var why = query.ModelNumber is null
            ? "it has no model number to look up"
            : $"no entry has its model number '{query.ModelNumber}'";
        return new CpuPowerMatch(
            total,
            CpuMatchKind.UnknownModelDefault,
            null,
            $"'{display}' is not in the CPU table ({why}): codecarbon's default for an unknown CPU, "
            + $"{CpuPowerMatch.Watts(CpuPowerMatch.UnknownModelPowerPerLogicalCpu)} x {threads} logical CPUs = {CpuPowerMatch.Watts(total)}");
    }

    /// <summary>
    /// The entries that can match, normalised on the spot: those whose name contains the model number or, without one,
    /// the longest word of the name (every word of a normalised name is a piece of the lower-cased name, and the same-part
    /// rule needs all of them), or has a mark such as "(TM)" that normalising removes. A name without words matches nothing.
    /// </summary>
    private List<Candidate> Candidates(CpuModelName query)
    {
        var candidates = new List<Candidate>();
        var number = query.ModelNumber ?? query.Tokens.OrderByDescending(t => t.Length).FirstOrDefault();
        if (number is null)
        {
            return candidates;
        }

        foreach (var entry in _entries)
        {
            if (entry.Name.Contains(number, StringComparison.OrdinalIgnoreCase) || entry.Name.AsSpan().ContainsAny(s_marks))
            {
                candidates.Add(new Candidate(entry, CpuModelName.Parse(entry.Name)));
            }
        }

        return candidates;
    }

    /// <summary>The entry that reduces to the same words; of several, the highest TDP, then the first in table order.</summary>
    private static Entry? FindSamePart(List<Candidate> candidates, CpuModelName query)
    {
        Entry? found = null;
        foreach (var candidate in candidates)
        {
            if (candidate.Name.Key == query.Key && (found is null || candidate.Entry.Tdp > found.Tdp))
            {
                found = candidate.Entry;
            }
        }

        return found;
    }

    private static (Entry? Entry, int Shared) FindByWords(List<Candidate> candidates, CpuModelName query)
    {
        if (query.ModelNumber is not { } number)
        {
            return (null, 0);
        }

        var queryWords = new HashSet<string>(query.Tokens, StringComparer.Ordinal);
        Candidate? best = null;
        var bestShared = 0;
        foreach (var candidate in candidates)
        {
            var name = candidate.Name;
            if (Array.IndexOf(name.Tokens, number) < 0)
            {
                continue;
            }

            if (query.Vendor is not null && name.Vendor is not null && query.Vendor != name.Vendor)
            {
                continue;
            }

            var shared = 0;
            var acceptable = true;
            foreach (var word in name.Tokens.Distinct())
            {
                if (queryWords.Contains(word))
                {
                    shared++;
                }
                else if (CpuModelName.HasDigit(word))
                {
                    // The entry names a variant or generation the CPU does not have ("v4", "6248r" next to "6248").
                    acceptable = false;
                    break;
                }
            }

            if (!acceptable || !query.Tokens.Where(CpuModelName.IsGenerationSuffix).All(name.Tokens.Contains))
            {
                continue;
            }

            if (best is null || IsBetter(candidate, shared, best, bestShared))
            {
                (best, bestShared) = (candidate, shared);
            }
        }

        return (best?.Entry, bestShared);
    }

    private static bool IsBetter(Candidate candidate, int shared, Candidate best, int bestShared)
    {
        if (shared != bestShared)
        {
            return shared > bestShared;
        }

        var words = candidate.Name.Tokens.Length.CompareTo(best.Name.Tokens.Length);
        if (words != 0)
        {
            return words < 0;
        }

        var length = candidate.Name.Key.Length.CompareTo(best.Name.Key.Length);
        return length != 0 ? length < 0 : string.CompareOrdinal(candidate.Entry.Name, best.Entry.Name) < 0;
    }

    private static string CollapseWhitespace(string name)
    {
        var collapsed = name.Length > 0 && name[0] != ' ' && name[^1] != ' ' && !name.Contains("  ", StringComparison.Ordinal);
        foreach (var c in name)
        {
            collapsed &= c == ' ' || !char.IsWhiteSpace(c);
        }

        return collapsed ? name : string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool TrySplitRow(string line, out string name, out string watts)
    {
        name = watts = string.Empty;
        if (line.StartsWith('"'))
        {
            var builder = new StringBuilder();
            var i = 1;
            while (i < line.Length)
            {
                if (line[i] == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        builder.Append('"');
                        i += 2;
                        continue;
                    }

                    break;
                }

                builder.Append(line[i++]);
            }

            if (i + 1 >= line.Length || line[i] != '"' || line[i + 1] != ',')
            {
                return false;
            }

            name = builder.ToString();
            watts = line[(i + 2)..];
            return true;
        }

        var comma = line.LastIndexOf(',');
        if (comma <= 0 || line.AsSpan(0, comma).Contains('"'))
        {
            return false;
        }

        name = line[..comma];
        watts = line[(comma + 1)..];
        return true;
    }

    private static CpuPowerTable LoadEmbedded()
    {
        using var stream = typeof(CpuPowerTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded CPU TDP table '{ResourceName}' is missing from {typeof(CpuPowerTable).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            return Load(reader);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The embedded CPU TDP table is malformed: {exception.Message}", exception);
        }
    }

    private sealed record Entry(string Name, Power Tdp);

    /// <summary>A table entry with its normalised name.</summary>
    private sealed record Candidate(Entry Entry, CpuModelName Name);
}
