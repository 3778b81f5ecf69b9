using CarbonScope.Grid;
using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Strategies;
using CarbonScope.Units;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Tests.Scheduling;

/// <summary>
/// The carbon-aware loop on a fake clock: a job of 1 kW (0.1 kW while paused) that calls <c>WaitUntilAllowedAsync</c>
/// every minute, over a known hourly trace; pauses, callbacks, the account and its carbon avoided computed by hand.
/// </summary>
public sealed class CarbonAwareLoopTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // g/kWh for each hour from s_t0.
    private static readonly double[] s_trace = [100, 500, 450, 150, 100, 100, 100, 100];

    private readonly FakeTimeProvider _time = new(s_t0);

    private static CarbonIntensity G(double grams) => CarbonIntensity.FromGramsPerKilowattHour(grams);

    private CarbonIntensity TraceNow() => G(s_trace[(int)(_time.GetUtcNow() - s_t0).TotalHours]);

    /// <summary>A job's energy meter: 1 kW while running, 0.1 kW while the loop has it paused.</summary>
    private sealed class Meter(TimeProvider time)
    {
        private DateTimeOffset _last = time.GetUtcNow();
        private double _kilowattHours;

        public CarbonAwareLoop? Loop { get; set; }

        public Energy Read()
        {
            var now = time.GetUtcNow();
            _kilowattHours += (Loop!.IsPaused ? 0.1 : 1.0) * (now - _last).TotalHours;
            _last = now;
            return Energy.FromKilowattHours(_kilowattHours);
        }
    }

    /// <summary>Runs <paramref name="minutes"/> of work, one step per minute, advancing the fake clock while the loop waits.</summary>
    private async Task WorkAsync(CarbonAwareLoop loop, int minutes, Func<int, double?>? progress = null)
    {
        for (var done = 0; done < minutes; done++)
        {
            var wait = loop.WaitUntilAllowedAsync(progress?.Invoke(done), TestContext.Current.CancellationToken).AsTask();
            while (!wait.IsCompleted)
            {
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            await wait;
            _time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private (CarbonAwareLoop Loop, List<string> Calls) Create(ICarbonStrategy strategy, Func<CancellationToken, ValueTask<CarbonIntensity>>? current = null, DateTimeOffset? deadline = null, double pue = 1.0)
    {
        var meter = new Meter(_time);
        var calls = new List<string>();
        var loop = new CarbonAwareLoop(new CarbonAwareLoopOptions
        {
            Strategy = strategy,
            CurrentIntensity = current ?? (_ => ValueTask.FromResult(TraceNow())),
            Energy = meter.Read,
            TimeProvider = _time,
            CheckInterval = TimeSpan.FromMinutes(30),
            Deadline = deadline,
            Pue = pue,
            Pausing = (decision, _) =>
            {
                calls.Add($"pausing at {(_time.GetUtcNow() - s_t0).TotalMinutes}: {decision.Reason}");
                return ValueTask.CompletedTask;
            },
            Resumed = (decision, _) =>
            {
                calls.Add($"resumed at {(_time.GetUtcNow() - s_t0).TotalMinutes}: {decision.Reason}");
                return ValueTask.CompletedTask;
            },
        });
        meter.Loop = loop;
        return (loop, calls);
    }

    [Fact]
    public async Task Pauses_through_the_high_hours_and_accounts_the_carbon_avoided_against_never_pausing()
    {
        var (loop, calls) = Create(new ThresholdStrategy(G(400), G(200)));

        await WorkAsync(loop, 180);

        // Checks at 0, 30 (100: run), 60 (500: pause), 90, 120, 150 (500, 450, 450: paused), 180 (150: resume), 210, 240, 270.
        Assert.Equal(
            [
                "pausing at 60: intensity 500 g/kWh >= pause threshold 400",
                "resumed at 180: intensity 150 g/kWh <= resume threshold 200: resuming",
            ],
            calls);
        Assert.Equal(s_t0.AddMinutes(300), _time.GetUtcNow());
        var report = loop.Report();
        Assert.Equal("threshold 400/200 g/kWh", report.Strategy);
        Assert.Equal(10, report.Checks);
        Assert.Equal(0, report.FailedChecks);
        var pause = Assert.Single(report.Pauses);
        Assert.Equal(new PauseRecord(s_t0.AddMinutes(60), s_t0.AddMinutes(180), "intensity 500 g/kWh >= pause threshold 400", "intensity 150 g/kWh <= resume threshold 200: resuming"), pause);
        Assert.Equal(TimeSpan.FromHours(2), report.PausedTime);

        // Running 0-60 (1 kWh at 100) and 180-300 (2 kWh at (150 + 100) / 2); paused 60-180 (0.2 kWh at (500 + 450) / 2).
        // Never pausing: the second run moves to 60-180, at 475. Actual 100 + 95 + 250 = 445 g; counterfactual 100 + 950.
        var account = report.Account!;
        Assert.Equal(TimeSpan.FromHours(3), account.RunningTime);
        Assert.Equal(TimeSpan.FromHours(2), account.PausedTime);
        Assert.Equal(3.2, account.Energy.KilowattHours, 9);
        Assert.Equal(0.2, account.EnergyWhilePaused.KilowattHours, 9);
        Assert.Equal(445, account.Emissions.Grams, 6);
        Assert.Equal(1050, account.CounterfactualEmissions.Grams, 6);
        Assert.Equal(605, account.Avoided.Grams, 6);
    }

    [Fact]
    public async Task The_account_applies_the_PUE_to_every_segment()
    {
        var (loop, _) = Create(new ThresholdStrategy(G(400), G(200)), pue: 1.5);

        await WorkAsync(loop, 180);

        var account = loop.Report().Account!;
        Assert.Equal(445 * 1.5, account.Emissions.Grams, 6);
        Assert.Equal(1050 * 1.5, account.CounterfactualEmissions.Grams, 6);
    }

    [Fact]
    public async Task A_provider_outage_while_paused_resumes_the_job_and_says_why()
    {
        var (loop, calls) = Create(
            new ThresholdStrategy(G(400), G(200)),
            _ => _time.GetUtcNow() >= s_t0.AddMinutes(90)
                ? throw new IntensityProviderException("electricitymaps", IntensityFailure.Unreachable, "electricitymaps: connection refused")
                : ValueTask.FromResult(TraceNow()));

        await WorkAsync(loop, 120);

        Assert.Equal("resumed at 90: no intensity: running (electricitymaps: connection refused)", calls[1]);
        var report = loop.Report();
        Assert.Equal(TimeSpan.FromMinutes(30), report.PausedTime);
        Assert.Equal(2, report.FailedChecks); // at 90 and 120
        Assert.Equal("electricitymaps: connection refused", report.LastFailure);

        // Observed: 100 from 0 to 60, 500 from 60 on (failed checks keep the last value). Running 0-60 and 90-150;
        // paused 60-90 (0.05 kWh). Actual 100 + 0.05 × 500 + 1 × 500 = 625; never pausing: 100 + 500 = 600.
        Assert.Equal(625, report.Account!.Emissions.Grams, 6);
        Assert.Equal(600, report.Account.CounterfactualEmissions.Grams, 6);
        Assert.Equal(-25, report.Account.Avoided.Grams, 6);
    }

    [Fact]
    public async Task The_deadline_forces_the_job_to_resume_at_the_rate_it_reports()
    {
        // 120 minutes of work, progress reported each step; due 150 minutes after the start.
        var (loop, calls) = Create(new ThresholdStrategy(G(400), G(200)), deadline: s_t0.AddMinutes(150));

        await WorkAsync(loop, 120, done => done / 120.0);

        // Paused at 60 with 60 minutes done (progress 0.5): 60 minutes remain, so at the check at 90 it must run.
        Assert.Equal(
            [
                "pausing at 60: intensity 500 g/kWh >= pause threshold 400",
                "resumed at 90: the remaining 1h of work must start now to meet the deadline 2025-01-01T02:30Z",
            ],
            calls);
        Assert.Equal(s_t0.AddMinutes(150), _time.GetUtcNow());
    }

    [Fact]
    public async Task Cancelling_a_pause_ends_it_and_throws()
    {
        var (loop, _) = Create(new ThresholdStrategy(G(400), G(200)));
        await WorkAsync(loop, 60);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var wait = loop.WaitUntilAllowedAsync(cancellationToken: cancel.Token).AsTask();
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(wait.IsCompleted);
        Assert.True(loop.IsPaused);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        var pause = Assert.Single(loop.Report().Pauses);
        Assert.Equal((s_t0.AddMinutes(60), s_t0.AddMinutes(70), "cancelled"), (pause.Start, pause.End!.Value, pause.ResumeReason));
        Assert.False(loop.IsPaused);
    }

    [Fact]
    public async Task Calls_between_checks_return_at_once_without_asking_for_the_intensity()
    {
        var asked = 0;
        var (loop, _) = Create(new ThresholdStrategy(G(400), G(200)), _ =>
        {
            asked++;
            return ValueTask.FromResult(G(100));
        });

        await WorkAsync(loop, 61);

        Assert.Equal(3, asked); // at 0, 30 and 60 minutes
        Assert.Equal(3, loop.Report().Checks);
    }

    [Fact]
    public async Task A_second_concurrent_call_is_refused()
    {
        var (loop, _) = Create(new ThresholdStrategy(G(400), G(200)));
        _time.Advance(TimeSpan.FromHours(1)); // 500 g/kWh: the first call pauses
        var first = loop.WaitUntilAllowedAsync(cancellationToken: TestContext.Current.CancellationToken).AsTask();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await loop.WaitUntilAllowedAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public void Without_energy_or_before_the_first_call_there_is_no_account_and_the_report_says_why()
    {
        var loop = new CarbonAwareLoop(new CarbonAwareLoopOptions { Strategy = new ThresholdStrategy(G(400), G(200)), CurrentIntensity = _ => ValueTask.FromResult(G(100)), TimeProvider = _time });

        var report = loop.Report();

        Assert.Null(report.Account);
        Assert.Equal("the loop never started", report.AccountProblem);
    }

    [Fact]
    public async Task Without_an_energy_reader_the_report_has_pauses_but_no_account()
    {
        var loop = new CarbonAwareLoop(new CarbonAwareLoopOptions { Strategy = new ThresholdStrategy(G(400), G(200)), CurrentIntensity = _ => ValueTask.FromResult(G(100)), TimeProvider = _time });
        await loop.WaitUntilAllowedAsync(cancellationToken: TestContext.Current.CancellationToken);

        var report = loop.Report();

        Assert.Null(report.Account);
        Assert.Equal("the energy is not measured", report.AccountProblem);
        Assert.Equal(1, report.Checks);
    }

    [Fact]
    public async Task A_tiny_progress_with_a_deadline_forces_running_instead_of_overflowing()
    {
        // 60 minutes run at progress 1e-12: the extrapolated remaining work is capped, and "now + remaining" stays an instant.
        var (loop, calls) = Create(new ThresholdStrategy(G(400), G(200)), deadline: s_t0.AddDays(2));

        await WorkAsync(loop, 61, done => done == 60 ? 1e-12 : null);

        Assert.Equal("the remaining 36525d of work must start now to meet the deadline 2025-01-03T00:00Z", loop.LastDecision!.Reason);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task Progress_outside_zero_to_one_is_refused() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Create(new ThresholdStrategy(G(400), G(200))).Loop.WaitUntilAllowedAsync(1.5, TestContext.Current.CancellationToken));
}
