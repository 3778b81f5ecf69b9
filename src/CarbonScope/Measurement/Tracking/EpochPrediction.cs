using CarbonScope.Units;

namespace CarbonScope.Measurement.Tracking;

/// <summary>
/// carbontracker-style prediction after the first k of N epochs: total energy = N x mean epoch energy, total
/// duration = N x mean epoch duration (reference: carbontracker, Anthony et al. 2020).
/// </summary>
/// <param name="CompletedEpochs">k, the epochs measured.</param>
/// <param name="TotalEpochs">N, the epochs planned.</param>
/// <param name="MeasuredEnergy">Energy of the k epochs (before PUE).</param>
/// <param name="MeasuredDuration">Duration of the k epochs.</param>
/// <param name="MeanEpochEnergy">Mean energy per measured epoch.</param>
/// <param name="MeanEpochDuration">Mean duration per measured epoch.</param>
public sealed record EpochPrediction(
    int CompletedEpochs,
    int TotalEpochs,
    Energy MeasuredEnergy,
    TimeSpan MeasuredDuration,
    Energy MeanEpochEnergy,
    TimeSpan MeanEpochDuration)
{
    /// <summary>Predicted energy of all N epochs: N x mean epoch energy.</summary>
    public Energy PredictedTotalEnergy => MeanEpochEnergy * TotalEpochs;

    /// <summary>Predicted duration of all N epochs: N x mean epoch duration.</summary>
    public TimeSpan PredictedTotalDuration => MeanEpochDuration * TotalEpochs;

    /// <summary>Predicted energy of the N - k epochs still to run.</summary>
    public Energy PredictedRemainingEnergy => MeanEpochEnergy * (TotalEpochs - CompletedEpochs);

    /// <summary>Predicted duration of the N - k epochs still to run.</summary>
    public TimeSpan PredictedRemainingDuration => MeanEpochDuration * (TotalEpochs - CompletedEpochs);

    /// <summary>Predicts from completed epochs (tasks), in any order.</summary>
    /// <param name="completedEpochs">The measured epochs; at least one.</param>
    /// <param name="totalEpochs">The planned number of epochs, at least as many as were measured.</param>
    /// <exception cref="ArgumentException">No epoch was measured.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalEpochs"/> is smaller than the number measured.</exception>
    public static EpochPrediction FromEpochs(IReadOnlyCollection<TaskResult> completedEpochs, int totalEpochs)
    {
        ArgumentNullException.ThrowIfNull(completedEpochs);
        if (completedEpochs.Count == 0)
        {
            throw new ArgumentException("At least one completed epoch is needed to predict the total.", nameof(completedEpochs));
        }

        if (totalEpochs < completedEpochs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(totalEpochs), totalEpochs, $"The total number of epochs should be at least the {completedEpochs.Count} already completed.");
        }

        var energy = completedEpochs.Aggregate(Energy.Zero, (sum, t) => sum + t.TotalEnergy);
        var duration = completedEpochs.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);
        return new EpochPrediction(completedEpochs.Count, totalEpochs, energy, duration, energy / completedEpochs.Count, duration / completedEpochs.Count);
    }

    /// <summary>
    /// Predicts the emissions of all N epochs: measured energy at <paramref name="currentIntensity"/>, plus the remaining
    /// energy at the forecast's average over the predicted remaining time when a forecast is given and covers it,
    /// else at <paramref name="currentIntensity"/>; all multiplied by the PUE.
    /// </summary>
    /// <param name="currentIntensity">The intensity now (used for the measured epochs, and for the rest without a forecast).</param>
    /// <param name="now">When the remaining epochs start.</param>
    /// <param name="pue">Power usage effectiveness of the facility (1.0 for a workstation).</param>
    /// <param name="forecastAverage">Average forecast intensity over [start, end), or null when the forecast does not cover it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pue"/> is below 1.</exception>
    public EmissionsPrediction PredictEmissions(
        CarbonIntensity currentIntensity,
        DateTimeOffset now,
        double pue = 1.0,
        Func<DateTimeOffset, DateTimeOffset, CarbonIntensity?>? forecastAverage = null)
    {
        if (!(pue >= 1.0) || !double.IsFinite(pue))
        {
            throw new ArgumentOutOfRangeException(nameof(pue), pue, "PUE should be a finite number of at least 1.0.");
        }

        var forecast = forecastAverage?.Invoke(now, now + PredictedRemainingDuration);
        var remainingIntensity = forecast ?? currentIntensity;
        var emissions = ((MeasuredEnergy * currentIntensity) + (PredictedRemainingEnergy * remainingIntensity)) * pue;
        return new EmissionsPrediction(emissions, remainingIntensity, forecast is not null);
    }
}

/// <summary>Predicted emissions of a whole training run.</summary>
/// <param name="TotalEmissions">Predicted emissions of all epochs, PUE included.</param>
/// <param name="RemainingIntensity">The intensity used for the epochs still to run.</param>
/// <param name="FromForecast">Whether <paramref name="RemainingIntensity"/> came from a forecast (else it is the current intensity).</param>
public sealed record EmissionsPrediction(CarbonMass TotalEmissions, CarbonIntensity RemainingIntensity, bool FromForecast);
