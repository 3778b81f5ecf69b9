using CarbonScope.SustainML.Nodes;
using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CarbonScope.SustainML.Tests;

public sealed class SecretTests
{
    [Fact]
    public void ToStringRedactsTheHuggingFaceToken()
    {
        var input = TestMessages.UserInput(new TaskId(1, 1));
        var constraints = new HardwareConstraints { TaskId = new TaskId(1, 1), ExtraData = input.ExtraData };

        foreach (var text in new[] { input.ToString(), constraints.ToString(), input.ExtraData.ToString(), SustainMLJson.Serialize(input) })
        {
            Assert.DoesNotContain(TestMessages.Token, text, StringComparison.Ordinal);
            Assert.Contains("\"hf_token\":\"***\"", text, StringComparison.Ordinal);
            Assert.Contains("\"model_family\":\"Transformers\"", text, StringComparison.Ordinal);
        }

        Assert.StartsWith("UserInput {\"task_id\":{\"problem_id\":1,\"iteration_id\":1},\"modality\":\"text\"", input.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NestedAndOtherSecretKeysAreRedactedToo()
    {
        var extra = ExtraData.Parse("""{"auth":{"api_key":"k1","HF_TOKEN":"k2"},"list":[{"password":"k3"}],"db_secret":"k4","num_outputs":3}""");

        var text = extra.ToString();

        Assert.Equal("""{"auth":{"api_key":"***","HF_TOKEN":"***"},"list":[{"password":"***"}],"db_secret":"***","num_outputs":3}""", text);
        Assert.Equal("k2", extra.Root.GetProperty("auth").GetProperty("HF_TOKEN").GetString());
    }

    [Fact]
    public void TheSecretIsKeptOnlyWhenAskedForForTheNextNode()
    {
        var input = TestMessages.UserInput(new TaskId(1, 1));

        Assert.Contains(TestMessages.Token, SustainMLJson.Serialize(input, redactSecrets: false), StringComparison.Ordinal);
        Assert.Equal(TestMessages.Token, ExtraData.FromUtf8(input.ExtraData.ToUtf8Bytes()).GetString("hf_token"));
    }

    [Fact]
    public async Task TheTokenNeverAppearsInTheLogs()
    {
        using var transport = new InProcessTransport();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestMessages.Timeout());
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        using var statuses = new Collector<NodeStatus>(transport);
        var node = new HardwareConstraintsNode(
            callback: (userInput, status, constraints) =>
            {
                constraints.ExtraData = userInput.ExtraData;
                if (userInput.TaskId.ProblemId == 2)
                {
                    throw new InvalidOperationException("Model download refused for " + userInput);
                }
            },
            options: new NodeOptions { Transport = transport, LoggerFactory = loggerFactory, MaxDegreeOfParallelism = 1 });
        var run = node.RunAsync(stop.Token);

        // The one without a task id first: the same topic keeps the order, so it is taken in before task 2 fails.
        await transport.PublishAsync(TestMessages.UserInput(default), stop.Token);
        await transport.PublishAsync(TestMessages.UserInput(new TaskId(1, 1)), stop.Token);
        await transport.PublishAsync(TestMessages.UserInput(new TaskId(2, 1)), stop.Token);
        var error = (await statuses.UntilAsync(s => s.State == NodeState.Error)).Last();
        await stop.CancelAsync();
        await run;

        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Error && r.Message.Contains("{2, 1}", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Level == LogLevel.Warning);
        foreach (var record in records)
        {
            Assert.DoesNotContain(TestMessages.Token, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TestMessages.Token, record.Exception?.ToString() ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(TestMessages.Token, string.Join(";", record.StructuredState ?? []), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(TestMessages.Token, error.ErrorDescription, StringComparison.Ordinal);
        Assert.Contains("\"hf_token\":\"***\"", error.ErrorDescription, StringComparison.Ordinal);
    }
}
