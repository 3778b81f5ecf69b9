using System.Globalization;
using CarbonScope.Footprint;
using CarbonScope.Measurement.Hardware;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>
/// The ML Model node's rules: the best model of a <see cref="ModelCatalog"/> that fits the goal, the family, the memory
/// limit and the hardware, leaving out <c>model_restrains</c>; <see cref="MLModel.NoModel"/> when none fits.
/// </summary>
/// <remarks>
/// Memory of a model = its roofline footprint, weights at <see cref="PrecisionRule.For"/> the hardware × (1 + the
/// memory overhead, 0.2 by default). It must be ≤ <c>max_memory_footprint</c> (when that is above 0) and fit the
/// hardware's memory (when the hardware is in the catalog and has a memory size). "Best" = the most parameters
/// (a proxy for capability: the most capable model the constraints allow); ties go to the earlier catalog row.
/// </remarks>
public sealed class ModelProvider(ModelCatalog? models = null, HardwareCatalog? hardware = null, RooflineOptions? roofline = null)
{
    private readonly ModelCatalog _models = models ?? ModelCatalog.Default;
    private readonly HardwareCatalog _hardware = hardware ?? HardwareCatalog.Default;
    private readonly RooflineOptions _roofline = roofline ?? RooflineOptions.Default;

    /// <summary>The model catalog.</summary>
    public ModelCatalog Models => _models;

    /// <summary>The models that fit, best first.</summary>
    /// <param name="goal">The goal (null or empty: any).</param>
    /// <param name="family">The family (null or empty: any).</param>
    /// <param name="hardwareName">The hardware (null, empty or not in the catalog: FP32, no device-memory check).</param>
    /// <param name="maxMemoryMegabytes">The memory limit in MB (null or 0: none).</param>
    /// <param name="exclude">Names to leave out.</param>
    public IReadOnlyList<MlModelSpec> Candidates(string? goal, string? family, string? hardwareName, double? maxMemoryMegabytes, IReadOnlyCollection<string>? exclude = null) =>
        Candidates(goal, family, Hardware(hardwareName), maxMemoryMegabytes, exclude);

    private List<MlModelSpec> Candidates(string? goal, string? family, HardwareSpec? hardware, double? maxMemoryMegabytes, IReadOnlyCollection<string>? exclude)
    {
        var precision = PrecisionRule.For(hardware);
        var overhead = 1 + _roofline.MemoryOverheadFraction;
        var limit = Math.Min(maxMemoryMegabytes is { } max and > 0 ? max : double.PositiveInfinity, hardware?.MemoryGigabytes * 1e3 ?? double.PositiveInfinity);
        var fitting = new List<MlModelSpec>();
        foreach (var model in _models.Filter(new ModelQuery { Goal = goal, Family = family, Exclude = exclude ?? [] }))
        {
            if (model.WeightMegabytes(precision) * overhead <= limit)
            {
                fitting.Add(model);
            }
        }

        // Most parameters first; a stable sort keeps catalog order among equals.
        var ranked = fitting.Index().ToArray();
        Array.Sort(ranked, static (a, b) => b.Item.Parameters != a.Item.Parameters ? b.Item.Parameters.CompareTo(a.Item.Parameters) : a.Index.CompareTo(b.Index));
        return [.. ranked.Select(x => x.Item)];
    }

    private HardwareSpec? Hardware(string? name) => string.IsNullOrWhiteSpace(name) ? null : _hardware.Find(name);

