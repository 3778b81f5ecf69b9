using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Scheduling;
using CarbonScope.Units;
using K = CarbonScope.Reporting.RunRecordJsonKeys;

namespace CarbonScope.Reporting;

/// <summary>
/// The JSON form of a <see cref="RunRecord"/> (docs/run-record.md): camelCase keys (<see cref="RunRecordJsonKeys"/>),
/// numbers in the unit their name says, timestamps in ISO 8601 UTC with <c>Z</c>, every key always written (null when
/// there is no value). Written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>: no
/// reflection, so it works trimmed and AOT-compiled.
/// </summary>
/// <remarks>
/// <c>durationSeconds</c>, <c>deviceEnergyJoules</c>, <c>energyJoules</c> and <c>emissionsGrams</c> are derived from the
/// other fields; they are written for consumers and ignored when reading (the record recomputes them). Doubles are
/// written in their shortest round-trip form, so a record read back is equal, field by field, to the one written.
/// </remarks>
public static class RunRecordJson
{
    /// <summary>The version of the schema this class writes, and the highest it reads.</summary>
    public const int SchemaVersion = 1;

    // Relaxed escaping keeps names such as "Électricité" or "NVIDIA A100+" readable; the output is a file, not HTML.
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions s_indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The record as a JSON document.</summary>
    /// <param name="record">The record.</param>
    /// <param name="indented">Two-space indentation, one key per line (for people); compact otherwise.</param>
    /// <exception cref="ArgumentOutOfRangeException">The record's PUE is outside [1, 5].</exception>
    public static string Serialize(RunRecord record, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? s_indented : s_compact))
        {
            Write(writer, record);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Several records as one JSON array (e.g. <c>carbonscope runs --format json</c>), in the given order.</summary>
    public static string SerializeList(IEnumerable<RunRecord> records, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? s_indented : s_compact))
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                Write(writer, record);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the record as a JSON document (UTF-8, no BOM) to a stream, which is left open.</summary>
    /// <param name="utf8Json">Where to write.</param>
    /// <param name="record">The record.</param>
    /// <param name="indented">Two-space indentation, one key per line; compact otherwise.</param>
    public static void Write(Stream utf8Json, RunRecord record, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(record);
        using var writer = new Utf8JsonWriter(utf8Json, indented ? s_indented : s_compact);
        Write(writer, record);
    }

    /// <summary>Writes the record as one JSON object (the writer's options decide indentation and escaping).</summary>
    /// <param name="writer">Where to write; flushed at the end.</param>
    /// <param name="record">The record.</param>
    public static void Write(Utf8JsonWriter writer, RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);

        writer.WriteStartObject();
        writer.WriteNumber(K.SchemaVersion, SchemaVersion);
        writer.WriteString(K.Id, record.Id);
        writer.WriteStartArray(K.Command);
        foreach (var argument in record.Command)
        {
            writer.WriteStringValue(argument);
        }

        writer.WriteEndArray();
        writer.WriteString(K.Project, record.Project);
        WriteNullable(writer, K.ExitCode, record.ExitCode);
        writer.WriteString(K.Status, RunStatusNames.Name(record.Status));
        WriteTime(writer, K.StartedAt, record.StartedAt);
        WriteTime(writer, K.EndedAt, record.EndedAt);
        writer.WriteNumber(K.DurationSeconds, record.Duration.TotalSeconds);
        writer.WriteString(K.Mode, WireNames.Mode(record.Mode));
        writer.WriteString(K.AttributedTo, record.AttributedTo);
        writer.WriteNumber(K.Pue, record.Pue);
        writer.WriteNumber(K.DeviceEnergyJoules, record.DeviceEnergy.Joules);
        writer.WriteNumber(K.EnergyJoules, record.Energy.Joules);
        writer.WriteNumber(K.EmissionsGrams, record.Emissions.Grams);

        var zone = record.Zone;
        writer.WriteStartObject(K.Zone);
        writer.WriteString(K.ZoneZone, zone.Zone);
        writer.WriteString(K.ZoneOrigin, ZoneSelection.OriginName(zone.Origin));
        writer.WriteString(K.ZoneDetail, zone.Detail);
        writer.WriteString(K.ZoneCountryName, zone.CountryName);
        writer.WriteString(K.ZoneCountryAlpha3, zone.CountryAlpha3);
        writer.WriteEndObject();

        var provenance = record.Intensity.Provenance;
        writer.WriteStartObject(K.Intensity);
        writer.WriteNumber(K.IntensityGramsPerKwh, record.Intensity.Value.GramsPerKilowattHour);
        writer.WriteString(K.IntensityZone, provenance.Zone);
        writer.WriteString(K.IntensityZoneName, provenance.ZoneName);
        writer.WriteString(K.IntensitySource, provenance.Source);
        writer.WriteString(K.IntensityKind, IntensityProvenance.KindName(provenance.Kind));
        writer.WriteString(K.IntensitySignal, IntensityProvenance.SignalName(provenance.Signal));
        WriteNullable(writer, K.IntensityYear, provenance.Year);
        WriteTime(writer, K.IntensityFetchedAt, provenance.FetchedAt);

        writer.WriteString(K.IntensityDataset, provenance.Dataset);
        writer.WriteString(K.IntensityFallbackReason, provenance.FallbackReason);
        writer.WriteEndObject();

        writer.WriteStartArray(K.Components);
        foreach (var component in record.Components)
        {
            writer.WriteStartObject();
            writer.WriteString(K.ComponentKind, WireNames.Kind(component.Kind));
            writer.WriteString(K.ComponentDevice, component.DeviceId);
            writer.WriteString(K.ComponentName, component.DeviceName);
            writer.WriteString(K.ComponentMethod, WireNames.Method(component.Method));
            writer.WriteString(K.ComponentSource, component.Source);
            writer.WriteString(K.ComponentModel, component.Model);
            writer.WriteNumber(K.ComponentEnergyJoules, component.Energy.Joules);
            writer.WriteNumber(K.ComponentMeanPowerWatts, component.MeanPower.Watts);
            writer.WriteString(K.ComponentUnavailableReason, component.UnavailableReason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        var host = record.Host;
        writer.WriteStartObject(K.Host);
        writer.WriteString(K.HostOs, host.OperatingSystem);
        writer.WriteString(K.HostCpuModel, host.CpuModel);
        writer.WriteNumber(K.HostCpuCount, host.CpuCount);
        writer.WriteNumber(K.HostGpuCount, host.GpuCount);
        writer.WriteString(K.HostGpuModel, host.GpuModel);
        WriteNullable(writer, K.HostRamTotalBytes, host.RamTotalBytes);
        writer.WriteEndObject();

        writer.WriteStartArray(K.Equivalents);
        foreach (var equivalent in record.Equivalents)
        {
            writer.WriteStartObject();
            writer.WriteNumber(K.EquivalentAmount, equivalent.Amount);
            writer.WriteString(K.EquivalentUnit, equivalent.Unit);
            writer.WriteString(K.EquivalentDescription, equivalent.Description);
            writer.WriteString(K.EquivalentSource, equivalent.Source);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray(K.Diagnostics);
        foreach (var diagnostic in record.Diagnostics)
        {
            writer.WriteStringValue(diagnostic);
        }

        writer.WriteEndArray();
        writer.WriteString(K.CarbonScopeVersion, record.CarbonScopeVersion);
        if (record.Schedule is { } schedule)
        {
            writer.WritePropertyName(K.Schedule);
            WriteSchedule(writer, schedule);
        }
        else
        {
            writer.WriteNull(K.Schedule);
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>A run's schedule alone as a JSON object (the <c>schedule</c> of the record; the history store keeps it so).</summary>
    public static string SerializeSchedule(RunSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            WriteSchedule(writer, schedule);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads what <see cref="SerializeSchedule"/> wrote.</summary>
    /// <exception cref="JsonException">The text is not such an object; the message names the field.</exception>
    public static RunSchedule DeserializeSchedule(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var node = new Node(document.RootElement, "$.schedule");
        node.RequireObject();
        return ReadSchedule(node);
    }

    private static void WriteSchedule(Utf8JsonWriter writer, RunSchedule schedule)
    {
        writer.WriteStartObject();
        writer.WriteString(K.ScheduleStrategy, schedule.Strategy);
        writer.WriteNumber(K.ScheduleWaitedSeconds, schedule.Waited.TotalSeconds);
        writer.WriteString(K.ScheduleStartReason, schedule.StartReason);
        writer.WriteNumber(K.SchedulePausedSeconds, schedule.PausedTime.TotalSeconds);
        writer.WriteStartArray(K.SchedulePauses);
        foreach (var pause in schedule.Pauses)
        {
            writer.WriteStartObject();
            WriteTime(writer, K.PauseStart, pause.Start);
            WriteTime(writer, K.PauseEnd, pause.End);

            writer.WriteString(K.PauseReason, pause.Reason);
            writer.WriteString(K.PauseResumeReason, pause.ResumeReason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNullable(writer, K.ScheduleObservedEmissionsGrams, schedule.ObservedEmissions?.Grams);
        WriteNullable(writer, K.ScheduleCounterfactualEmissionsGrams, schedule.CounterfactualEmissions?.Grams);
        WriteNullable(writer, K.ScheduleAvoidedGrams, schedule.Avoided?.Grams);
        writer.WriteString(K.ScheduleAccountProblem, schedule.AccountProblem);
        writer.WriteEndObject();
    }

    private static RunSchedule ReadSchedule(Node schedule) => new(
        schedule.String(K.ScheduleStrategy),
        TimeSpan.FromSeconds(schedule.Double(K.ScheduleWaitedSeconds)),
        schedule.OptionalString(K.ScheduleStartReason),
        schedule.OptionalArray(K.SchedulePauses).Select(pause =>
        {
            pause.RequireObject();
            return new PauseRecord(pause.Time(K.PauseStart), pause.OptionalTime(K.PauseEnd), pause.String(K.PauseReason), pause.OptionalString(K.PauseResumeReason));
        }).ToArray(),
        schedule.OptionalDouble(K.ScheduleObservedEmissionsGrams) is { } observed ? CarbonMass.FromGrams(observed) : null,
        schedule.OptionalDouble(K.ScheduleCounterfactualEmissionsGrams) is { } counterfactual ? CarbonMass.FromGrams(counterfactual) : null,
        schedule.OptionalString(K.ScheduleAccountProblem));

    /// <summary>Reads a record from its JSON form.</summary>
    /// <exception cref="JsonException">
    /// The text is not JSON, or a field is missing, null where a value is required, of the wrong type or out of range;
    /// the message and <see cref="JsonException.Path"/> name the field (e.g. <c>$.components[1].energyJoules</c>).
    /// </exception>
    public static RunRecord Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    /// <summary>Reads a record from a UTF-8 JSON stream (read to its end, left open).</summary>
    /// <exception cref="JsonException">As <see cref="Deserialize(string)"/>.</exception>
    public static RunRecord Deserialize(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var document = JsonDocument.Parse(utf8Json);
        return Read(document.RootElement);
    }

    /// <summary>Reads a record from a parsed JSON object. Unknown keys are ignored, so newer minor additions still read.</summary>
    /// <exception cref="JsonException">As <see cref="Deserialize(string)"/>.</exception>
    public static RunRecord Read(JsonElement element)
    {
        var root = new Node(element, "$");
        root.RequireObject();
        var version = root.Int(K.SchemaVersion);
        if (version is < 1 or > SchemaVersion)
        {
            throw root.Child(K.SchemaVersion).Invalid(
                $"is {version.ToString(CultureInfo.InvariantCulture)}; this version of CarbonScope reads schema versions 1 to {SchemaVersion.ToString(CultureInfo.InvariantCulture)}");
        }

        var statusNode = root.Child(K.Status);
        var status = RunStatusNames.TryParse(root.String(K.Status), out var parsedStatus)
            ? parsedStatus
            : throw statusNode.Invalid($"must be one of {string.Join(", ", WireNames.AllNames<RunStatus>(RunStatusNames.Name))}");
        var modeNode = root.Child(K.Mode);
        var mode = WireNames.TryParseMode(root.String(K.Mode), out var parsedMode)
            ? parsedMode
            : throw modeNode.Invalid($"must be one of {string.Join(", ", WireNames.AllNames<TrackingMode>(WireNames.Mode))}");

        var pue = root.Double(K.Pue);
        if (pue is < CarbonFootprint.MinimumPue or > CarbonFootprint.MaximumPue)
        {
            throw root.Child(K.Pue).Invalid($"must be from {CarbonFootprint.MinimumPue.ToString("0.0", CultureInfo.InvariantCulture)} to {CarbonFootprint.MaximumPue.ToString("0.0", CultureInfo.InvariantCulture)}");
        }

        return new RunRecord
        {
            Id = root.String(K.Id),
            Command = root.Array(K.Command).Select(n => n.StringValue()).ToArray(),
            Project = root.OptionalString(K.Project),
            ExitCode = root.OptionalInt(K.ExitCode),
            Status = status,
            StartedAt = root.Time(K.StartedAt),
            EndedAt = root.Time(K.EndedAt),
            Mode = mode,
            AttributedTo = root.OptionalString(K.AttributedTo),
            Pue = pue,
            Zone = ReadZone(root.Object(K.Zone)),
            Intensity = ReadIntensity(root.Object(K.Intensity)),
            Components = root.Array(K.Components).Select(ReadComponent).ToArray(),
            Host = ReadHost(root.Object(K.Host)),
            Equivalents = root.OptionalArray(K.Equivalents).Select(ReadEquivalent).ToArray(),
            Diagnostics = root.OptionalArray(K.Diagnostics).Select(n => n.StringValue()).ToArray(),
            CarbonScopeVersion = root.OptionalString(K.CarbonScopeVersion),
            Schedule = root.OptionalObject(K.Schedule) is { } schedule ? ReadSchedule(schedule) : null,
        };
    }

    private static ZoneSelection ReadZone(Node zone)
    {
        var origin = WireNames.TryParseOrigin(zone.String(K.ZoneOrigin), out var parsed)
            ? parsed
            : throw zone.Child(K.ZoneOrigin).Invalid($"must be one of {string.Join(", ", WireNames.AllNames<ZoneOrigin>(ZoneSelection.OriginName))}");
        return new ZoneSelection(
            zone.String(K.ZoneZone),
            origin,
            zone.String(K.ZoneDetail),
            zone.OptionalString(K.ZoneCountryName),
            zone.OptionalString(K.ZoneCountryAlpha3));
    }

    private static IntensityEstimate ReadIntensity(Node intensity)
    {
        var kind = WireNames.TryParseIntensityKind(intensity.String(K.IntensityKind), out var parsedKind)
            ? parsedKind
            : throw intensity.Child(K.IntensityKind).Invalid($"must be one of {string.Join(", ", WireNames.AllNames<IntensityKind>(IntensityProvenance.KindName))}");
        var signal = WireNames.TryParseSignal(intensity.String(K.IntensitySignal), out var parsedSignal)
            ? parsedSignal
            : throw intensity.Child(K.IntensitySignal).Invalid($"must be one of {string.Join(", ", WireNames.AllNames<IntensitySignal>(IntensityProvenance.SignalName))}");
        var provenance = new IntensityProvenance(
            intensity.String(K.IntensitySource),
            intensity.String(K.IntensityZone),
            kind,
            signal,
            intensity.OptionalTime(K.IntensityFetchedAt),
            intensity.OptionalInt(K.IntensityYear),
            intensity.OptionalString(K.IntensityZoneName),
            intensity.OptionalString(K.IntensityDataset),
            intensity.OptionalString(K.IntensityFallbackReason));
        return new IntensityEstimate(CarbonIntensity.FromGramsPerKilowattHour(intensity.Double(K.IntensityGramsPerKwh)), provenance);
    }

    private static DeviceEnergy ReadComponent(Node component)
    {
        component.RequireObject();
        var kind = WireNames.TryParseKind(component.String(K.ComponentKind), out var parsedKind)
            ? parsedKind
            : throw component.Child(K.ComponentKind).Invalid($"must be one of {string.Join(", ", WireNames.AllNames<Measurement.DeviceKind>(WireNames.Kind))}");
        var method = WireNames.TryParseMethod(component.String(K.ComponentMethod), out var parsedMethod)
            ? parsedMethod
            : throw component.Child(K.ComponentMethod).Invalid($"must be one of {string.Join(", ", WireNames.AllNames<Measurement.MeasurementMethod>(WireNames.Method))}");
        return new DeviceEnergy(
            kind,
            component.String(K.ComponentDevice),
            component.String(K.ComponentName),
            method,
            component.String(K.ComponentSource),
            component.String(K.ComponentModel),
            Energy.FromJoules(component.Double(K.ComponentEnergyJoules)),
            Power.FromWatts(component.Double(K.ComponentMeanPowerWatts)),
            component.OptionalString(K.ComponentUnavailableReason));
    }

    private static HostInfo ReadHost(Node host) => new(
        host.String(K.HostOs),
        host.OptionalString(K.HostCpuModel),
        host.Int(K.HostCpuCount),
        host.Int(K.HostGpuCount),
        host.OptionalString(K.HostGpuModel),
        host.OptionalLong(K.HostRamTotalBytes));

    private static Equivalent ReadEquivalent(Node equivalent)
    {
        equivalent.RequireObject();
        return new Equivalent(
            equivalent.Double(K.EquivalentAmount),
            equivalent.String(K.EquivalentUnit),
            equivalent.String(K.EquivalentDescription),
            equivalent.String(K.EquivalentSource));
    }

    private static void WriteTime(Utf8JsonWriter writer, string key, DateTimeOffset time) =>
        // A DateTime of kind Utc is written in ISO 8601 with a Z and only the fractional digits it needs.
        writer.WriteString(key, time.UtcDateTime);

    private static void WriteTime(Utf8JsonWriter writer, string key, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            WriteTime(writer, key, value);
        }
        else
        {
            writer.WriteNull(key);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string key, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(key, number);
        }
        else
        {
            writer.WriteNull(key);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string key, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(key, number);
        }
        else
        {
            writer.WriteNull(key);
        }
    }

    /// <summary>A JSON value and its path, for reading with errors that name the field.</summary>
    private readonly struct Node(JsonElement element, string path)
    {
        public JsonElement Element => element;

        public string Path => path;

        public Node Child(string key) =>
            new(element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var value) ? value : default, $"{path}.{key}");

        public void RequireObject()
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw WrongType("an object");
            }
        }

        public JsonException Invalid(string problem) =>
            new($"Invalid run record: {Path} {problem} (found {Describe(element)}).", Path, null, null);

        public string String(string key) => Required(key).StringValue();

        public string? OptionalString(string key) => Optional(key) is { } node ? node.StringValue() : null;

        public int Int(string key) => Required(key).IntValue();

        public int? OptionalInt(string key) => Optional(key) is { } node ? node.IntValue() : null;

        public long? OptionalLong(string key)
        {
            if (Optional(key) is not { } node)
            {
                return null;
            }

            return node.Element.ValueKind == JsonValueKind.Number && node.Element.TryGetInt64(out var value)
                ? value
                : throw node.WrongType("an integer");
        }

        public double Double(string key)
        {
            var node = Required(key);
            return node.Element.ValueKind == JsonValueKind.Number && node.Element.TryGetDouble(out var value) && double.IsFinite(value)
                ? value
                : throw node.WrongType("a number");
        }

        public DateTimeOffset Time(string key) => Required(key).TimeValue();

        public DateTimeOffset? OptionalTime(string key) => Optional(key) is { } node ? node.TimeValue() : null;

        public double? OptionalDouble(string key) => Optional(key) is not null ? Double(key) : null;

        public Node? OptionalObject(string key)
        {
            if (Optional(key) is not { } node)
            {
                return null;
            }

            node.RequireObject();
            return node;
        }

        public Node Object(string key)
        {
            var node = Required(key);
            node.RequireObject();
            return node;
        }

        public List<Node> Array(string key) => Required(key).Items();

        public List<Node> OptionalArray(string key) => Optional(key) is { } node ? node.Items() : [];

        public string StringValue() =>
            element.ValueKind == JsonValueKind.String ? element.GetString()! : throw WrongType("a string");

        private int IntValue() =>
            element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) ? value : throw WrongType("an integer");

        private DateTimeOffset TimeValue()
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw WrongType("an ISO 8601 time in UTC (e.g. 2025-03-01T12:00:00Z)");
            }

            return element.TryGetDateTimeOffset(out var value)
                ? value.ToUniversalTime()
                : throw Invalid("must be an ISO 8601 time in UTC (e.g. 2025-03-01T12:00:00Z)");
        }

        private List<Node> Items()
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                throw WrongType("an array");
            }

            var items = new List<Node>(element.GetArrayLength());
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                items.Add(new Node(item, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]"));
                index++;
            }

            return items;
        }

        private Node Required(string key)
        {
            var node = Child(key);
            return node.Element.ValueKind switch
            {
                JsonValueKind.Undefined => throw new JsonException($"Invalid run record: {node.Path} is missing.", node.Path, null, null),
                JsonValueKind.Null => throw new JsonException($"Invalid run record: {node.Path} must not be null.", node.Path, null, null),
                _ => node,
            };
        }

        private Node? Optional(string key)
        {
            var node = Child(key);
            return node.Element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : node;
        }

        private JsonException WrongType(string expected) => Invalid($"must be {expected}");

        private static string Describe(JsonElement value)
        {
            var text = value.ValueKind switch
            {
                JsonValueKind.Undefined => "nothing",
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                _ => value.GetRawText(),
            };
            return text.Length > 60 ? string.Concat(text.AsSpan(0, 57), "...") : text;
        }
    }
}
