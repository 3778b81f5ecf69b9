using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CarbonScope.Reporting;

namespace CarbonScope.Tests.Reporting;

public class RunRecordJsonTests
{
    [Fact]
    public void A_schedule_is_written_with_its_pauses_and_derived_figures_and_reads_back_equal()
    {
        var record = SampleRecords.Full();

        var json = RunRecordJson.Serialize(record);

        using var document = JsonDocument.Parse(json);
        var schedule = document.RootElement.GetProperty("schedule");
        Assert.Equal("threshold 400/300 g/kWh", schedule.GetProperty("strategy").GetString());
        Assert.Equal("1234.5", Raw(schedule, "waitedSeconds"));
        Assert.Equal("1800.0000003", Raw(schedule, "pausedSeconds")); // the second pause has no end yet: 0
        Assert.Equal("\"2025-01-01T00:40:00.0000003Z\"", Raw(schedule.GetProperty("pauses")[0], "end"));
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("pauses")[1].GetProperty("end").ValueKind);
        Assert.Equal(15.5 - 12.345678901, schedule.GetProperty("avoidedGrams").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("accountProblem").ValueKind);
        Assert.Equal(record.Schedule, RunRecordJson.Deserialize(json).Schedule);
        Assert.Equal(record.Schedule, RunRecordJson.DeserializeSchedule(RunRecordJson.SerializeSchedule(record.Schedule!)));
    }

    [Fact]
    public void A_known_record_is_written_with_every_key_in_order_and_the_figures_to_the_digit()
    {
        var json = RunRecordJson.Serialize(SampleRecords.Known());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(
            [
                "schemaVersion", "id", "command", "project", "exitCode", "status", "startedAt", "endedAt", "durationSeconds",
                "mode", "attributedTo", "pue", "deviceEnergyJoules", "energyJoules", "emissionsGrams", "zone", "intensity",
                "components", "host", "equivalents", "diagnostics", "carbonscopeVersion", "schedule",
            ],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("schedule").ValueKind);
        Assert.Equal("1", Raw(root, "schemaVersion"));
        Assert.Equal("3f2b8c1e-7d4a-4e9b-9c1a-2b5d6e7f8a90", root.GetProperty("id").GetString());
        Assert.Equal(["python", "train.py", "--epochs", "3"], root.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("resnet", root.GetProperty("project").GetString());
        Assert.Equal("0", Raw(root, "exitCode"));
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal("\"2025-03-01T12:00:00Z\"", Raw(root, "startedAt"));
        Assert.Equal("\"2025-03-01T12:10:00Z\"", Raw(root, "endedAt"));
        Assert.Equal("600", Raw(root, "durationSeconds"));
        Assert.Equal("process", root.GetProperty("mode").GetString());
        Assert.Equal("process tree of pid 4242", root.GetProperty("attributedTo").GetString());
        Assert.Equal("1.2", Raw(root, "pue"));
        // 90 kJ + 180 kJ = 270 kJ before PUE; x 1.2 = 324 kJ = 0.09 kWh; x 56 g/kWh = 5.04 g.
        Assert.Equal("270000", Raw(root, "deviceEnergyJoules"));
        Assert.Equal("324000", Raw(root, "energyJoules"));
        Assert.Equal("5.04", Raw(root, "emissionsGrams"));

        var zone = root.GetProperty("zone");
        Assert.Equal(["zone", "origin", "detail", "countryName", "countryAlpha3"], zone.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"zone":"FR","origin":"given","detail":"--country FR","countryName":"France","countryAlpha3":"FRA"}""", zone.GetRawText());

        var intensity = root.GetProperty("intensity");
        Assert.Equal(
            """{"gramsPerKwh":56,"zone":"FR","zoneName":"France","source":"embedded:owid-ember","kind":"annual-average","signal":"average","year":2023,"fetchedAt":null,"dataset":"Ember / Our World in Data, CC BY 4.0","fallbackReason":null}""",
            intensity.GetRawText());

        var components = root.GetProperty("components");
        Assert.Equal(2, components.GetArrayLength());
        Assert.Equal(
            """{"kind":"cpu","device":"cpu","name":"Intel Xeon Gold 6248","method":"measured","source":"rapl","model":"RAPL package-0","energyJoules":90000,"meanPowerWatts":150,"unavailableReason":null}""",
            components[0].GetRawText());
        Assert.Equal(
            """{"kind":"gpu","device":"gpu:0","name":"NVIDIA A100-SXM4-40GB","method":"measured","source":"nvml","model":"NVML total energy counter","energyJoules":180000,"meanPowerWatts":300,"unavailableReason":null}""",
            components[1].GetRawText());

        Assert.Equal(
            """{"os":"Linux-6.1.0-18-amd64-x86_64","cpuModel":"Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz","cpuCount":80,"gpuCount":1,"gpuModel":"1 x NVIDIA A100-SXM4-40GB","ramTotalBytes":270582939648}""",
            root.GetProperty("host").GetRawText());
        Assert.Equal("[]", Raw(root, "equivalents"));
        Assert.Equal("[]", Raw(root, "diagnostics"));
        Assert.Equal("0.3.0", root.GetProperty("carbonscopeVersion").GetString());
    }

    [Fact]
    public void A_record_with_every_field_set_reads_back_equal_field_by_field()
    {
        var record = SampleRecords.Full();

        var json = RunRecordJson.Serialize(record);
        var back = RunRecordJson.Deserialize(json);

        RunRecordAssert.Same(record, back);
        Assert.Equal(json, RunRecordJson.Serialize(back));
    }

    [Fact]
    public void A_record_with_every_nullable_field_null_writes_the_keys_as_null_and_reads_back_equal()
    {
        var record = SampleRecords.Minimal();

        var json = RunRecordJson.Serialize(record);
        var back = RunRecordJson.Deserialize(json);

        RunRecordAssert.Same(record, back);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        foreach (var key in new[] { "project", "exitCode", "attributedTo", "carbonscopeVersion" })
        {
            Assert.Equal(JsonValueKind.Null, root.GetProperty(key).ValueKind);
        }

        Assert.Equal("""{"zone":"WORLD","origin":"default","detail":"no zone given or inferred","countryName":null,"countryAlpha3":null}""", root.GetProperty("zone").GetRawText());
        Assert.Equal(
            """{"gramsPerKwh":480,"zone":"WORLD","zoneName":null,"source":"embedded:owid-ember","kind":"annual-average","signal":"average","year":null,"fetchedAt":null,"dataset":null,"fallbackReason":null}""",
            root.GetProperty("intensity").GetRawText());
        Assert.Equal("""{"os":"Linux-x86_64","cpuModel":null,"cpuCount":0,"gpuCount":0,"gpuModel":null,"ramTotalBytes":null}""", root.GetProperty("host").GetRawText());
        Assert.Equal("0", Raw(root, "durationSeconds"));
        Assert.Equal("0", Raw(root, "energyJoules"));
        Assert.Equal("0", Raw(root, "emissionsGrams"));
        Assert.Equal("running", root.GetProperty("status").GetString());
    }

    [Fact]
    public void Times_with_an_offset_are_written_in_utc_with_z_and_fractions_only_as_needed()
    {
        var record = SampleRecords.Full();

        using var document = JsonDocument.Parse(RunRecordJson.Serialize(record));
        var root = document.RootElement;

        Assert.Equal("2024-12-31T23:59:59.1234567Z", root.GetProperty("startedAt").GetString());
        Assert.Equal("2025-01-01T03:02:03.0000007Z", root.GetProperty("endedAt").GetString());
        Assert.Equal("2025-01-01T00:00:00.0000001Z", root.GetProperty("intensity").GetProperty("fetchedAt").GetString());
        var back = RunRecordJson.Deserialize(RunRecordJson.Serialize(record));
        Assert.Equal(TimeSpan.Zero, back.EndedAt.Offset);
        Assert.Equal(record.EndedAt.UtcTicks, back.EndedAt.UtcTicks);
    }

    [Fact]
    public void Doubles_are_written_in_their_shortest_round_trip_form()
    {
        using var document = JsonDocument.Parse(RunRecordJson.Serialize(SampleRecords.Full()));
        var root = document.RootElement;

        Assert.Equal("0.30000000000000004", Raw(root.GetProperty("components")[0], "energyJoules"));
        Assert.Equal("1E-300", Raw(root.GetProperty("components")[0], "meanPowerWatts"));
        Assert.Equal("0.3333333333333333", Raw(root.GetProperty("equivalents")[0], "amount"));
        Assert.Equal("381.123456789", Raw(root.GetProperty("intensity"), "gramsPerKwh"));
        Assert.Equal("9223372036854775807", Raw(root.GetProperty("host"), "ramTotalBytes"));
    }

    [Fact]
    public void Non_ascii_text_is_written_as_is_and_json_syntax_is_escaped()
    {
        var json = RunRecordJson.Serialize(SampleRecords.Full());

        Assert.Contains("\"é ünïcode ✓\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sh\",\"-c\",\"echo \\\"a, b\\\"\\n; exit 3\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_indented_and_stream_forms_hold_the_same_document()
    {
        var record = SampleRecords.Full();
        var compact = RunRecordJson.Serialize(record);

        var indented = RunRecordJson.Serialize(record, indented: true);
        using var stream = new MemoryStream();
        RunRecordJson.Write(stream, record);

        Assert.Contains("\n  \"id\": \"00000000-0000-0000-0000-000000000001\",\n", indented, StringComparison.Ordinal);
        Assert.Equal(compact, RunRecordJson.Serialize(RunRecordJson.Deserialize(indented)));
        Assert.Equal(compact, Encoding.UTF8.GetString(stream.ToArray()));
        stream.Position = 0;
        RunRecordAssert.Same(record, RunRecordJson.Deserialize(stream));
    }

    [Fact]
    public void Derived_figures_are_recomputed_on_reading_and_unknown_keys_are_ignored()
    {
        var node = JsonNode.Parse(RunRecordJson.Serialize(SampleRecords.Known()))!.AsObject();
        node["emissionsGrams"] = 999;
        node["energyJoules"] = 1;
        node["durationSeconds"] = -5;
        node["addedLater"] = new JsonObject { ["x"] = 1 };

        var back = RunRecordJson.Deserialize(node.ToJsonString());

        Assert.Equal(5.04, back.Emissions.Grams);
        Assert.Equal(324_000, back.Energy.Joules);
        Assert.Equal(TimeSpan.FromSeconds(600), back.Duration);
    }

    [Fact]
    public void Missing_nullable_keys_and_lists_read_as_null_and_empty()
    {
        var node = JsonNode.Parse(RunRecordJson.Serialize(SampleRecords.Known()))!.AsObject();
        node.Remove("project");
        node.Remove("equivalents");
        node.Remove("diagnostics");
        node["intensity"]!.AsObject().Remove("year");

        var back = RunRecordJson.Deserialize(node.ToJsonString());

        Assert.Null(back.Project);
        Assert.Empty(back.Equivalents);
        Assert.Empty(back.Diagnostics);
        Assert.Null(back.Intensity.Provenance.Year);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "id", "remove", "Invalid run record: $.id is missing." },
        { "host", "null", "Invalid run record: $.host must not be null." },
        { "status", "\"done\"", "Invalid run record: $.status must be one of running, completed, interrupted, failed-to-start, incomplete (found \"done\")." },
        { "mode", "\"container\"", "Invalid run record: $.mode must be one of process, machine (found \"container\")." },
        { "schemaVersion", "2", "Invalid run record: $.schemaVersion is 2; this version of CarbonScope reads schema versions 1 to 1 (found 2)." },
        { "pue", "0.5", "Invalid run record: $.pue must be from 1.0 to 5.0 (found 0.5)." },
        { "pue", "\"1.2\"", "Invalid run record: $.pue must be a number (found \"1.2\")." },
        { "exitCode", "1.5", "Invalid run record: $.exitCode must be an integer (found 1.5)." },
        { "startedAt", "\"yesterday\"", "Invalid run record: $.startedAt must be an ISO 8601 time in UTC (e.g. 2025-03-01T12:00:00Z) (found \"yesterday\")." },
        { "command", "\"python train.py\"", "Invalid run record: $.command must be an array (found \"python train.py\")." },
        { "zone", "[]", "Invalid run record: $.zone must be an object (found an array)." },
        { "components[1].energyJoules", "\"abc\"", "Invalid run record: $.components[1].energyJoules must be a number (found \"abc\")." },
        { "components[0].kind", "\"tpu\"", "Invalid run record: $.components[0].kind must be one of cpu, gpu, ram (found \"tpu\")." },
        { "components[1].method", "remove", "Invalid run record: $.components[1].method is missing." },
        { "zone.origin", "\"gps\"", "Invalid run record: $.zone.origin must be one of given, time-zone, default (found \"gps\")." },
        { "intensity.kind", "\"live\"", "Invalid run record: $.intensity.kind must be one of measured, forecast, annual-average (found \"live\")." },
        { "intensity.signal", "1", "Invalid run record: $.intensity.signal must be a string (found 1)." },
        { "host.ramTotalBytes", "1e3", "Invalid run record: $.host.ramTotalBytes must be an integer (found 1e3)." },
        { "command[1]", "7", "Invalid run record: $.command[1] must be a string (found 7)." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_field_is_a_json_exception_that_names_it(string field, string replacement, string message)
    {
        var root = JsonNode.Parse(RunRecordJson.Serialize(SampleRecords.Known()))!;
        Replace(root, field, replacement);

        var exception = Assert.Throws<JsonException>(() => RunRecordJson.Deserialize(root.ToJsonString()));

        Assert.Equal(message, exception.Message);
        Assert.Equal("$." + field, exception.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"id\":")]
    [InlineData("not json")]
    public void Text_that_is_not_json_is_a_json_exception(string text) =>
        Assert.ThrowsAny<JsonException>(() => RunRecordJson.Deserialize(text));

    [Fact]
    public void A_list_is_a_json_array_of_records_in_the_given_order()
    {
        var first = SampleRecords.Known();
        var second = SampleRecords.Known() with { Id = "00000000-0000-0000-0000-000000000002", ExitCode = 7 };

        using var list = JsonDocument.Parse(RunRecordJson.SerializeList([first, second]));

        Assert.Equal(JsonValueKind.Array, list.RootElement.ValueKind);
        Assert.Equal([first.Id, second.Id], list.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        RunRecordAssert.Same(second, RunRecordJson.Read(list.RootElement[1]));
        Assert.Equal("[]", RunRecordJson.SerializeList([]));
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_a_json_exception()
    {
        var exception = Assert.Throws<JsonException>(() => RunRecordJson.Deserialize("[1]"));

        Assert.Equal("Invalid run record: $ must be an object (found an array).", exception.Message);
    }

    private static string Raw(JsonElement element, string key) => element.GetProperty(key).GetRawText();

    /// <summary>Replaces (or removes, or nulls) the value at a path such as <c>components[1].energyJoules</c>.</summary>
    private static void Replace(JsonNode root, string path, string replacement)
    {
        var parts = path.Split('.');
        var parent = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            parent = Step(parent, parts[i]);
        }

        var last = parts[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            parent = parent[last[..bracket]]!;
            var index = int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            parent.AsArray()[index] = JsonNode.Parse(replacement);
            return;
        }

        var obj = parent.AsObject();
        if (replacement == "remove")
        {
            obj.Remove(last);
        }
        else
        {
            obj[last] = JsonNode.Parse(replacement);
        }
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[part]!;
        }

        var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[part[..bracket]]![index]!;
    }
}
