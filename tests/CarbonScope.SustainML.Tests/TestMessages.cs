using CarbonScope.SustainML.Nodes;
using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Tests;

/// <summary>Messages and a collector shared by the tests.</summary>
internal static class TestMessages
{
    public const string Token = "hf_SECRETtokenVALUE123";

    public static UserInput UserInput(TaskId taskId) => new()
    {
        TaskId = taskId,
        Modality = "text",
        ProblemShortDescription = "Classify reviews",
        ProblemDefinition = "Sentiment of product reviews",
        Inputs = ["review"],
        Outputs = ["sentiment"],
        MinimumSamples = 1,
        MaximumSamples = 1000,
        OptimizeCarbonFootprintManual = false,
        PreviousIteration = 0,
        OptimizeCarbonFootprintAuto = true,
        DesiredCarbonFootprintGrams = 250.5,
        GeoLocationContinent = "Europe",
        GeoLocationRegion = "es",
        ExtraData = ExtraData.Parse($$"""{"hf_token":"{{Token}}","model_family":"Transformers","num_outputs":2}"""),
    };

    public static MLModel MLModel(TaskId taskId) => new()
    {
        TaskId = taskId,
        Model = "model-" + taskId.ProblemId,
        ModelPath = "/models/m",
        ModelProperties = "{}",
        ModelPropertiesPath = "/models/m.json",
        InputBatch = ["a", "b"],
        TargetLatencyMilliseconds = 12.5,
        RawModel = new byte[] { 1, 2, 3 },
    };

    public static HardwareResource HardwareResource(TaskId taskId, double watts) => new()
    {
        TaskId = taskId,
        HardwareDescription = "PIM_AI_1chip",
        PowerConsumptionWatts = watts,
        LatencyMilliseconds = 3_600_000,
        MemoryFootprintOfMLModelMegabytes = 512,
        MaxHardwareMemoryFootprintMegabytes = 4096,
    };

    /// <summary>Completes once the node has taken in <paramref name="count"/> more input messages.</summary>
    public static Task Deliveries<TOutput>(Node<TOutput> node, int count)
        where TOutput : class, ITaskMessage, ISustainMLMessage<TOutput>, new()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        Action<int, TaskId>? handler = null;
        handler = (index, task) =>
        {
            if (Interlocked.Increment(ref seen) == count)
            {
                node.InputDelivered -= handler;
                done.SetResult();
            }
        };
        node.InputDelivered += handler;
        return done.Task;
    }

    public static CancellationToken Timeout()
    {
        // A guard against a hang, not a wait: the tests finish as soon as the messages arrive.
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(30));
        return source.Token;
    }
}

/// <summary>Collects every message of one type published on a transport, from the moment it is created.</summary>
internal sealed class Collector<T> : IDisposable
    where T : class, ISustainMLMessage<T>
{
    private readonly ISubscription<T> _subscription;
    private readonly IAsyncEnumerator<T> _enumerator;

    public Collector(ITransport transport)
    {
        _subscription = transport.Subscribe<T>();
        _enumerator = _subscription.ReadAllAsync(TestMessages.Timeout()).GetAsyncEnumerator();
    }

    public List<T> Received { get; } = [];

    public async Task<T> NextAsync()
    {
        if (!await _enumerator.MoveNextAsync())
        {
            throw new InvalidOperationException("The subscription ended.");
        }

        Received.Add(_enumerator.Current);
        return _enumerator.Current;
    }

    public async Task<List<T>> TakeAsync(int count)
    {
        var result = new List<T>();
        for (var i = 0; i < count; i++)
        {
            result.Add(await NextAsync());
        }

        return result;
    }

    /// <summary>Reads until <paramref name="predicate"/> holds for a message, and returns every message read on the way.</summary>
    public async Task<List<T>> UntilAsync(Func<T, bool> predicate)
    {
        var result = new List<T>();
        while (true)
        {
            var message = await NextAsync();
            result.Add(message);
            if (predicate(message))
            {
                return result;
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}

