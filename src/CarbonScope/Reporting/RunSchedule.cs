using CarbonScope.Scheduling;
using CarbonScope.Units;

namespace CarbonScope.Reporting;

/// <summary>
/// What carbon-aware scheduling did to a run (<c>carbonscope wait</c>, <c>carbonscope run --pause-above</c>): how long the
/// command waited before it started and why it started, its pauses, and the emissions account of the pauses
/// (docs/scheduling.md, "Carbon avoided").
/// </summary>
/// <param name="Strategy">What decided, for people: <c>wait for intensity &lt;= 200 g/kWh</c>, <c>threshold 400/300 g/kWh</c>.</param>
/// <param name="Waited">How long the command waited before it started (zero when it did not wait).</param>
/// <param name="StartReason">Why it started when it did; null when it did not wait.</param>
/// <param name="Pauses">The pauses while it ran, in order.</param>
/// <param name="ObservedEmissions">Emissions by the intensities observed at the checks (every stretch's energy × PUE × the
/// observed intensity); null without an account.</param>
/// <param name="CounterfactualEmissions">The same running stretches without the pauses, at the same observed intensities;
/// null without an account.</param>
/// <param name="AccountProblem">Why there is no account (e.g. the command never paused, no intensity was observed); null when there is one.</param>
public sealed record RunSchedule(
    string Strategy,
    TimeSpan Waited,
    string? StartReason,
    IReadOnlyList<PauseRecord> Pauses,
    CarbonMass? ObservedEmissions,
    CarbonMass? CounterfactualEmissions,
    string? AccountProblem)
{
    /// <summary>The total time paused while running.</summary>
    public TimeSpan PausedTime => Pauses.Aggregate(TimeSpan.Zero, (sum, p) => sum + ((p.End ?? p.Start) - p.Start));

    /// <summary>Counterfactual minus observed emissions; null without an account. Negative when pausing cost more than it saved.</summary>
    public CarbonMass? Avoided => CounterfactualEmissions is { } counterfactual && ObservedEmissions is { } observed ? counterfactual - observed : null;

    /// <summary>Equality by value, the pauses compared item by item.</summary>
    public bool Equals(RunSchedule? other) =>
        other is not null && Strategy == other.Strategy && Waited == other.Waited && StartReason == other.StartReason
        && Pauses.SequenceEqual(other.Pauses) && ObservedEmissions == other.ObservedEmissions
        && CounterfactualEmissions == other.CounterfactualEmissions && AccountProblem == other.AccountProblem;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Strategy, Waited, StartReason, Pauses.Count, ObservedEmissions, CounterfactualEmissions, AccountProblem);
}
