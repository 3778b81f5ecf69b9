namespace CarbonScope.Measurement.Hardware;

/// <summary>A hardware name that is not in the catalog; the message and <see cref="KnownNames"/> list the names that are.</summary>
public sealed class UnknownHardwareException : KeyNotFoundException
{
    /// <summary>Creates the exception for <paramref name="name"/> with the catalog's names.</summary>
    public UnknownHardwareException(string name, IReadOnlyList<string> knownNames)
        : base($"Unknown hardware '{name}'. Known hardware: {string.Join(", ", knownNames ?? [])}.")
    {
        Name = name;
        KnownNames = knownNames ?? [];
    }

    /// <summary>The name asked for.</summary>
    public string Name { get; }

    /// <summary>The names the catalog knows, in catalog order.</summary>
    public IReadOnlyList<string> KnownNames { get; }
}
