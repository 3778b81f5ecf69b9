namespace CarbonScope.Measurement.Tracking;

/// <summary>What the tracker attributes energy to.</summary>
public enum TrackingMode
{
    /// <summary>A process tree: its CPU-time share of CPU energy, its resident-memory share of RAM energy, the GPUs it uses.</summary>
    Process,

    /// <summary>The whole host: every device's energy, whoever used it.</summary>
    Machine,
}
