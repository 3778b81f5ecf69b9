using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Testing;

namespace CarbonScope.Server.Tests;

public sealed class RestApiTests
{
    private readonly FakeLogCollector _logs = new();

    private static readonly string[] s_nodeKeys = ["APP_REQUIREMENTS", "CARBON_FOOTPRINT", "HW_CONSTRAINTS", "HW_RESOURCES", "ML_MODEL_METADATA", "ML_MODEL"];

    [Fact]
    public async Task AUserInputGetsEveryNodesResultsOverHttp()
    {
        await using var harness = await ServerHarness.StartAsync(_logs);

        var (status, json, text) = await harness.PostAsync("/user_input", ServerHarness.UserInputJson());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("User input data sent successfully.", json.GetProperty("message").GetString());
        Assert.Equal(1u, json.GetProperty("task_id").GetProperty("problem_id").GetUInt32());
        Assert.Equal(1u, json.GetProperty("task_id").GetProperty("iteration_id").GetUInt32());

        (status, json, text) = await harness.PostAsync("/results", """{"node_id":9,"task_id":{"problem_id":1,"iteration_id":1},"timeout":30}""");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var key in s_nodeKeys)
        {
            Assert.True(json.TryGetProperty(key, out _), key);
        }

        Assert.Equal("completed", json.GetProperty("task_state").GetString());
        Assert.Equal("ConvNeXt-Tiny", json.GetProperty("ML_MODEL").GetProperty("model").GetString());
        Assert.Equal("NVIDIA T4", json.GetProperty("HW_RESOURCES").GetProperty("hw_description").GetString());
        Assert.True(json.GetProperty("HW_RESOURCES").GetProperty("power_consumption").GetDouble() > 0);
        Assert.True(json.GetProperty("HW_RESOURCES").GetProperty("latency").GetDouble() > 0);
        var footprint = json.GetProperty("CARBON_FOOTPRINT");
        Assert.True(footprint.GetProperty("carbon_footprint").GetDouble() > 0);
        Assert.True(footprint.GetProperty("energy_consumption").GetDouble() > 0);
        Assert.Equal(40.48, footprint.GetProperty("carbon_intensity").GetDouble());
        Assert.Equal(JsonValueKind.Object, footprint.GetProperty("extra_data").ValueKind);
        Assert.Equal(1u, footprint.GetProperty("task_id").GetProperty("problem_id").GetUInt32());
        Assert.Equal(["NVIDIA T4"], json.GetProperty("HW_CONSTRAINTS").GetProperty("hardware_required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("***", json.GetProperty("HW_CONSTRAINTS").GetProperty("extra_data").GetProperty("hf_token").GetString());
        Assert.DoesNotContain(ServerHarness.Token, text, StringComparison.Ordinal);

        // 7: the user input, secrets redacted.
        (status, json, text) = await harness.PostAsync("/results?timeout=5", """{"node_id":7,"task_id":{"problem_id":1,"iteration_id":1}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("FR", json.GetProperty("USER_INPUT").GetProperty("geo_location_region").GetString());
        Assert.Equal("***", json.GetProperty("USER_INPUT").GetProperty("extra_data").GetProperty("hf_token").GetString());
        Assert.DoesNotContain(ServerHarness.Token, text, StringComparison.Ordinal);

        // One node.
        (status, json, _) = await harness.PostAsync("/results", """{"node_id":1,"task_id":{"problem_id":1,"iteration_id":1}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("CARBON_FOOTPRINT").GetProperty("carbon_footprint").GetDouble() > 0);
        Assert.False(json.TryGetProperty("ML_MODEL", out _));

        // GET /results: the last task.
        (status, json, _) = await harness.GetAsync("/results?timeout=5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1u, json.GetProperty("task_id").GetProperty("problem_id").GetUInt32());
        Assert.True(json.TryGetProperty("CARBON_FOOTPRINT", out _));

        // Statuses.
        (status, json, _) = await harness.GetAsync("/status");
        Assert.Equal(HttpStatusCode.OK, status);
        var states = json.GetProperty("status");
        Assert.Equal(s_nodeKeys.Order(StringComparer.Ordinal), states.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(states.EnumerateObject(), p => Assert.Contains(p.Value.GetString(), new[] { "IDLE", "RUNNING" }));
        (status, json, _) = await harness.PostAsync("/status", """{"node_id":1}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(json.GetProperty("status").GetString(), new[] { "IDLE", "RUNNING" });
        (status, json, _) = await harness.PostAsync("/status", """{"node_id":42}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("INACTIVE", json.GetProperty("status").GetString());

        // A completed task cannot be cancelled.
        (status, json, _) = await harness.PostAsync("/cancel", """{"task_id":{"problem_id":1,"iteration_id":1}}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("completed", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        AssertNoTokenInLogs();
    }

    [Fact]
    public async Task ResultsThatCannotArriveTimeOutWith408AndCancelEndsTheTask()
    {
        // No nodes: the task never completes.
        await using var harness = await ServerHarness.StartAsync(_logs, hostNodes: false, configurationTimeout: TimeSpan.FromMilliseconds(200));
        var (status, json, _) = await harness.PostAsync("/user_input", ServerHarness.UserInputJson());
        Assert.Equal(HttpStatusCode.OK, status);

        (status, json, _) = await harness.PostAsync("/results", """{"node_id":9,"task_id":{"problem_id":1,"iteration_id":1},"timeout":0.5}""");
        Assert.Equal(HttpStatusCode.RequestTimeout, status);
        Assert.Contains("CARBON_FOOTPRINT", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("CARBON_FOOTPRINT", json.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));

        (status, json, _) = await harness.GetAsync("/results?timeout=0");
        Assert.Equal(HttpStatusCode.RequestTimeout, status);
        Assert.Equal(6, json.GetProperty("missing").GetArrayLength());

        // The user input itself is always there.
        (status, json, _) = await harness.PostAsync("/results", """{"node_id":7,"task_id":{"problem_id":1,"iteration_id":1},"timeout":0}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.TryGetProperty("USER_INPUT", out _));

        // A configuration request nobody answers.
        (status, json, _) = await harness.PostAsync("/config_request", """{"node_id":3,"configuration":"hardwares"}""");
        Assert.Equal(HttpStatusCode.RequestTimeout, status);
        Assert.Contains("HW_RESOURCES", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        (status, json, _) = await harness.PostAsync("/cancel", """{"task_id":{"problem_id":1,"iteration_id":1}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1u, json.GetProperty("task_id").GetProperty("problem_id").GetUInt32());

        (status, json, _) = await harness.PostAsync("/cancel", """{"task_id":{"problem_id":1,"iteration_id":1}}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("cancelled", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        (status, json, _) = await harness.PostAsync("/cancel", """{"task_id":{"problem_id":5,"iteration_id":1}}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("task_id", json.GetProperty("field").GetString());

        // A cancelled task answers at once, saying what is missing.
        (status, json, _) = await harness.PostAsync("/results", """{"node_id":9,"task_id":{"problem_id":1,"iteration_id":1},"timeout":30}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", json.GetProperty("task_state").GetString());
        Assert.Contains("cancelled", json.GetProperty("CARBON_FOOTPRINT").GetProperty("Error").GetString(), StringComparison.Ordinal);
        AssertNoTokenInLogs();
    }

    [Fact]
    public async Task ConfigurationRequestsAreRoutedByNodeId()
    {
        await using var harness = await ServerHarness.StartAsync(_logs);

        var (status, json, _) = await harness.PostAsync("/config_request", """{"node_id":3,"configuration":"hardwares"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var response = json.GetProperty("response");
        Assert.Equal(3, response.GetProperty("node_id").GetInt32());
        Assert.True(response.GetProperty("success").GetBoolean());
        using (var configuration = JsonDocument.Parse(response.GetProperty("configuration").GetString()!))
        {
            Assert.Contains("NVIDIA T4", configuration.RootElement.GetProperty("hardwares").GetString(), StringComparison.Ordinal);
        }

        // The same text for another node: that node answers, and does not support it.
        (status, json, _) = await harness.PostAsync("/config_request", """{"node_id":1,"configuration":"hardwares"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, json.GetProperty("response").GetProperty("node_id").GetInt32());
        Assert.False(json.GetProperty("response").GetProperty("success").GetBoolean());

        (status, json, _) = await harness.PostAsync("/config_request", """{"node_id":42,"configuration":"hardwares"}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("node_id", json.GetProperty("field").GetString());
        Assert.Contains("42", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/user_input", "{\"modality\":", HttpStatusCode.BadRequest, null)]
    [InlineData("/user_input", "[1,2]", HttpStatusCode.BadRequest, null)]
    [InlineData("/user_input", "MISSING", HttpStatusCode.BadRequest, "minimum_samples")]
    [InlineData("/user_input", "WRONGTYPE", HttpStatusCode.BadRequest, "minimum_samples")]
    [InlineData("/user_input", "EXTRASTRING", HttpStatusCode.BadRequest, "extra_data")]
    [InlineData("/user_input", "NOPREVIOUS", HttpStatusCode.BadRequest, "extra_data.previous_problem_id")]
    [InlineData("/user_input", "TRUNCATED", HttpStatusCode.BadRequest, null)]
    [InlineData("/user_input", "BADHARDWARE", HttpStatusCode.BadRequest, "extra_data.hardware_required")]
    [InlineData("/user_input", "BADREGION", HttpStatusCode.BadRequest, "geo_location_region")]
    [InlineData("/results", "{\"node_id\":\"9\",\"task_id\":{\"problem_id\":1,\"iteration_id\":1}}", HttpStatusCode.BadRequest, "node_id")]
    [InlineData("/results", "{\"node_id\":9}", HttpStatusCode.BadRequest, "task_id")]
    [InlineData("/results", "{\"node_id\":9,\"task_id\":{\"problem_id\":-1,\"iteration_id\":1}}", HttpStatusCode.BadRequest, "task_id.problem_id")]
    [InlineData("/results", "{\"node_id\":9,\"task_id\":{\"problem_id\":1,\"iteration_id\":1},\"timeout\":\"soon\"}", HttpStatusCode.BadRequest, "timeout")]
    [InlineData("/results", "{\"node_id\":9,\"task_id\":{\"problem_id\":1,\"iteration_id\":1},\"timeout\":-1}", HttpStatusCode.BadRequest, "timeout")]
    [InlineData("/results", "{\"node_id\":9,\"task_id\":{\"problem_id\":1,\"iteration_id\":1},\"timeout\":1e400}", HttpStatusCode.BadRequest, "timeout")]
    [InlineData("/results", "{\"node_id\":9,\"task_id\":{\"problem_id\":99,\"iteration_id\":1}}", HttpStatusCode.NotFound, "task_id")]
    [InlineData("/results", "{\"node_id\":8,\"task_id\":{\"problem_id\":1,\"iteration_id\":1}}", HttpStatusCode.NotFound, "node_id")]
    [InlineData("/results", "not json", HttpStatusCode.BadRequest, null)]
    [InlineData("/status", "{}", HttpStatusCode.BadRequest, "node_id")]
    [InlineData("/config_request", "{\"node_id\":3}", HttpStatusCode.BadRequest, "configuration")]
    [InlineData("/config_request", "{\"node_id\":3,\"configuration\":7}", HttpStatusCode.BadRequest, "configuration")]
    [InlineData("/cancel", "{\"task_id\":\"1\"}", HttpStatusCode.BadRequest, "task_id")]
    [InlineData("/cancel", "", HttpStatusCode.BadRequest, null)]
    public async Task BadRequestsAnswer400Or404NamingTheField(string path, string body, HttpStatusCode expected, string? field)
    {
        await using var harness = await ServerHarness.StartAsync(_logs, hostNodes: false);
        var (status, json, _) = await harness.PostAsync("/user_input", ServerHarness.UserInputJson());
        Assert.Equal(HttpStatusCode.OK, status);
        var token = ServerHarness.Token;
        body = body switch
        {
            "MISSING" => ServerHarness.UserInputJson().Replace("\"minimum_samples\":0,", "", StringComparison.Ordinal),
            "WRONGTYPE" => ServerHarness.UserInputJson().Replace("\"minimum_samples\":0", "\"minimum_samples\":\"" + token + "\"", StringComparison.Ordinal),
            "EXTRASTRING" => ServerHarness.UserInputJson("\"" + token + "\""),
            "NOPREVIOUS" => ServerHarness.UserInputJson($$"""{"hf_token":"{{token}}"}""", previousIteration: 1),
            "TRUNCATED" => ServerHarness.UserInputJson()[..^3],
            "BADHARDWARE" => ServerHarness.UserInputJson($$"""{"hardware_required":["NVIDIA T4","Quantum Toaster 9000"],"hf_token":"{{token}}"}"""),
            "BADREGION" => ServerHarness.UserInputJson().Replace("\"geo_location_region\":\"FR\"", "\"geo_location_region\":\"XQ\"", StringComparison.Ordinal),
            _ => body,
        };

        string text;
        (status, json, text) = await harness.PostAsync(path, body);

        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error").GetString()));
        if (field is not null)
        {
            Assert.Equal(field, json.GetProperty("field").GetString());
            Assert.Contains(field, json.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        AssertNoTokenInLogs();
    }

    [Fact]
    public async Task ARestartOnTheSameStoreKeepsResultsAndContinuesProblemIds()
    {
        var directory = Path.Combine(Path.GetTempPath(), "carbonscope-server-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "runs.db");
        try
        {
            await using (var first = await ServerHarness.StartAsync(_logs, storePath: path))
            {
                var (status, _, _) = await first.PostAsync("/user_input", ServerHarness.UserInputJson());
                Assert.Equal(HttpStatusCode.OK, status);
                (status, _, _) = await first.PostAsync("/results", """{"node_id":9,"task_id":{"problem_id":1,"iteration_id":1},"timeout":30}""");
                Assert.Equal(HttpStatusCode.OK, status);
            }

            await using var second = await ServerHarness.StartAsync(_logs, storePath: path);
            var (again, json, text) = await second.PostAsync("/results", """{"node_id":9,"task_id":{"problem_id":1,"iteration_id":1},"timeout":0}""");
            Assert.Equal(HttpStatusCode.OK, again);
            Assert.Equal("completed", json.GetProperty("task_state").GetString());
            Assert.True(json.GetProperty("CARBON_FOOTPRINT").GetProperty("carbon_footprint").GetDouble() > 0);
            Assert.Equal("ConvNeXt-Tiny", json.GetProperty("ML_MODEL").GetProperty("model").GetString());
            Assert.DoesNotContain(ServerHarness.Token, text, StringComparison.Ordinal);

            (again, json, _) = await second.PostAsync("/user_input", ServerHarness.UserInputJson());
            Assert.Equal(HttpStatusCode.OK, again);
            Assert.Equal(2u, json.GetProperty("task_id").GetProperty("problem_id").GetUInt32());
            Assert.Equal(1u, json.GetProperty("task_id").GetProperty("iteration_id").GetUInt32());

            (again, _, _) = await second.PostAsync("/results", """{"node_id":9,"task_id":{"problem_id":2,"iteration_id":1},"timeout":30}""");
            Assert.Equal(HttpStatusCode.OK, again);
            AssertNoTokenInLogs();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task RunAsyncServesUntilCancelled()
    {
        await using var server = SustainMLServer.Create(new ServerOptions { Urls = "http://127.0.0.1:0", LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = server.Started.Register(() => started.TrySetResult());
        var run = server.RunAsync(stop.Token);
        await Task.WhenAny(started.Task, run).WaitAsync(TestContext.Current.CancellationToken);

        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses.Single()) };
        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await stop.CancelAsync();
        await run;
    }

    private void AssertNoTokenInLogs()
    {
        var records = _logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            Assert.DoesNotContain(ServerHarness.Token, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ServerHarness.Token, string.Join(";", record.StructuredState ?? []), StringComparison.Ordinal);
            Assert.DoesNotContain(ServerHarness.Token, record.Exception?.ToString() ?? "", StringComparison.Ordinal);
        }
    }
}
