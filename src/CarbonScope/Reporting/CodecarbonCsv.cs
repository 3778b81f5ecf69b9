using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using CarbonScope.Footprint;
using CarbonScope.Measurement;

namespace CarbonScope.Reporting;

/// <summary>What <see cref="CodecarbonCsv.Append"/> did.</summary>
/// <param name="Path">The file the row was appended to (<c>&lt;directory&gt;/emissions.csv</c>).</param>
/// <param name="WroteHeader">Whether the header line was written first (a new or empty file).</param>
/// <param name="MovedAsidePath">
/// Where a previous file whose first line was not this header was moved to (<c>emissions.csv.bak</c>,
/// <c>emissions.csv.1.bak</c>, ...); null when nothing was moved.
/// </param>
public sealed record CodecarbonCsvResult(string Path, bool WroteHeader, string? MovedAsidePath);

/// <summary>
/// codecarbon's <c>emissions.csv</c>: one row per run, its 38 columns in its order and units, so that tools written for
/// codecarbon read CarbonScope's runs (docs/run-record.md has the column-by-column mapping).
/// </summary>
/// <remarks>
/// Columns that CarbonScope has no figure for (water, cloud, Python, location, utilisation) are left empty, never
/// invented. Numbers are invariant-culture, in their shortest round-trip form; fields are quoted as RFC 4180 says
/// (a field with a comma, a quote, CR or LF is quoted and its quotes doubled). Lines end with LF.
/// </remarks>
public static class CodecarbonCsv
{
    /// <summary>The file name codecarbon writes.</summary>
    public const string FileName = "emissions.csv";

    /// <summary>Bytes in codecarbon's "GB" for <c>ram_total_size</c>: it divides by 1024³ (<c>B_TO_GB</c>), i.e. GiB.</summary>
    public const double BytesPerGigabyte = 1024.0 * 1024.0 * 1024.0;

    /// <summary>The value of <c>on_cloud</c>: CarbonScope does not detect cloud providers.</summary>
    public const string NotOnCloud = "N";

    private const int MaxAttempts = 10;

    private static readonly string[] s_columns =
    [
        "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
        "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
        "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
        "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
        "latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
        "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue",
    ];

    private static readonly byte[] s_headerBytes = Encoding.ASCII.GetBytes(string.Join(',', s_columns));

    /// <summary>The 38 column names, in codecarbon's order.</summary>
    public static IReadOnlyList<string> Header { get; } = new ReadOnlyCollection<string>(s_columns);

    /// <summary>The header line (the column names joined by commas, no line end).</summary>
    public static string HeaderLine { get; } = string.Join(',', s_columns);

    /// <summary>The record as one CSV row, in the order of <see cref="Header"/>, without the line end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The record's PUE is outside [1, 5].</exception>
    public static string FormatRow(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var durationSeconds = record.Duration.TotalSeconds;
        var emissions = record.Emissions;
        var host = record.Host;
        string[] fields =
        [
            record.EndedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), // timestamp
            record.Project ?? "", // project_name
            record.Id, // run_id
            "", // experiment_id: a codecarbon API concept
            Number(durationSeconds), // duration, s
            Number(emissions.Kilograms), // emissions, kg
            Number(durationSeconds > 0 ? emissions.Kilograms / durationSeconds : 0), // emissions_rate, kg/s
            Number(record.MeanPowerOf(DeviceKind.Cpu).Watts), // cpu_power, W before PUE
            Number(record.MeanPowerOf(DeviceKind.Gpu).Watts), // gpu_power
            Number(record.MeanPowerOf(DeviceKind.Ram).Watts), // ram_power
            Number(FacilityKilowattHours(record, DeviceKind.Cpu)), // cpu_energy, kWh after PUE
            Number(FacilityKilowattHours(record, DeviceKind.Gpu)), // gpu_energy
            Number(FacilityKilowattHours(record, DeviceKind.Ram)), // ram_energy
            Number(record.Energy.KilowattHours), // energy_consumed, kWh after PUE
            "", // water_consumed: no water figure
            record.Zone.CountryName ?? "", // country_name
            record.Zone.CountryAlpha3 ?? "", // country_iso_code (alpha-3, as codecarbon writes it)
            "", // region
            "", // cloud_provider
            "", // cloud_region
            host.OperatingSystem, // os
            "", // python_version
            "", // codecarbon_version
            host.CpuCount > 0 ? host.CpuCount.ToString(CultureInfo.InvariantCulture) : "", // cpu_count
            host.CpuModel ?? "", // cpu_model
            host.GpuCount.ToString(CultureInfo.InvariantCulture), // gpu_count
            host.GpuModel ?? "", // gpu_model
            "", // longitude
            "", // latitude
            host.RamTotalBytes is { } ram ? Number(ram / BytesPerGigabyte) : "", // ram_total_size, GiB
            WireNames.Mode(record.Mode), // tracking_mode
            "", // cpu_utilization_percent
            "", // gpu_utilization_percent
            "", // ram_utilization_percent
            "", // ram_used_gb
            NotOnCloud, // on_cloud
            Number(record.Pue), // pue
            "", // wue
        ];

