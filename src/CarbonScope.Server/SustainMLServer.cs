using CarbonScope.Measurement.Hardware;
using CarbonScope.Storage;
using CarbonScope.SustainML.BuiltIn;
using CarbonScope.SustainML.Orchestration;
using CarbonScope.SustainML.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Server;

/// <summary>
/// The SustainML REST API on Kestrel: the orchestrator, the built-in nodes over an in-process transport, and the
/// endpoints of docs/sustainml.md (REST API). Start it once; stop or dispose it to end it.
/// </summary>
public sealed class SustainMLServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InProcessTransport _transport;
    private readonly SqliteRunStore? _store;
    private readonly BuiltInNodes? _nodes;
    private readonly CancellationTokenSource _stopNodes = new();
    private Task _nodesRun = Task.CompletedTask;
    private int _state; // 0 created, 1 started, 2 stopped

    private SustainMLServer(WebApplication app, InProcessTransport transport, SqliteRunStore? store, BuiltInNodes? nodes, Orchestrator orchestrator)
    {
        _app = app;
        _transport = transport;
        _store = store;
        _nodes = nodes;
        Orchestrator = orchestrator;
    }

    /// <summary>The orchestrator behind the endpoints.</summary>
    public Orchestrator Orchestrator { get; }

    /// <summary>The transport the orchestrator and the nodes share (for hosting further nodes in the process).</summary>
    public ITransport Transport => _transport;

    /// <summary>The addresses Kestrel listens on, with the real port once started (port 0 resolved).</summary>
    public IReadOnlyList<string> Addresses => [.. _app.Urls];

    /// <summary>Cancelled once Kestrel has started and <see cref="Addresses"/> has the real ports (for tests).</summary>
    internal CancellationToken Started => _app.Lifetime.ApplicationStarted;

    /// <summary>Builds the server (nothing listens until <see cref="StartAsync"/>).</summary>
    /// <exception cref="RunStoreException">The SQLite store cannot be opened.</exception>
    public static SustainMLServer Create(ServerOptions? options = null)
    {
        options ??= new ServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
        }

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<SustainMLServer>();

        var transport = new InProcessTransport();
        SqliteRunStore? store = null;
        try
        {
            store = options.StorePath is null ? null : SqliteRunStore.Open(options.StorePath, options.TimeProvider);
            var orchestrator = new Orchestrator(new OrchestratorOptions
            {
                Transport = transport,
                TimeProvider = options.TimeProvider,
                Store = store is null ? null : new SqliteOrchestratorStore(store),
            });
            var given = options.BuiltIn ?? new BuiltInOptions();
            BuiltInNodes? nodes = null;
            if (options.HostBuiltInNodes)
            {
                nodes = BuiltInNodes.Create(transport, new BuiltInOptions
                {
                    Models = given.Models,
                    Hardware = given.Hardware,
                    Roofline = given.Roofline,
                    IntensitySource = given.IntensitySource,
                    EmbeddedIntensity = given.EmbeddedIntensity,
                    MaxDegreeOfParallelism = given.MaxDegreeOfParallelism,
                    TimeProvider = given.TimeProvider ?? options.TimeProvider,
                    LoggerFactory = given.LoggerFactory ?? options.LoggerFactory,
                });
            }

            var api = new RestApi(orchestrator, transport, given.Hardware ?? HardwareCatalog.Default, options, logger);
            api.Map(app);
            return new SustainMLServer(app, transport, store, nodes, orchestrator);
        }
        catch
        {
            store?.Dispose();
            transport.Dispose();
            throw;
        }
    }

    /// <summary>Loads the store, starts the nodes and the orchestrator, then Kestrel.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The server has already been started.");
        }

        Orchestrator.Start();
        if (_nodes is not null)
        {
            _nodesRun = _nodes.RunAsync(_stopNodes.Token);
        }

        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the server and runs it until <paramref name="cancellationToken"/> is cancelled or the host is asked to stop (Ctrl+C), then stops it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After <see cref="StartAsync"/>: waits until <paramref name="cancellationToken"/> is cancelled or the host is asked to
    /// stop (Ctrl+C), then stops the server (e.g. to print <see cref="Addresses"/> between starting and waiting).
    /// </summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Stops Kestrel, the nodes and the orchestrator, and closes the store. Safe to call more than once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var previous = Interlocked.Exchange(ref _state, 2);
        if (previous == 2)
        {
            return;
        }

        if (previous == 1)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await _stopNodes.CancelAsync().ConfigureAwait(false);
        await _nodesRun.ConfigureAwait(false);
        await Orchestrator.DisposeAsync().ConfigureAwait(false);
        _transport.Dispose();
        _store?.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopNodes.Dispose();
    }
}
