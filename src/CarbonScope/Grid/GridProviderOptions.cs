namespace CarbonScope.Grid;

/// <summary>
/// The settings of one provider, bound from configuration section <c>Grid:&lt;provider&gt;</c> (environment
/// <c>CARBONSCOPE_GRID__&lt;PROVIDER&gt;__BASEURL</c> and so on). Credentials are never logged, printed or stored.
/// </summary>
public sealed class GridProviderOptions
{
    /// <summary>The API's base address; null means the provider's public default.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>An API key or token (Electricity Maps' <c>auth-token</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>A user name (WattTime).</summary>
    public string? Username { get; set; }

    /// <summary>A password (WattTime).</summary>
    public string? Password { get; set; }

    /// <summary>How long one request may take.</summary>
    /// <value>The default value is 10 s.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a request is retried after a 5xx, a timeout or a 429.</summary>
    /// <value>The default value is 2.</value>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; each next one doubles it (with jitter).</summary>
    /// <value>The default value is 1 s.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After (429) that is waited for; a longer one fails at once as rate-limited.</summary>
    /// <value>The default value is 30 s.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