        var row = new StringBuilder(256);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            AppendField(row, fields[i]);
        }

        return row.ToString();
    }

    /// <summary>
    /// Appends the record's row to <c>&lt;directory&gt;/emissions.csv</c>, creating the directory and the file (with the
    /// header) when missing. An empty file gets the header first; a file that does not end with a line end gets one
    /// before the row. A file whose first line is not exactly <see cref="HeaderLine"/> (another tool's, or another
    /// codecarbon version's) is moved aside to <c>emissions.csv.bak</c> (or <c>.1.bak</c>, <c>.2.bak</c>, ...: a backup
    /// is never overwritten) and a new file is started.
    /// </summary>
    /// <remarks>
    /// The row goes in one append-mode write, with the file shared, so runs ending at the same time in several processes
    /// each add a whole row. A new file is written in full beside the target and then linked into place, so no
    /// process ever sees it without its header.
    /// </remarks>
    /// <param name="directory">The directory of <c>emissions.csv</c>.</param>
    /// <param name="record">The run.</param>
    /// <exception cref="IOException">The directory or file cannot be created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static CodecarbonCsvResult Append(string directory, RunRecord record)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(record);

        var rowBytes = Encoding.UTF8.GetBytes(FormatRow(record) + "\n");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        string? movedAside = null;

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = Inspect(path);
            switch (state)
            {
                case FileState.Mismatch:
                    // Null when another process moved it first: then look again.
                    movedAside ??= MoveAside(path);
                    continue;

                case FileState.Missing:
                    if (TryCreate(directory, path, Concat(s_headerBytes, "\n"u8, rowBytes)))
                    {
                        return new CodecarbonCsvResult(path, true, movedAside);
                    }

                    continue;

                default:
                    // Looked at again under the file's lock: another appender may have changed it since.
                    var wroteHeader = false;
                    byte[]? Decide(Stream file)
                    {
                        var now = Inspect(file);
                        wroteHeader = now == FileState.Empty;
                        return now switch
                        {
                            FileState.Empty => Concat(s_headerBytes, "\n"u8, rowBytes),
                            FileState.MatchingWithoutLineEnd => Concat("\n"u8, rowBytes),
                            FileState.Matching => rowBytes,
                            _ => null, // moved aside, replaced or deleted meanwhile
                        };
                    }

                    bool appended;
                    try
                    {
                        appended = AppendOnlyFile.Append(path, Decide);
                    }
                    catch (FileNotFoundException)
                    {
                        continue; // moved aside or deleted meanwhile
                    }

                    if (!appended)
                    {
                        continue;
                    }

                    return new CodecarbonCsvResult(path, wroteHeader, movedAside);
            }
        }

        throw new IOException($"{path} kept changing while a row was being appended (moved, deleted or recreated by another process); the row was not written.");
    }

    private enum FileState
    {
        Missing,
        Empty,
        Matching,
        MatchingWithoutLineEnd,
        Mismatch,
    }

    private static FileState Inspect(string path)
    {
        try
        {
            return AppendOnlyFile.Read(path, Inspect);
        }
        catch (FileNotFoundException)
        {
            return FileState.Missing;
        }
    }

    private static FileState Inspect(Stream stream)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return FileState.Empty;
        }

        // The header, then LF or CRLF (or nothing, when the file is the header alone).
        var buffer = new byte[(int)Math.Min(length, s_headerBytes.Length + 2)];
        stream.ReadExactly(buffer);
        if (!buffer.AsSpan().StartsWith(s_headerBytes))
        {
            return FileState.Mismatch;
        }

        var rest = buffer.AsSpan(s_headerBytes.Length);
        var headerLineEnds = rest.IsEmpty || rest[0] == (byte)'\n' || rest.SequenceEqual("\r\n"u8);
        if (!headerLineEnds)
        {
            return FileState.Mismatch;
        }

        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n' ? FileState.Matching : FileState.MatchingWithoutLineEnd;
    }

    private static string? MoveAside(string path)
    {
        for (var n = 0; ; n++)
        {
            var backup = n == 0 ? $"{path}.bak" : FormattableString.Invariant($"{path}.{n}.bak");
            if (Path.Exists(backup))
            {
                continue;
            }

            try
            {
                File.Move(path, backup, overwrite: false);
                return backup;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException) when (Path.Exists(backup))
            {
                // Taken meanwhile: try the next name.
            }
        }
    }

    private static bool TryCreate(string directory, string path, byte[] content)
    {
        var temporary = Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (Path.Exists(path))
        {
            return false; // another process created it first
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static double FacilityKilowattHours(RunRecord record, DeviceKind kind) =>
        CarbonFootprint.FacilityEnergy(record.DeviceEnergyOf(kind), record.Pue).KilowattHours;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendField(StringBuilder row, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            row.Append(field);
            return;
        }

        row.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third = default)
    {
        var result = new byte[first.Length + second.Length + third.Length];
        first.CopyTo(result);
        second.CopyTo(result.AsSpan(first.Length));
        third.CopyTo(result.AsSpan(first.Length + second.Length));
        return result;
    }
}
