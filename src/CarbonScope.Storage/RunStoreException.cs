namespace CarbonScope.Storage;

/// <summary>The run history store cannot be opened, read or written; the message says which file, why, and what to do.</summary>
public sealed class RunStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunStoreException()
    {
    }

    /// <summary>Creates the exception with a message for people.</summary>
    public RunStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for people and the underlying error.</summary>
    public RunStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
