using System.CommandLine;
using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Reporting;
using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Strategies;
using CarbonScope.Units;

namespace CarbonScope.Cli;

/// <summary><c>run --pause-above P --resume-below R [--max-pause D]</c>: pause CMD's process tree while the intensity is high.</summary>
internal sealed record PauseSettings(CarbonIntensity PauseAbove, CarbonIntensity ResumeBelow, TimeSpan? MaxPause);

/// <summary><c>wait (--max-intensity G | --best-within W) [--deadline D] [--duration D]</c>: when CMD may start.</summary>
internal sealed record WaitSettings(CarbonIntensity? MaxIntensity, TimeSpan? BestWithin, TimeSpan? Deadline, TimeSpan? Duration);

/// <summary>How <c>wait</c> ended: what decided, how long it waited, and why CMD starts now.</summary>
internal sealed record WaitOutcome(string Strategy, TimeSpan Waited, string Reason);

/// <summary>The carbon-aware options of <c>run</c> (pausing) and <c>wait</c> (starting), and what they do (docs/scheduling.md).</summary>
internal sealed class CarbonAwareArguments
{
    public Option<CarbonIntensity> PauseAbove { get; } = TextParsers.Option<CarbonIntensity>(
        "--pause-above", "Pause CMD's process tree (SIGSTOP) while the zone's intensity is at or above this, in g CO2e/kWh, e.g. 400. For CPU batch work; GPU and networked jobs should use the in-process loop (docs/scheduling.md).", "G", TextParsers.Intensity);

    public Option<CarbonIntensity> ResumeBelow { get; } = TextParsers.Option<CarbonIntensity>(
        "--resume-below", "With --pause-above: resume (SIGCONT) when the intensity is at or below this (default: the pause threshold).", "G", TextParsers.Intensity);

    public Option<TimeSpan> MaxPause { get; } = TextParsers.Option<TimeSpan>(
        "--max-pause", "With --pause-above: resume after a pause of this long whatever the intensity, e.g. 6h.", "DURATION", WindowCommand.PositiveDuration);

    public Option<TimeSpan> CheckEvery { get; } = TextParsers.Option<TimeSpan>(
        "--check-every", "How often the intensity is checked while waiting or running (default 5m).", "DURATION", WindowCommand.PositiveDuration);

    public Option<string> Source { get; } = new("--source")
    {
        Description = $"Check the intensity with this provider only: {string.Join(", ", GridSettings.Names)}. Default: the configured chain.",
        HelpName = "NAME",
    };

    public Option<CarbonIntensity> MaxIntensity { get; } = TextParsers.Option<CarbonIntensity>(
        "--max-intensity", "Start CMD when the intensity is at or below this, in g CO2e/kWh.", "G", TextParsers.Intensity);

    public Option<TimeSpan> BestWithin { get; } = TextParsers.Option<TimeSpan>(
        "--best-within", "Start CMD at the best time within this, by the forecast, e.g. 12h.", "DURATION", WindowCommand.PositiveDuration);

    public Option<TimeSpan> Deadline { get; } = TextParsers.Option<TimeSpan>(
        "--deadline", "CMD must end within this from now (with --duration; otherwise it must start by then), e.g. 6h.", "DURATION", WindowCommand.PositiveDuration);

    public Option<TimeSpan> Duration { get; } = TextParsers.Option<TimeSpan>(
        "--duration", "How long CMD is expected to run (default 1h for --best-within; none for --max-intensity).", "DURATION", WindowCommand.PositiveDuration);

    /// <summary>The options of <c>run</c>.</summary>
    public IEnumerable<Option> RunOptions => [PauseAbove, ResumeBelow, MaxPause, CheckEvery, Source];

    /// <summary>The options of <c>wait</c> beyond <see cref="RunOptions"/>.</summary>
    public IEnumerable<Option> WaitOptions => [MaxIntensity, BestWithin, Deadline, Duration];

    /// <summary>The default check interval.</summary>
    public static readonly TimeSpan DefaultCheckEvery = TimeSpan.FromMinutes(5);

