namespace CarbonScope.Measurement.Tracking;

/// <summary>Decides, at each tick, which share of each device's energy belongs to what is being tracked.</summary>
public interface IEnergyAttribution
{
    /// <summary>What the energy is attributed to, for the output: "whole machine", "process tree of pid 4242 (python)".</summary>
    string Description { get; }

    /// <summary>
    /// The shares for the interval that ends at <paramref name="context"/>'s timestamp. The first call establishes
    /// the baseline. Never throws: when the tracked processes have gone, the shares are zero.
    /// </summary>
    AttributionShares Sample(in SampleContext context);
}

/// <summary>The shares of the machine's device energy that belong to the tracked work over one interval.</summary>
/// <param name="Cpu">Share of CPU energy in [0, 1].</param>
/// <param name="Ram">Share of RAM energy in [0, 1].</param>
/// <param name="ProcessIds">The tracked processes (for per-process GPU shares), or null in machine mode (GPUs whole).</param>
public readonly record struct AttributionShares(double Cpu, double Ram, IReadOnlySet<int>? ProcessIds)
{
    /// <summary>Everything belongs to the tracked work (machine mode).</summary>
    public static AttributionShares WholeMachine => new(1, 1, null);
}

/// <summary>Attributes every device whole: the machine mode.</summary>
public sealed class WholeMachineAttribution : IEnergyAttribution
{
    /// <summary>The single instance.</summary>
    public static WholeMachineAttribution Instance { get; } = new();

    private WholeMachineAttribution()
    {
    }

    /// <inheritdoc/>
    public string Description => "whole machine";

    /// <inheritdoc/>
    public AttributionShares Sample(in SampleContext context) => AttributionShares.WholeMachine;
}
