using CarbonScope.Footprint;
using CarbonScope.Measurement.Hardware;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>
/// The Hardware-Resources node's rules: latency (ms), power (W) and memory footprint (MB) of one inference of the chosen
/// model on <c>hardware_required[0]</c>, from <see cref="RooflineEstimate"/> over the hardware catalog at
/// <see cref="PrecisionRule.For"/> the hardware.
/// </summary>
public sealed class HardwareResourcesEstimator(ModelCatalog? models = null, HardwareCatalog? hardware = null, RooflineOptions? roofline = null)
{
    private readonly ModelCatalog _models = models ?? ModelCatalog.Default;
    private readonly HardwareCatalog _hardware = hardware ?? HardwareCatalog.Default;
    private readonly RooflineOptions _roofline = roofline ?? RooflineOptions.Default;

    /// <summary>Fills <paramref name="output"/>.</summary>
    /// <remarks>
    /// <c>hw_description</c> = the catalog name; <c>latency</c> = the roofline latency in ms; <c>power_consumption</c> =
    /// the roofline average power in W; <c>memory_footprint_of_ml_model</c> = weights × 1.2 in MB;
    /// <c>max_hw_memory_footprint</c> = the device memory in MB (0 when the catalog has none, e.g. CPUs);
    /// <c>extra_data</c> = precision, bound, utilisation, whether it fits. <c>NO_MODEL</c>, a model not in the catalog,
    /// no hardware, unknown hardware (the message lists every known name) or hardware without a published power: all
    /// numbers 0 and <c>{"error": "..."}</c>.
    /// </remarks>
    public void Apply(MLModel model, AppRequirements requirements, HardwareConstraints constraints, HardwareResource output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(output);
        output.PowerConsumptionWatts = 0;
        output.LatencyMilliseconds = 0;
        output.MemoryFootprintOfMLModelMegabytes = 0;
        output.MaxHardwareMemoryFootprintMegabytes = 0;
        if (string.Equals(model.Model, MLModel.NoModel, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(model.Model))
        {
            output.ExtraData = JsonText.Error("No model to estimate: the ML Model node found none that fits (NO_MODEL).");
            return;
        }

        if (_models.Find(model.Model) is not { } spec)
        {
            output.ExtraData = JsonText.Error($"Unknown model '{model.Model}'. Known models: {string.Join(", ", _models.Names)}.");
            return;
        }

        var hardwareName = constraints.HardwareRequired.FirstOrDefault(h => !string.IsNullOrWhiteSpace(h));
        if (hardwareName is null)
        {
            output.ExtraData = JsonText.Error($"No hardware required. Known hardware: {string.Join(", ", _hardware.Names)}.");
            return;
        }

        HardwareSpec hardware;
        try
        {
            hardware = _hardware.Get(hardwareName);
        }
        catch (UnknownHardwareException e)
        {
            output.ExtraData = JsonText.Error(e.Message);
            return;
        }

        output.HardwareDescription = hardware.Name;
        var precision = PrecisionRule.For(hardware);
        var result = RooflineEstimate.Estimate(spec, hardware, precision, _roofline);
        if (result.AveragePower is not { } power)
        {
            output.ExtraData = JsonText.Error($"{hardware.Name} has no published power (TDP): no power or latency estimate.");
            return;
        }

        output.LatencyMilliseconds = result.LatencyMilliseconds;
        output.PowerConsumption = power;
        output.MemoryFootprintOfMLModelMegabytes = result.MemoryFootprintMegabytes;
        output.MaxHardwareMemoryFootprintMegabytes = hardware.MemoryGigabytes is { } gigabytes ? gigabytes * 1e3 : 0;
        output.ExtraData = JsonText.Object(w =>
        {
            w.WriteString("estimate", "roofline");
            w.WriteString("precision", precision.Name());
            w.WriteString("bound", result.Bound == RooflineBound.Compute ? "compute" : "memory");
            w.WriteNumber("utilisation", result.Utilisation);
            if (result.FitsInMemory is { } fits)
            {
                w.WriteBoolean("fits_in_memory", fits);
            }
        });
    }

    /// <summary>Answers <c>hardwares</c> with <c>{"hardwares": "A, B, ..."}</c> (every catalog name, in catalog order); null for anything else.</summary>
    public string? AnswerConfiguration(string? command) =>
        ConfigurationCommand.Split(command) is ["hardwares"]
            ? JsonText.ObjectText(w => w.WriteString("hardwares", string.Join(", ", _hardware.Names)))
            : null;
}
