using System.Text;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using CarbonScope.Units;

namespace CarbonScope.Tests.Reporting;

public class CodecarbonCsvTests
{
    private const string KnownRow =
        "2025-03-01T12:10:00,resnet,3f2b8c1e-7d4a-4e9b-9c1a-2b5d6e7f8a90,,600,0.00504,8.400000000000001E-06,150,300,0,0.03,0.06,0,0.09,,"
        + "France,FRA,,,,Linux-6.1.0-18-amd64-x86_64,,,80,Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz,1,1 x NVIDIA A100-SXM4-40GB,,,252,"
        + "process,,,,,N,1.2,";

    private static readonly string s_header = string.Join(',', CodecarbonCsv.Header);

    [Fact]
    public void The_header_is_codecarbons_38_columns_in_its_order()
    {
        string[] expected =
        [
            "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate", "cpu_power",
            "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed", "water_consumed",
            "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os", "python_version",
            "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
            "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
            "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue",
        ];

        Assert.Equal(38, CodecarbonCsv.Header.Count);
        Assert.Equal(expected, CodecarbonCsv.Header);
        Assert.Equal(string.Join(',', expected), CodecarbonCsv.HeaderLine);
    }

    [Fact]
    public void A_known_record_gives_codecarbons_units_with_energy_after_pue_and_power_before()
    {
        var row = CodecarbonCsv.FormatRow(SampleRecords.Known());

        Assert.Equal(KnownRow, row);
        var columns = Columns(row);
        Assert.Equal("2025-03-01T12:10:00", columns["timestamp"]); // the end time, UTC
        Assert.Equal("600", columns["duration"]); // s
        Assert.Equal("0.00504", columns["emissions"]); // 5.04 g = 0.00504 kg
        Assert.Equal("8.400000000000001E-06", columns["emissions_rate"]); // 0.00504 kg / 600 s in doubles, as Python computes it too
        Assert.Equal("150", columns["cpu_power"]); // W, 90 kJ / 600 s, before PUE
        Assert.Equal("300", columns["gpu_power"]);
        Assert.Equal("0", columns["ram_power"]);
        Assert.Equal("0.03", columns["cpu_energy"]); // 90 kJ x 1.2 = 108 kJ = 0.03 kWh
        Assert.Equal("0.06", columns["gpu_energy"]); // 180 kJ x 1.2 = 216 kJ = 0.06 kWh
        Assert.Equal("0", columns["ram_energy"]);
        Assert.Equal("0.09", columns["energy_consumed"]); // 270 kJ x 1.2 = 324 kJ
        Assert.Equal("France", columns["country_name"]);
        Assert.Equal("FRA", columns["country_iso_code"]);
        Assert.Equal("252", columns["ram_total_size"]); // 270 582 939 648 B / 1024^3
        Assert.Equal("process", columns["tracking_mode"]);
        Assert.Equal("N", columns["on_cloud"]);
        Assert.Equal("1.2", columns["pue"]);
        foreach (var empty in new[]
        {
            "experiment_id", "water_consumed", "region", "cloud_provider", "cloud_region", "python_version", "codecarbon_version",
            "longitude", "latitude", "cpu_utilization_percent", "gpu_utilization_percent", "ram_utilization_percent", "ram_used_gb", "wue",
        })
        {
            Assert.Equal("", columns[empty]);
        }
    }

    [Fact]
    public void Unknown_host_and_zone_fields_are_empty_and_a_zero_length_run_has_zero_rates()
    {
        var columns = Columns(CodecarbonCsv.FormatRow(SampleRecords.Minimal()));

        Assert.Equal("", columns["project_name"]);
        Assert.Equal("", columns["country_name"]);
        Assert.Equal("", columns["country_iso_code"]);
        Assert.Equal("", columns["cpu_count"]);
        Assert.Equal("", columns["cpu_model"]);
        Assert.Equal("0", columns["gpu_count"]);
        Assert.Equal("", columns["gpu_model"]);
        Assert.Equal("", columns["ram_total_size"]);
        Assert.Equal("0", columns["duration"]);
        Assert.Equal("0", columns["emissions_rate"]);
        Assert.Equal("0", columns["cpu_power"]);
        Assert.Equal("1", columns["pue"]);
    }

