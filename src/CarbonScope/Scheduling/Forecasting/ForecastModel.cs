using CarbonScope.Grid;
using CarbonScope.Units;

namespace CarbonScope.Scheduling.Forecasting;

/// <summary>What every model shares: the window before the origin, the output grid and the provenance.</summary>
internal abstract class ForecastModel : IForecastModel
{
    public abstract string Name { get; }

    public IReadOnlyList<IntensityPoint> Forecast(IReadOnlyList<IntensityPoint> history, DateTimeOffset origin, TimeSpan horizon)
    {
        if (horizon <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be positive.");
        }

        var window = ForecastWindow.Create(history, origin);
        if (window is null)
        {
            return [];
        }

        // The output grid continues the history's: first step at or after the origin, last one starting before origin + horizon.
        var first = (long)Math.Ceiling((origin - window.LastStart).Ticks / (double)window.Step.Ticks);
        first = Math.Max(first, 1);
        var ahead = new List<int>();
        for (var k = first; window.LastStart + (window.Step * k) < origin + horizon; k++)
        {
            ahead.Add((int)k);
        }

        var predicted = Predict(window, ahead);
        var provenance = window.Provenance with
        {
            Source = "forecast:" + Name,
            Kind = IntensityKind.Forecast,
            FetchedAt = null,
            Year = null,
            FallbackReason = null,
        };
        var points = new IntensityPoint[ahead.Count];
        for (var j = 0; j < ahead.Count; j++)
        {
            CarbonIntensity? value = double.IsFinite(predicted[j]) ? CarbonIntensity.FromGramsPerKilowattHour(Math.Max(0, predicted[j])) : null;
            points[j] = new IntensityPoint(window.LastStart + (window.Step * ahead[j]), window.Step, value, provenance);
        }

        return points;
    }

    /// <summary>The forecasts (g/kWh, NaN for none) for the steps <paramref name="ahead"/> past the window's last value.</summary>
    internal abstract double[] Predict(ForecastWindow window, IReadOnlyList<int> ahead);
}

/// <summary>
/// Seasonal naive: the value one season (a day or a week) before; when that time is in the future of the origin or
/// has no value, the value a whole number of seasons earlier, the latest one recorded.
/// </summary>
internal sealed class SeasonalNaiveModel(string name, TimeSpan season) : ForecastModel
{
    public override string Name => name;

    internal override double[] Predict(ForecastWindow window, IReadOnlyList<int> ahead)
    {
        var result = new double[ahead.Count];
        Array.Fill(result, double.NaN);
        if (window.Steps(season) is not { } period)
        {
            return result;
        }

        var values = window.Values;
        var n = values.Length;
        for (var j = 0; j < ahead.Count; j++)
        {
            long index = n - 1 + ahead[j] - period;
            while (index >= n)
            {
                index -= period;
            }

            while (index >= 0 && double.IsNaN(values[index]))
            {
                index -= period;
            }

            if (index >= 0)
            {
                result[j] = values[index];
            }
        }

        return result;
    }
}

/// <summary>
/// Least-squares line through the values of the last <see cref="Window"/> of history (gaps skipped), extended.
/// </summary>
internal sealed class LinearTrendModel : ForecastModel
{
    /// <summary>The fitted window: the last 24 hours.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public override string Name => "linear-trend";

    internal override double[] Predict(ForecastWindow window, IReadOnlyList<int> ahead)
    {
        var values = window.Values;
        var n = values.Length;
        var count = Math.Max(1, (int)(Window.Ticks / window.Step.Ticks));
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        var m = 0;
        for (var i = Math.Max(0, n - count); i < n; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                double x = i - (n - 1);
                sx += x;
                sy += values[i];
                sxx += x * x;
                sxy += x * values[i];
                m++;
            }
        }

        var result = new double[ahead.Count];
        if (m == 0)
        {
            Array.Fill(result, double.NaN);
            return result;
        }

        var denominator = (m * sxx) - (sx * sx);
        var slope = m > 1 && denominator != 0 ? ((m * sxy) - (sx * sy)) / denominator : 0;
        var intercept = (sy - (slope * sx)) / m;
        for (var j = 0; j < ahead.Count; j++)
        {
            result[j] = intercept + (slope * ahead[j]);
        }

        return result;
    }
}

/// <summary>
/// The mean, per interval, of its members' forecasts that have a value (negative ones taken as 0). The catalogue's
/// ensemble is seasonal-naive-day, seasonal-naive-week and exp-smoothing with equal weights: linear-trend is left out
/// because it made the ensemble worse on every reference trace (docs/forecasting.md).
/// </summary>
internal sealed class EnsembleModel(IReadOnlyList<ForecastModel> members) : ForecastModel
{
    public override string Name => "ensemble";

    internal override double[] Predict(ForecastWindow window, IReadOnlyList<int> ahead)
    {
        var sums = new double[ahead.Count];
        var counts = new int[ahead.Count];
        foreach (var member in members)
        {
            var predicted = member.Predict(window, ahead);
            for (var j = 0; j < ahead.Count; j++)
            {
                if (double.IsFinite(predicted[j]))
                {
                    sums[j] += Math.Max(0, predicted[j]);
                    counts[j]++;
                }
            }
        }

        var result = new double[ahead.Count];
        for (var j = 0; j < ahead.Count; j++)
        {
            result[j] = counts[j] > 0 ? sums[j] / counts[j] : double.NaN;
        }

        return result;
    }
}
