using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Scheduling.Strategies;

/// <summary>
/// Pauses when the current intensity reaches a pause threshold and resumes when it falls to a lower resume threshold
/// (hysteresis), with an optional maximum pause and a deadline that forces running (docs/scheduling.md, "Strategies").
/// </summary>
/// <remarks>
/// <para>Rules, in order, for each call:</para>
/// <list type="number">
/// <item>Deadline: when <c>Now + RemainingWork >= Deadline</c>, run regardless.</item>
/// <item>No current intensity: run ("no intensity: running"); a job is never paused for want of data.</item>
/// <item>Paused: resume when the intensity is at or below the resume threshold; otherwise, when the pause has lasted
/// <c>maxPause</c>, resume regardless; otherwise stay paused.</item>
/// <item>Running: pause when the intensity is at or above the pause threshold; otherwise keep running. After a pause
/// ended by <c>maxPause</c>, the job does not pause again until the intensity has been at or below the resume threshold
/// once (otherwise a steady high intensity would pause it again at once, and it would hardly run).</item>
/// </list>
/// <para>The pause starts at the <c>Now</c> of the first call that returns <see cref="RunDecision.Pause"/>. Stateful and
/// not thread-safe: one instance per job.</para>
/// </remarks>
public sealed class ThresholdStrategy : ICarbonStrategy
{
    private bool _paused;
    private DateTimeOffset _pausedSince;
    private bool _awaitingLow; // a pause ended by maxPause: no new pause until the intensity is <= the resume threshold

    /// <summary>Creates the strategy.</summary>
    /// <exception cref="ArgumentException">A threshold is not positive, or the pause threshold is below the resume threshold.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPause"/> is not positive.</exception>
    public ThresholdStrategy(CarbonIntensity pauseAtOrAbove, CarbonIntensity resumeAtOrBelow, TimeSpan? maxPause = null)
    {
        if (pauseAtOrAbove <= CarbonIntensity.Zero || resumeAtOrBelow <= CarbonIntensity.Zero)
        {
            throw new ArgumentException($"the thresholds must be positive; the pause threshold is {G(pauseAtOrAbove)} and the resume threshold {G(resumeAtOrBelow)}.");
        }

        if (pauseAtOrAbove < resumeAtOrBelow)
        {
            throw new ArgumentException($"the pause threshold {G(pauseAtOrAbove)} is below the resume threshold {G(resumeAtOrBelow)}; it must be at or above it.", nameof(pauseAtOrAbove));
        }

        if (maxPause is { } max && max <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPause), max, "The maximum pause must be positive.");
        }

        PauseAtOrAbove = pauseAtOrAbove;
        ResumeAtOrBelow = resumeAtOrBelow;
        MaxPause = maxPause;
    }

    /// <summary>The job pauses when the intensity is at or above this.</summary>
    public CarbonIntensity PauseAtOrAbove { get; }

    /// <summary>A paused job resumes when the intensity is at or below this.</summary>
    public CarbonIntensity ResumeAtOrBelow { get; }

    /// <summary>The longest pause; null for none.</summary>
    public TimeSpan? MaxPause { get; }

    /// <inheritdoc/>
    public string Name => $"threshold {N(PauseAtOrAbove)}/{N(ResumeAtOrBelow)} g/kWh";

    /// <summary>Whether the last decision was <see cref="RunDecision.Pause"/>.</summary>
    public bool IsPaused => _paused;

    /// <inheritdoc/>
    public Decision Decide(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Deadline is { } deadline && context.Now + context.RemainingWork >= deadline)
        {
            return Run(context.RemainingWork <= TimeSpan.Zero
                ? $"the deadline {SeriesCoverageException.Format(deadline)} has come"
                : $"the remaining {SeriesCoverageException.Format(context.RemainingWork)} of work must start now to meet the deadline {SeriesCoverageException.Format(deadline)}");
        }

        if (context.Current is not { } current)
        {
            return Run("no intensity: running");
        }

        if (current <= ResumeAtOrBelow)
        {
            _awaitingLow = false;
            return Run(_paused
                ? $"intensity {G(current)} <= resume threshold {N(ResumeAtOrBelow)}: resuming"
                : $"intensity {G(current)} <= resume threshold {N(ResumeAtOrBelow)}");
        }

        if (_paused)
        {
            if (MaxPause is { } max && context.Now - _pausedSince >= max)
            {
                _awaitingLow = true;
                return Run($"paused for the maximum {SeriesCoverageException.Format(max)}: resuming regardless");
            }

            return Pause(current >= PauseAtOrAbove
                ? $"intensity {G(current)} >= pause threshold {N(PauseAtOrAbove)}"
                : $"intensity {G(current)} > resume threshold {N(ResumeAtOrBelow)}: staying paused");
        }

        if (current >= PauseAtOrAbove)
        {
            if (_awaitingLow)
            {
                return Run($"intensity {G(current)} >= pause threshold {N(PauseAtOrAbove)}, but after a maximum pause the job runs until it falls to {N(ResumeAtOrBelow)}");
            }

            _paused = true;
            _pausedSince = context.Now;
            return new Decision(RunDecision.Pause, $"intensity {G(current)} >= pause threshold {N(PauseAtOrAbove)}");
        }

        return Run($"intensity {G(current)} < pause threshold {N(PauseAtOrAbove)}: still running");
    }

    private Decision Run(string reason)
    {
        _paused = false;
        return new Decision(RunDecision.Run, reason);
    }

    private static Decision Pause(string reason) => new(RunDecision.Pause, reason);

    /// <summary>"412 g/kWh" (at most two decimals, invariant): how strategies write an intensity.</summary>
    public static string G(CarbonIntensity intensity) => N(intensity) + " g/kWh";

    /// <summary>"412", "412.5" (at most two decimals, invariant): the number of <see cref="G"/>.</summary>
    public static string N(CarbonIntensity intensity) => intensity.GramsPerKilowattHour.ToString("0.##", CultureInfo.InvariantCulture);
}
