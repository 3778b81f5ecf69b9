using System.Globalization;
using System.Text;
using CarbonScope.Grid;
using CarbonScope.Units;

namespace CarbonScope.Measurement.Hardware;

/// <summary>
/// The hardware catalog of the roofline estimate: peak FLOP/s per precision, memory bandwidth and size, TDP and idle
/// power of accelerators and a few CPUs. <see cref="Default"/> is the table embedded in the library
/// (<c>Measurement/Hardware/Data/accelerators.csv</c>, built by <c>data/build_tables.py</c>; source, year and licence
/// on every row; see <c>docs/catalogs.md</c>). Lookup ignores case and runs of whitespace, and accepts the model
/// without its vendor (<c>h100 sxm5 80gb</c>) when only one entry has it. Immutable and thread-safe.
/// </summary>
public sealed class HardwareCatalog
{
    internal const string Header =
        "name,vendor,kind,form_factor,architecture,year,memory_gb,memory_type,memory_bandwidth_gbps,tdp_watts,tdp_basis,"
        + "idle_watts,idle_basis,fp32_tflops,tf32_tflops,fp16_tflops,bf16_tflops,fp8_tflops,int8_tops,source,source_url,licence,notes";

    private const string ResourceName = "CarbonScope.Measurement.Hardware.Data.accelerators.csv";
    private const string TableName = "hardware catalog";

    private static readonly Lazy<HardwareCatalog> s_default = new(LoadEmbedded);

    private static readonly (int Column, Precision Precision)[] s_peakColumns =
    [
        (13, Precision.Fp32), (14, Precision.Tf32), (15, Precision.Fp16), (16, Precision.Bf16), (17, Precision.Fp8), (18, Precision.Int8),
    ];

    private readonly Dictionary<string, HardwareSpec> _byName;

    private HardwareCatalog(HardwareSpec[] entries, string provenance)
    {
        Entries = entries;
        Provenance = provenance;
        Names = [.. entries.Select(e => e.Name)];
        _byName = new Dictionary<string, HardwareSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            if (!_byName.TryAdd(Collapse(entry.Name), entry))
            {
                throw new FormatException($"{TableName}: the name '{entry.Name}' appears twice.");
            }
        }

        // The model without its vendor, where no other entry has the same.
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var shortNames = new Dictionary<string, HardwareSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var name = Collapse(entry.Name);
            if (entry.Vendor.Length > 0 && name.StartsWith(entry.Vendor + " ", StringComparison.OrdinalIgnoreCase))
            {
                var model = name[(entry.Vendor.Length + 1)..];
                if (!shortNames.TryAdd(model, entry))
                {
                    ambiguous.Add(model);
                }
            }
        }

        foreach (var (model, entry) in shortNames)
        {
            if (!ambiguous.Contains(model))
            {
                _byName.TryAdd(model, entry);
            }
        }
    }

    /// <summary>The catalog embedded in the library, loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">The embedded table is missing or malformed (a packaging bug).</exception>
    public static HardwareCatalog Default => s_default.Value;

    /// <summary>The entries in table order (accelerators by name, then CPUs by name).</summary>
    public IReadOnlyList<HardwareSpec> Entries { get; }

    /// <summary>The names of the entries, in table order: what an unknown name is told to choose from.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The table's leading comment: sources, licences and the idle power rule.</summary>
    public string Provenance { get; }

    /// <summary>The entry called <paramref name="name"/> (case-insensitive, runs of whitespace ignored, vendor optional), or null.</summary>
    public HardwareSpec? Find(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : _byName.GetValueOrDefault(Collapse(name));

    /// <summary>The entry called <paramref name="name"/>.</summary>
    /// <exception cref="UnknownHardwareException">No entry has that name; the message lists the known names.</exception>
    public HardwareSpec Get(string name) => Find(name) ?? throw new UnknownHardwareException(name ?? string.Empty, Names);

    /// <summary>Reads a catalog in CarbonScope's format (<c>#</c> lines, the header, RFC 4180 rows).</summary>
    /// <exception cref="FormatException">The header or a row is malformed; the message gives the line.</exception>
    public static HardwareCatalog Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = EmbeddedCsv.Parse(reader, TableName, Header);
        var entries = new HardwareSpec[csv.Rows.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var (line, f) = csv.Rows[i];
            entries[i] = ParseRow(line, f);
        }

        return new HardwareCatalog(entries, csv.Provenance);
    }

    private static HardwareSpec ParseRow(int line, string[] f)
    {
        var peaks = new Dictionary<Precision, double>();
        foreach (var (column, precision) in s_peakColumns)
        {
            if (Optional(f[column], line, f) is { } value)
            {
                peaks[precision] = value;
            }
        }

        var tdp = Optional(f[9], line, f);
        var idle = Optional(f[11], line, f);
        if (f[0].Length == 0 || f[1].Length == 0 || f[2].Length == 0
            || !int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || Optional(f[8], line, f) is not { } bandwidth
            || (tdp is not null && f[10].Length == 0) || (idle is not null && (f[12].Length == 0 || tdp is null || idle > tdp))
            || f[19].Length == 0 || f[21].Length == 0
            || !Uri.TryCreate(f[20], UriKind.Absolute, out var url))
        {
            throw Malformed(line, f);
        }

        return new HardwareSpec(
            f[0], f[1], f[2], f[3], f[4], year, Optional(f[6], line, f), f[7], bandwidth,
            tdp is { } t ? Power.FromWatts(t) : null, f[10],
            idle is { } w ? Power.FromWatts(w) : null, f[12],
            peaks, f[19], url, f[21], f[22]);
    }

    private static double? Optional(string text, int line, string[] fields)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw Malformed(line, fields);
    }

    private static FormatException Malformed(int line, string[] fields) =>
        new($"{TableName} line {line}: malformed row '{string.Join(',', fields)}'.");

    private static string Collapse(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static HardwareCatalog LoadEmbedded()
    {
        using var stream = typeof(HardwareCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded {TableName} '{ResourceName}' is missing from {typeof(HardwareCatalog).Assembly.GetName().Name}.");
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
