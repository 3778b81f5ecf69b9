using System.Diagnostics.CodeAnalysis;
using CarbonScope.Grid;

namespace CarbonScope.Tests.Grid.Providers;

/// <summary>A clock that always reads the same time; its timers are the system's, so timeouts and retry delays elapse.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>What the provider tests share: options pointing at a <see cref="FakeHttpServer"/>, and the timeout test's steps.</summary>
[SuppressMessage("Reliability", "CA2000", Justification = "Disposed by the using of the helper.")]
internal static class ProviderTestKit
{
    /// <summary>The timeout of a test that waits for an answer that never comes.</summary>
    public static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Options for a provider talking to <paramref name="baseUrl"/> (a fake server's address): retries 1 ms apart and a
    /// 30-second timeout unless given.
    /// </summary>
    public static GridProviderOptions Options(Uri baseUrl, int retries = 0, TimeSpan? timeout = null, string? apiKey = null, string? username = null, string? password = null) => new()
    {
        BaseUrl = baseUrl,
        ApiKey = apiKey,
        Username = username,
        Password = password,
        MaxRetries = retries,
        RetryDelay = TimeSpan.FromMilliseconds(1),
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Runs <paramref name="call"/> against a server that never answers (or answers with <paramref name="answer"/> when
    /// it returns a response) and returns the failure it throws.
    /// </summary>
    /// <param name="call">The provider call, given the server and an HTTP client.</param>
    /// <param name="answer">Answers some requests (e.g. a login); null for those left unanswered.</param>
    public static async Task<IntensityProviderException> NeverAnsweredAsync(Func<FakeHttpServer, HttpClient, Task> call, Func<FakeRequest, FakeResponse?>? answer = null)
    {
        var never = new TaskCompletionSource<FakeResponse>();
        using var server = new FakeHttpServer(request => answer?.Invoke(request) is { } response ? Task.FromResult(response) : never.Task);
        using var http = new HttpClient();
        return await Assert.ThrowsAsync<IntensityProviderException>(() => call(server, http));
    }

    /// <summary>Asserts the provider's name and that it answers latest, history and forecast.</summary>
    public static void AssertNamesItselfAndAnswersEverything(ICarbonIntensityProvider provider, string name)
    {
        Assert.Equal(name, provider.Name);
        Assert.Equal(IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast, provider.Capabilities);
    }
}
