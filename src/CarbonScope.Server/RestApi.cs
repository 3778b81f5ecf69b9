using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CarbonScope.Grid;
using CarbonScope.Measurement.Hardware;
using CarbonScope.SustainML;
using CarbonScope.SustainML.Orchestration;
using CarbonScope.SustainML.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Server;

/// <summary>A user mistake (or a wait that ran out) answered with a status code and <c>{"error": ...}</c>.</summary>
internal sealed class RequestException(int statusCode, string message, string? field = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string? Field { get; } = field;
}

/// <summary>The endpoints of the SustainML REST API (docs/sustainml.md, REST API). JSON is read and written without reflection.</summary>
internal sealed partial class RestApi(Orchestrator orchestrator, ITransport transport, HardwareCatalog hardwareCatalog, ServerOptions options, ILogger logger)
{
    private const string UserInputKey = "USER_INPUT";
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private int _transactionId;

    public void Map(WebApplication app)
    {
        app.Use(HandleErrorsAsync);
        app.MapPost("/user_input", (RequestDelegate)UserInputAsync);
        app.MapGet("/status", (RequestDelegate)GetStatusAsync);
        app.MapPost("/status", (RequestDelegate)PostStatusAsync);
        app.MapGet("/results", (RequestDelegate)GetResultsAsync);
        app.MapPost("/results", (RequestDelegate)PostResultsAsync);
        app.MapPost("/config_request", (RequestDelegate)ConfigRequestAsync);
        app.MapPost("/cancel", (RequestDelegate)CancelAsync);
    }