    /// <summary>The pause settings, or null without <c>--pause-above</c>.</summary>
    /// <exception cref="UsageException">A pause option without --pause-above, or the pause threshold below the resume one.</exception>
    public PauseSettings? Pause(ParseResult parse)
    {
        if (parse.GetResult(PauseAbove) is null)
        {
            foreach (var option in new Option[] { ResumeBelow, MaxPause })
            {
                if (parse.GetResult(option) is not null)
                {
                    throw new UsageException($"{option.Name} needs --pause-above, e.g. --pause-above 400 --resume-below 300.");
                }
            }

            return null;
        }

        var pause = parse.GetValue(PauseAbove);
        var resume = parse.GetResult(ResumeBelow) is not null ? parse.GetValue(ResumeBelow) : pause;
        if (pause < resume)
        {
            throw new UsageException($"--pause-above {ThresholdStrategy.N(pause)} is below --resume-below {ThresholdStrategy.N(resume)}: the pause threshold must be at or above the resume threshold.");
        }

        return new PauseSettings(pause, resume, parse.GetResult(MaxPause) is not null ? parse.GetValue(MaxPause) : null);
    }

    /// <summary>The wait settings of <c>wait</c>.</summary>
    /// <exception cref="UsageException">Neither or both of --max-intensity and --best-within, or a duration longer than the deadline.</exception>
    public WaitSettings Wait(ParseResult parse)
    {
        var max = parse.GetResult(MaxIntensity) is not null ? parse.GetValue(MaxIntensity) : (CarbonIntensity?)null;
        var within = parse.GetResult(BestWithin) is not null ? parse.GetValue(BestWithin) : (TimeSpan?)null;
        if ((max is null) == (within is null))
        {
            throw new UsageException("wait needs one of --max-intensity G (start when the intensity is at or below G) and --best-within DURATION (start at the best time by the forecast).");
        }

        var deadline = parse.GetResult(Deadline) is not null ? parse.GetValue(Deadline) : (TimeSpan?)null;
        var duration = parse.GetResult(Duration) is not null ? parse.GetValue(Duration) : (TimeSpan?)null;
        if (deadline is { } d && duration is { } length && length > d)
        {
            throw new UsageException($"--duration {SeriesCoverageException.Format(length)} is longer than --deadline {SeriesCoverageException.Format(d)}: the command could not end in time even if it started now.");
        }

        return new WaitSettings(max, within, deadline, duration);
    }

    /// <summary>The check interval.</summary>
    public TimeSpan Checks(ParseResult parse) => parse.GetResult(CheckEvery) is not null ? parse.GetValue(CheckEvery) : DefaultCheckEvery;

    /// <summary>
    /// The current intensity of <paramref name="zone"/> for a check: the chain's latest, never from the cache. An annual
    /// average is not a current intensity: when only that is left (every live provider failed), the check has no data.
    /// </summary>
    public static Func<CancellationToken, ValueTask<CarbonIntensity>> Current(IntensityService service, GridZone zone) => async cancellationToken =>
    {
        var answer = await service.GetLatestAsync(zone, cancellationToken).ConfigureAwait(false);
        var point = answer.Points.LastOrDefault(p => p.Value is not null);
        if (point is null || point.Provenance.Kind == IntensityKind.AnnualAverage)
        {
            var why = answer.Fallbacks.Count > 0 ? string.Join("; ", answer.Fallbacks) : $"{answer.Source} has only an annual average";
            throw new IntensityProviderException(answer.Source, IntensityFailure.NoData, $"no current intensity for {zone.Key}: {why}");
        }

        return point.Value!.Value;
    };

