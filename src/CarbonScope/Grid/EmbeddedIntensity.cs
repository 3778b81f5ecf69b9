using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Grid;

/// <summary>
/// The offline carbon intensity: the annual average of a country's electricity generation, embedded in the library
/// (Ember / Our World in Data, CC BY 4.0; <c>Grid/Data/country-intensity.csv</c>, built by <c>data/build_tables.py</c>),
/// and of sub-national grid zones and cloud regions (<c>Grid/Data/zone-intensity.csv</c>: Electricity Maps yearly zone
/// averages via CO2.js, ODbL; Google region-carbon-info and Cloud Carbon Footprint, Apache-2.0).
/// </summary>
/// <remarks>
/// <para>The same figure answers any interval: it is the zone's average over the data year (usually
/// <see cref="DataYear"/>; each estimate says its year). A known country without a figure gets the world average, with
/// a <see cref="IntensityProvenance.FallbackReason"/> and the provenance's zone set to <c>WORLD</c>.</para>
/// <para>The table (about 220 rows) is read once, on first use, from the assembly's resources; thread-safe.</para>
/// </remarks>
public sealed class EmbeddedIntensity : ICarbonIntensitySource
{
    /// <summary>The provenance source of every figure from this class.</summary>
    public const string SourceName = "embedded:ember-owid";

    /// <summary>The dataset and its licence, for attribution.</summary>
    public const string DatasetName = "Ember / Our World in Data (CC BY 4.0)";

    private const string ResourceName = "CarbonScope.Grid.Data.country-intensity.csv";
    private const string Header = "zone,alpha3,name,kind,year,grams_per_kwh,source,licence";
    private const string ZoneResourceName = "CarbonScope.Grid.Data.zone-intensity.csv";
    private const string ZoneHeader = "zone,name,kind,year,grams_per_kwh,source_id,source,licence,grid_zone";

    private static readonly Lazy<EmbeddedIntensity> s_default = new(LoadEmbedded);

    private readonly Dictionary<string, AnnualIntensity> _byZone;
    private readonly AnnualIntensity _world;

    private EmbeddedIntensity(AnnualIntensity[] rows, AnnualIntensity[] zoneRows, Dictionary<string, AnnualIntensity> byZone, AnnualIntensity world, string provenance)
    {
        Rows = rows;
        ZoneRows = zoneRows;
        _byZone = byZone;
        _world = world;
        Provenance = provenance;
    }

    /// <summary>The table embedded in the library, loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">The embedded table is missing or malformed (a packaging bug).</exception>
    public static EmbeddedIntensity Default => s_default.Value;

    /// <summary>Every row: the world, the continents, then the countries by alpha-2 code.</summary>
    public IReadOnlyList<AnnualIntensity> Rows { get; }

    /// <summary>
    /// The sub-national grid zones (<c>US-CAL-CISO</c>, <c>DK-DK1</c>) and cloud regions (<c>aws:eu-west-3</c>), each
    /// with its own year, source and licence; grid zones first, then cloud regions, each by key.
    /// </summary>
    public IReadOnlyList<AnnualIntensity> ZoneRows { get; }

    /// <summary>The table's leading comment: source, licence, attribution, the choice of year.</summary>
    public string Provenance { get; }

    /// <summary>The data year: the year of the world average (most countries' year too).</summary>
    public int DataYear => _world.Year;

    /// <summary>The world average.</summary>
    public IntensityEstimate World => Estimate(_world, null);

    /// <summary>The row for a zone key (<c>FR</c>, <c>CONTINENT:EU</c>, <c>WORLD</c>, <c>US-CAL-CISO</c>, <c>aws:eu-west-3</c>; case-insensitive), or null: no fallback.</summary>
    public AnnualIntensity? Find(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _byZone.GetValueOrDefault(zone.Trim());
    }

