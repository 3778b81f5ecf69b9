namespace CarbonScope.Grid;

/// <summary>Why a provider could not answer.</summary>
public enum IntensityFailure
{
    /// <summary>The provider cannot answer this kind of question (e.g. a forecast).</summary>
    NotSupported,

    /// <summary>The provider does not know the zone.</summary>
    UnknownZone,

    /// <summary>The provider needs credentials that are not configured.</summary>
    MissingCredentials,

    /// <summary>The credentials were refused (401/403).</summary>
    Unauthorized,

    /// <summary>The endpoint or the data does not exist (404).</summary>
    NotFound,

    /// <summary>Too many requests (429), after honouring Retry-After as far as allowed.</summary>
    RateLimited,

    /// <summary>The server failed (5xx) after the retries.</summary>
    ServerError,

    /// <summary>No answer within the timeout, after the retries.</summary>
    Timeout,

    /// <summary>The answer could not be understood (malformed JSON, missing fields, bad numbers).</summary>
    Malformed,

    /// <summary>The answer was understood but holds no value for what was asked.</summary>
    NoData,

    /// <summary>The network may not be used (<c>--offline</c>).</summary>
    Offline,

    /// <summary>The network could not be reached (DNS, connection refused).</summary>
    Unreachable,
}

/// <summary>A provider could not answer; the message is one line for people and never contains a credential.</summary>
public sealed class IntensityProviderException : Exception
{
    public IntensityProviderException()
    {
        Provider = string.Empty;
    }

    public IntensityProviderException(string message)
        : base(message)
    {
        Provider = string.Empty;
    }

    public IntensityProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="failure">What kind of failure.</param>
    /// <param name="message">One line: what went wrong and, where there is one, the fix.</param>
    /// <param name="innerException">The underlying error, if any (its message must not carry credentials either).</param>
    public IntensityProviderException(string provider, IntensityFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        Failure = failure;
    }

    /// <summary>The provider's name.</summary>
    public string Provider { get; }

    /// <summary>What kind of failure.</summary>
    public IntensityFailure Failure { get; }
}
