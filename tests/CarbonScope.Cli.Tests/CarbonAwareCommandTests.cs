using System.Globalization;
using System.Text.Json;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Tests.Grid.Providers;

namespace CarbonScope.Cli.Tests;

/// <summary>
/// <c>run --pause-above</c> (SIGSTOP/SIGCONT on a real child process tree) and <c>wait</c>, against a fake Electricity Maps
/// server on 127.0.0.1 whose answers are scripted request by request. The checks run every 200 ms; nothing here asserts
/// a time: the server's script decides when the job pauses and resumes, and it looks at the child's state in /proc at
/// the moment carbonscope asks.
/// </summary>
public sealed class CarbonAwareCommandTests : IDisposable
{
    private const string ApiKey = "em-key-0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("carbonscope-aware-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, string> Live(FakeHttpServer server) => new()
    {
        ["CARBONSCOPE_GRID__ELECTRICITYMAPS__BASEURL"] = new Uri(server.BaseUrl, "v3/").ToString(),
        ["CARBONSCOPE_GRID__ELECTRICITYMAPS__APIKEY"] = ApiKey,
        ["CARBONSCOPE_GRID__ELECTRICITYMAPS__MAXRETRIES"] = "0",
    };

    private static string Hour(int hoursAhead)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(hoursAhead).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    }

    private static FakeResponse Latest(double grams) =>
        FakeResponse.Json(string.Create(CultureInfo.InvariantCulture, $$"""{"zone":"DE","carbonIntensity":{{grams}},"datetime":"{{Hour(0)}}","isEstimated":false}"""));

    /// <summary>The latest intensity by the number of the request (1, 2, ...); <paramref name="onRequest"/> sees each number first.</summary>
    private static FakeHttpServer Scripted(Func<int, FakeResponse> latest, Action<int>? onRequest = null)
    {
        var count = 0;
        return new FakeHttpServer(request =>
        {
            if (request.Path != "/v3/carbon-intensity/latest")
            {
                return new FakeResponse(404, """{"message":"Endpoint not available"}""");
            }

            var n = Interlocked.Increment(ref count);
            onRequest?.Invoke(n);
            return latest(n);
        });
    }

    /// <summary>The states (field 3 of stat: R, S, T, ...) of the processes under <paramref name="pid"/>, not itself.</summary>
    private static List<char> DescendantStates(int pid)
    {
        var proc = new ProcFileSystem();
        var states = new List<char>();
        var pending = new Queue<int>(proc.ReadChildren(pid));
        while (pending.TryDequeue(out var child))
        {
            var stat = File.ReadAllText($"/proc/{child}/stat");
            states.Add(stat[stat.LastIndexOf(')') + 2]);
            foreach (var grandchild in proc.ReadChildren(child))
            {
                pending.Enqueue(grandchild);
            }
        }

        return states;
    }

    /// <summary>A job that cannot end before the server's script says so (it creates <paramref name="go"/>), however slow the machine.</summary>
    private static string[] Job(string go) => ["sh", "-c", $"while [ ! -e '{go}' ]; do sleep 0.05; done"];

    [Fact]
    public async Task Run_pauses_the_process_tree_while_the_intensity_is_high_and_reports_the_pause_and_the_carbon_avoided()
    {
        var statesWhilePaused = new List<char>();
        RunningCli? cli = null;
        var go = Path.Combine(_dir, "go");
        using var server = Scripted(
            n => Latest(n <= 2 ? 500 : 100),
            n =>
            {
                if (n == 3)
                {
                    // Two checks have seen 500: carbonscope stopped the tree before the second one.
                    lock (statesWhilePaused)
                    {
                        statesWhilePaused.AddRange(DescendantStates(cli!.Process.Id));
                    }

                    File.WriteAllText(go, string.Empty);
                }
            });
        var json = Path.Combine(_dir, "run.json");

        cli = await CliProcess.StartAsync(
            ["run", "--zone", "DE", "--pause-above", "400", "--resume-below", "300", "--check-every", "200ms", "--json", json, "--output", _dir, "--", .. Job(go)],
            Live(server),
            redirectInput: false);
        var result = await cli.WaitAsync();

        Assert.True(result.ExitCode == 0, result.StandardError);
        lock (statesWhilePaused)
        {
            // Every live process of the tree is stopped; a sleep that had just exited may wait, a zombie, for sh to reap it.
            Assert.Contains('T', statesWhilePaused);
            Assert.All(statesWhilePaused, state => Assert.Contains(state, "TZ"));
        }

        Assert.Contains($"carbonscope: pausing 'sh -c while [ ! -e '{go}' ]; do sleep 0.05; done' (", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("processes, SIGSTOP): intensity 500 g/kWh >= pause threshold 400.", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("(SIGCONT): intensity 100 g/kWh <= resume threshold 300: resuming.", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Paused:      ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Avoided:     ", result.StandardError, StringComparison.Ordinal);

        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var schedule = record.RootElement.GetProperty("schedule");
        Assert.Equal("pause: threshold 400/300 g/kWh", schedule.GetProperty("strategy").GetString());
        Assert.Equal(0, schedule.GetProperty("waitedSeconds").GetDouble());
        var pause = Assert.Single(schedule.GetProperty("pauses").EnumerateArray());
        Assert.Equal("intensity 500 g/kWh >= pause threshold 400", pause.GetProperty("reason").GetString());
        Assert.Equal("intensity 100 g/kWh <= resume threshold 300: resuming", pause.GetProperty("resumeReason").GetString());
        Assert.True(schedule.GetProperty("pausedSeconds").GetDouble() > 0);
        var observed = schedule.GetProperty("observedEmissionsGrams").GetDouble();
        var counterfactual = schedule.GetProperty("counterfactualEmissionsGrams").GetDouble();
        Assert.Equal(counterfactual - observed, schedule.GetProperty("avoidedGrams").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("accountProblem").ValueKind);
    }

    [Fact]
    public async Task A_provider_outage_while_paused_resumes_the_job_and_the_record_says_why()
    {
        var go = Path.Combine(_dir, "go");
        using var server = Scripted(
            n => n <= 2 ? Latest(500) : new FakeResponse(503, """{"message":"maintenance"}"""),
            n =>
            {
                if (n == 3)
                {
                    File.WriteAllText(go, string.Empty);
                }
            });
        var json = Path.Combine(_dir, "run.json");

        var result = await CliProcess.RunAsync(
            ["run", "--zone", "DE", "--pause-above", "400", "--check-every", "200ms", "--json", json, "--output", _dir, "--", .. Job(go)],
            Live(server));

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var pause = Assert.Single(record.RootElement.GetProperty("schedule").GetProperty("pauses").EnumerateArray());
        Assert.Equal("intensity 500 g/kWh >= pause threshold 400", pause.GetProperty("reason").GetString());
        Assert.StartsWith("no intensity: running (no current intensity for DE: electricitymaps", pause.GetProperty("resumeReason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_checks_until_the_intensity_is_low_enough_then_runs_and_records_why_it_started()
    {
        using var server = Scripted(n => Latest(n <= 2 ? 500 : 150));
        var json = Path.Combine(_dir, "run.json");

        var result = await CliProcess.RunAsync(
            ["wait", "--zone", "DE", "--max-intensity", "200", "--check-every", "200ms", "--json", json, "--output", _dir, "--", "sh", "-c", "exit 3"],
            Live(server));

        Assert.True(result.ExitCode == 3, result.StandardError);
        Assert.Contains("carbonscope: waiting: intensity 500 g/kWh > the maximum 200; checking every", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("carbonscope: starting after", result.StandardError, StringComparison.Ordinal);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        Assert.Equal(3, record.RootElement.GetProperty("exitCode").GetInt32());
        var schedule = record.RootElement.GetProperty("schedule");
        Assert.Equal("wait for intensity <= 200 g/kWh", schedule.GetProperty("strategy").GetString());
        Assert.Equal("intensity 150 g/kWh <= the maximum 200", schedule.GetProperty("startReason").GetString());
        Assert.True(schedule.GetProperty("waitedSeconds").GetDouble() > 0);
        Assert.Empty(schedule.GetProperty("pauses").EnumerateArray());
    }

    [Fact]
    public async Task Wait_with_a_provider_outage_starts_at_once_and_says_why()
    {
        using var server = Scripted(_ => new FakeResponse(503, """{"message":"maintenance"}"""));
        var json = Path.Combine(_dir, "run.json");

        var result = await CliProcess.RunAsync(
            ["wait", "--zone", "DE", "--max-intensity", "200", "--json", json, "--output", _dir, "--", "true"],
            Live(server));

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var schedule = record.RootElement.GetProperty("schedule");
        Assert.StartsWith("no intensity: starting now (no current intensity for DE: electricitymaps", schedule.GetProperty("startReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, schedule.GetProperty("waitedSeconds").GetDouble());
    }

    [Fact]
    public async Task Wait_for_the_best_window_starts_now_when_now_is_best_by_the_forecast()
    {
        using var server = new FakeHttpServer(request => request.Path == "/v3/carbon-intensity/forecast"
            ? FakeResponse.Json($$"""{"zone":"DE","forecast":[{{string.Join(',', Enumerable.Range(0, 24).Select(h => $$"""{"carbonIntensity":{{(h < 2 ? 100 : 400)}},"datetime":"{{Hour(h)}}"}"""))}}]}""")
            : new FakeResponse(404, """{"message":"Endpoint not available"}"""));
        var json = Path.Combine(_dir, "run.json");

        var result = await CliProcess.RunAsync(
            ["wait", "--zone", "DE", "--best-within", "12h", "--duration", "1h", "--json", json, "--output", _dir, "--", "true"],
            Live(server));

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var schedule = record.RootElement.GetProperty("schedule");
        Assert.Equal("best 1h window within 12h by the forecast", schedule.GetProperty("strategy").GetString());
        Assert.StartsWith("the best window by the forecast starts ", schedule.GetProperty("startReason").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("(100 g/kWh on average over 1h)", schedule.GetProperty("startReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, schedule.GetProperty("waitedSeconds").GetDouble());
    }

    [Theory]
    [InlineData("carbonscope: wait needs one of --max-intensity G", "wait", "--zone", "DE", "--", "true")]
    [InlineData("carbonscope: wait needs one of --max-intensity G", "wait", "--zone", "DE", "--max-intensity", "200", "--best-within", "2h", "--", "true")]
    [InlineData("carbonscope: --duration 3h is longer than --deadline 2h", "wait", "--zone", "DE", "--best-within", "2h", "--deadline", "2h", "--duration", "3h", "--", "true")]
    [InlineData("carbonscope: --pause-above 300 is below --resume-below 400", "run", "--zone", "DE", "--pause-above", "300", "--resume-below", "400", "--", "true")]
    [InlineData("carbonscope: --resume-below needs --pause-above", "run", "--zone", "DE", "--resume-below", "400", "--", "true")]
    [InlineData("'-5' is not a carbon intensity", "run", "--zone", "DE", "--pause-above", "-5", "--", "true")]
    [InlineData("carbonscope: --pause-above needs a live intensity", "run", "--zone", "DE", "--pause-above", "400", "--", "true")]
    [InlineData("carbonscope: wait needs a live intensity", "wait", "--zone", "DE", "--max-intensity", "200", "--", "true")]
    public async Task Bad_input_is_one_line_and_exit_code_2_before_the_command_starts(string message, params string[] arguments)
    {
        var marker = Path.Combine(_dir, "started");

        var result = await CliProcess.RunAsync([.. arguments[..^1], "touch", marker]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }
}
