using CarbonScope.Grid;
using CarbonScope.Scheduling.Strategies;
using CarbonScope.Units;

namespace CarbonScope.Scheduling;

/// <summary>How a <see cref="CarbonAwareLoop"/> learns the intensity, decides, and tells the job (docs/scheduling.md, "The carbon-aware loop").</summary>
public sealed class CarbonAwareLoopOptions
{
    /// <summary>Decides run or pause at each check; one instance per loop (strategies keep state).</summary>
    public required ICarbonStrategy Strategy { get; init; }

    /// <summary>The current intensity. An exception (other than cancellation) means "no data": the check goes on without it
    /// and the reason is kept; strategies never pause for want of data.</summary>
    public required Func<CancellationToken, ValueTask<CarbonIntensity>> CurrentIntensity { get; init; }

    /// <summary>A forecast for strategies that use one, fetched at most every <see cref="ForecastRefresh"/>; null for none.
    /// An exception keeps the previous forecast.</summary>
    public Func<CancellationToken, ValueTask<IntensitySeries?>>? Forecast { get; init; }

    /// <summary>How often a new forecast is asked for (default 1 h).</summary>
    public TimeSpan ForecastRefresh { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The job's cumulative energy so far (e.g. an <c>EnergyTracker</c>'s snapshot total, before PUE); null when not
    /// measured (then no emissions are accounted, only time).</summary>
    public Func<Energy>? Energy { get; init; }

    /// <summary>The clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The shortest time between two intensity checks (default 5 min): a call to
    /// <see cref="CarbonAwareLoop.WaitUntilAllowedAsync"/> sooner than that after the last check returns at once, and a
    /// paused job is checked again every such interval.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When the work must be done; null for none.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The job's expected total run time, for the deadline when no progress is reported; null when unknown.</summary>
    public TimeSpan? ExpectedWork { get; init; }

    /// <summary>Power usage effectiveness applied to the energy in the account (default 1.0).</summary>
    public double Pue { get; init; } = 1.0;

    /// <summary>Called before the job pauses: checkpoint here. The pause starts when it returns.</summary>
    public Func<Decision, CancellationToken, ValueTask>? Pausing { get; init; }

    /// <summary>Called when the job resumes, before <see cref="CarbonAwareLoop.WaitUntilAllowedAsync"/> returns.</summary>
    public Func<Decision, CancellationToken, ValueTask>? Resumed { get; init; }
}

/// <summary>One pause of a carbon-aware job.</summary>
/// <param name="Start">When it began (after the <c>Pausing</c> callback returned).</param>
/// <param name="End">When it ended; null while it lasts.</param>
/// <param name="Reason">Why it paused (the strategy's reason).</param>
/// <param name="ResumeReason">Why it resumed; null while it lasts.</param>
public sealed record PauseRecord(DateTimeOffset Start, DateTimeOffset? End, string Reason, string? ResumeReason);

/// <summary>What a <see cref="CarbonAwareLoop"/> did so far.</summary>
/// <param name="Strategy">The strategy's name.</param>
/// <param name="StartedAt">The first call to <see cref="CarbonAwareLoop.WaitUntilAllowedAsync"/> (null before it).</param>
/// <param name="EndedAt">The instant of the report.</param>
/// <param name="Pauses">Every pause, in order; the last may still last.</param>
/// <param name="Checks">How many intensity checks were made.</param>
/// <param name="FailedChecks">How many of them had no intensity (and why, for the last one: <paramref name="LastFailure"/>).</param>
/// <param name="LastFailure">The last reason a check had no intensity; null when none failed.</param>
/// <param name="Account">Emissions caused and avoided, from the intensities the checks observed; null when the energy is not
/// measured or no check observed an intensity (then <paramref name="AccountProblem"/> says which).</param>
/// <param name="AccountProblem">Why there is no account; null when there is one.</param>
public sealed record CarbonAwareReport(
    string Strategy,
    DateTimeOffset? StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyList<PauseRecord> Pauses,
    int Checks,
    int FailedChecks,
    string? LastFailure,
    PauseAccount? Account,
    string? AccountProblem)
{
    /// <summary>The total paused time, the running pause included up to the report.</summary>
    public TimeSpan PausedTime => Pauses.Aggregate(TimeSpan.Zero, (sum, p) => sum + ((p.End ?? EndedAt) - p.Start));
}

