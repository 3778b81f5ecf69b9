using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CarbonScope.Server;
using CarbonScope.SustainML;
using CarbonScope.SustainML.BuiltIn;
using CarbonScope.SustainML.Orchestration;
using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Benchmarks;

/// <summary>
/// <c>sustainml [--tasks 20000] [--rest-tasks 5000] [--concurrency 1,8,64] [--warmup 2000] [--only chain|nodes|inproc|rest]</c>:
/// tasks per second and latency through the whole SustainML pipeline (docs/sustainml.md), in the order run:
/// <list type="bullet">
/// <item><c>chain</c>: SustainML's own expectation, 20 tasks one after the other (the first pipeline of the process, so
/// JIT included, then a second one, warm), in-process and through the REST API: the total time;</item>
/// <item><c>nodes</c>: each built-in node's rule called alone (no transport), warm, on one thread, and the copy of
/// the user input that <c>SubmitAsync</c> makes (JSON out and back) and the intensity lookup: µs and bytes per call;</item>
/// <item><c>inproc</c>: an <see cref="Orchestrator"/> and the six built-in nodes on one <see cref="InProcessTransport"/>;
/// a task's latency is <c>SubmitAsync</c> to <c>WaitForResultsAsync(id, [CarbonFootprint])</c> returning;</item>
/// <item><c>rest</c>: the same behind <see cref="SustainMLServer"/> on Kestrel at 127.0.0.1 (logging off); a task's
/// latency is <c>POST /user_input</c> then <c>POST /results</c> (node 1, the carbon node, and node 9, all nodes)
/// returning its answer, read whole.</item>
/// </list>
/// With K tasks outstanding (K workers, each submitting its next task when the last one's result is in), after a
/// warm-up of its own on a fresh pipeline. Figures: tasks/s = tasks / wall time of the measured tasks; p50, p99 and max
/// of the per-task latencies (Stopwatch timestamps), by nearest rank on the sorted array (p = the value at index
/// ceil(p/100 × n) − 1); the process's CPU time per task (user + system, all threads: less sensitive than the wall
/// clock to other load on the machine); allocated bytes per task (<see cref="GC.GetTotalAllocatedBytes"/>), thread-pool work items
/// per task, lock contentions, gen-0/1/2 collections and the GC's pause time over the measured tasks, and how much the
/// heap grew per task (after a full collection: what the orchestrator keeps of each task). Every measured task must end with a
/// footprint and no error, else the mode fails.
/// </summary>
internal static class SustainMLMode
{
    private static readonly NodeId[] s_carbon = [NodeId.CarbonFootprint];
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    // A request every node can serve: ConvNeXt-Tiny on an NVIDIA T4, German grid (the embedded annual average).
    private const string ExtraDataJson = """{"hardware_required":"NVIDIA T4","max_memory_footprint":100,"type":"CNNs"}""";

    private static readonly string s_userInputJson =
        """
        {"modality":"image","problem_short_description":"Classify photos of plants","problem_definition":"Recognise the species of a plant in a photo",
         "inputs":["image"],"outputs":["species"],"minimum_samples":0,"maximum_samples":0,"optimize_carbon_footprint_manual":false,"previous_iteration":0,
         "optimize_carbon_footprint_auto":false,"desired_carbon_footprint":0,"geo_location_continent":"Europe","geo_location_region":"DE",
         "extra_data":
        """ + ExtraDataJson + "}";

