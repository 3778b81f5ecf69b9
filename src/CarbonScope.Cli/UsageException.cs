namespace CarbonScope.Cli;

/// <summary>The user asked for something that cannot be done as written; the message is one line saying what and how to fix it. Exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
