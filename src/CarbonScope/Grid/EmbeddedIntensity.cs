using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Grid;

/// <summary>
/// The offline carbon intensity: the annual average of a country's electricity generation, embedded in the library
/// (Ember / Our World in Data, CC BY 4.0; <c>Grid/Data/country-intensity.csv</c>, built by <c>data/build_tables.py</c>).
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

    private static readonly Lazy<EmbeddedIntensity> s_default = new(LoadEmbedded);

    private readonly Dictionary<string, AnnualIntensity> _byZone;
    private readonly AnnualIntensity _world;

    private EmbeddedIntensity(AnnualIntensity[] rows, Dictionary<string, AnnualIntensity> byZone, AnnualIntensity world, string provenance)
    {
        Rows = rows;
        _byZone = byZone;
        _world = world;
        Provenance = provenance;
    }

    /// <summary>The table embedded in the library, loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">The embedded table is missing or malformed (a packaging bug).</exception>
    public static EmbeddedIntensity Default => s_default.Value;

    /// <summary>Every row: the world, the continents, then the countries by alpha-2 code.</summary>
    public IReadOnlyList<AnnualIntensity> Rows { get; }

    /// <summary>The table's leading comment: source, licence, attribution, the choice of year.</summary>
    public string Provenance { get; }

    /// <summary>The data year: the year of the world average (most countries' year too).</summary>
    public int DataYear => _world.Year;

    /// <summary>The world average.</summary>
    public IntensityEstimate World => Estimate(_world, null);

    /// <summary>The row for a zone key (<c>FR</c>, <c>CONTINENT:EU</c>, <c>WORLD</c>; case-insensitive), or null: no fallback.</summary>
    public AnnualIntensity? Find(string zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _byZone.GetValueOrDefault(zone.Trim());
    }

    /// <summary>
    /// The annual average for a zone: a zone key of the table, or any code <see cref="Countries.TryResolve"/> accepts
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
            throw new ArgumentException(error);
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

    /// <summary>Reads a table in the format of <c>country-intensity.csv</c>.</summary>
    /// <exception cref="FormatException">A row is malformed, or there is no WORLD row; the message gives the line.</exception>
    internal static EmbeddedIntensity Load(TextReader reader)
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

        return world is null
            ? throw new FormatException("country-intensity: no world row.")
            : new EmbeddedIntensity(rows, byZone, world, csv.Provenance);
    }

    private static IntensityEstimate Estimate(AnnualIntensity row, string? fallbackReason) => new(
        row.Value,
        new IntensityProvenance(
            SourceName,
            row.Zone,
            IntensityKind.AnnualAverage,
            IntensitySignal.Average,
            FetchedAt: null,
            Year: row.Year,
            ZoneName: row.Name,
            Dataset: DatasetName,
            FallbackReason: fallbackReason));

    private static EmbeddedIntensity LoadEmbedded()
    {
        using var stream = typeof(EmbeddedIntensity).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded intensity table '{ResourceName}' is missing from {typeof(EmbeddedIntensity).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        try
        {
            return Load(reader);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The embedded intensity table is malformed: {exception.Message}", exception);
        }
    }
}
