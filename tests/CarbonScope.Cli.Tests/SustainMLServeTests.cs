using System.Text.Json;

namespace CarbonScope.Cli.Tests;

/// <summary><c>carbonscope sustainml serve</c> run as a process: a client reads the address from stderr and speaks REST.</summary>
public sealed class SustainMLServeTests : IDisposable
{
    private const int SigInt = 2;
    private const string Listening = "carbonscope: SustainML REST API on ";

    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-serve-").FullName;

    // The user input of docs/sustainml.md's REST section: every IDL field but task_id; the hardware in extra_data.
    private static readonly string s_userInput = """
        {"modality": "image", "problem_short_description": "classify photos of plants", "problem_definition": "classify photos of plants",
         "inputs": ["photo"], "outputs": ["species"], "minimum_samples": 1, "maximum_samples": 10,
         "optimize_carbon_footprint_manual": false, "previous_iteration": 0, "optimize_carbon_footprint_auto": false,
         "desired_carbon_footprint": 0, "geo_location_continent": "Europe", "geo_location_region": "FR",
         "extra_data": {"hardware_required": ["NVIDIA T4"], "max_memory_footprint": 16000}}
        """;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Serve_on_port_0_names_the_bound_address_answers_results_and_stops_on_SIGINT_with_exit_code_0()
    {
        using var cli = await CliProcess.StartAsync(["sustainml", "serve", "--urls", "http://127.0.0.1:0", "--no-store"]);
        using var http = new HttpClient { BaseAddress = await AddressAsync(cli), Timeout = TimeSpan.FromMinutes(2) };

        using var submitted = await PostAsync(http, "/user_input", s_userInput);
        var taskId = submitted.RootElement.GetProperty("task_id");
        Assert.Equal(1, taskId.GetProperty("problem_id").GetInt32());
        Assert.Equal(1, taskId.GetProperty("iteration_id").GetInt32());

        using var results = await ResultsAsync(http, taskId, timeoutSeconds: 60);
        var footprint = AssertConsistentFootprint(results.RootElement);
        Assert.Equal("FR", footprint.GetProperty("extra_data").GetProperty("intensity_zone").GetString());

        cli.Signal(SigInt);
        var exit = await cli.WaitAsync();
        Assert.True(exit.ExitCode == 0, exit.StandardError);
        Assert.Contains("tasks and results in memory only", exit.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_server_with_the_same_store_still_answers_the_results_of_the_first_task()
    {
        var store = Path.Combine(_dir, "runs.db");
        string first;
        JsonElement taskId;
        using (var cli = await CliProcess.StartAsync(["sustainml", "serve", "--urls", "http://127.0.0.1:0", "--store", store]))
        {
            using var http = new HttpClient { BaseAddress = await AddressAsync(cli), Timeout = TimeSpan.FromMinutes(2) };
            using var submitted = await PostAsync(http, "/user_input", s_userInput);
            taskId = submitted.RootElement.GetProperty("task_id").Clone();
            using var results = await ResultsAsync(http, taskId, timeoutSeconds: 60);
            first = AssertConsistentFootprint(results.RootElement).GetRawText();
            cli.Signal(SigInt);
            Assert.Equal(0, (await cli.WaitAsync()).ExitCode);
        }

        using (var cli = await CliProcess.StartAsync(["sustainml", "serve", "--urls", "http://127.0.0.1:0", "--store", store]))
        {
            using var http = new HttpClient { BaseAddress = await AddressAsync(cli), Timeout = TimeSpan.FromMinutes(2) };

            // Timeout 0: the restored task is answered from the store at once, not recomputed.
            using var results = await ResultsAsync(http, taskId, timeoutSeconds: 0);
            Assert.Equal("completed", results.RootElement.GetProperty("task_state").GetString());
            Assert.Equal(first, AssertConsistentFootprint(results.RootElement).GetRawText());
            cli.Signal(SigInt);
            var exit = await cli.WaitAsync();
            Assert.True(exit.ExitCode == 0, exit.StandardError);
            Assert.Contains("tasks and results kept in " + store, exit.StandardError, StringComparison.Ordinal);
        }
    }

    /// <summary>The address from the line the CLI prints once Kestrel listens (port 0 resolved to the real port).</summary>
    private static async Task<Uri> AddressAsync(RunningCli cli)
    {
        var line = await cli.WaitForErrorLineAsync(Listening);
        var address = new Uri(line[Listening.Length..line.IndexOf(';', StringComparison.Ordinal)]);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        return address;
    }

    private static async Task<JsonDocument> PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static Task<JsonDocument> ResultsAsync(HttpClient http, JsonElement taskId, int timeoutSeconds) =>
        PostAsync(http, "/results", $$"""{"node_id": 9, "task_id": {{taskId.GetRawText()}}, "timeout": {{timeoutSeconds}}}""");

    /// <summary>Asserts the footprint's numbers: positive, energy = W × ms / 3.6e9 of HW_RESOURCES, carbon = energy × intensity.</summary>
    private static JsonElement AssertConsistentFootprint(JsonElement results)
    {
        var resources = results.GetProperty("HW_RESOURCES");
        var footprint = results.GetProperty("CARBON_FOOTPRINT");
        var watts = resources.GetProperty("power_consumption").GetDouble();
        var milliseconds = resources.GetProperty("latency").GetDouble();
        var kilowattHours = footprint.GetProperty("energy_consumption").GetDouble();
        var intensity = footprint.GetProperty("carbon_intensity").GetDouble();
        var grams = footprint.GetProperty("carbon_footprint").GetDouble();
        Assert.True(watts > 0 && milliseconds > 0 && kilowattHours > 0 && intensity > 0 && grams > 0, footprint.GetRawText());
        Assert.Equal(watts * milliseconds / 3_600_000 / 1000, kilowattHours, 15);
        Assert.Equal(kilowattHours * intensity, grams, 15);
        return footprint;
    }
}