/// <summary>
/// Applies a strategy to a long-running job at its step boundaries: <c>await loop.WaitUntilAllowedAsync(ct)</c> returns at
/// once while the job may run, and waits (checking again every <see cref="CarbonAwareLoopOptions.CheckInterval"/>) while
/// the strategy says pause, with <see cref="CarbonAwareLoopOptions.Pausing"/> and <see cref="CarbonAwareLoopOptions.Resumed"/>
/// around the pause. It keeps the pauses, the energy of every running and paused stretch, and the intensities it observed,
/// from which <see cref="Report"/> computes the emissions caused and the counterfactual of never pausing
/// (<see cref="PauseAccounting"/>): carbon avoided is their difference, never an assumption (docs/scheduling.md).
/// </summary>
/// <remarks>
/// Call <see cref="WaitUntilAllowedAsync"/> from one thread at a time (a second concurrent call throws);
/// <see cref="Report"/> may be called from any thread. Time starts at the first call.
/// </remarks>
public sealed class CarbonAwareLoop
{
    private static readonly TimeSpan s_longestRemaining = TimeSpan.FromDays(36525);

    private readonly CarbonAwareLoopOptions _options;
    private readonly Lock _gate = new();
    private readonly List<ActivitySegment> _segments = [];
    private readonly List<(DateTimeOffset Time, double Grams)> _observations = [];
    private readonly List<PauseRecord> _pauses = [];
    private int _inside;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset _segmentStart;
    private Energy _segmentEnergy;
    private bool _running = true;
    private DateTimeOffset? _lastCheck;
    private DateTimeOffset? _lastForecastAt;
    private IntensitySeries? _forecast;
    private TimeSpan _runningBefore; // running time of the closed segments
    private double? _progress;
    private int _checks;
    private int _failedChecks;
    private string? _lastFailure;
    private Decision? _lastDecision;

