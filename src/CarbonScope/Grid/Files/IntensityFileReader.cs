using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Parquet;
using Parquet.Schema;

namespace CarbonScope.Grid.Files;

/// <summary>Reads the rows of the intensity file formats; every error is one line naming the file and the place.</summary>
internal static class IntensityFileReader
{
    private static readonly string[] s_zoneNames = ["region", "location", "zone"];
    private static readonly string[] s_timeNames = ["timestamp", "time", "datetime"];
    private static readonly string[] s_valueNames = ["carbon_intensity", "rating"];
    private static readonly string[] s_durationNames = ["duration"];

    // ---------------------------------------------------------------- CSV

    /// <summary>A header line (any case, any column order, extra columns ignored), then one row per point.</summary>
    public static List<FileIntensityRow> ReadCsv(string path, byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var rows = new List<FileIntensityRow>();
        var fields = new List<string>();
        var lineNumber = 0;
        int[]? columns = null;
        var width = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            fields.Clear();
            if (!EmbeddedCsv.TrySplit(line, fields))
            {
                throw Malformed(path, $"line {lineNumber}: unbalanced double quotes");
            }

            if (columns is null)
            {
                width = fields.Count;
                columns =
                [
                    Column(path, "line " + lineNumber.ToString(CultureInfo.InvariantCulture), fields, s_zoneNames, required: true),
                    Column(path, "line " + lineNumber.ToString(CultureInfo.InvariantCulture), fields, s_timeNames, required: true),
                    Column(path, "line " + lineNumber.ToString(CultureInfo.InvariantCulture), fields, s_valueNames, required: true),
                    Column(path, "line " + lineNumber.ToString(CultureInfo.InvariantCulture), fields, s_durationNames, required: false),
                ];
                continue;
            }

            if (fields.Count != width)
            {
                throw Malformed(path, $"line {lineNumber}: {fields.Count} fields where the header has {width}");
            }

            var place = $"line {lineNumber}";
            var zone = fields[columns[0]].Trim();
            if (zone.Length == 0)
            {
                throw Malformed(path, $"{place}: empty `{s_zoneNames[0]}`");
            }

            var start = ParseTimestamp(path, place, fields[columns[1]]);
            var valueText = fields[columns[2]].Trim();
            double? value = valueText.Length == 0 ? null : ParseNumber(path, $"{place}: column `{s_valueNames[0]}`", valueText);
            var duration = columns[3] < 0 || fields[columns[3]].Trim().Length == 0 ? (TimeSpan?)null : ParseDuration(path, place, fields[columns[3]]);
            rows.Add(new FileIntensityRow(zone, start, value, duration, IsForecast: false));
        }

        if (columns is null)
        {
            throw Malformed(path, "the file is empty");
        }

