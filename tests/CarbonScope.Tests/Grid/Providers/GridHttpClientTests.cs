using System.Diagnostics.CodeAnalysis;
using CarbonScope.Grid;
using CarbonScope.Grid.Providers;

namespace CarbonScope.Tests.Grid.Providers;

[SuppressMessage("Reliability", "CA2000", Justification = "Disposed by the using of the test.")]
public sealed class GridHttpClientTests
{
    private static readonly GridProviderOptions s_fast = new() { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(30), ApiKey = "sk-secret-123" };

    [Fact]
    public async Task A_server_error_is_retried_and_the_answer_after_it_is_used()
    {
        var calls = 0;
        using var server = new FakeHttpServer(_ => Interlocked.Increment(ref calls) < 3 ? new FakeResponse(503, "busy") : FakeResponse.Json("""{"value":1}"""));
        using var http = new HttpClient();
        var client = new GridHttpClient("test", http, s_fast);

        using var json = await client.GetJsonAsync(new Uri(server.BaseUrl, "x"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, json.RootElement.GetProperty("value").GetInt32());
        Assert.Equal(3, calls);
    }

    [Theory]
    [InlineData(401, IntensityFailure.Unauthorized, 1)]
    [InlineData(403, IntensityFailure.Unauthorized, 1)]
    [InlineData(404, IntensityFailure.NotFound, 1)]
    [InlineData(500, IntensityFailure.ServerError, 3)]
    public async Task A_status_becomes_a_failure_of_its_kind_and_only_5xx_are_retried(int status, IntensityFailure failure, int expectedCalls)
    {
        using var server = new FakeHttpServer(_ => new FakeResponse(status, """{"message":"Token sk-secret-123 unauthorized for zoneKey"}"""));
        using var http = new HttpClient();
        var client = new GridHttpClient("test", http, s_fast);

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => client.GetJsonAsync(new Uri(server.BaseUrl, "v3/x"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(failure, error.Failure);
        Assert.Equal(expectedCalls, server.Requests.Count);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Equal(expectedCalls > 1, error.Message.Contains($"{expectedCalls} tries", StringComparison.Ordinal));
        Assert.Contains("/v3/x", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-123", error.Message, StringComparison.Ordinal); // the body echoed the key
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Too_many_requests_waits_as_asked_when_it_is_short_and_fails_at_once_when_it_is_long()
    {
        var calls = 0;
        using var shortWait = new FakeHttpServer(_ => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "0" })
            : FakeResponse.Json("{}"));
        using var longWait = new FakeHttpServer(_ => new FakeResponse(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        using var http = new HttpClient();
        var client = new GridHttpClient("test", http, s_fast);

        using var json = await client.GetJsonAsync(new Uri(shortWait.BaseUrl, "x"), cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => client.GetJsonAsync(new Uri(longWait.BaseUrl, "x"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, calls);
        Assert.Equal(IntensityFailure.RateLimited, error.Failure);
        Assert.Single(longWait.Requests);
        Assert.Contains("asks to wait 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_and_an_unreachable_server_are_failures_of_their_kind()
    {
        using var server = new FakeHttpServer(_ => FakeResponse.Json("{ not json"));
        using var http = new HttpClient();
        var client = new GridHttpClient("test", http, new GridProviderOptions { MaxRetries = 0 });

        var malformed = await Assert.ThrowsAsync<IntensityProviderException>(() => client.GetJsonAsync(new Uri(server.BaseUrl, "x"), cancellationToken: TestContext.Current.CancellationToken));
        var unreachable = await Assert.ThrowsAsync<IntensityProviderException>(() => client.GetJsonAsync(new Uri("http://127.0.0.1:1/x"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(IntensityFailure.Malformed, malformed.Failure);
        Assert.Equal(IntensityFailure.Unreachable, unreachable.Failure);
    }

    [Fact]
    public async Task A_slow_answer_past_the_timeout_is_a_timeout_failure()
    {
        var never = new TaskCompletionSource<FakeResponse>();
        using var server = new FakeHttpServer(_ => never.Task);
        using var http = new HttpClient();
        var client = new GridHttpClient("test", http, new GridProviderOptions { MaxRetries = 0, Timeout = TimeSpan.FromMilliseconds(200) });

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => client.GetJsonAsync(new Uri(server.BaseUrl, "x"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(IntensityFailure.Timeout, error.Failure);
        Assert.Contains("within 200 ms", error.Message, StringComparison.Ordinal);
    }
}