    /// <summary>Creates the loop.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The check interval or forecast refresh is not positive, or the expected work is negative.</exception>
    public CarbonAwareLoop(CarbonAwareLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Strategy);
        ArgumentNullException.ThrowIfNull(options.CurrentIntensity);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CheckInterval, TimeSpan.Zero, nameof(options.CheckInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ForecastRefresh, TimeSpan.Zero, nameof(options.ForecastRefresh));
        if (options.ExpectedWork is { } work)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(work, TimeSpan.Zero, nameof(options.ExpectedWork));
        }

        Footprint.CarbonFootprint.ValidatePue(options.Pue);
        _options = options;
    }

    /// <summary>Whether the job is paused now (inside a waiting <see cref="WaitUntilAllowedAsync"/>).</summary>
    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return !_running;
            }
        }
    }

    /// <summary>The strategy's last decision, with the reason a check had no intensity appended; null before the first check.</summary>
    public Decision? LastDecision
    {
        get
        {
            lock (_gate)
            {
                return _lastDecision;
            }
        }
    }

    /// <summary>
    /// Returns at once when the job may run, or when the last check is less than the check interval ago; otherwise checks
    /// the intensity and asks the strategy, and while it says pause, calls <c>Pausing</c>, waits and checks again every
    /// check interval, then calls <c>Resumed</c> and returns.
    /// </summary>
    /// <param name="progress">The share of the work done, in [0, 1], when the caller knows it: the remaining work for the
    /// deadline is then the running time so far × (1 − p) / p; otherwise the expected work minus the running time.</param>
    /// <param name="cancellationToken">Cancels the wait; a pause in progress is ended (reason "cancelled") and the
    /// <see cref="OperationCanceledException"/> propagates.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="progress"/> is not within [0, 1].</exception>
    /// <exception cref="InvalidOperationException">Another call is in progress.</exception>
    public async ValueTask WaitUntilAllowedAsync(double? progress = null, CancellationToken cancellationToken = default)
    {
        if (progress is { } p && !(p is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(progress), p, "Progress must be within [0, 1].");
        }

        if (Interlocked.Exchange(ref _inside, 1) == 1)
        {
            throw new InvalidOperationException("WaitUntilAllowedAsync is already running: call it from one place at a time.");
        }

        try
        {
            await WaitCoreAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _inside, 0);
        }
    }

    /// <summary>What the loop did until now: pauses, checks, and the emissions account (docs/scheduling.md, "Carbon avoided").</summary>
    public CarbonAwareReport Report()
    {
        lock (_gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            if (_startedAt is not { } started)
            {
                return new CarbonAwareReport(_options.Strategy.Name, null, now, [], 0, 0, null, null, "the loop never started");
            }

            var segments = new List<ActivitySegment>(_segments) { CurrentSegment(now, ReadEnergy()) };
            var pauses = _pauses.ToList();
            PauseAccount? account = null;
            string? problem = null;
            if (_options.Energy is null)
            {
                problem = "the energy is not measured";
            }
            else if (_observations.Count == 0)
            {
                problem = _lastFailure is { } failure ? $"no intensity was observed ({failure})" : "no intensity was observed";
            }
            else
            {
                account = PauseAccounting.Compute(segments, ObservedSeries(started, now), _options.Pue);
            }

            return new CarbonAwareReport(_options.Strategy.Name, started, now, pauses, _checks, _failedChecks, _lastFailure, account, problem);
        }
    }

    private async ValueTask WaitCoreAsync(double? progress, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (progress is not null)
            {
                _progress = progress;
            }

            if (_startedAt is null)
            {
                _startedAt = _segmentStart = now;
                _segmentEnergy = ReadEnergy();
            }
            else if (_lastCheck is { } last && now - last < _options.CheckInterval)
            {
                return;
            }
        }

        var decision = await CheckAsync(now, cancellationToken).ConfigureAwait(false);
        if (decision.Action == RunDecision.Run)
        {
            return;
        }

        if (_options.Pausing is { } pausing)
        {
            await pausing(decision, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            now = time.GetUtcNow();
            CloseSegment(now, running: false);
            _pauses.Add(new PauseRecord(now, null, decision.Reason, null));
        }

        try
        {
            do
            {
                await Task.Delay(_options.CheckInterval, time, cancellationToken).ConfigureAwait(false);
                decision = await CheckAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            while (decision.Action == RunDecision.Pause);
        }
        catch (OperationCanceledException)
        {
            EndPause("cancelled");
            throw;
        }

        EndPause(decision.Reason);
        if (_options.Resumed is { } resumed)
        {
            await resumed(decision, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<Decision> CheckAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        CarbonIntensity? current = null;
        string? failure = null;
        try
        {
            current = await _options.CurrentIntensity(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = exception.Message;
        }

        IntensitySeries? forecast;
        var refresh = false;
        lock (_gate)
        {
            refresh = _options.Forecast is not null && (_lastForecastAt is not { } at || now - at >= _options.ForecastRefresh);
            forecast = _forecast;
        }

        if (refresh)
        {
            try
            {
                forecast = await _options.Forecast!(cancellationToken).ConfigureAwait(false) ?? forecast;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // the previous forecast stays; the strategy copes with none
            }
        }

        lock (_gate)
        {
            _checks++;
            _lastCheck = now;
            if (refresh)
            {
                (_forecast, _lastForecastAt) = (forecast, now);
            }

            if (current is { } value)
            {
                _observations.Add((now, value.GramsPerKilowattHour));
            }
            else
            {
                _failedChecks++;
                _lastFailure = failure;
            }

            var decision = _options.Strategy.Decide(new StrategyContext(now, current, forecast, Remaining(now), _options.Deadline));
            _lastDecision = current is null && failure is not null ? decision with { Reason = $"{decision.Reason} ({failure})" } : decision;
            return _lastDecision;
        }
    }

    private TimeSpan Remaining(DateTimeOffset now)
    {
        var running = _runningBefore + (_running ? now - _segmentStart : TimeSpan.Zero);
        if (_progress is { } p && p > 0)
        {
            // A tiny progress extrapolates to "longer than any deadline": cap it (100 years) so that Now + remaining
            // stays a valid instant.
            return TimeSpan.FromTicks((long)Math.Min(running.Ticks * (1 - p) / p, s_longestRemaining.Ticks));
        }

        return _options.ExpectedWork is { } expected && expected > running ? expected - running : TimeSpan.Zero;
    }

    private void EndPause(string reason)
    {
        lock (_gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            CloseSegment(now, running: true);
            _pauses[^1] = _pauses[^1] with { End = now, ResumeReason = reason };
        }
    }

    /// <summary>Ends the current segment at <paramref name="now"/> and starts one in the given state.</summary>
    private void CloseSegment(DateTimeOffset now, bool running)
    {
        var energy = ReadEnergy();
        var segment = CurrentSegment(now, energy);
        _segments.Add(segment);
        if (segment.Running)
        {
            _runningBefore += segment.Duration;
        }

        (_segmentStart, _segmentEnergy, _running) = (now, energy, running);
    }

    private ActivitySegment CurrentSegment(DateTimeOffset now, Energy energy)
    {
        var used = energy - _segmentEnergy;
        return new ActivitySegment(_segmentStart, now, _running, used < Units.Energy.Zero ? Units.Energy.Zero : used);
    }

    private Energy ReadEnergy() => _options.Energy is { } read ? read() : Units.Energy.Zero;

    /// <summary>
    /// The intensities the checks observed as a series over [<paramref name="from"/>, <paramref name="to"/>): each observed
    /// value holds until the next one (a failed check does not end it); the first also covers the time before it.
    /// </summary>
    private IntensitySeries ObservedSeries(DateTimeOffset from, DateTimeOffset to)
    {
        var provenance = new IntensityProvenance("observed", string.Empty, IntensityKind.Measured, IntensitySignal.Average);
        var points = new List<IntensityPoint>(_observations.Count);
        for (var i = 0; i < _observations.Count; i++)
        {
            var start = i == 0 ? from : _observations[i].Time;
            var end = i + 1 < _observations.Count ? _observations[i + 1].Time : to;
            if (end > start)
            {
                points.Add(new IntensityPoint(start, end - start, CarbonIntensity.FromGramsPerKilowattHour(_observations[i].Grams), provenance));
            }
        }

        return new IntensitySeries(points);
    }
}