    public static async Task<int> RunAsync(string[] args)
    {
        var tasks = 20_000;
        var restTasks = 5_000;
        var warmup = 2_000;
        int[] concurrency = [1, 8, 64];
        string? only = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--tasks":
                    tasks = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--rest-tasks":
                    restTasks = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    concurrency = [.. args[i + 1].Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture))];
                    break;
                case "--only":
                    only = args[i + 1];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}; usage: sustainml [--tasks 20000] [--rest-tasks 5000] [--concurrency 1,8,64] [--warmup 2000] [--only chain|nodes|inproc|rest]");
                    return 2;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SustainML pipeline: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; {tasks} tasks in-process, {restTasks} through REST, K = {string.Join(", ", concurrency)}, warm-up {warmup}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"scenario",-34} {"K",3} {"tasks",6} {"tasks/s",9} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"CPU µs",8} {"KB/task",8} {"items/task",10} {"contended",9} {"gc0/1/2",10} {"GC ms",9}"));

        if (only is null or "chain")
        {
            // First the process's first pipeline, which pays the JIT; then a second one, warm.
            await ChainAsync("in-process");
            await ChainAsync("in-process");
            await ChainAsync("REST");
            await ChainAsync("REST");
        }

        if (only is null or "nodes")
        {
            await NodesAloneAsync();
        }

        if (only is null or "inproc")
        {
            foreach (var k in concurrency)
            {
                await using var pipeline = await InProcessPipeline.StartAsync();
                await MeasureAsync("in-process", pipeline.RunTaskAsync, k, warmup, tasks);
            }
        }

        if (only is null or "rest")
        {
            foreach (var node in new[] { 1, 9 })
            {
                foreach (var k in concurrency)
                {
                    await using var rest = await RestPipeline.StartAsync(node);
                    await MeasureAsync($"REST, /results node_id {node}", rest.RunTaskAsync, k, warmup, restTasks);
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// SustainML's expectation: 20 tasks through the chain, one after the other, on a fresh pipeline (whose start runs
    /// one task through first: the start's time includes it).
    /// </summary>
    private static async Task ChainAsync(string kind)
    {
        const int Count = 20;
        var latencies = new long[Count];
        var start = Stopwatch.GetTimestamp();
        IAsyncDisposable pipeline;
        Func<Task> runTask;
        if (kind == "REST")
        {
            var rest = await RestPipeline.StartAsync(1);
            (pipeline, runTask) = (rest, rest.RunTaskAsync);
        }
        else
        {
            var inProcess = await InProcessPipeline.StartAsync();
            (pipeline, runTask) = (inProcess, inProcess.RunTaskAsync);
        }

        await using (pipeline)
        {
            var first = Stopwatch.GetTimestamp();
            for (var i = 0; i < Count; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await runTask();
                latencies[i] = Stopwatch.GetTimestamp() - t0;
            }

            Report($"20 tasks in sequence, {kind}", 1, Count, Stopwatch.GetElapsedTime(first), latencies, default);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    (pipeline start included: {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0.0} ms in all)"));
    }

    /// <summary>What each node's work costs alone: the rules called directly, 20,000 times after 2,000 to warm up.</summary>
    private static async Task NodesAloneAsync()
    {
        var input = SustainMLJson.Parse<UserInput>(s_userInputJson);
        input.TaskId = new TaskId(1, 1);
        var requirements = new AppRequirements { TaskId = input.TaskId };
        var metadata = new MLModelMetadata { TaskId = input.TaskId };
        var constraints = new HardwareConstraints { TaskId = input.TaskId };
        var model = new MLModel { TaskId = input.TaskId };
        var hardware = new HardwareResource { TaskId = input.TaskId };
        var provider = new ModelProvider();
        var estimator = new HardwareResourcesEstimator();
        var calculator = new CarbonFootprintCalculator();
        AppRequirementsRules.Apply(input, requirements);
        ModelMetadataRules.Apply(input, metadata);
        HardwareConstraintsRules.Apply(input, constraints);
        provider.Apply(metadata, requirements, constraints, model);
        estimator.Apply(model, requirements, constraints, hardware);
        Console.WriteLine($"each node alone, one thread, warm (model {model.Model} on {hardware.HardwareDescription}):");
        Time("App Requirements rules", () => AppRequirementsRules.Apply(input, new AppRequirements()));
        Time("ML Model Metadata rules", () => ModelMetadataRules.Apply(input, new MLModelMetadata()));
        Time("HW Constraints rules", () => HardwareConstraintsRules.Apply(input, new HardwareConstraints()));
        Time("ML Model provider", () => provider.Apply(metadata, requirements, constraints, new MLModel()));
        Time("HW Resources estimator", () => estimator.Apply(model, requirements, constraints, new HardwareResource()));
        await TimeAsync("Carbon Footprint calculator", () => calculator.ApplyAsync(model, input, hardware, new CO2Footprint()));
        await TimeResultAsync("  of which the intensity lookup", () => calculator.IntensityForAsync(input.GeoLocationRegion, input.GeoLocationContinent));
        Time("user input copy (SubmitAsync)", () => SustainMLJson.Parse<UserInput>(SustainMLJson.Serialize(input, redactSecrets: false)));
    }

    private static void Time(string name, Action work) =>
        TimeAsync(name, () =>
        {
            work();
            return ValueTask.CompletedTask;
        }).AsTask().GetAwaiter().GetResult();

    private static ValueTask TimeResultAsync<T>(string name, Func<ValueTask<T>> work) => TimeAsync(name, async () => await work());

    private static async ValueTask TimeAsync(string name, Func<ValueTask> work)
    {
        const int Warmup = 2_000, Count = 20_000;
        for (var i = 0; i < Warmup; i++)
        {
            await work();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < Count; i++)
        {
            await work();
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {name,-34} {elapsed.TotalMicroseconds / Count,8:0.00} µs {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Count,8:0} B per call"));
    }

    /// <summary>Runs <paramref name="warmup"/> tasks, then <paramref name="count"/> measured ones, K outstanding at once.</summary>
    private static async Task MeasureAsync(string name, Func<Task> runTask, int k, int warmup, int count)
    {
        await RunManyAsync(runTask, k, warmup, new long[warmup]);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var before = Counters.Read();
        var latencies = new long[count];
        var wall = await RunManyAsync(runTask, k, count, latencies);
        var after = Counters.Read();
        Report(name, k, count, wall, latencies, after - before);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    heap after a full collection grew by {(GC.GetTotalMemory(forceFullCollection: true) - heap) / 1024.0 / count:0.0} KB per task (what the pipeline keeps)"));
    }

    private static async Task<TimeSpan> RunManyAsync(Func<Task> runTask, int k, int count, long[] latencies)
    {
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var workers = new Task[k];
        for (var w = 0; w < k; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await runTask();
                    latencies[i] = Stopwatch.GetTimestamp() - t0;
                }
            });
        }

        await Task.WhenAll(workers);
        return Stopwatch.GetElapsedTime(start);
    }

    private static void Report(string name, int k, int count, TimeSpan wall, long[] latencies, Counters counters)
    {
        Array.Sort(latencies);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => Ms(latencies[Math.Max(0, (int)Math.Ceiling(p / 100 * latencies.Length) - 1)]);
        var perTask = counters == default
            ? $"{"-",8} {"-",8} {"-",10} {"-",9} {"-",10} {"-",9}"
            : $"{counters.Cpu.TotalMicroseconds / count,8:0} {counters.AllocatedBytes / 1024.0 / count,8:0.0} {(double)counters.WorkItems / count,10:0.0} {counters.Contentions,9} {$"{counters.Gen0}/{counters.Gen1}/{counters.Gen2}",10} {counters.GcPause.TotalMilliseconds,9:0}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {k,3} {count,6} {count / wall.TotalSeconds,9:0} {Percentile(50),8:0.000} {Percentile(99),8:0.000} {Ms(latencies[^1]),8:0.000} {perTask}"));
        if (count <= 20)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    total {wall.TotalMilliseconds:0.0} ms; slowest task {Ms(latencies[^1]):0.0} ms"));
        }
    }

    private readonly record struct Counters(TimeSpan Cpu, long AllocatedBytes, long WorkItems, long Contentions, int Gen0, int Gen1, int Gen2, TimeSpan GcPause)
    {
        public static Counters Read() => new(
            ProcessCpu.Now(), GC.GetTotalAllocatedBytes(precise: true), ThreadPool.CompletedWorkItemCount, Monitor.LockContentionCount,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public static Counters operator -(Counters a, Counters b) => new(
            a.Cpu - b.Cpu, a.AllocatedBytes - b.AllocatedBytes, a.WorkItems - b.WorkItems, a.Contentions - b.Contentions,
            a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.GcPause - b.GcPause);
    }

    /// <summary>An orchestrator and the six built-in nodes on one transport.</summary>
    private sealed class InProcessPipeline : IAsyncDisposable
    {
        private readonly InProcessTransport _transport = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Orchestrator _orchestrator;
        private readonly Task _nodes;
        private readonly UserInput _input = SustainMLJson.Parse<UserInput>(s_userInputJson);

        private InProcessPipeline()
        {
            _nodes = BuiltInNodes.Create(_transport, new BuiltInOptions()).RunAsync(_stop.Token);
            _orchestrator = new Orchestrator(new OrchestratorOptions { Transport = _transport });
            _orchestrator.Start();
        }

        public static async Task<InProcessPipeline> StartAsync()
        {
            var pipeline = new InProcessPipeline();
            await pipeline.RunTaskAsync(); // one task through, so that the nodes are running
            return pipeline;
        }

        public async Task RunTaskAsync()
        {
            var id = await _orchestrator.SubmitAsync(_input);
            var results = await _orchestrator.WaitForResultsAsync(id, s_carbon, s_timeout);
            if (results.CO2Footprint is not { CarbonFootprintGrams: > 0 } footprint || footprint.ExtraData.TryGetProperty("error", out _) || results.Errors.Count > 0)
            {
                throw new InvalidOperationException($"Task {id} did not end with a footprint: {results.CO2Footprint}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _nodes;
            await _orchestrator.DisposeAsync();
            _transport.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>The REST API on Kestrel at 127.0.0.1 (any free port, logging off) and an HttpClient on it.</summary>
    private sealed class RestPipeline : IAsyncDisposable
    {
        private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };
        private static readonly byte[] s_userInput = Encoding.UTF8.GetBytes(s_userInputJson);
        private readonly SustainMLServer _server;
        private readonly ILoggerFactory _loggerFactory;
        private readonly HttpClient _client;
        private readonly int _node;
        private readonly string _expected;

        private RestPipeline(SustainMLServer server, ILoggerFactory loggerFactory, HttpClient client, int node)
        {
            _server = server;
            _loggerFactory = loggerFactory;
            _client = client;
            _node = node;
            _expected = node == 9 ? "HW_RESOURCES" : "CARBON_FOOTPRINT";
        }

        public static async Task<RestPipeline> StartAsync(int node)
        {
            var loggerFactory = LoggerFactory.Create(_ => { }); // no provider: logging off
            var server = SustainMLServer.Create(new ServerOptions { Urls = "http://127.0.0.1:0", LoggerFactory = loggerFactory });
            await server.StartAsync();
            var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(server.Addresses[0]),
                Timeout = s_timeout,
            };
            var pipeline = new RestPipeline(server, loggerFactory, client, node);
            await pipeline.RunTaskAsync();
            return pipeline;
        }

        public async Task RunTaskAsync()
        {
            using var submitted = await PostAsync("/user_input", s_userInput);
            var taskId = submitted.RootElement.GetProperty("task_id");
            var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"node_id":{{_node}},"task_id":{"problem_id":{{taskId.GetProperty("problem_id").GetUInt32()}},"iteration_id":{{taskId.GetProperty("iteration_id").GetUInt32()}}},"timeout":60}"""));
            using var results = await PostAsync("/results", body);
            if (!results.RootElement.TryGetProperty("CARBON_FOOTPRINT", out var footprint) || footprint.TryGetProperty("Error", out _) ||
                !results.RootElement.TryGetProperty(_expected, out _))
            {
                throw new InvalidOperationException($"Task {taskId} did not end with a footprint: {results.RootElement}");
            }
        }

        private async Task<JsonDocument> PostAsync(string path, byte[] body)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = s_json;
            using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
            }

            return JsonDocument.Parse(bytes);
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _server.DisposeAsync();
            _loggerFactory.Dispose();
        }
    }
}
