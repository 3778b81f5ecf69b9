namespace CarbonScope.Scheduling.Forecasting;

/// <summary>
/// Holt-Winters exponential smoothing, additive, with a daily season and a damped trend (docs/forecasting.md).
/// </summary>
/// <remarks>
/// <para>Fitted on the last <see cref="Training"/> of history (at least two days; with less, the forecast is the
/// daily seasonal naive one). Gaps are filled by linear interpolation between the values either side (before the
/// first value: the first value; after the last: the last).</para>
/// <para>Initial state: level = the mean of the first day, trend = (mean of day 2 − mean of day 1) / steps per day,
/// season = the first day's values less its mean. The smoothing parameters α (level), β (trend) and γ (season) are
/// chosen by a grid search (<see cref="Alphas"/> × <see cref="Betas"/> × <see cref="Gammas"/>) that minimises the sum of
/// squared one-step-ahead errors over the training days after the first; the first combination wins ties, so the
/// choice is deterministic. The trend is damped by <see cref="Phi"/> per step, so it cannot run away over 48 hours.</para>
/// </remarks>
internal sealed class HoltWintersModel : ForecastModel
{
    /// <summary>The training window: 14 days.</summary>
    public static readonly TimeSpan Training = TimeSpan.FromDays(14);

    /// <summary>The trend damping per step.</summary>
    public const double Phi = 0.95;

    internal static readonly double[] Alphas = [0.1, 0.3, 0.5, 0.8];
    internal static readonly double[] Betas = [0, 0.02, 0.1];
    internal static readonly double[] Gammas = [0.05, 0.2, 0.5];

    private static readonly SeasonalNaiveModel s_fallback = new("seasonal-naive-day", TimeSpan.FromDays(1));

    public override string Name => "exp-smoothing";

    internal override double[] Predict(ForecastWindow window, IReadOnlyList<int> ahead)
    {
        if (window.StepsPerDay is not { } m || m < 2)
        {
            return s_fallback.Predict(window, ahead);
        }

        var all = window.Values;
        var length = Math.Min(all.Length, (int)(Training.Ticks / window.Step.Ticks));
        var x = Fill(all.AsSpan(all.Length - length).ToArray());
        if (x is null || length < 2 * m)
        {
            return s_fallback.Predict(window, ahead);
        }

        var best = (Alpha: Alphas[0], Beta: Betas[0], Gamma: Gammas[0]);
        var bestError = double.PositiveInfinity;
        foreach (var alpha in Alphas)
        {
            foreach (var beta in Betas)
            {
                foreach (var gamma in Gammas)
                {
                    var error = Run(x, m, alpha, beta, gamma, out _, out _, out _);
                    if (error < bestError)
                    {
                        (bestError, best) = (error, (alpha, beta, gamma));
                    }
                }
            }
        }

        Run(x, m, best.Alpha, best.Beta, best.Gamma, out var level, out var trend, out var season);
        var result = new double[ahead.Count];
        for (var j = 0; j < ahead.Count; j++)
        {
            var h = ahead[j];
            var damped = Phi * (1 - Math.Pow(Phi, h)) / (1 - Phi);
            result[j] = level + (damped * trend) + season[(length - 1 + h) % m];
        }

        return result;
    }

    /// <summary>Runs the recursions over <paramref name="x"/>; returns the sum of squared one-step errors after day 1.</summary>
    internal static double Run(double[] x, int m, double alpha, double beta, double gamma, out double level, out double trend, out double[] season)
    {
        double mean1 = 0, mean2 = 0;
        for (var i = 0; i < m; i++)
        {
            mean1 += x[i];
            mean2 += x[m + i];
        }

        (mean1, mean2) = (mean1 / m, mean2 / m);
        level = mean1;
        trend = (mean2 - mean1) / m;
        season = new double[m];
        for (var i = 0; i < m; i++)
        {
            season[i] = x[i] - mean1;
        }

        var error = 0.0;
        for (var t = m; t < x.Length; t++)
        {
            var s = season[t % m];
            var predicted = level + (Phi * trend) + s;
            var residual = x[t] - predicted;
            error += residual * residual;
            var previous = level;
            level = (alpha * (x[t] - s)) + ((1 - alpha) * (level + (Phi * trend)));
            trend = (beta * (level - previous)) + ((1 - beta) * Phi * trend);
            season[t % m] = (gamma * (x[t] - level)) + ((1 - gamma) * s);
        }

        return error;
    }

    /// <summary>Fills NaN gaps by linear interpolation; null when there is no value at all.</summary>
    internal static double[]? Fill(double[] values)
    {
        var previous = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            if (previous < 0)
            {
                Array.Fill(values, values[i], 0, i);
            }
            else
            {
                for (var k = previous + 1; k < i; k++)
                {
                    values[k] = values[previous] + ((values[i] - values[previous]) * (k - previous) / (i - previous));
                }
            }

            previous = i;
        }

        if (previous < 0)
        {
            return null;
        }

        Array.Fill(values, values[previous], previous + 1, values.Length - previous - 1);
        return values;
    }
}
