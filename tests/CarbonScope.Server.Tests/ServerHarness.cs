using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CarbonScope.Server.Tests;

/// <summary>A <see cref="SustainMLServer"/> on real Kestrel at 127.0.0.1 (a free port), an HttpClient on it, and the captured logs.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string Token = "hf_SECRETtoken1234567890";

    private ServerHarness(SustainMLServer server, HttpClient client, ILoggerFactory loggerFactory)
    {
        Server = server;
        Client = client;
        LoggerFactory = loggerFactory;
    }

    public SustainMLServer Server { get; }

    public HttpClient Client { get; }

    public ILoggerFactory LoggerFactory { get; }

    public static async Task<ServerHarness> StartAsync(FakeLogCollector logs, string? storePath = null, bool hostNodes = true, TimeSpan? configurationTimeout = null)
    {
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var server = SustainMLServer.Create(new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            StorePath = storePath,
            LoggerFactory = loggerFactory,
            HostBuiltInNodes = hostNodes,
            ConfigurationTimeout = configurationTimeout ?? TimeSpan.FromSeconds(30),
        });
        await server.StartAsync(TestContext.Current.CancellationToken);
        var address = Assert.Single(server.Addresses);
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        Assert.DoesNotContain(":0", address[^2..], StringComparison.Ordinal);
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        return new ServerHarness(server, client, loggerFactory);
    }

    public static string UserInputJson(string extraData = $$"""{"hardware_required":"NVIDIA T4","max_memory_footprint":100,"type":"CNNs","hf_token":"{{Token}}"}""", int previousIteration = 0) =>
        $$"""
        {"modality":"image","problem_short_description":"Classify photos of plants","problem_definition":"","inputs":[],"outputs":[],
         "minimum_samples":0,"maximum_samples":0,"optimize_carbon_footprint_manual":false,"previous_iteration":{{previousIteration}},
         "optimize_carbon_footprint_auto":false,"desired_carbon_footprint":0,"geo_location_continent":"Europe","geo_location_region":"FR",
         "extra_data":{{extraData}}}
        """;

    public async Task<(HttpStatusCode Status, JsonElement Json, string Text)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        return await ReadAsync(response);
    }

    public async Task<(HttpStatusCode Status, JsonElement Json, string Text)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode, JsonElement, string)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone(), text);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        LoggerFactory.Dispose();
    }
}