        return rows;
    }

    private static int Column(string path, string where, List<string> header, string[] names, bool required)
    {
        foreach (var name in names)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (header[i].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return required
            ? throw Malformed(path, $"{where}: missing column `{names[0]}` (the columns are '{string.Join(',', header)}')")
            : -1;
    }

    // ---------------------------------------------------------------- JSON

    /// <summary>Carbon-Aware-Trainer (<c>regions</c>) or Carbon Aware SDK (<c>Emissions</c>) JSON; keys in any case.</summary>
    public static List<FileIntensityRow> ReadJson(string path, byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" at line {line + 1}, byte {exception.BytePositionInLine + 1}" : string.Empty;
            throw new IntensityProviderException(IntensityFileProvider.ProviderName, IntensityFailure.Malformed, $"{path}: not valid JSON{where}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            var rows = new List<FileIntensityRow>();
            if (root.ValueKind == JsonValueKind.Array)
            {
                ReadEmissions(path, root, "$", rows);
                return rows;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, $"$: expected an object with `regions` or `Emissions`, found {Describe(root)}");
            }

            if (Property(root, "regions") is { } regions)
            {
                ReadRegions(path, regions.Value, "$." + regions.Name, rows);
            }
            else if (Property(root, "emissions") is { } emissions)
            {
                ReadEmissions(path, emissions.Value, "$." + emissions.Name, rows);
            }
            else
            {
                throw Malformed(path, "$: neither `regions` (Carbon-Aware-Trainer) nor `Emissions` (Carbon Aware SDK)");
            }

            return rows;
        }
    }

    private static void ReadRegions(string path, JsonElement regions, string jsonPath, List<FileIntensityRow> rows)
    {
        if (regions.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(path, $"{jsonPath}: expected an object of zones, found {Describe(regions)}");
        }

        foreach (var region in regions.EnumerateObject())
        {
            var regionPath = jsonPath + Member(region.Name);
            if (region.Name.Trim().Length == 0)
            {
                throw Malformed(path, $"{regionPath}: empty zone name");
            }

            if (region.Value.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(path, $"{regionPath}: expected an object with `historical` and `forecast`, found {Describe(region.Value)}");
            }

            foreach (var series in region.Value.EnumerateObject())
            {
                var forecast = series.Name.Equals("forecast", StringComparison.OrdinalIgnoreCase);
                if (!forecast && !series.Name.Equals("historical", StringComparison.OrdinalIgnoreCase))
                {
                    continue; // energy_mix and other keys
                }

                var seriesPath = regionPath + Member(series.Name);
                if (series.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (series.Value.ValueKind != JsonValueKind.Array)
                {
                    throw Malformed(path, $"{seriesPath}: expected an array, found {Describe(series.Value)}");
                }

                var index = 0;
                foreach (var item in series.Value.EnumerateArray())
                {
                    var itemPath = $"{seriesPath}[{index++}]";
                    rows.Add(ReadPoint(path, item, itemPath, region.Name.Trim(), "timestamp", "carbon_intensity", forecast));
                }
            }
        }
    }

    private static void ReadEmissions(string path, JsonElement emissions, string jsonPath, List<FileIntensityRow> rows)
    {
        if (emissions.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(path, $"{jsonPath}: expected an array, found {Describe(emissions)}");
        }

        var index = 0;
        foreach (var item in emissions.EnumerateArray())
        {
            var itemPath = $"{jsonPath}[{index++}]";
            rows.Add(ReadPoint(path, item, itemPath, zone: null, "time", "rating", forecast: false));
        }
    }

    private static FileIntensityRow ReadPoint(string path, JsonElement item, string itemPath, string? zone, string timeName, string valueName, bool forecast)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(path, $"{itemPath}: expected an object, found {Describe(item)}");
        }

        if (zone is null)
        {
            var location = Required(path, item, itemPath, "location");
            if (location.Value.ValueKind != JsonValueKind.String || location.Value.GetString()!.Trim().Length == 0)
            {
                throw Malformed(path, $"{itemPath}{Member(location.Name)}: expected a zone name, found {Describe(location.Value)}");
            }

            zone = location.Value.GetString()!.Trim();
        }

        var time = Required(path, item, itemPath, timeName);
        var timePath = itemPath + Member(time.Name);
        if (time.Value.ValueKind != JsonValueKind.String)
        {
            throw Malformed(path, $"{timePath}: expected a timestamp string, found {Describe(time.Value)}");
        }

        var start = ParseTimestamp(path, timePath, time.Value.GetString()!);
        var value = Required(path, item, itemPath, valueName);
        var valuePath = itemPath + Member(value.Name);
        double? grams = value.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => value.Value.TryGetDouble(out var number) && double.IsFinite(number)
                ? CheckValue(path, valuePath, number, value.Value.GetRawText())
                : throw Malformed(path, $"{valuePath}: `{value.Value.GetRawText()}` is out of range"),
            JsonValueKind.String => ParseNumber(path, valuePath, value.Value.GetString()!),
            _ => throw Malformed(path, $"{valuePath}: `{value.Value.GetRawText()}` is not a number"),
        };

        TimeSpan? duration = null;
        if (Property(item, "duration") is { } durationProperty && durationProperty.Value.ValueKind != JsonValueKind.Null)
        {
            var durationPath = itemPath + Member(durationProperty.Name);
            duration = durationProperty.Value.ValueKind == JsonValueKind.String
                ? ParseDuration(path, durationPath, durationProperty.Value.GetString()!)
                : throw Malformed(path, $"{durationPath}: expected a duration such as \"01:00:00\", found {Describe(durationProperty.Value)}");
        }

        return new FileIntensityRow(zone, start, grams, duration, forecast);
    }

    private static JsonProperty Required(string path, JsonElement item, string itemPath, string name) =>
        Property(item, name) ?? throw Malformed(path, $"{itemPath}: missing `{name}`");

    private static JsonProperty? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        return null;
    }

    private static string Member(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";
            }
        }

        return "." + name;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    // ---------------------------------------------------------------- Parquet

    /// <summary>Columns as in the CSV; timestamps as strings (with an offset) or Parquet timestamps (UTC).</summary>
    public static List<FileIntensityRow> ReadParquet(string path, byte[] bytes)
    {
        try
        {
            return ReadParquetAsync(path, bytes).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            throw new IntensityProviderException(
                IntensityFileProvider.ProviderName,
                IntensityFailure.Malformed,
                $"{path}: not a readable Parquet file: {OneLine(exception.Message)}",
                exception);
        }
    }

    private static async ValueTask<List<FileIntensityRow>> ReadParquetAsync(string path, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var names = new List<string>(fields.Length);
        foreach (var field in fields)
        {
            names.Add(field.Name);
        }

        var zoneField = fields[Column(path, "schema", names, s_zoneNames, required: true)];
        var timeField = fields[Column(path, "schema", names, s_timeNames, required: true)];
        var valueField = fields[Column(path, "schema", names, s_valueNames, required: true)];
        var durationIndex = Column(path, "schema", names, s_durationNames, required: false);
        var rows = new List<FileIntensityRow>();
        long rowNumber = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = checked((int)rowGroup.RowCount);
            var zones = await ReadColumnAsync(rowGroup, zoneField, count).ConfigureAwait(false);
            var times = await ReadColumnAsync(rowGroup, timeField, count).ConfigureAwait(false);
            var values = await ReadColumnAsync(rowGroup, valueField, count).ConfigureAwait(false);
            var durations = durationIndex < 0 ? null : await ReadColumnAsync(rowGroup, fields[durationIndex], count).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                rowNumber++;
                var place = $"row {rowNumber}";
                var zone = Convert.ToString(zones[i], CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
                if (zone.Length == 0)
                {
                    throw Malformed(path, $"{place}: empty `{zoneField.Name}`");
                }

                var start = times[i] switch
                {
                    null => throw Malformed(path, $"{place}: empty `{timeField.Name}`"),
                    string text => ParseTimestamp(path, place, text),
                    DateTimeOffset offset => offset.ToUniversalTime(),
                    DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
                    var other => throw Malformed(path, $"{place}: `{other}` in column `{timeField.Name}` is not a timestamp"),
                };
                double? grams = values[i] switch
                {
                    null => null,
                    string text => text.Trim().Length == 0 ? null : ParseNumber(path, $"{place}: column `{valueField.Name}`", text),
                    var number => CheckValue(path, $"{place}: column `{valueField.Name}`", Convert.ToDouble(number, CultureInfo.InvariantCulture), Convert.ToString(number, CultureInfo.InvariantCulture) ?? string.Empty),
                };
                TimeSpan? duration = durations?[i] switch
                {
                    null => null,
                    string text => text.Trim().Length == 0 ? null : ParseDuration(path, place, text),
                    TimeSpan span => span > TimeSpan.Zero ? span : throw Malformed(path, $"{place}: duration `{span}` is not positive"),
                    var other => throw Malformed(path, $"{place}: `{other}` in column `duration` is not a duration such as 01:00:00"),
                };
                rows.Add(new FileIntensityRow(zone, start, grams, duration, IsForecast: false));
            }
        }

        return rows;
    }

    private static async ValueTask<object?[]> ReadColumnAsync(ParquetRowGroupReader rowGroup, DataField field, int count)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var strings = new string?[count];
            await rowGroup.ReadAsync(field, strings.AsMemory()).ConfigureAwait(false);
            return strings;
        }

        return type switch
        {
            _ when type == typeof(double) => await ReadStructAsync<double>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(float) => await ReadStructAsync<float>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(decimal) => await ReadStructAsync<decimal>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(int) => await ReadStructAsync<int>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(long) => await ReadStructAsync<long>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(short) => await ReadStructAsync<short>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await ReadStructAsync<DateTime>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(DateTimeOffset) => await ReadStructAsync<DateTimeOffset>(rowGroup, field, count).ConfigureAwait(false),
            _ when type == typeof(TimeSpan) => await ReadStructAsync<TimeSpan>(rowGroup, field, count).ConfigureAwait(false),
            _ => throw new NotSupportedException($"column `{field.Name}` has the unsupported type {type.Name}"),
        };
    }

    private static async ValueTask<object?[]> ReadStructAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int count)
        where T : struct
    {
        var result = new object?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            await rowGroup.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                result[i] = values[i];
            }
        }
        else
        {
            var values = new T[count];
            await rowGroup.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                result[i] = values[i];
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- values

    /// <summary>An ISO 8601 timestamp with <c>Z</c> or an offset (<c>T</c> or a space between date and time).</summary>
    internal static DateTimeOffset ParseTimestamp(string path, string place, string text)
    {
        var trimmed = text.Trim();
        if (!DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local)
            || !DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw Malformed(path, $"{place}: `{trimmed}` is not a timestamp (expected ISO 8601 such as 2024-05-01T12:00:00Z)");
        }

        if (local.Kind == DateTimeKind.Unspecified)
        {
            throw Malformed(path, $"{place}: timestamp `{trimmed}` has no offset: add Z (UTC) or an offset such as +02:00");
        }

        return value.ToUniversalTime();
    }

    internal static double ParseNumber(string path, string place, string text)
    {
        var trimmed = text.Trim();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? CheckValue(path, place, value, trimmed)
            : throw Malformed(path, $"{place}: `{trimmed}` is not a number");
    }

    private static double CheckValue(string path, string place, double value, string text) =>
        value >= 0 && double.IsFinite(value) ? value : throw Malformed(path, $"{place}: `{text}` is not a carbon intensity (negative or not finite)");

    /// <summary><c>hh:mm:ss</c> (<c>[d.]hh:mm[:ss[.fffffff]]</c>) or ISO 8601 (<c>PT1H</c>); positive.</summary>
    internal static TimeSpan ParseDuration(string path, string place, string text)
    {
        var trimmed = text.Trim();
        TimeSpan value;
        if (trimmed.StartsWith('P') || trimmed.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(trimmed);
            }
            catch (FormatException)
            {
                throw Malformed(path, $"{place}: `{trimmed}` is not a duration such as 01:00:00");
            }
        }
        else if (!TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value))
        {
            throw Malformed(path, $"{place}: `{trimmed}` is not a duration such as 01:00:00");
        }

        return value > TimeSpan.Zero ? value : throw Malformed(path, $"{place}: duration `{trimmed}` is not positive");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static IntensityProviderException Malformed(string path, string problem) => IntensityFileProvider.Malformed(path, problem);
}
