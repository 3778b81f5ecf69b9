using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Scheduling.Forecasting;
using CarbonScope.Scheduling.Strategies;
using CarbonScope.Units;

namespace CarbonScope.Scheduling.Simulation;

/// <summary>
/// Replays a recorded intensity trace for jobs of constant power submitted at regular times, each strategy deciding only
/// with what it could know at that moment; emissions always from the trace's real values (docs/scheduling.md,
/// "Simulator"). Pure: no clock, no I/O.
/// </summary>
public static class Simulator
{
    /// <summary>The name of the perfect forecast: the trace's own future (an upper bound).</summary>
    public const string PerfectForecast = "perfect";

    private static readonly string[] s_names = ["now", "window", "interruptible", "threshold", "percentile", "forecast"];

    /// <summary>The strategies' names, in the order of <see cref="SimulatedStrategy"/>.</summary>
    public static IReadOnlyList<string> Names => s_names;

    /// <summary>The name of <paramref name="strategy"/>: <c>now</c>, <c>window</c>, ...</summary>
    public static string NameOf(SimulatedStrategy strategy) => s_names[(int)strategy];

    /// <summary>The strategy called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No strategy has that name; the message lists the names.</exception>
    public static SimulatedStrategy Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Array.FindIndex(s_names, n => n.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? (SimulatedStrategy)index : throw new ArgumentException($"unknown strategy '{name}': use one of {string.Join(", ", s_names)}.", nameof(name));
    }

    /// <summary>
    /// Simulates <paramref name="strategies"/> (and <c>now</c>, always, as the baseline) over <paramref name="trace"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid (D not positive or over the deadline, no thresholds for
    /// threshold, ...), the trace has no values, or the range of submissions needs data outside the trace (the message
    /// names the job and what is missing).</exception>
    public static SimulationResult Run(IntensitySeries trace, IEnumerable<SimulatedStrategy> strategies, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(settings);
        var chosen = new List<SimulatedStrategy> { SimulatedStrategy.Now };
        chosen.AddRange(strategies.Where(s => s != SimulatedStrategy.Now).Distinct());
        Validate(trace, chosen, settings);

        var (d, deadline, every) = (settings.Duration.Ticks, settings.Deadline.Ticks, settings.StartEvery.Ticks);
        var span = Math.Max(d, deadline);
        var (traceStart, traceEnd) = (trace.Start!.Value.UtcTicks, trace.End!.Value.UtcTicks);
        var from = settings.From?.UtcTicks ?? traceStart;
        if (from < traceStart)
        {
            throw new ArgumentException($"the job submitted at {F(from)} needs data from {F(from)}; the trace starts at {F(traceStart)}.");
        }

        long last;
        if (settings.To is { } to)
        {
            if (to.UtcTicks < from)
            {
                throw new ArgumentException($"the last submission {F(to.UtcTicks)} is before the first {F(from)}.");
            }

            last = from + ((to.UtcTicks - from) / every * every);
            if (last + span > traceEnd)
            {
                throw new ArgumentException($"the job submitted at {F(last)} needs data to {F(last + span)} (D {SeriesCoverageException.Format(settings.Duration)}, deadline {SeriesCoverageException.Format(settings.Deadline)}); the trace ends at {F(traceEnd)}.");
            }
        }
        else
        {
            if (from + span > traceEnd)
            {
                throw new ArgumentException($"the trace ({F(traceStart)} to {F(traceEnd)}) is too short for one job from {F(from)}: each needs {SeriesCoverageException.Format(TimeSpan.FromTicks(span))} of data (the longer of D and the deadline).");
            }

            last = from + ((traceEnd - span - from) / every * every);
        }

        var replay = new Replay(trace, settings);
        var totals = new Totals[chosen.Count];
        var jobs = 0;
        var skipped = 0;
        for (var t0 = from; t0 <= last; t0 += every)
        {
            var (_, c0) = trace.Before(t0);
            var (_, c1) = trace.Before(t0 + span);
            if (c1 - c0 != span)
            {
                skipped++;
                continue;
            }

            jobs++;
            replay.Forecasts.Forget(t0);
            for (var k = 0; k < chosen.Count; k++)
            {
                var (emissions, completion, fallback) = replay.Job(chosen[k], t0);
                totals[k].Add(emissions, completion - (t0 + d), completion > t0 + deadline, fallback);
            }
        }

        if (jobs == 0)
        {
            throw new ArgumentException($"no job between {F(from)} and {F(last)} has data for the whole of its {SeriesCoverageException.Format(TimeSpan.FromTicks(span))}: the trace has gaps there.");
        }

        var watts = settings.Power.Watts;
        var baseline = totals[0].Emissions * watts / 3.6e6 / jobs;
        var results = new StrategyResult[chosen.Count];
        for (var k = 0; k < chosen.Count; k++)
        {
            var mean = totals[k].Emissions * watts / 3.6e6 / jobs;
            var upper = settings.ForecastModel is null && chosen[k] is SimulatedStrategy.Window or SimulatedStrategy.Interruptible or SimulatedStrategy.Forecast;
            results[k] = new StrategyResult(
                chosen[k],
                jobs,
                mean,
                baseline > 0 ? (baseline - mean) / baseline * 100 : null,
                TimeSpan.FromTicks((long)Math.Round(totals[k].DelayTicks / (double)jobs)),
                TimeSpan.FromTicks(totals[k].MaxDelayTicks),
                totals[k].Misses,
                totals[k].Fallbacks,
                upper);
        }

        return new SimulationResult(At(from), At(last), jobs, skipped, results);
    }