    /// <summary>
    /// The annual average for a zone: a zone key of the tables (countries, continents, <c>WORLD</c>, grid zones such as
    /// <c>US-CAL-CISO</c>, cloud regions such as <c>aws:eu-west-3</c>), or any code <see cref="Countries.TryResolve"/> accepts
    /// (<c>fra</c>). A known country without a figure gets the world average, saying why.
    /// </summary>
    /// <exception cref="ArgumentException">The zone is no known code (one line, with the closest matches).</exception>
    public IntensityEstimate Get(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_byZone.TryGetValue(zone.Trim(), out var row))
        {
            return Estimate(row, null);
        }

        if (!Countries.TryResolve(zone, out var country, out var error))
        {
            throw new ArgumentException(SuggestZones(zone.Trim()) ?? error);
        }

        if (_byZone.TryGetValue(country.Alpha2, out row))
        {
            return Estimate(row, null);
        }

        return Estimate(_world, $"no annual average for {country.Alpha2} in the embedded data; world average used");
    }

    /// <inheritdoc />
    /// <remarks>The annual average of <see cref="Get"/>, whatever the interval.</remarks>
    public ValueTask<IntensityEstimate> GetAverageAsync(string zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (endsAt < startsAt)
        {
            throw new ArgumentException($"The interval ends ({endsAt:O}) before it starts ({startsAt:O}).", nameof(endsAt));
        }

        return ValueTask.FromResult(Get(zone));
    }

    /// <summary>
    /// For input that looks like a grid zone or cloud region (it has <c>-</c> or <c>:</c>), the message naming the
    /// closest such keys (within two edits, or sharing the part before the last separator), at most three; else null.
    /// </summary>
    private string? SuggestZones(string input)
    {
        if (input.IndexOfAny(['-', ':']) < 0)
        {
            return null;
        }

        var query = input.ToUpperInvariant();
        var cut = query.LastIndexOfAny(['-', ':']);
        var stem = query[..cut];
        var candidates = new List<(int Distance, string Zone, string Name)>();
        foreach (var row in ZoneRows)
        {
            var key = row.Zone.ToUpperInvariant();
            var distance = Countries.EditDistance(query, key, 2);
            var sameStem = stem.Length > 0 && key.StartsWith(stem, StringComparison.Ordinal)
                && key.Length > stem.Length && (key[stem.Length] == '-' || key[stem.Length] == ':');
            if (distance <= 2 || sameStem)
            {
                distance = Math.Min(distance, 3);
                candidates.Add((distance, row.Zone, row.Name));
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        candidates.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Zone, b.Zone));
        var suggestions = new List<string>(3);
        for (var i = 0; i < candidates.Count && i < 3; i++)
        {
            suggestions.Add($"{candidates[i].Zone} ({candidates[i].Name})");
        }

        return $"'{input}' is not a known country or zone code: did you mean {string.Join(", ", suggestions)}?";
    }

    /// <summary>Reads a table in the format of <c>country-intensity.csv</c>.</summary>
    /// <exception cref="FormatException">A row is malformed, or there is no WORLD row; the message gives the line.</exception>
    internal static EmbeddedIntensity Load(TextReader reader, TextReader? zoneReader = null)
    {
        var csv = EmbeddedCsv.Parse(reader, "country-intensity", Header);
        var rows = new AnnualIntensity[csv.Rows.Count];
        var byZone = new Dictionary<string, AnnualIntensity>(rows.Length, StringComparer.OrdinalIgnoreCase);
        AnnualIntensity? world = null;
        for (var i = 0; i < rows.Length; i++)
        {
            var (line, f) = csv.Rows[i];
            AnnualIntensityKind? kind = f[3] switch
            {
                "country" => AnnualIntensityKind.Country,
                "continent" => AnnualIntensityKind.Continent,
                "world" => AnnualIntensityKind.World,
                _ => null,
            };
            if (kind is null || f[0].Length == 0 || f[2].Length == 0 || f[6].Length == 0 || f[7].Length == 0
                || !int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !double.TryParse(f[5], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var grams)
                || !double.IsFinite(grams))
            {
                throw new FormatException($"country-intensity line {line}: expected '{Header}', found '{string.Join(',', f)}'.");
            }

            var row = new AnnualIntensity(
                f[0],
                f[1].Length == 0 ? null : f[1],
                f[2],
                kind.Value,
                year,
                CarbonIntensity.FromGramsPerKilowattHour(grams),
                f[6],
                f[7]);
            if (!byZone.TryAdd(row.Zone, row))
            {
                throw new FormatException($"country-intensity line {line}: zone {row.Zone} appears twice.");
            }

            rows[i] = row;
            if (row.Kind == AnnualIntensityKind.World)
            {
                world = row;
            }
        }

        if (world is null)
        {
            throw new FormatException("country-intensity: no world row.");
        }

        var zoneRows = zoneReader is null ? [] : LoadZones(zoneReader, byZone);
        return new EmbeddedIntensity(rows, zoneRows, byZone, world, csv.Provenance);
    }

    /// <summary>Reads a table in the format of <c>zone-intensity.csv</c> into <paramref name="byZone"/>.</summary>
    /// <exception cref="FormatException">A row is malformed or repeats a zone; the message gives the line.</exception>
    internal static AnnualIntensity[] LoadZones(TextReader reader, Dictionary<string, AnnualIntensity> byZone)
    {
        var csv = EmbeddedCsv.Parse(reader, "zone-intensity", ZoneHeader);
        var rows = new AnnualIntensity[csv.Rows.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var (line, f) = csv.Rows[i];
            AnnualIntensityKind? kind = f[2] switch
            {
                "grid-zone" => AnnualIntensityKind.GridZone,
                "cloud-region" => AnnualIntensityKind.CloudRegion,
                _ => null,
            };
            if (kind is null || f[0].Length == 0 || f[1].Length == 0 || f[5].Length == 0 || f[6].Length == 0 || f[7].Length == 0
                || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !double.TryParse(f[4], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var grams)
                || !double.IsFinite(grams))
            {
                throw new FormatException($"zone-intensity line {line}: expected '{ZoneHeader}', found '{string.Join(',', f)}'.");
            }

            var row = new AnnualIntensity(f[0], null, f[1], kind.Value, year, CarbonIntensity.FromGramsPerKilowattHour(grams), f[6], f[7], f[5], f[8].Length > 0 ? f[8] : null);
            if (!byZone.TryAdd(row.Zone, row))
            {
                throw new FormatException($"zone-intensity line {line}: zone {row.Zone} appears twice or is a country-table zone.");
            }

            rows[i] = row;
        }

        return rows;
    }

    private static IntensityEstimate Estimate(AnnualIntensity row, string? fallbackReason) => new(
        row.Value,
        new IntensityProvenance(
            row.SourceId is { } sourceId ? "embedded:" + sourceId : SourceName,
            row.Zone,
            IntensityKind.AnnualAverage,
            IntensitySignal.Average,
            FetchedAt: null,
            Year: row.Year,
            ZoneName: row.Name,
            Dataset: row.SourceId is null ? DatasetName : $"{row.Source} ({row.Licence})",
            FallbackReason: fallbackReason));

    private static EmbeddedIntensity LoadEmbedded()
    {
        using var stream = typeof(EmbeddedIntensity).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded intensity table '{ResourceName}' is missing from {typeof(EmbeddedIntensity).Assembly.GetName().Name}.");
        using var zoneStream = typeof(EmbeddedIntensity).Assembly.GetManifestResourceStream(ZoneResourceName)
            ?? throw new InvalidOperationException($"The embedded intensity table '{ZoneResourceName}' is missing from {typeof(EmbeddedIntensity).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        using var zoneReader = new StreamReader(zoneStream, System.Text.Encoding.UTF8);
        try
        {
            return Load(reader, zoneReader);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The embedded intensity table is malformed: {exception.Message}", exception);
        }
    }
}
