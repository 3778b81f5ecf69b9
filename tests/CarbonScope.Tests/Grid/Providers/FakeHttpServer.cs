using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CarbonScope.Tests.Grid.Providers;

/// <summary>A request as the fake server saw it.</summary>
/// <param name="Method">GET, POST, ...</param>
/// <param name="Path">The path, e.g. <c>/v3/carbon-intensity/latest</c>.</param>
/// <param name="Query">The query string without '?', URL-decoded per parameter in <see cref="Parameters"/>.</param>
/// <param name="Parameters">The query parameters.</param>
/// <param name="Headers">The request headers.</param>
internal sealed record FakeRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Headers);

/// <summary>What the fake server answers.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body (JSON for the providers).</param>
/// <param name="Headers">Extra response headers, e.g. <c>Retry-After</c>.</param>
internal sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeResponse Json(string body) => new(200, body);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener on a free port) that answers with a handler written by the test, in a
/// provider's documented shapes; it records every request. A handler may await (e.g. a task the test never completes)
/// to play a slow server.
/// </summary>
internal sealed class FakeHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<FakeRequest, Task<FakeResponse>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeHttpServer(Func<FakeRequest, FakeResponse> handler)
        : this(request => Task.FromResult(handler(request)))
    {
    }

    public FakeHttpServer(Func<FakeRequest, Task<FakeResponse>> handler)
    {
        _handler = handler;
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The server's address, ending in '/'.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var url = context.Request.Url!;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in context.Request.QueryString.AllKeys)
            {
                if (key is not null)
                {
                    parameters[key] = context.Request.QueryString[key] ?? string.Empty;
                }
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in context.Request.Headers.AllKeys)
            {
                if (key is not null)
                {
                    headers[key] = context.Request.Headers[key] ?? string.Empty;
                }
            }

            var request = new FakeRequest(context.Request.HttpMethod, url.AbsolutePath, url.Query.TrimStart('?'), parameters, headers);
            Requests.Enqueue(request);
            var response = await _handler(request).WaitAsync(_stop.Token);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            context.Response.Abort();
        }
    }
}
