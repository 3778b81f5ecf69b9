using CarbonScope.Footprint;
using CarbonScope.Units;

namespace CarbonScope.Scheduling;

/// <summary>A stretch of a carbon-aware job: running or paused, and the energy measured over it (before PUE).</summary>
public sealed record ActivitySegment(DateTimeOffset Start, DateTimeOffset End, bool Running, Energy Energy)
{
    /// <summary>The segment's length.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>What pausing did to a job's emissions, from one intensity series (docs/scheduling.md, "Carbon avoided").</summary>
/// <param name="RunningTime">Time spent running.</param>
/// <param name="PausedTime">Time spent paused.</param>
/// <param name="Energy">All energy measured, paused stretches included (before PUE).</param>
/// <param name="EnergyWhilePaused">The part of <paramref name="Energy"/> measured while paused (idle power; before PUE).</param>
/// <param name="Emissions">Emissions caused: every segment's energy × PUE × the series' average over that segment.</param>
/// <param name="CounterfactualEmissions">Emissions of the same running segments, with the same energy, had the job never
/// paused: each running segment moved earlier by the paused time before it; the paused energy is left out.</param>
public sealed record PauseAccount(TimeSpan RunningTime, TimeSpan PausedTime, Energy Energy, Energy EnergyWhilePaused, CarbonMass Emissions, CarbonMass CounterfactualEmissions)
{
    /// <summary>Counterfactual minus actual emissions; negative when pausing cost more than it saved.</summary>
    public CarbonMass Avoided => CounterfactualEmissions - Emissions;
}

/// <summary>Carbon avoided by pausing, computed rather than assumed (docs/scheduling.md, "Carbon avoided").</summary>
public static class PauseAccounting
{
    /// <summary>
    /// Accounts for <paramref name="segments"/> (in time order, contiguous or not) against <paramref name="intensity"/>.
    /// Actual emissions: Σ over every segment of energy × PUE × the average intensity over it. Counterfactual: the running
    /// segments only, each shifted earlier by the paused time before it (the same energy profile run without pauses, which
    /// ends earlier), at the same series' averages over the shifted spans. Zero-length segments count with their energy
    /// and no intensity lookup.
    /// </summary>
    /// <exception cref="ArgumentException">Segments overlap or are out of order, a segment ends before it starts, or an energy is negative.</exception>
    /// <exception cref="SeriesCoverageException">The series does not cover a segment (actual or shifted).</exception>
    public static PauseAccount Compute(IReadOnlyList<ActivitySegment> segments, IntensitySeries intensity, double pue = 1.0)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(intensity);
        CarbonFootprint.ValidatePue(pue);
        var (running, paused, energy, pausedEnergy) = (TimeSpan.Zero, TimeSpan.Zero, Energy.Zero, Energy.Zero);
        var (actual, counterfactual) = (CarbonMass.Zero, CarbonMass.Zero);
        DateTimeOffset? previousEnd = null;
        foreach (var segment in segments)
        {
            if (segment.End < segment.Start || segment.Energy < Energy.Zero || (previousEnd is { } end && segment.Start < end))
            {
                throw new ArgumentException($"the segment {SeriesCoverageException.Format(segment.Start)} to {SeriesCoverageException.Format(segment.End)} ({segment.Energy}) ends before it starts, overlaps the one before, or has negative energy.", nameof(segments));
            }

            previousEnd = segment.End;
            var facility = CarbonFootprint.FacilityEnergy(segment.Energy, pue);
            energy += segment.Energy;
            if (segment.Duration > TimeSpan.Zero)
            {
                actual += facility * SeriesMath.Average(intensity, segment.Start, segment.End);
            }

            if (segment.Running)
            {
                if (segment.Duration > TimeSpan.Zero)
                {
                    counterfactual += facility * SeriesMath.Average(intensity, segment.Start - paused, segment.End - paused);
                }

                running += segment.Duration;
            }
            else
            {
                paused += segment.Duration;
                pausedEnergy += segment.Energy;
            }
        }

        return new PauseAccount(running, paused, energy, pausedEnergy, actual, counterfactual);
    }
}
