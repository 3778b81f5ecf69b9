using System.Text;

namespace CarbonScope.Grid;

/// <summary>
/// Reads the small CSV tables that <c>data/build_tables.py</c> writes and the assembly embeds: leading lines starting
/// with <c>#</c> (the provenance), one header line, then RFC 4180 rows (a field with a comma is in double quotes).
/// Written for start-up cost: one pass, no regular expressions, no LINQ.
/// </summary>
internal sealed class EmbeddedCsv
{
    private EmbeddedCsv(string provenance, List<Row> rows)
    {
        Provenance = provenance;
        Rows = rows;
    }

    /// <summary>The leading comment, without the <c>#</c> markers.</summary>
    public string Provenance { get; }

    /// <summary>The data rows, each with exactly as many fields as the header.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>Reads an embedded table of this assembly.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing or malformed (a packaging bug).</exception>
    public static EmbeddedCsv LoadResource(string resourceName, string tableName, string header)
    {
        using var stream = typeof(EmbeddedCsv).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded {tableName} table '{resourceName}' is missing from {typeof(EmbeddedCsv).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            return Parse(reader, tableName, header);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The embedded {tableName} table is malformed: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a table in the format above.</summary>
    /// <exception cref="FormatException">The header or a row is malformed; the message gives the line.</exception>
    public static EmbeddedCsv Parse(TextReader reader, string tableName, string header)
    {
        var provenance = new StringBuilder();
        var rows = new List<Row>(256);
        var columns = CountFields(header);
        var lineNumber = 0;
        var headerSeen = false;
        var fields = new List<string>(columns);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!headerSeen)
            {
                if (line.StartsWith('#'))
                {
                    provenance.Append(line.Length > 1 && line[1] == ' ' ? line.AsSpan(2) : line.AsSpan(1)).Append('\n');
                    continue;
                }

                if (line != header)
                {
                    throw new FormatException($"{tableName} line {lineNumber}: expected the header '{header}', found '{line}'.");
                }

                headerSeen = true;
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            fields.Clear();
            if (!TrySplit(line, fields) || fields.Count != columns)
            {
                throw new FormatException($"{tableName} line {lineNumber}: expected {columns} fields ({header}), found '{line}'.");
            }

            rows.Add(new Row(lineNumber, [.. fields]));
        }

        if (!headerSeen)
        {
            throw new FormatException($"{tableName}: no '{header}' header.");
        }

        return new EmbeddedCsv(provenance.ToString().TrimEnd(), rows);
    }

    private static int CountFields(string header)
    {
        var count = 1;
        foreach (var c in header)
        {
            count += c == ',' ? 1 : 0;
        }

        return count;
    }

    /// <summary>Splits one RFC 4180 line (no line breaks inside fields).</summary>
    internal static bool TrySplit(string line, List<string> fields)
    {
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var builder = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            builder.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    builder.Append(line[i++]);
                }

                fields.Add(builder.ToString());
                if (i == line.Length)
                {
                    return true;
                }

                if (line[i] != ',')
                {
                    return false;
                }

                i++;
                continue;
            }

            var comma = line.IndexOf(',', i);
            var end = comma < 0 ? line.Length : comma;
            if (line.AsSpan(i, end - i).Contains('"'))
            {
                return false;
            }

            fields.Add(line[i..end]);
            if (comma < 0)
            {
                return true;
            }

            i = comma + 1;
        }
    }

    /// <summary>A data row: its line number in the file (for messages) and its fields.</summary>
    internal readonly record struct Row(int LineNumber, string[] Fields);
}