    /// <summary>Fills <paramref name="output"/> from the metadata, the requirements and the constraints.</summary>
    /// <remarks>
    /// Goal: <c>ml_model_metadata[0]</c> (else <c>extra_data.goal</c> of the constraints). Family:
    /// <c>extra_data.type</c>, else <c>extra_data.model_family</c>. Hardware: <c>hardware_required[0]</c>. Excluded:
    /// <c>extra_data.model_restrains</c> (a string or an array). With a baseline (the previous iteration's model, a
    /// catalog model), the candidates with fewer FLOPs per inference than it are preferred: an iteration moves to a
    /// cheaper model when one fits, else keeps the best. A <c>extra_data.model_selected</c> that names a candidate is
    /// chosen over the best. The output: <c>model</c> = the name; <c>model_properties</c> = a JSON object of the
    /// catalog row; <c>extra_data</c> = goal, family, precision, memory, the number of candidates, the rule applied and
    /// the baseline. None: <c>model</c> = <c>NO_MODEL</c> and <c>extra_data</c> = <c>{"error": "No model fits: ..."}</c>.
    /// </remarks>
    /// <param name="metadata">The task's metadata (goal).</param>
    /// <param name="requirements">The task's requirements.</param>
    /// <param name="constraints">The task's constraints (memory, hardware, forwarded extra_data).</param>
    /// <param name="output">The model to fill.</param>
    /// <param name="previousModel">The previous iteration's model (a baseline), or null.</param>
    /// <param name="previousFootprint">The previous iteration's footprint (a baseline), or null; reported in extra_data.</param>
    public void Apply(MLModelMetadata metadata, AppRequirements requirements, HardwareConstraints constraints, MLModel output, MLModel? previousModel = null, CO2Footprint? previousFootprint = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(output);
        var extra = constraints.ExtraData;
        var goal = metadata.Metadata.FirstOrDefault(m => !string.IsNullOrWhiteSpace(m)) ?? extra.GetString("goal");
        var family = JsonText.FirstString(extra, "type", "model_family");
        var hardwareName = constraints.HardwareRequired.Count > 0 ? constraints.HardwareRequired[0] : null;
        var hardware = Hardware(hardwareName);
        var exclude = JsonText.Strings(extra, "model_restrains");
        var candidates = Candidates(goal, family, hardware, constraints.MaxMemoryFootprintMegabytes, exclude);
        var precision = PrecisionRule.For(hardware);
        if (candidates.Count == 0)
        {
            output.Model = MLModel.NoModel;
            output.ExtraData = JsonText.Error(string.Create(CultureInfo.InvariantCulture,
                $"No model fits: goal '{goal ?? "any"}', family '{family ?? "any"}', memory <= {constraints.MaxMemoryFootprintMegabytes} MB at {precision.Name()} on '{hardwareName ?? "any hardware"}', excluding [{string.Join(", ", exclude)}]."));
            return;
        }

        var baseline = previousModel is { Model: var previousName } && previousName != MLModel.NoModel ? _models.Find(previousName) : null;
        var cheaper = baseline is null ? null : candidates.FirstOrDefault(m => m.FlopsPerInference < baseline.FlopsPerInference);
        var selected = extra.GetString("model_selected") is { } wanted ? candidates.FirstOrDefault(m => string.Equals(m.Name, wanted.Trim(), StringComparison.OrdinalIgnoreCase)) : null;
        var model = selected ?? cheaper ?? candidates[0];
        var rule = (selected, baseline, cheaper) switch
        {
            ({ }, _, _) => "model_selected",
            (null, null, _) => "most parameters that fit",
            (null, { }, { }) => $"most parameters that fit with fewer FLOPs per inference than the previous iteration's {baseline.Name}",
            _ => $"most parameters that fit; none has fewer FLOPs per inference than the previous iteration's {baseline.Name}",
        };
        var memory = model.WeightMegabytes(precision) * (1 + _roofline.MemoryOverheadFraction);
        output.Model = model.Name;
        output.ModelProperties = JsonText.ObjectText(w =>
        {
            w.WriteString("name", model.Name);
            w.WriteString("family", model.Family);
            w.WriteString("architecture", model.Architecture);
            w.WriteString("goal", model.Goal);
            w.WriteNumber("parameters", model.Parameters);
            w.WriteNumber("flops_per_inference", model.FlopsPerInference);
            w.WriteString("input", model.Input);
            w.WriteString("source", model.Source);
            w.WriteString("source_url", model.SourceUrl.ToString());
        });
        output.ExtraData = JsonText.Object(w =>
        {
            w.WriteString("goal", model.Goal);
            w.WriteString("family", model.Family);
            w.WriteString("precision", precision.Name());
            w.WriteNumber("memory_footprint_mb", memory);
            w.WriteNumber("candidates", candidates.Count);
            w.WriteString("rule", rule);
            if (baseline is not null)
            {
                w.WriteStartObject("baseline");
                w.WriteString("model", baseline.Name);
                w.WriteNumber("flops_per_inference", baseline.FlopsPerInference);
                if (previousFootprint is not null && previousFootprint.TaskId == previousModel!.TaskId)
                {
                    w.WriteNumber("carbon_footprint_g", previousFootprint.CarbonFootprintGrams);
                }

                w.WriteEndObject();
            }
        });
    }

    /// <summary>Answers <c>model_from_goal, &lt;goal&gt;[, &lt;hardware&gt;[, &lt;family&gt;]]</c> with <c>{"model_from_goal": "A, B"}</c> (the candidates, best first, no memory limit beyond the hardware's); null for anything else.</summary>
    public string? AnswerConfiguration(string? command)
    {
        var parts = ConfigurationCommand.Split(command);
        if (parts.Length is < 2 or > 4 || parts[0] != "model_from_goal" || parts[1].Length == 0)
        {
            return null;
        }

        var hardwareName = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null;
        var family = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null;
        var names = Candidates(parts[1], family, hardwareName, null).Select(m => m.Name);
        return JsonText.ObjectText(w => w.WriteString("model_from_goal", string.Join(", ", names)));
    }

}
