using System.CommandLine;
using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Measurement.Hardware;
using CarbonScope.Server;
using CarbonScope.SustainML;
using CarbonScope.SustainML.BuiltIn;
using CarbonScope.SustainML.Orchestration;
using CarbonScope.SustainML.Transport;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope sustainml estimate --problem TEXT --modality M --region CC --hardware NAME [--max-memory MB]
/// [--num-outputs N] [--goal G] [--format text|json]</c>: runs the SustainML pipeline once, in-process, with the built-in
/// nodes, and prints each node's output for each task (docs/sustainml.md).
/// </summary>
internal static class SustainMLCommand
{
    /// <summary>How long one task may take before the estimate gives up (the built-in nodes take milliseconds).</summary>
    private static readonly TimeSpan s_taskTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] s_intensityKeys = ["intensity_kind", "intensity_year", "intensity_zone", "intensity_level"];

    public static Command Create(CliContext context)
    {
        var problem = new Option<string>("--problem") { Description = "The problem, in words, e.g. 'classify photos of plants'.", HelpName = "TEXT", Required = true };
        var modality = new Option<string>("--modality") { Description = "The data: image, text or audio (others are searched across all goals).", HelpName = "M", Required = true };
        var region = new Option<string>("--region") { Description = "Where it will run: ISO 3166-1 alpha-2 (FR, de); the continent's average, then the world's, when unknown.", HelpName = "CC", Required = true };
        var hardware = new Option<string>("--hardware") { Description = "The hardware, as in the catalog (e.g. 'NVIDIA T4'; 'carbonscope sustainml estimate' lists the names when unknown).", HelpName = "NAME", Required = true };
        var maxMemory = TextParsers.Option<uint>("--max-memory", "The most memory the model may take, in MB (default 100, SustainML's).", "MB", PositiveMegabytes);
        var numOutputs = TextParsers.Option<uint>("--num-outputs", "How many different models to estimate (default 1).", "N", PositiveCount);
        var goal = new Option<string>("--goal") { Description = "The goal (e.g. image_classification), instead of inferring it from the problem.", HelpName = "GOAL" };
        var format = TextParsers.Option<OutputFormat>("--format", "text (default) or json.", "text|json", TextParsers.Format);
        var estimate = new Command("estimate", "Run the SustainML pipeline once, in-process with the built-in nodes, and print each node's output: model, latency, power, energy and carbon.");
        foreach (var option in new Option[] { problem, modality, region, hardware, maxMemory, numOutputs, goal, format })
        {
            estimate.Options.Add(option);
        }

        estimate.SetAction(async (parse, cancellationToken) =>
        {
            // The user's mistakes are exit 2 before anything runs; a country without data is not one (continent, then world).
            if (HardwareCatalog.Default.Find(parse.GetValue(hardware)!) is not { } spec)
            {
                throw new UsageException($"--hardware '{parse.GetValue(hardware)}' is not in the hardware catalog (docs/catalogs.md): use one of {string.Join(", ", HardwareCatalog.Default.Names)}.");
            }

            if (!Countries.TryResolve(parse.GetValue(region), out _, out var regionError))
            {
                throw new UsageException($"--region: {regionError}");
            }

            var extra = Output.JsonObject(writer =>
            {
                writer.WriteStartArray("hardware_required");
                writer.WriteStringValue(spec.Name); // the catalog's name, however it was written
                writer.WriteEndArray();
                writer.WriteNumber("max_memory_footprint", parse.GetResult(maxMemory) is not null ? parse.GetValue(maxMemory) : HardwareConstraintsRules.DefaultMaxMemoryFootprintMegabytes);
                if (parse.GetResult(numOutputs) is not null)
                {
                    writer.WriteNumber("num_outputs", parse.GetValue(numOutputs));
                }

                if (parse.GetValue(goal) is { Length: > 0 } g)
                {
                    writer.WriteString("goal", g);
                }
            });
            var input = new UserInput
            {
                Modality = parse.GetValue(modality)!,
                ProblemShortDescription = parse.GetValue(problem)!,
                ProblemDefinition = parse.GetValue(problem)!,
                GeoLocationRegion = parse.GetValue(region)!,
                ExtraData = ExtraData.Parse(extra),
            };
            var results = await RunAsync(input, context, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                await context.Out.WriteLineAsync(Json(results)).ConfigureAwait(false);
            }
            else
            {
                WriteText(Output.Console(context.Out, context.OutIsTerminal), results);
            }

            return results.Any(r => r.CO2Footprint is null || r.Errors.Count > 0 || r.CO2Footprint.ExtraData.TryGetProperty("error", out _)) ? ExitCodes.NoIntensity : ExitCodes.Success;
        });
        var command = new Command("sustainml", "The SustainML pipeline: which model fits a problem and hardware, and its footprint, before anything is trained (docs/sustainml.md).");
        command.Subcommands.Add(estimate);
        command.Subcommands.Add(Serve(context));
        return command;
    }

    /// <summary><c>carbonscope sustainml serve [--urls URL] [--store PATH | --no-store]</c>: the REST API SustainML's front-end speaks.</summary>
    private static Command Serve(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {ServerOptions.DefaultUrls}); several separated by ';'.", HelpName = "URL" };
        var store = new Option<string>("--store") { Description = "The history database that keeps tasks and results across restarts. Default: the run history's (~/.local/share/carbonscope/runs.db).", HelpName = "PATH" };
        var noStore = new Option<bool>("--no-store") { Description = "Keep tasks and results in memory only." };
        var serve = new Command("serve", "Serve the SustainML orchestrator's REST API (POST /user_input, /results, /status, /config_request, /cancel) with the built-in nodes, until Ctrl-C.");
        serve.Options.Add(urls);
        serve.Options.Add(store);
        serve.Options.Add(noStore);
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var listen = parse.GetValue(urls) ?? ServerOptions.DefaultUrls;
            foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    throw new UsageException($"--urls: '{url}' is not an http(s) URL to listen on, e.g. http://127.0.0.1:5001.");
                }
            }

            var time = TimeProvider.System;
            using var http = new HttpClient();
            var chain = GridSettings.Chain(context.Settings, http, time);
            var live = chain.Any(p => !IntensityService.LocalProviders.Contains(p.Name));
            var path = parse.GetValue(noStore) ? null : Path.GetFullPath(parse.GetValue(store) ?? CarbonScope.Storage.RunStorePaths.Default(context.Environment));
            // The host's own "Hosting failed to start" record (an error with a stack trace) is left out: a bind failure is
            // reported below in one line.
            using var logging = LoggerFactory.Create(builder => builder
                .AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None));
            await using var server = SustainMLServer.Create(new ServerOptions
            {
                Urls = listen,
                LoggerFactory = logging,
                StorePath = path,
                BuiltIn = new BuiltInOptions { TimeProvider = time, IntensitySource = live ? new IntensityService(chain, cache: null, time, zoneFor: IntensityService.CloudRegionsToGridZones) : null },
            });
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                // Kestrel could not bind (address in use, no permission): the user's choice of --urls, not a bug.
                throw new UsageException($"cannot listen on {listen}: {exception.Message} (stop what uses it, or choose another --urls).");
            }

            // The bound addresses (port 0 resolved), once Kestrel listens: a client can read where to connect from this line.
            await context.Error.WriteLineAsync($"carbonscope: SustainML REST API on {string.Join(", ", server.Addresses)}; tasks and results {(path is null ? "in memory only" : "kept in " + path)}; Ctrl-C stops.").ConfigureAwait(false);
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return serve;
    }

    /// <summary>Runs the built-in nodes and an orchestrator on one in-process transport; returns every task of the request, in order.</summary>
    private static async Task<List<TaskResults>> RunAsync(UserInput input, CliContext context, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        using var http = new HttpClient();
        var chain = GridSettings.Chain(context.Settings, http, time);
        var live = chain.Any(p => !IntensityService.LocalProviders.Contains(p.Name));
        var transport = new InProcessTransport();
        var nodes = BuiltInNodes.Create(transport, new BuiltInOptions
        {
            TimeProvider = time,
            IntensitySource = live ? new IntensityService(chain, cache: null, time, zoneFor: IntensityService.CloudRegionsToGridZones) : null,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = nodes.RunAsync(stop.Token);
        var results = new List<TaskResults>();
        await using (var orchestrator = new Orchestrator(new OrchestratorOptions { Transport = transport, TimeProvider = time }))
        {
            orchestrator.Start();
            var first = await orchestrator.SubmitAsync(input, cancellationToken).ConfigureAwait(false);
            var next = first;
            while (true)
            {
                var result = await orchestrator.WaitForResultsAsync(next, Orchestrator.PipelineNodes, s_taskTimeout, cancellationToken).ConfigureAwait(false);
                results.Add(result);

                // Further iterations (num_outputs) are registered before a task's results are released.
                var following = new TaskId(next.ProblemId, next.IterationId + 1);
                if (!orchestrator.TaskIds.Contains(following))
                {
                    break;
                }

                next = following;
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        return results;
    }

    private static void WriteText(IAnsiConsole console, List<TaskResults> results)
    {
        foreach (var result in results)
        {
            console.WriteLine($"Task {{{result.TaskId.ProblemId}, {result.TaskId.IterationId}}}:");
            if (result.MLModelMetadata is { } metadata)
            {
                console.WriteLine($"  ML model metadata:   goal {string.Join(", ", metadata.Metadata)}; keywords {string.Join(", ", metadata.Keywords)}");
            }

            if (result.AppRequirements is { } requirements)
            {
                console.WriteLine($"  app requirements:    {(requirements.Requirements.Count == 0 ? "(none found)" : string.Join("; ", requirements.Requirements))}");
            }

            if (result.HardwareConstraints is { } constraints)
            {
                console.WriteLine($"  HW constraints:      {string.Join(", ", constraints.HardwareRequired)}, at most {constraints.MaxMemoryFootprintMegabytes} MB");
            }

            if (result.MLModel is { } model)
            {
                console.WriteLine($"  ML model:            {model.Model}{Error(model.ExtraData)}");
            }

            if (result.HardwareResource is { } resource)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  HW resources:        {resource.HardwareDescription}: latency {resource.LatencyMilliseconds:G4} ms, power {resource.PowerConsumptionWatts:G4} W, model memory {resource.MemoryFootprintOfMLModelMegabytes:G4} MB (roofline estimate, docs/catalogs.md){Error(resource.ExtraData)}"));
            }

            if (result.CO2Footprint is { } footprint)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  carbon footprint:    {footprint.CarbonFootprintGrams:G4} g CO2e per inference = {footprint.EnergyConsumptionKilowattHours:G4} kWh x {footprint.CarbonIntensityGramsPerKilowattHour:G4} g CO2e/kWh{Error(footprint.ExtraData)}"));
                if (footprint.ExtraData.TryGetProperty("intensity_source", out var source))
                {
                    var detail = string.Join(", ", s_intensityKeys
                        .Select(key => footprint.ExtraData.TryGetProperty(key, out var value) ? value.ToString() : null)
                        .OfType<string>());
                    var fallback = footprint.ExtraData.TryGetProperty("intensity_fallback_reason", out var why) ? $"; {why}" : string.Empty;
                    console.WriteLine($"                       intensity: {detail}; source {source}{fallback}");
                }
            }

            foreach (var (node, status) in result.Errors)
            {
                console.WriteLine($"  {SustainMLNames.NodeName(node)}: error: {status.ErrorDescription}");
            }
        }
    }

    private static string Error(ExtraData extra) => extra.TryGetProperty("error", out var error) ? $" (error: {error})" : string.Empty;

    private static string Json(List<TaskResults> results) => Output.JsonObject(writer =>
    {
        writer.WriteStartArray("tasks");
        foreach (var result in results)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("task_id");
            writer.WriteNumber("problem_id", result.TaskId.ProblemId);
            writer.WriteNumber("iteration_id", result.TaskId.IterationId);
            writer.WriteEndObject();
            foreach (var node in Orchestrator.PipelineNodes)
            {
                writer.WritePropertyName(SustainMLNames.NodeName(node));
                if (result.Get(node) is ISustainMLMessage message)
                {
                    writer.WriteRawValue(SustainMLJson.Serialize(message));
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static bool PositiveMegabytes(string text, out uint value, out string error)
    {
        error = $"'{text}' is not a memory size: write a whole, positive number of MB, e.g. 16000.";
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static bool PositiveCount(string text, out uint value, out string error)
    {
        error = $"'{text}' is not a count: write a whole number from 1, e.g. 3.";
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
