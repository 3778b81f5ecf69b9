using System.Globalization;
using System.Text;
using CarbonScope.Grid;

namespace CarbonScope.Footprint;

/// <summary>
/// A catalog of well-known ML models (name, family, goal, parameters, FLOPs per inference, memory) for choosing a model
/// that fits constraints. <see cref="Default"/> is the table embedded in the library (<c>Footprint/Data/ml-models.csv</c>,
/// built by <c>data/build_tables.py</c> from the paper or model card named in each row; see <c>docs/catalogs.md</c>).
/// Immutable and thread-safe.
/// </summary>
public sealed class ModelCatalog
{
    internal const string Header =
        "name,family,architecture,goal,parameters,flops_per_inference,input,flops_basis,memory_fp32_mb,memory_fp16_mb,source,source_url,year,licence";

    private const string ResourceName = "CarbonScope.Footprint.Data.ml-models.csv";
    private const string TableName = "ML model catalog";

    private static readonly Lazy<ModelCatalog> s_default = new(LoadEmbedded);

    private readonly Dictionary<string, MlModelSpec> _byName;
    // Each model's goal and family normalised once, in table order (Filter runs per SustainML task).
    private readonly (string Goal, string Family)[] _normalised;

    private ModelCatalog(MlModelSpec[] models, string provenance)
    {
        Models = models;
        _normalised = [.. models.Select(m => (NormaliseGoal(m.Goal), NormaliseFamily(m.Family)))];
        Provenance = provenance;
        Names = [.. models.Select(m => m.Name)];
        _byName = new Dictionary<string, MlModelSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            if (!_byName.TryAdd(model.Name, model))
            {
                throw new FormatException($"{TableName}: the name '{model.Name}' appears twice.");
            }
        }
    }

    /// <summary>The catalog embedded in the library, loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">The embedded table is missing or malformed (a packaging bug).</exception>
    public static ModelCatalog Default => s_default.Value;

    /// <summary>The models in table order (grouped by goal).</summary>
    public IReadOnlyList<MlModelSpec> Models { get; }

    /// <summary>The models' names in table order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The goals the catalog has, in table order, each once.</summary>
    public IReadOnlyList<string> Goals => [.. Models.Select(m => m.Goal).Distinct(StringComparer.Ordinal)];

    /// <summary>The table's leading comment: sources and rules.</summary>
    public string Provenance { get; }

    /// <summary>The model called <paramref name="name"/> (case-insensitive), or null.</summary>
    public MlModelSpec? Find(string? name) => name is null ? null : _byName.GetValueOrDefault(name.Trim());

    /// <summary>The models that satisfy every condition of <paramref name="query"/>, in table order.</summary>
    public IReadOnlyList<MlModelSpec> Filter(ModelQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var goal = query.Goal is { } g && !string.IsNullOrWhiteSpace(g) ? NormaliseGoal(g) : null;
        var family = query.Family is { } f && !string.IsNullOrWhiteSpace(f) ? NormaliseFamily(f) : null;
        var excluded = query.Exclude.Count == 0 ? null : new HashSet<string>(query.Exclude.Select(n => n.Trim()), StringComparer.OrdinalIgnoreCase);
        var result = new List<MlModelSpec>();
        for (var i = 0; i < Models.Count; i++)
        {
            var model = Models[i];
            if ((goal is null || _normalised[i].Goal == goal)
                && (family is null || _normalised[i].Family == family)
                && (query.MaxMemoryMegabytes is not { } max || model.WeightMegabytes(query.Precision) <= max)
                && excluded?.Contains(model.Name) != true)
            {
                result.Add(model);
            }
        }

        return result;
    }

    /// <summary>Reads a catalog in CarbonScope's format (<c>#</c> lines, the header, RFC 4180 rows).</summary>
    /// <exception cref="FormatException">The header or a row is malformed; the message gives the line.</exception>
    public static ModelCatalog Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = EmbeddedCsv.Parse(reader, TableName, Header);
        var models = new MlModelSpec[csv.Rows.Count];
        for (var i = 0; i < models.Length; i++)
        {
            var (line, f) = csv.Rows[i];
            if (!long.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var parameters) || parameters <= 0
                || !TryPositive(f[5], out var flops) || !TryPositive(f[8], out var fp32) || !TryPositive(f[9], out var fp16)
                || !int.TryParse(f[12], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !Uri.TryCreate(f[11], UriKind.Absolute, out var url)
                || f[0].Length == 0 || f[1].Length == 0 || f[3].Length == 0 || f[6].Length == 0 || f[7].Length == 0
                || f[10].Length == 0 || f[13].Length == 0)
            {
                throw new FormatException($"{TableName} line {line}: malformed row '{string.Join(',', f)}'.");
            }

            models[i] = new MlModelSpec(f[0], f[1], f[2], f[3], parameters, flops, f[6], f[7], fp32, fp16, f[10], url, year, f[13]);
        }

        return new ModelCatalog(models, csv.Provenance);
    }

    private static bool TryPositive(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value > 0 && double.IsFinite(value);

    private static string NormaliseGoal(string goal) =>
        string.Join('-', goal.Trim().ToLowerInvariant().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries));

    private static string NormaliseFamily(string family)
    {
        var text = family.Trim().ToLowerInvariant();
        return text.EndsWith('s') ? text[..^1] : text;
    }

    private static ModelCatalog LoadEmbedded()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded {TableName} '{ResourceName}' is missing from {typeof(ModelCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            return Load(reader);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The embedded {TableName} is malformed: {exception.Message}", exception);
        }
    }
}
