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
    /// <remarks>
    /// Read in one pass with a <see cref="Utf8JsonReader"/> over the bytes (no document is built): a file of half a
    /// million points is read in a fraction of a second. The answers are those of reading the whole document first:
    /// a syntax error anywhere is reported before a problem with the content; with both <c>regions</c> and
    /// <c>Emissions</c>, the first <c>regions</c> is read and <c>Emissions</c> ignored.
    /// </remarks>
    public static List<FileIntensityRow> ReadJson(string path, byte[] bytes)
    {
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var reader = new Utf8JsonReader(bytes, options);
        var context = new JsonContext(path, bytes);
        // A point takes at least about 60 bytes of JSON: room for them all from the start, instead of growing (and
        // copying) the list of a large file a dozen times. At most the file's size in memory.
        var rows = new List<FileIntensityRow>(bytes.Length / 64);
        IntensityProviderException? problem = null;
        try
        {
            try
            {
                ReadRoot(ref reader, context, rows);
            }
            catch (IntensityProviderException exception)
            {
                problem = exception;
            }

            // The rest must be valid JSON: a syntax error wins over a problem with the content, as when the whole
            // document was parsed before it was read.
            while (reader.Read())
            {
            }
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" at line {line + 1}, byte {exception.BytePositionInLine + 1}" : string.Empty;
            throw new IntensityProviderException(IntensityFileProvider.ProviderName, IntensityFailure.Malformed, $"{path}: not valid JSON{where}", exception);
        }

        return problem is null ? rows : throw problem;
    }

    private static void ReadRoot(ref Utf8JsonReader reader, JsonContext context, List<FileIntensityRow> rows)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadEmissions(ref reader, context, "$", rows);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Malformed(context.Path, $"$: expected an object with `regions` or `Emissions`, found {context.Describe(Field.Of(ref reader))}");
        }

        // The first `regions` wins; else the first `Emissions`. An `Emissions` read before a `regions` is dropped, and
        // so is its problem, as reading `regions` alone would never have seen it.
        var (regions, emissions) = (false, false);
        IntensityProviderException? emissionsProblem = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameAt = Field.NameOf(ref reader);
            reader.Read();
            if (!regions && context.NameIs(nameAt, "regions"))
            {
                regions = true;
                rows.Clear();
                emissionsProblem = null;
                ReadRegions(ref reader, context, "$" + Member(context.Text(nameAt)), rows);
            }
            else if (!regions && !emissions && context.NameIs(nameAt, "emissions"))
            {
                emissions = true;
                var depth = reader.CurrentDepth;
                var composite = reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject;
                try
                {
                    ReadEmissions(ref reader, context, "$" + Member(context.Text(nameAt)), rows);
                }
                catch (IntensityProviderException exception)
                {
                    emissionsProblem = exception;
                    rows.Clear();
                    while (composite && !(reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject && reader.CurrentDepth == depth))
                    {
                        reader.Read();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (emissionsProblem is not null)
        {
            throw emissionsProblem;
        }

        if (!regions && !emissions)
        {
            throw Malformed(context.Path, "$: neither `regions` (Carbon-Aware-Trainer) nor `Emissions` (Carbon Aware SDK)");
        }
    }

    private static void ReadRegions(ref Utf8JsonReader reader, JsonContext context, string jsonPath, List<FileIntensityRow> rows)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Malformed(context.Path, $"{jsonPath}: expected an object of zones, found {context.Describe(Field.Of(ref reader))}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var zone = context.Text(Field.NameOf(ref reader));
            var regionPath = jsonPath + Member(zone);
            if (zone.Trim().Length == 0)
            {
                throw Malformed(context.Path, $"{regionPath}: empty zone name");
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed(context.Path, $"{regionPath}: expected an object with `historical` and `forecast`, found {context.Describe(Field.Of(ref reader))}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameAt = Field.NameOf(ref reader);
                reader.Read();
                var forecast = context.NameIs(nameAt, "forecast");
                if ((!forecast && !context.NameIs(nameAt, "historical")) || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip(); // energy_mix and other keys
                    continue;
                }

                var seriesPath = regionPath + Member(context.Text(nameAt));
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Malformed(context.Path, $"{seriesPath}: expected an array, found {context.Describe(Field.Of(ref reader))}");
                }

                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    rows.Add(ReadPoint(ref reader, context, seriesPath, index++, zone.Trim(), s_regionsPoint, forecast));
                }
            }
        }
    }

    private static void ReadEmissions(ref Utf8JsonReader reader, JsonContext context, string jsonPath, List<FileIntensityRow> rows)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Malformed(context.Path, $"{jsonPath}: expected an array, found {context.Describe(Field.Of(ref reader))}");
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            rows.Add(ReadPoint(ref reader, context, jsonPath, index++, zone: null, s_emissionsPoint, forecast: false));
        }
    }

    /// <summary>The names of a point's members: zone (Carbon Aware SDK only), time, value, duration; UTF-8 and UTF-16.</summary>
    private sealed record PointNames(string Time, byte[] TimeUtf8, string Value, byte[] ValueUtf8);

    private static readonly PointNames s_regionsPoint = new("timestamp", "timestamp"u8.ToArray(), "carbon_intensity", "carbon_intensity"u8.ToArray());
    private static readonly PointNames s_emissionsPoint = new("time", "time"u8.ToArray(), "rating", "rating"u8.ToArray());

    /// <summary>One point; the reader is on its first token and is left on its last. Paths are built only for errors.</summary>
    private static FileIntensityRow ReadPoint(ref Utf8JsonReader reader, JsonContext context, string arrayPath, int index, string? zone, PointNames names, bool forecast)
    {
        var path = context.Path;
        string ItemPath() => string.Create(CultureInfo.InvariantCulture, $"{arrayPath}[{index}]");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Malformed(path, $"{ItemPath()}: expected an object, found {context.Describe(Field.Of(ref reader))}");
        }

        // The first member of each name (in any case) counts, as a look-up in the object would find it.
        Field location = default, time = default, value = default, duration = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameAt = Field.NameOf(ref reader);
            reader.Read();
            if (!time.Found && context.NameIs(nameAt, names.Time, names.TimeUtf8))
            {
                time = Field.Of(ref reader) with { Name = nameAt };
            }
            else if (!value.Found && context.NameIs(nameAt, names.Value, names.ValueUtf8))
            {
                value = Field.Of(ref reader) with { Name = nameAt };
            }
            else if (!duration.Found && context.NameIs(nameAt, "duration", "duration"u8))
            {
                duration = Field.Of(ref reader) with { Name = nameAt };
            }
            else if (zone is null && !location.Found && context.NameIs(nameAt, "location", "location"u8))
            {
                location = Field.Of(ref reader) with { Name = nameAt };
            }
            else
            {
                reader.Skip();
            }
        }

        if (zone is null)
        {
            if (!location.Found)
            {
                throw Malformed(path, $"{ItemPath()}: missing `location`");
            }

            zone = location.Type == JsonTokenType.String ? context.Zone(location) : null;
            if (zone is null || zone.Length == 0)
            {
                throw Malformed(path, $"{ItemPath()}{Member(context.Text(location.Name))}: expected a zone name, found {context.Describe(location)}");
            }
        }

        if (!time.Found)
        {
            throw Malformed(path, $"{ItemPath()}: missing `{names.Time}`");
        }

        if (time.Type != JsonTokenType.String)
        {
            throw Malformed(path, $"{ItemPath()}{Member(context.Text(time.Name))}: expected a timestamp string, found {context.Describe(time)}");
        }

        var start = !time.Escaped && TryParseTimestamp(context.Bytes(time), out var parsed)
            ? parsed
            : ParseTimestamp(path, ItemPath() + Member(context.Text(time.Name)), context.Text(time));
        if (!value.Found)
        {
            throw Malformed(path, $"{ItemPath()}: missing `{names.Value}`");
        }

        double? grams = value.Type switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => value.IsDouble
                ? value.Number >= 0 ? value.Number : CheckValue(path, ItemPath() + Member(context.Text(value.Name)), value.Number, context.Raw(value))
                : throw Malformed(path, $"{ItemPath()}{Member(context.Text(value.Name))}: `{context.Raw(value)}` is out of range"),
            JsonTokenType.String => ParseNumber(path, ItemPath() + Member(context.Text(value.Name)), context.Text(value)),
            _ => throw Malformed(path, $"{ItemPath()}{Member(context.Text(value.Name))}: `{context.Raw(value)}` is not a number"),
        };

        TimeSpan? length = null;
        if (duration.Found && duration.Type != JsonTokenType.Null)
        {
            length = duration.Type != JsonTokenType.String
                ? throw Malformed(path, $"{ItemPath()}{Member(context.Text(duration.Name))}: expected a duration such as \"01:00:00\", found {context.Describe(duration)}")
                : !duration.Escaped && TryParseClockDuration(context.Bytes(duration), out var clock)
                    ? clock
                    : ParseDuration(path, ItemPath() + Member(context.Text(duration.Name)), context.Text(duration));
        }

        return new FileIntensityRow(zone, start, grams, length, forecast);
    }

    /// <summary>
    /// The common timestamp shape, <c>yyyy-MM-ddTHH:mm:ss[.fffffff](Z|±hh:mm)</c>, without a string; anything else
    /// (or out of range) is left to <see cref="ParseTimestamp"/>, which gives the same instant for this shape.
    /// </summary>
    internal static bool TryParseTimestamp(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = text[19..];
        long fraction = 0;
        if (rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
            {
                digits++;
            }

            if (digits is 1 or > 8 || !Digits(rest[1..digits], out var number))
            {
                return false;
            }

            fraction = number;
            for (var i = digits - 1; i < 7; i++)
            {
                fraction *= 10;
            }

            rest = rest[digits..];
        }

        long offset;
        if (rest.Length == 1 && rest[0] == 'Z')
        {
            offset = 0;
        }
        else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && rest[3] == ':'
            && Digits(rest.Slice(1, 2), out var offsetHours) && Digits(rest.Slice(4, 2), out var offsetMinutes)
            && offsetMinutes <= 59 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
        {
            offset = ((offsetHours * 60) + offsetMinutes) * TimeSpan.TicksPerMinute * (rest[0] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction - offset;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    /// <summary><c>hh:mm:ss</c> with two digits each and a positive value; anything else is left to <see cref="ParseDuration"/>.</summary>
    internal static bool TryParseClockDuration(ReadOnlySpan<byte> text, out TimeSpan value)
    {
        value = default;
        if (text.Length != 8 || text[2] != ':' || text[5] != ':'
            || !Digits(text[..2], out var hours) || !Digits(text.Slice(3, 2), out var minutes) || !Digits(text.Slice(6, 2), out var seconds)
            || hours > 23 || minutes > 59 || seconds > 59 || hours + minutes + seconds == 0)
        {
            return false;
        }

        value = new TimeSpan(hours, minutes, seconds);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>
    /// Where a JSON token lies in the file's bytes (offsets into the whole buffer, quotes excluded for strings and
    /// names), and what was read of it: enough to build its text or an error message after the reader has moved on.
    /// </summary>
    private struct Field
    {
        public bool Found;
        public JsonTokenType Type;
        public int Start;
        public int Length;
        public bool Escaped;
        public double Number;
        public bool IsDouble;
        public NameAt Name;

        /// <summary>The value the reader is on; an object or array is skipped (the reader is left on its end).</summary>
        public static Field Of(ref Utf8JsonReader reader)
        {
            var start = (int)reader.TokenStartIndex;
            var field = new Field { Found = true, Type = reader.TokenType, Start = start };
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    (field.Start, field.Length, field.Escaped) = (start + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
                    break;
                case JsonTokenType.Number:
                    field.Length = reader.ValueSpan.Length;
                    field.IsDouble = reader.TryGetDouble(out field.Number) && double.IsFinite(field.Number);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    field.Length = (int)reader.TokenStartIndex + 1 - start;
                    break;
                default:
                    field.Length = reader.ValueSpan.Length;
                    break;
            }

            return field;
        }

        /// <summary>The property name the reader is on.</summary>
        public static NameAt NameOf(ref Utf8JsonReader reader) =>
            new((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
    }

    /// <summary>A property name's place in the bytes (quotes excluded) and whether it has escapes.</summary>
    private readonly record struct NameAt(int Start, int Length, bool Escaped);

    /// <summary>The file being read: its path and bytes, and the zone names already made into strings.</summary>
    private sealed class JsonContext(string path, byte[] bytes)
    {
        private int _zoneStart = -1;
        private int _zoneLength;
        private string? _zone;

        public string Path { get; } = path;

        public ReadOnlySpan<byte> Bytes(Field field) => bytes.AsSpan(field.Start, field.Length);

        /// <summary>The text of a string value (unescaped).</summary>
        public string Text(Field field) => field.Escaped ? Unescape(field.Start, field.Length) : Encoding.UTF8.GetString(bytes, field.Start, field.Length);

        /// <summary>A property name (unescaped).</summary>
        public string Text(NameAt name) => name.Escaped ? Unescape(name.Start, name.Length) : Encoding.UTF8.GetString(bytes, name.Start, name.Length);

        /// <summary>The raw JSON text of a value, as in the file.</summary>
        public string Raw(Field field) => field.Type == JsonTokenType.String
            ? Encoding.UTF8.GetString(bytes, field.Start - 1, field.Length + 2)
            : Encoding.UTF8.GetString(bytes, field.Start, field.Length);

        /// <summary>The zone name of a string value, trimmed; one string for a run of the same zone.</summary>
        public string Zone(Field field)
        {
            if (!field.Escaped && _zone is not null && bytes.AsSpan(field.Start, field.Length).SequenceEqual(bytes.AsSpan(_zoneStart, _zoneLength)))
            {
                return _zone;
            }

            var zone = Text(field).Trim();
            if (!field.Escaped)
            {
                (_zoneStart, _zoneLength, _zone) = (field.Start, field.Length, zone);
            }

            return zone;
        }

        /// <summary>Whether a name equals <paramref name="expected"/> in any case (ordinal), as a string comparison would say.</summary>
        public bool NameIs(NameAt name, string expected) => Text(name).Equals(expected, StringComparison.OrdinalIgnoreCase);

        /// <summary>The same, without a string when the name is plain ASCII (<paramref name="expectedUtf8"/>: the ASCII name).</summary>
        public bool NameIs(NameAt name, string expected, ReadOnlySpan<byte> expectedUtf8)
        {
            var raw = bytes.AsSpan(name.Start, name.Length);
            return !name.Escaped && System.Text.Ascii.IsValid(raw)
                ? System.Text.Ascii.EqualsIgnoreCase(raw, expectedUtf8)
                : NameIs(name, expected);
        }

        public string Describe(Field field) => field.Type switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => $"the string \"{Text(field)}\"",
            JsonTokenType.Number => $"the number {Raw(field)}",
            JsonTokenType.True or JsonTokenType.False => Raw(field),
            _ => "null",
        };

        private string Unescape(int start, int length)
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(start - 1, length + 2));
            reader.Read();
            return reader.GetString()!;
        }
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