    [Fact]
    public void Energy_and_power_are_summed_per_kind_and_the_mode_is_named()
    {
        var record = SampleRecords.Known() with
        {
            Mode = TrackingMode.Machine,
            Pue = 1.5,
            Components =
            [
                new DeviceEnergy(DeviceKind.Gpu, "gpu:0", "A", MeasurementMethod.Measured, "nvml", "", Energy.FromKilowattHours(0.5), Power.Zero, null),
                new DeviceEnergy(DeviceKind.Gpu, "gpu:1", "A", MeasurementMethod.Measured, "nvml", "", Energy.FromKilowattHours(0.25), Power.Zero, null),
                new DeviceEnergy(DeviceKind.Ram, "ram", "RAM", MeasurementMethod.Estimated, "ram-model", "", Energy.FromJoules(6000), Power.Zero, null),
            ],
        };

        var columns = Columns(CodecarbonCsv.FormatRow(record));

        Assert.Equal("1.125", columns["gpu_energy"]); // (0.5 + 0.25) kWh x 1.5
        Assert.Equal("4500", columns["gpu_power"]); // 2 700 000 J / 600 s
        Assert.Equal("0.0025", columns["ram_energy"]); // 6 kJ x 1.5 = 9 kJ
        Assert.Equal("10", columns["ram_power"]);
        Assert.Equal("0", columns["cpu_energy"]);
        Assert.Equal("machine", columns["tracking_mode"]);
    }

    [Fact]
    public void Fields_with_a_comma_a_quote_or_a_line_end_are_quoted_with_quotes_doubled()
    {
        var record = SampleRecords.Known() with
        {
            Project = "line\nbreak",
            Host = SampleRecords.Known().Host with { CpuModel = "AMD EPYC 7763 64-Core Processor, \"rev B\"", GpuModel = "2 x NVIDIA A100, 1 x NVIDIA T4" },
        };

        var row = CodecarbonCsv.FormatRow(record);

        Assert.Contains(",\"AMD EPYC 7763 64-Core Processor, \"\"rev B\"\"\",1,\"2 x NVIDIA A100, 1 x NVIDIA T4\",", row, StringComparison.Ordinal);
        Assert.StartsWith("2025-03-01T12:10:00,\"line\nbreak\",3f2b", row, StringComparison.Ordinal);
        var columns = Columns(row);
        Assert.Equal("AMD EPYC 7763 64-Core Processor, \"rev B\"", columns["cpu_model"]);
        Assert.Equal("2 x NVIDIA A100, 1 x NVIDIA T4", columns["gpu_model"]);
        Assert.Equal("line\nbreak", columns["project_name"]);
    }

