using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CarbonScope.Grid.Providers;

/// <summary>
/// Sends a provider's HTTP requests with a timeout per request, retries with exponential backoff and jitter on 5xx,
/// timeouts and network errors, honours 429's Retry-After (up to <see cref="GridProviderOptions.MaxRetryAfter"/>), and
/// turns every failure into an <see cref="IntensityProviderException"/> whose message never holds a credential
/// (Polly.Core does the retrying and the timing, on the given <see cref="TimeProvider"/>).
/// </summary>
public sealed class GridHttpClient
{
    private readonly HttpClient _http;
    private readonly GridProviderOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    /// <param name="provider">The provider's name, for messages.</param>
    /// <param name="http">The HTTP client (not disposed by this class).</param>
    /// <param name="options">Timeout, retries and the credentials to keep out of messages.</param>
    /// <param name="timeProvider">The clock for timeouts and retry delays; null means the system clock.</param>
    public GridHttpClient(string provider, HttpClient http, GridProviderOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        Provider = provider;
        _http = http;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response ? RetryAfter(response) : null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(options.Timeout);
        _pipeline = builder.Build();
    }

    /// <summary>The provider's name.</summary>
    public string Provider { get; }

    /// <summary>Sends a GET and parses the JSON answer; a non-success status becomes an <see cref="IntensityProviderException"/>.</summary>
    /// <param name="uri">The address (absolute, or relative to the client's base address).</param>
    /// <param name="configure">Adds headers (credentials) to each attempt's request.</param>
    /// <param name="cancellationToken">Cancels the request and the retries.</param>
    /// <exception cref="IntensityProviderException">The request failed; see <see cref="IntensityProviderException.Failure"/>.</exception>
    public async Task<JsonDocument> GetJsonAsync(Uri uri, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            configure?.Invoke(request);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException exception)
        {
            throw new IntensityProviderException(Provider, IntensityFailure.Malformed, Redact($"{Provider} answered {uri.AbsolutePath} with something that is not JSON: {exception.Message}"), exception);
        }
    }

    /// <summary>
    /// Sends the request made by <paramref name="createRequest"/> (called once per attempt) and returns a successful
    /// response (the caller disposes it).
    /// </summary>
    /// <exception cref="IntensityProviderException">The request failed after the retries, or its status is not a success.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        HttpResponseMessage response;
        var path = "?";
        var attempts = 0;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = createRequest();
                    path = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.AbsolutePath : request.RequestUri?.OriginalString ?? "?";
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new IntensityProviderException(Provider, IntensityFailure.Timeout, $"{Provider} did not answer {path} within {Seconds(_options.Timeout)} ({Tries(attempts)}): try again later, or raise Grid:{Provider}:Timeout", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new IntensityProviderException(Provider, IntensityFailure.Unreachable, Redact($"{Provider} cannot be reached ({exception.Message}, {Tries(attempts)}): check the network, or Grid:{Provider}:BaseUrl"), exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await Excerpt(response, cancellationToken).ConfigureAwait(false);
            var (failure, fix) = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (IntensityFailure.Unauthorized, $"check Grid:{Provider}'s credentials and what your plan allows"),
                HttpStatusCode.NotFound => (IntensityFailure.NotFound, "check the zone, the dates and Grid:" + Provider + ":BaseUrl"),
                HttpStatusCode.TooManyRequests => (IntensityFailure.RateLimited, RetryAfter(response) is { } wait ? $"the provider asks to wait {Seconds(wait)}" : "wait before asking again"),
                _ when status >= 500 => (IntensityFailure.ServerError, "try again later"),
                _ => (IntensityFailure.Malformed, "check the request's parameters"),
            };
            var retried = attempts > 1 ? $", {Tries(attempts)}" : string.Empty;
            throw new IntensityProviderException(Provider, failure, Redact($"{Provider} answered {path} with HTTP {status}{(body.Length > 0 ? $" ({body})" : string.Empty)}{retried}: {fix}"));
        }
    }

    /// <summary>Replaces every configured credential in <paramref name="text"/> with <c>***</c>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in new[] { _options.ApiKey, _options.Password })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static string Tries(int attempts) => attempts == 1 ? "1 try" : $"{attempts} tries";

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { StatusCode: HttpStatusCode.TooManyRequests } response } => RetryAfter(response) is not { } wait || wait <= _options.MaxRetryAfter,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() > TimeSpan.Zero ? date - _time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<string> Excerpt(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length > 200 ? string.Concat(text.AsSpan(0, 200), "...") : text;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    private static string Seconds(TimeSpan span) => Units.DurationText.Format(span);
}
