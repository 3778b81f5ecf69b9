using CarbonScope.SustainML.Transport;

namespace CarbonScope.SustainML.Orchestration;

/// <summary>How an <see cref="Orchestrator"/> runs.</summary>
public sealed class OrchestratorOptions
{
    /// <summary>The transport to the nodes; <see cref="InProcessTransport.Shared"/> when null.</summary>
    public ITransport? Transport { get; init; }

    /// <summary>The clock for result timeouts and record times; <see cref="System.TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where tasks and results are persisted; when null, nothing is (the tasks live in the orchestrator's memory only, and nothing is serialised for a store).</summary>
    public IOrchestratorStore? Store { get; init; }

    /// <summary>With <c>optimize_carbon_footprint_auto</c>: the most tasks (the user's included) run for one request. Default 3.</summary>
    public int MaxAutoAttempts { get; init; } = 3;
}