    private static void Validate(IntensitySeries trace, List<SimulatedStrategy> chosen, SimulationSettings settings)
    {
        if (settings.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the duration {SeriesCoverageException.Format(settings.Duration)} must be positive.");
        }

        if (!(settings.Power.Watts > 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the power {settings.Power.Watts} W must be positive."));
        }

        if (settings.Deadline <= TimeSpan.Zero || settings.StartEvery <= TimeSpan.Zero)
        {
            throw new ArgumentException("the deadline and the spacing of the submissions must be positive.");
        }

        if (settings.Duration > settings.Deadline)
        {
            throw new ArgumentException($"the duration {SeriesCoverageException.Format(settings.Duration)} is longer than the deadline {SeriesCoverageException.Format(settings.Deadline)}: no strategy could meet it.");
        }

        if (settings.MinSlice is { } min && min <= TimeSpan.Zero)
        {
            throw new ArgumentException("the minimum slice must be positive.");
        }

        if (trace.IsEmpty)
        {
            throw new ArgumentException("the trace has no values.");
        }

        if (chosen.Contains(SimulatedStrategy.Threshold))
        {
            if (settings.PauseAtOrAbove is not { } pause || settings.ResumeAtOrBelow is not { } resume)
            {
                throw new ArgumentException("the threshold strategy needs a pause threshold and a resume threshold.");
            }

            _ = new ThresholdStrategy(pause, resume, settings.MaxPause); // validates P >= R > 0 and the maximum pause
        }

        if (chosen.Contains(SimulatedStrategy.Percentile))
        {
            if (!(settings.PausePercentile is >= 0 and <= 100) || !(settings.ResumePercentile is >= 0 and <= 100) || settings.PausePercentile < settings.ResumePercentile)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the percentiles must be within [0, 100], the pause one ({settings.PausePercentile}) at or above the resume one ({settings.ResumePercentile})."));
            }

            if (settings.PercentileHistory <= TimeSpan.Zero)
            {
                throw new ArgumentException("the percentile history must be positive.");
            }
        }

        if (settings.MaxPause is { } max && max <= TimeSpan.Zero)
        {
            throw new ArgumentException("the maximum pause must be positive.");
        }
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    private static string F(long ticks) => SeriesCoverageException.Format(At(ticks));

    private struct Totals
    {
        public double Emissions; // Σ ∫ intensity dt over the jobs, g/kWh × s
        public long DelayTicks;
        public long MaxDelayTicks;
        public int Misses;
        public int Fallbacks;

        public void Add(double emissions, long delay, bool missed, bool fallback)
        {
            Emissions += emissions;
            DelayTicks += delay;
            MaxDelayTicks = Math.Max(MaxDelayTicks, delay);
            Misses += missed ? 1 : 0;
            Fallbacks += fallback ? 1 : 0;
        }
    }

    /// <summary>One simulation: the trace, the settings and the forecasts made so far.</summary>
    private sealed class Replay(IntensitySeries trace, SimulationSettings settings)
    {
        private readonly long _d = settings.Duration.Ticks;
        private readonly long _deadline = settings.Deadline.Ticks;

        public ForecastCache Forecasts { get; } = new(trace, settings.ForecastModel, settings.Deadline);

        /// <summary>∫ intensity dt (g/kWh × s) of job <paramref name="t0"/> under <paramref name="strategy"/>, its completion, and whether it fell back to now.</summary>
        public (double Integral, long Completion, bool Fallback) Job(SimulatedStrategy strategy, long t0)
        {
            switch (strategy)
            {
                case SimulatedStrategy.Window:
                    if (Forecasts.MadeAt(t0) is { } forWindow && TryWindow(forWindow, t0) is { } window)
                    {
                        return (Integral(window.Start.UtcTicks, window.End.UtcTicks, t0), window.End.UtcTicks, false);
                    }

                    return Now(t0, fallback: true);
                case SimulatedStrategy.Interruptible:
                    if (Forecasts.MadeAt(t0) is { } forSchedule && TrySchedule(forSchedule, t0) is { } schedule)
                    {
                        double integral = 0;
                        foreach (var slice in schedule.Slices)
                        {
                            integral += Integral(slice.Start.UtcTicks, slice.End.UtcTicks, t0);
                        }

                        return (integral, schedule.Slices[^1].End.UtcTicks, false);
                    }

                    return Now(t0, fallback: true);
                case SimulatedStrategy.Threshold:
                    var threshold = new ThresholdStrategy(settings.PauseAtOrAbove!.Value, settings.ResumeAtOrBelow!.Value, settings.MaxPause);
                    return Step(threshold, t0, forecasts: false);
                case SimulatedStrategy.Percentile:
                    if (History(t0) is not { IsEmpty: false } history)
                    {
                        return Now(t0, fallback: true);
                    }

                    PercentileStrategy percentile;
                    try
                    {
                        percentile = new PercentileStrategy(settings.PausePercentile, settings.ResumePercentile, history, settings.MaxPause);
                    }
                    catch (ArgumentException)
                    {
                        return Now(t0, fallback: true); // a threshold of zero (a history of zeros)
                    }

                    return Step(percentile, t0, forecasts: false);
                case SimulatedStrategy.Forecast:
                    return Step(new ForecastPlannedStrategy(settings.MinSlice), t0, forecasts: true);
                default:
                    return Now(t0, fallback: false);
            }
        }

        private (double, long, bool) Now(long t0, bool fallback) => (Integral(t0, t0 + _d, t0), t0 + _d, fallback);

        private Window? TryWindow(IntensitySeries forecast, long t0)
        {
            try
            {
                return WindowFinder.BestWindow(forecast, settings.Duration, At(t0), At(t0 + _deadline));
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private Schedule? TrySchedule(IntensitySeries forecast, long t0)
        {
            try
            {
                return WindowFinder.BestInterruptible(forecast, settings.Duration, At(t0 + _deadline), At(t0), settings.MinSlice);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        /// <summary>
        /// Steps a strategy through job <paramref name="t0"/>: a decision at t0 and at every boundary of the trace's points
        /// after it, the current intensity the trace's value at that instant; a run lasts to the next boundary or to the
        /// end of the work. With <paramref name="forecasts"/>, the latest forecast made at or before the instant (one at
        /// t0 and one on every hour after it).
        /// </summary>
        private (double, long, bool) Step(ICarbonStrategy strategy, long t0, bool forecasts)
        {
            var (done, t, i, integral) = (0L, t0, trace.FirstEndingAfter(t0), 0.0);
            var deadline = At(t0 + _deadline);
            var fallback = false;
            while (done < _d)
            {
                while (i < trace.Length && trace.EndTicks(i) <= t)
                {
                    i++;
                }

                var inside = i < trace.Length && trace.StartTicks(i) <= t;
                var next = i < trace.Length ? (inside ? trace.EndTicks(i) : trace.StartTicks(i)) : long.MaxValue;
                IntensitySeries? forecast = null;
                if (forecasts)
                {
                    forecast = Forecasts.MadeAt(Math.Max(t0, t - (t % TimeSpan.TicksPerHour)));
                }

                var context = new StrategyContext(At(t), inside ? CarbonIntensity.FromGramsPerKilowattHour(trace.Value(i)) : null, forecast, TimeSpan.FromTicks(_d - done), deadline);
                var decision = strategy.Decide(context);
                if (t == t0 && strategy is ForecastPlannedStrategy planned && planned.Plan is null && t0 + _d < t0 + _deadline)
                {
                    fallback = true; // no plan at submission: it ran as now until a forecast allowed one
                }

                if (decision.Action == RunDecision.Run)
                {
                    var end = next == long.MaxValue ? t + (_d - done) : Math.Min(next, t + (_d - done));
                    if (!inside)
                    {
                        throw new ArgumentException($"the job submitted at {F(t0)} runs at {F(t)} (strategy {strategy.Name}), where the trace has no data.");
                    }

                    integral += trace.Value(i) * (end - t) / TimeSpan.TicksPerSecond;
                    done += end - t;
                    t = end;
                }
                else
                {
                    if (next == long.MaxValue)
                    {
                        throw new ArgumentException($"the job submitted at {F(t0)} is paused at {F(t)} (strategy {strategy.Name}) with {SeriesCoverageException.Format(TimeSpan.FromTicks(_d - done))} of work left, at the end of the trace.");
                    }

                    t = next;
                }
            }

            return (integral, t, fallback);
        }

        /// <summary>The trace's valued points in [t0 − history, t0) as a series; null when there are none.</summary>
        private IntensitySeries? History(long t0)
        {
            var earliest = t0 - settings.PercentileHistory.Ticks;
            var (lo, hi) = (0, trace.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (trace.StartTicks(mid) < earliest)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var end = trace.FirstEndingAfter(t0);
            if (end <= lo)
            {
                return null;
            }

            var pieces = new (long, long, double)[end - lo];
            for (var k = lo; k < end; k++)
            {
                pieces[k - lo] = (trace.StartTicks(k), trace.EndTicks(k), trace.Value(k));
            }

            return IntensitySeries.FromPieces(pieces);
        }

        /// <summary>∫ trace intensity dt over [a, b) in g/kWh × s; job <paramref name="t0"/> named when the trace does not cover it.</summary>
        private double Integral(long a, long b, long t0)
        {
            var hint = trace.FirstEndingAfter(a);
            var (i0, c0) = trace.Before(a, ref hint);
            var (i1, c1) = trace.Before(b, ref hint);
            if (c1 - c0 != b - a)
            {
                var missing = trace.FirstUncovered(a, b)!.Value;
                throw new ArgumentException($"the job submitted at {F(t0)} runs from {F(a)} to {F(b)}, but the trace has no data for {F(missing.From)} to {F(missing.To)}.");
            }

            return i1 - i0;
        }
    }

    /// <summary>
    /// The forecasts made so far, by origin: the perfect one is the trace itself (its range restricted by the callers, no
    /// copy); a model's is made from the trace's points that end at or before the origin (a slice of the last 28 days,
    /// not a copy), with a horizon of the deadline, and kept while a job may still ask for it.
    /// </summary>
    private sealed class ForecastCache(IntensitySeries trace, IForecastModel? model, TimeSpan horizon)
    {
        private readonly Dictionary<long, IntensitySeries?> _made = [];
        private IntensityPoint[]? _points;

        public IntensitySeries? MadeAt(long origin)
        {
            if (model is null)
            {
                return trace;
            }

            if (_made.TryGetValue(origin, out var known))
            {
                return known;
            }

            _points ??= trace.Points as IntensityPoint[] ?? [.. trace.Points];
            var at = Simulator.At(origin);
            var earliest = at - ForecastWindow.Lookback;
            var lo = Search(_points, p => p.Start < earliest);
            var hi = Search(_points, p => p.End <= at);
            var points = hi > lo ? model.Forecast(new ArraySegment<IntensityPoint>(_points, lo, hi - lo), at, horizon) : [];
            var series = points.Any(p => p.Value is not null) ? new IntensitySeries(points) : null;
            _made[origin] = series;
            return series;
        }

        /// <summary>Drops the forecasts made before <paramref name="t0"/>: no job submitted at or after it asks for them.</summary>
        public void Forget(long t0)
        {
            if (_made.Count < 256)
            {
                return;
            }

            foreach (var origin in _made.Keys.Where(k => k < t0).ToList())
            {
                _made.Remove(origin);
            }
        }

        /// <summary>The number of leading points for which <paramref name="before"/> holds (it holds for a prefix).</summary>
        private static int Search(IntensityPoint[] points, Func<IntensityPoint, bool> before)
        {
            var (lo, hi) = (0, points.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (before(points[mid]))
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