    [Fact]
    public void The_first_row_creates_the_directory_and_the_file_with_the_header()
    {
        using var temp = new TempDirectory();
        var directory = Path.Combine(temp.Path, "a", "b");

        var result = CodecarbonCsv.Append(directory, SampleRecords.Known());

        var path = Path.Combine(directory, "emissions.csv");
        Assert.Equal(new CodecarbonCsvResult(path, true, null), result);
        Assert.Equal($"{s_header}\n{KnownRow}\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    [Fact]
    public void Appending_to_a_file_with_the_header_keeps_its_rows()
    {
        using var temp = new TempDirectory();
        var path = temp.File("emissions.csv");
        var existing = $"{s_header}\nold row 1\nold,\"row, 2\"\n";
        File.WriteAllText(path, existing);

        var result = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal(new CodecarbonCsvResult(path, false, null), result);
        Assert.Equal($"{existing}{KnownRow}\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_file_without_a_final_line_end_gets_one_before_the_row()
    {
        using var temp = new TempDirectory();
        var path = temp.File("emissions.csv");
        File.WriteAllText(path, $"{s_header}\nold row");

        CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal($"{s_header}\nold row\n{KnownRow}\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_file_holding_only_the_header_without_a_line_end_is_kept()
    {
        using var temp = new TempDirectory();
        var path = temp.File("emissions.csv");
        File.WriteAllText(path, s_header);

        var result = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal(new CodecarbonCsvResult(path, false, null), result);
        Assert.Equal($"{s_header}\n{KnownRow}\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_header_ending_in_crlf_still_matches()
    {
        using var temp = new TempDirectory();
        var path = temp.File("emissions.csv");
        File.WriteAllText(path, $"{s_header}\r\nold\r\n");

        var result = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Null(result.MovedAsidePath);
        Assert.Equal($"{s_header}\r\nold\r\n{KnownRow}\n", File.ReadAllText(path));
    }

    [Fact]
    public void An_empty_file_gets_the_header()
    {
        using var temp = new TempDirectory();
        var path = temp.File("emissions.csv");
        File.WriteAllBytes(path, []);

        var result = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal(new CodecarbonCsvResult(path, true, null), result);
        Assert.Equal($"{s_header}\n{KnownRow}\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_file_with_another_header_is_moved_aside_byte_for_byte_and_backups_are_never_overwritten()
    {
        using var temp = new TempDirectory();
        var path = temp.File("emissions.csv");
        byte[] first = [.. "timestamp,project_name,run_id\r\n"u8, 0xC3, 0xA9, 0x00, 0xFF, (byte)'\n'];
        File.WriteAllBytes(path, first);

        var result1 = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal(new CodecarbonCsvResult(path, true, temp.File("emissions.csv.bak")), result1);
        Assert.Equal(first, File.ReadAllBytes(temp.File("emissions.csv.bak")));
        Assert.Equal($"{s_header}\n{KnownRow}\n", File.ReadAllText(path));

        // The header plus one more column is not the header either.
        var second = $"{s_header},extra\n1\n";
        File.WriteAllText(path, second);

        var result2 = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal(temp.File("emissions.csv.1.bak"), result2.MovedAsidePath);
        Assert.Equal(first, File.ReadAllBytes(temp.File("emissions.csv.bak")));
        Assert.Equal(second, File.ReadAllText(temp.File("emissions.csv.1.bak")));

        File.WriteAllText(path, "x");
        File.WriteAllText(temp.File("emissions.csv.2.bak"), "someone else's");

        var result3 = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal(temp.File("emissions.csv.3.bak"), result3.MovedAsidePath);
        Assert.Equal("x", File.ReadAllText(temp.File("emissions.csv.3.bak")));
        Assert.Equal("someone else's", File.ReadAllText(temp.File("emissions.csv.2.bak")));
        Assert.Equal($"{s_header}\n{KnownRow}\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_byte_order_mark_before_the_header_is_another_header()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("emissions.csv"), [.. "\uFEFF"u8, .. Encoding.ASCII.GetBytes(s_header + "\n")]);

        var result = CodecarbonCsv.Append(temp.Path, SampleRecords.Known());

        Assert.Equal(temp.File("emissions.csv.bak"), result.MovedAsidePath);
    }

    [Fact]
    public async Task Concurrent_appenders_each_add_a_whole_row()
    {
        using var temp = new TempDirectory();
        const int Writers = 8;
        const int RowsEach = 25;
        var records = Enumerable.Range(0, Writers * RowsEach)
            .Select(i => SampleRecords.Known() with { Id = $"run-{i:D4}", Host = SampleRecords.Known().Host with { CpuModel = $"model, number {i}" } })
            .ToArray();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < RowsEach; i++)
            {
                CodecarbonCsv.Append(temp.Path, records[(w * RowsEach) + i]);
            }
        }, TestContext.Current.CancellationToken)));

        var lines = File.ReadAllText(temp.File("emissions.csv")).Split('\n');
        Assert.Equal(s_header, lines[0]);
        Assert.Equal("", lines[^1]);
        Assert.Equal(
            records.Select(CodecarbonCsv.FormatRow).Order(StringComparer.Ordinal),
            lines[1..^1].Order(StringComparer.Ordinal));
        Assert.Equal([temp.File("emissions.csv")], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_directory_that_cannot_be_created_is_an_io_exception()
    {
        using var temp = new TempDirectory();
        var file = temp.File("not-a-directory");
        File.WriteAllText(file, "");

        Assert.ThrowsAny<IOException>(() => CodecarbonCsv.Append(file, SampleRecords.Known()));
    }

    [Fact]
    public void An_emissions_csv_that_is_a_directory_is_reported_not_replaced()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("emissions.csv"));

        var exception = Record.Exception(() => CodecarbonCsv.Append(temp.Path, SampleRecords.Known()));

        Assert.True(exception is IOException or UnauthorizedAccessException, exception?.ToString());
        Assert.True(Directory.Exists(temp.File("emissions.csv")));
    }

    /// <summary>Splits one RFC 4180 row into its fields and names them by the header.</summary>
    private static Dictionary<string, string> Columns(string row)
    {
        var fields = CsvRow.Split(row);
        Assert.Equal(38, fields.Count);
        return CodecarbonCsv.Header.Zip(fields).ToDictionary(p => p.First, p => p.Second);
    }
}
