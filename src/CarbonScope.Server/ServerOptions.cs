using CarbonScope.SustainML.BuiltIn;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Server;

/// <summary>How <see cref="SustainMLServer"/> listens, stores and waits.</summary>
public sealed class ServerOptions
{
    /// <summary>The default address: the SustainML front end's.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5001";

    /// <summary>Where Kestrel listens: one URL or several separated by <c>;</c> (port 0: any free port; see <see cref="SustainMLServer.Addresses"/>).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The SQLite history store that keeps tasks and results across restarts; <see langword="null"/>: in memory only.</summary>
    public string? StorePath { get; init; }

    /// <summary>The clock of the orchestrator and the nodes (timeouts); the system clock by default.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the server, ASP.NET Core and the nodes log; <see langword="null"/>: ASP.NET Core's default (console).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Options of the built-in nodes (catalogs, intensity source); the logger factory and clock above are used when these leave them unset.</summary>
    public BuiltInOptions? BuiltIn { get; init; }

    /// <summary>Whether the six built-in nodes run in the server (default); <see langword="false"/> when other nodes serve the transport.</summary>
    public bool HostBuiltInNodes { get; init; } = true;

    /// <summary>How long <c>/results</c> waits when the request gives no <c>timeout</c> (30 s).</summary>
    public TimeSpan DefaultResultsTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>timeout</c> a request may ask for (600 s); more is a 400.</summary>
    public TimeSpan MaxResultsTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>How long <c>/config_request</c> waits for the node's answer before a 408 (10 s).</summary>
    public TimeSpan ConfigurationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest request body accepted (1 MiB); more is a 413.</summary>
    public int MaxRequestBodyBytes { get; init; } = 1024 * 1024;
}