    private async Task UserInputAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        UserInput input;
        try
        {
            input = SustainMLJson.Parse<UserInput>(body);
        }
        catch (SustainMLJsonException e)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "Invalid input data: " + e.Message, e.Field);
        }

        Validate(input);
        TaskId taskId;
        try
        {
            taskId = await orchestrator.SubmitAsync(input, context.RequestAborted).ConfigureAwait(false);
        }
        catch (UnknownProblemException e)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "Invalid input data: " + e.Message, "extra_data.previous_problem_id");
        }

        LogSubmitted(logger, taskId.ProblemId, taskId.IterationId);
        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", "User input data sent successfully.");
            WriteTaskId(w, "task_id", taskId);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Rejects a region that is not a country code and hardware that is not in the catalog (the nodes would only fall back or fail).</summary>
    private void Validate(UserInput input)
    {
        var region = string.Concat(input.GeoLocationRegion.Where(c => !char.IsWhiteSpace(c)));
        if (region.Length > 0 && Countries.FindAlpha2(region) is null)
        {
            throw new RequestException(
                StatusCodes.Status400BadRequest,
                $"Invalid input data: field 'geo_location_region' must be an ISO 3166-1 alpha-2 country code such as FR, not '{Shorten(region)}'.",
                "geo_location_region");
        }

        if (!input.ExtraData.TryGetProperty("hardware_required", out var hardware))
        {
            return;
        }

        const string field = "extra_data.hardware_required";
        List<string> names = hardware.ValueKind switch
        {
            JsonValueKind.String => [hardware.GetString()!],
            JsonValueKind.Array when hardware.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. hardware.EnumerateArray().Select(e => e.GetString()!)],
            _ => throw new RequestException(StatusCodes.Status400BadRequest, $"Invalid input data: field '{field}' must be a string or an array of strings.", field),
        };
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            if (hardwareCatalog.Find(name) is null)
            {
                throw new RequestException(
                    StatusCodes.Status400BadRequest,
                    $"Invalid input data: field '{field}' names unknown hardware '{Shorten(name)}'; the known names are the answer of POST /config_request {{\"node_id\": 3, \"configuration\": \"hardwares\"}}.",
                    field);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private Task GetStatusAsync(HttpContext context)
    {
        var states = orchestrator.GetNodeStates();
        return WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("status");
            foreach (var (node, state) in states)
            {
                w.WriteString(ShortName(node), SustainMLNames.Name(state));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private async Task PostStatusAsync(HttpContext context)
    {
        using var document = await ReadObjectAsync(context).ConfigureAwait(false);
        var nodeId = RequiredInt(document.RootElement, "node_id");
        var state = Enum.IsDefined((NodeId)nodeId) ? orchestrator.GetNodeState((NodeId)nodeId) : NodeState.Inactive;
        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", SustainMLNames.Name(state));
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task GetResultsAsync(HttpContext context)
    {
        var timeout = QueryTimeout(context) ?? options.DefaultResultsTimeout;
        var taskId = orchestrator.LastTaskId ?? throw new RequestException(StatusCodes.Status404NotFound, "No task has been submitted yet.", "task_id");
        return AnswerResultsAsync(context, taskId, SustainMLNames.AllNodes, timeout);
    }

    private async Task PostResultsAsync(HttpContext context)
    {
        var queryTimeout = QueryTimeout(context);
        using var document = await ReadObjectAsync(context).ConfigureAwait(false);
        var root = document.RootElement;
        var nodeId = RequiredInt(root, "node_id");
        var taskId = RequiredTaskId(root, "task_id");
        var timeout = BodyTimeout(root) ?? queryTimeout ?? options.DefaultResultsTimeout;
        await AnswerResultsAsync(context, taskId, nodeId, timeout).ConfigureAwait(false);
    }

    private async Task AnswerResultsAsync(HttpContext context, TaskId taskId, int nodeId, TimeSpan timeout)
    {
        IReadOnlyList<NodeId> nodes = nodeId switch
        {
            SustainMLNames.AllNodes => Orchestrator.PipelineNodes,
            (int)NodeId.Orchestrator => [NodeId.Orchestrator],
            _ when Orchestrator.PipelineNodes.Contains((NodeId)nodeId) => [(NodeId)nodeId],
            _ => throw new RequestException(StatusCodes.Status404NotFound, UnknownNodeMessage(nodeId, allowAll: true), "node_id"),
        };

        TaskResults results;
        try
        {
            results = await orchestrator.WaitForResultsAsync(taskId, nodes, timeout, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ResultsTimeoutException e)
        {
            LogTimedOut(logger, taskId.ProblemId, taskId.IterationId);
            await WriteJsonAsync(context, StatusCodes.Status408RequestTimeout, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", string.Create(CultureInfo.InvariantCulture, $"Timed out after {timeout.TotalSeconds:0.###} s waiting for the results of task {taskId} from {string.Join(", ", e.Missing.Select(ShortName))}."));
                WriteTaskId(w, "task_id", taskId);
                w.WriteStartArray("missing");
                foreach (var node in e.Missing)
                {
                    w.WriteStringValue(ShortName(node));
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var node in nodes)
            {
                var key = node == NodeId.Orchestrator ? UserInputKey : ShortName(node);
                if (results.Get(node) is { } message)
                {
                    w.WritePropertyName(key);
                    message.WriteTo(w, redactSecrets: true);
                }
                else
                {
                    var reason = results.Errors.ContainsKey(node) ? "the node reported an error"
                        : results.State == OrchestratedTaskState.Cancelled ? "the task was cancelled"
                        : "no result";
                    w.WriteStartObject(key);
                    w.WriteString("Error", $"Failed to get {key} data for task {taskId}: {reason}.");
                    w.WriteEndObject();
                }
            }

            WriteTaskId(w, "task_id", taskId);
            w.WriteString("task_state", results.State switch
            {
                OrchestratedTaskState.Completed => "completed",
                OrchestratedTaskState.Cancelled => "cancelled",
                _ => "running",
            });
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task ConfigRequestAsync(HttpContext context)
    {
        using var document = await ReadObjectAsync(context).ConfigureAwait(false);
        var root = document.RootElement;
        var nodeId = RequiredInt(root, "node_id");
        var configuration = RequiredString(root, "configuration");
        if (!Orchestrator.PipelineNodes.Contains((NodeId)nodeId))
        {
            throw new RequestException(StatusCodes.Status404NotFound, UnknownNodeMessage(nodeId, allowAll: false), "node_id");
        }

        var transactionId = Interlocked.Increment(ref _transactionId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.ConfigurationTimeout);
        using var subscription = transport.Subscribe<ConfigurationResponse>();
        await transport.PublishAsync(new ConfigurationRequest { NodeId = nodeId, TransactionId = transactionId, Configuration = configuration }, context.RequestAborted).ConfigureAwait(false);
        ConfigurationResponse? response = null;
        try
        {
            await foreach (var candidate in subscription.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                if (candidate.TransactionId == transactionId && candidate.NodeId == nodeId)
                {
                    response = candidate;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
        }

        if (response is null)
        {
            throw new RequestException(
                StatusCodes.Status408RequestTimeout,
                string.Create(CultureInfo.InvariantCulture, $"Node {ShortName((NodeId)nodeId)} ({nodeId}) did not answer the configuration request within {options.ConfigurationTimeout.TotalSeconds:0.###} s."),
                "node_id");
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", response.Success ? "Configuration request answered." : "Configuration request not supported or failed.");
            w.WritePropertyName("response");
            response.WriteTo(w, redactSecrets: true);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task CancelAsync(HttpContext context)
    {
        using var document = await ReadObjectAsync(context).ConfigureAwait(false);
        var taskId = RequiredTaskId(document.RootElement, "task_id");
        if (!await orchestrator.CancelAsync(taskId, context.RequestAborted).ConfigureAwait(false))
        {
            var state = orchestrator.GetResults(taskId).State == OrchestratedTaskState.Cancelled ? "cancelled" : "completed";
            throw new RequestException(StatusCodes.Status409Conflict, $"Task {taskId} is already {state}.", "task_id");
        }

        LogCancelled(logger, taskId.ProblemId, taskId.IterationId);
        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", "Task cancelled.");
            WriteTaskId(w, "task_id", taskId);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task HandleErrorsAsync(HttpContext context, RequestDelegate next)
    {
        int status;
        string message;
        string? field = null;
        try
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (RequestException e)
        {
            (status, message, field) = (e.StatusCode, e.Message, e.Field);
        }
        catch (SustainMLJsonException e)
        {
            (status, message, field) = (StatusCodes.Status400BadRequest, e.Message, e.Field);
        }
        catch (UnknownTaskException e)
        {
            (status, message, field) = (StatusCodes.Status404NotFound, $"Unknown task_id {e.TaskId}: no such task.", "task_id");
        }
        catch (BadHttpRequestException e)
        {
            (status, message) = (e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "Bad request.");
        }
        catch (ObjectDisposedException e)
        {
            LogFailed(logger, context.Request.Path, e.GetType().Name);
            (status, message) = (StatusCodes.Status503ServiceUnavailable, "The server is stopping.");
        }
#pragma warning disable CA1031 // Any other exception is a bug of ours: answered 500 without details; only its type is logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, context.Request.Path, e.GetType().Name);
            (status, message) = (StatusCodes.Status500InternalServerError, "Internal server error.");
        }

        LogRejected(logger, context.Request.Method, context.Request.Path, status, field);
        if (context.Response.HasStarted)
        {
            return;
        }

        await WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            if (field is not null)
            {
                w.WriteString("field", field);
            }

            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task<JsonDocument> ReadObjectAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            // The parser's message may quote the text: only the position is given.
            throw new RequestException(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"The request body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})."));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new RequestException(StatusCodes.Status400BadRequest, "The request body must be a JSON object.");
        }

        return document;
    }

    private static int RequiredInt(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{field}' is missing.", field);
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{field}' must be an integer.", field);
        }

        return number;
    }

    private static string RequiredString(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{field}' is missing.", field);
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{field}' must be a string.", field);
    }

    private static TaskId RequiredTaskId(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{field}' is missing.", field);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{field}' must be an object {{\"problem_id\": p, \"iteration_id\": i}}.", field);
        }

        return new TaskId(RequiredUInt(value, field, "problem_id"), RequiredUInt(value, field, "iteration_id"));
    }

    private static uint RequiredUInt(JsonElement parent, string parentField, string field)
    {
        var name = parentField + "." + field;
        if (!parent.TryGetProperty(field, out var value))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{name}' is missing.", name);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var number)
            ? number
            : throw new RequestException(StatusCodes.Status400BadRequest, $"Field '{name}' must be an integer from 0 to 4294967295.", name);
    }

    private TimeSpan? QueryTimeout(HttpContext context)
    {
        if (!context.Request.Query.TryGetValue("timeout", out var values))
        {
            return null;
        }

        return double.TryParse(values.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? Timeout(seconds)
            : throw new RequestException(StatusCodes.Status400BadRequest, "Query parameter 'timeout' must be a number of seconds.", "timeout");
    }

    private TimeSpan? BodyTimeout(JsonElement root)
    {
        if (!root.TryGetProperty("timeout", out var value))
        {
            return null;
        }

        // A number too large for a double (1e400) is out of range, not a bug: GetDouble would throw FormatException.
        return value.ValueKind == JsonValueKind.Number
            ? Timeout(value.TryGetDouble(out var seconds) ? seconds : double.PositiveInfinity)
            : throw new RequestException(StatusCodes.Status400BadRequest, "Field 'timeout' must be a number of seconds.", "timeout");
    }

    private TimeSpan Timeout(double seconds) =>
        double.IsFinite(seconds) && seconds >= 0 && seconds <= options.MaxResultsTimeout.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new RequestException(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"Field 'timeout' must be from 0 to {options.MaxResultsTimeout.TotalSeconds:0.###} seconds."), "timeout");

    private static string UnknownNodeMessage(int nodeId, bool allowAll)
    {
        var known = string.Join(", ", Orchestrator.PipelineNodes.Select(n => string.Create(CultureInfo.InvariantCulture, $"{(int)n} {ShortName(n)}")));
        return allowAll
            ? string.Create(CultureInfo.InvariantCulture, $"Unknown node_id {nodeId}: expected {known}, 7 (the user input) or 9 (all nodes).")
            : string.Create(CultureInfo.InvariantCulture, $"Unknown node_id {nodeId}: expected {known}.");
    }

    private static string ShortName(NodeId node)
    {
        var name = SustainMLNames.NodeName(node);
        return name.EndsWith("_NODE", StringComparison.Ordinal) ? name[..^"_NODE".Length] : name;
    }

    private static void WriteTaskId(Utf8JsonWriter writer, string name, TaskId taskId)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("problem_id", taskId.ProblemId);
        writer.WriteNumber("iteration_id", taskId.IterationId);
        writer.WriteEndObject();
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Task {{{ProblemId}, {IterationId}}} submitted")]
    private static partial void LogSubmitted(ILogger logger, uint problemId, uint iterationId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Task {{{ProblemId}, {IterationId}}} cancelled")]
    private static partial void LogCancelled(ILogger logger, uint problemId, uint iterationId);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Results of task {{{ProblemId}, {IterationId}}} timed out")]
    private static partial void LogTimedOut(ILogger logger, uint problemId, uint iterationId);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} (field {Field})")]
    private static partial void LogRejected(ILogger logger, string method, PathString path, int statusCode, string? field);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "{Path} failed with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, PathString path, string exceptionType);
}