    /// <summary>
    /// Waits until CMD may start: <c>--max-intensity</c> checks every <paramref name="checkEvery"/> until the intensity is at
    /// or below it (or the deadline comes, or the provider fails: then at once, with the reason); <c>--best-within</c> asks
    /// for a forecast once and sleeps until its best window (at once, with the reason, when there is no usable forecast).
    /// </summary>
    public static async Task<WaitOutcome> WaitAsync(WaitSettings wait, IntensityService service, GridZone zone, TimeSpan checkEvery, TimeProvider time, Action<string> say, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var latestStart = wait.Deadline is { } deadline ? started + deadline - (wait.Duration ?? TimeSpan.Zero) : (DateTimeOffset?)null;
        if (wait.MaxIntensity is { } max)
        {
            var strategy = new WaitStrategy(max);
            var loop = new CarbonAwareLoop(new CarbonAwareLoopOptions
            {
                Strategy = strategy,
                CurrentIntensity = Current(service, zone),
                TimeProvider = time,
                CheckInterval = checkEvery,
                Deadline = latestStart,
                Pausing = (decision, _) =>
                {
                    say($"waiting: {decision.Reason}; checking every {SeriesCoverageException.Format(checkEvery)}{(latestStart is { } by ? $", starting by {Output.Utc(by)} at the latest" : string.Empty)}.");
                    return ValueTask.CompletedTask;
                },
            });
            await loop.WaitUntilAllowedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            // Waited: the time paused between checks; the first check itself is not waiting.
            return new WaitOutcome(strategy.Name, loop.Report().PausedTime, loop.LastDecision!.Reason);
        }

        var within = wait.BestWithin!.Value;
        var duration = wait.Duration ?? TimeSpan.FromHours(1);
        var strategyName = $"best {SeriesCoverageException.Format(duration)} window within {SeriesCoverageException.Format(within)} by the forecast";
        var to = started + within + duration;
        if (latestStart is { } last && last + duration < to)
        {
            to = last + duration;
        }

        Window best;
        try
        {
            var answer = await service.GetForecastAsync(zone, cancellationToken).ConfigureAwait(false);
            best = WindowFinder.BestWindow(new IntensitySeries(answer.Points), duration, started, to);
        }
        catch (Exception exception) when (exception is IntensityProviderException or ArgumentException)
        {
            return new WaitOutcome(strategyName, TimeSpan.Zero, $"no usable forecast: starting now ({exception.Message})");
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"the best window by the forecast starts {SeriesCoverageException.Format(best.Start)} ({ThresholdStrategy.G(best.Average)} on average over {SeriesCoverageException.Format(duration)})");
        var now = time.GetUtcNow();
        if (best.Start <= now)
        {
            return new WaitOutcome(strategyName, TimeSpan.Zero, reason);
        }

        say($"waiting until {Output.Utc(best.Start)}: {reason}.");
        await Task.Delay(best.Start - now, time, cancellationToken).ConfigureAwait(false);
        return new WaitOutcome(strategyName, time.GetUtcNow() - now, reason);
    }

    /// <summary>The schedule of a run from what waiting and pausing did; null when neither happened.</summary>
    public static RunSchedule? Schedule(WaitOutcome? wait, CarbonAwareReport? pauses)
    {
        if (wait is null && pauses is null)
        {
            return null;
        }

        var strategy = string.Join("; then ", new[] { wait?.Strategy, pauses is null ? null : $"pause: {pauses.Strategy}" }.OfType<string>());
        var account = pauses?.Account;
        var problem = pauses is null ? null : account is null ? pauses.AccountProblem : null;
        return new RunSchedule(strategy, wait?.Waited ?? TimeSpan.Zero, wait?.Reason, pauses?.Pauses ?? [], account?.Emissions, account?.CounterfactualEmissions, problem);
    }
}

/// <summary>
/// <c>wait --max-intensity G</c>: start when the intensity is at or below G; when the deadline comes (the latest start);
/// or at once when there is no intensity, never waiting for want of data.
/// </summary>
internal sealed class WaitStrategy(CarbonIntensity max) : ICarbonStrategy
{
    public string Name => $"wait for intensity <= {ThresholdStrategy.G(max)}";

    public Decision Decide(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Deadline is { } deadline && context.Now + context.RemainingWork >= deadline)
        {
            return new Decision(RunDecision.Run, $"the latest start {SeriesCoverageException.Format(deadline)} has come");
        }

        return context.Current switch
        {
            null => new Decision(RunDecision.Run, "no intensity: starting now"),
            { } current when current <= max => new Decision(RunDecision.Run, $"intensity {ThresholdStrategy.G(current)} <= the maximum {ThresholdStrategy.N(max)}"),
            { } current => new Decision(RunDecision.Pause, $"intensity {ThresholdStrategy.G(current)} > the maximum {ThresholdStrategy.N(max)}"),
        };
    }
}
