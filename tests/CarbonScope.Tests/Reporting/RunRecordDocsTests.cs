using System.Text.Json;
using System.Text.RegularExpressions;
using CarbonScope.Reporting;

namespace CarbonScope.Tests.Reporting;

/// <summary>docs/run-record.md lists exactly what the code writes, so the two cannot drift apart.</summary>
public partial class RunRecordDocsTests
{
    [Fact]
    public void The_json_table_lists_every_key_the_writer_writes_and_no_other()
    {
        var documented = TableSection("## JSON", "## Statuses")
            .Select(line => JsonKeyRow().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();

        using var document = JsonDocument.Parse(RunRecordJson.Serialize(SampleRecords.Full()));
        var written = new List<string>();
        Collect(document.RootElement, "", written);

        Assert.Equal(written, documented);
    }

    [Fact]
    public void The_csv_table_lists_the_38_columns_in_order()
    {
        var documented = TableSection("## `emissions.csv`", "## Host information")
            .Select(line => CsvColumnRow().Match(line))
            .Where(m => m.Success)
            .Select(m => (Number: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Column: m.Groups[2].Value))
            .ToList();

        Assert.Equal(Enumerable.Range(1, 38), documented.Select(d => d.Number));
        Assert.Equal(CodecarbonCsv.Header, documented.Select(d => d.Column));
        Assert.Contains(CodecarbonCsv.HeaderLine, Docs(), StringComparison.Ordinal);
        Assert.Contains(CodecarbonCsv.FormatRow(SampleRecords.Known()), Docs(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_statuses_table_lists_every_status()
    {
        var documented = TableSection("## Statuses", "## `emissions.csv`")
            .Select(line => JsonKeyRow().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value);

        Assert.Equal(Enum.GetValues<RunStatus>().Select(RunStatusNames.Name).Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    private static void Collect(JsonElement element, string prefix, List<string> paths)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix + property.Name;
            paths.Add(path);
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Collect(property.Value, path + ".", paths);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array && property.Value.GetArrayLength() > 0 && property.Value[0].ValueKind == JsonValueKind.Object)
            {
                Collect(property.Value[0], path + "[].", paths);
            }
        }
    }

    private static string Docs()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CarbonScope.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory.FullName, "docs", "run-record.md"));
    }

    private static string[] TableSection(string from, string to)
    {
        var docs = Docs();
        var start = docs.IndexOf(from, StringComparison.Ordinal);
        var end = docs.IndexOf(to, start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"sections '{from}' and '{to}' in docs/run-record.md");
        return docs[start..end].Split('\n');
    }

    [GeneratedRegex(@"^\| `([^`]+)` \|")]
    private static partial Regex JsonKeyRow();

    [GeneratedRegex(@"^\| (\d+) \| `([^`]+)` \|")]
    private static partial Regex CsvColumnRow();
}
