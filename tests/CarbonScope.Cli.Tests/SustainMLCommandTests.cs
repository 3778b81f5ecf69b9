using System.Text.Json;

namespace CarbonScope.Cli.Tests;

/// <summary><c>carbonscope sustainml estimate</c>: the built-in pipeline run once in-process, as a user runs it.</summary>
public sealed class SustainMLCommandTests
{
    private static readonly string[] s_estimate = ["sustainml", "estimate", "--problem", "classify photos of plants", "--modality", "image", "--max-memory", "16000"];

    [Fact]
    public async Task Estimate_prints_every_node_output_with_the_seed_units_and_the_carbon_of_the_region()
    {
        var result = await CliProcess.RunAsync([.. s_estimate, "--region", "fr", "--hardware", "nvidia t4", "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var task = Assert.Single(json.RootElement.GetProperty("tasks").EnumerateArray());
        Assert.Equal(1, task.GetProperty("task_id").GetProperty("problem_id").GetInt32());
        Assert.Equal("NVIDIA T4", task.GetProperty("HW_CONSTRAINTS_NODE").GetProperty("hardware_required")[0].GetString());
        Assert.NotEqual("NO_MODEL", task.GetProperty("ML_MODEL_NODE").GetProperty("model").GetString());
        var resources = task.GetProperty("HW_RESOURCES_NODE");
        var footprint = task.GetProperty("CARBON_FOOTPRINT_NODE");
        var watts = resources.GetProperty("power_consumption").GetDouble();
        var milliseconds = resources.GetProperty("latency").GetDouble();
        Assert.True(watts > 0 && milliseconds > 0);

        // The seeds' units: energy (kWh) = W x (ms / 3,600,000 h) / 1000; carbon (g) = kWh x g/kWh.
        var kilowattHours = footprint.GetProperty("energy_consumption").GetDouble();
        Assert.Equal(watts * milliseconds / 3_600_000 / 1000, kilowattHours, 15);
        var intensity = footprint.GetProperty("carbon_intensity").GetDouble();
        Assert.Equal(kilowattHours * intensity, footprint.GetProperty("carbon_footprint").GetDouble(), 15);
        var extra = footprint.GetProperty("extra_data");
        Assert.Equal("region", extra.GetProperty("intensity_level").GetString());
        Assert.Equal("annual-average", extra.GetProperty("intensity_kind").GetString());

        var france = await CliProcess.RunAsync(["intensity", "--zone", "FR", "--format", "json"]);
        using var embedded = JsonDocument.Parse(france.StandardOutput);
        Assert.Equal(embedded.RootElement.GetProperty("points")[0].GetProperty("gramsPerKwh").GetDouble(), intensity, 9);
    }

    [Fact]
    public async Task Num_outputs_estimates_that_many_different_models_and_the_text_says_how_each_figure_was_obtained()
    {
        var result = await CliProcess.RunAsync([.. s_estimate, "--region", "DE", "--hardware", "NVIDIA T4", "--num-outputs", "2"]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("Task {1, 1}:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Task {1, 2}:", result.StandardOutput, StringComparison.Ordinal);
        var models = result.StandardOutput.Split('\n').Where(l => l.TrimStart().StartsWith("ML model:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, models.Count);
        Assert.NotEqual(models[0], models[1]);
        Assert.Contains("(roofline estimate, docs/catalogs.md)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("intensity: annual-average, 2024, DE, region; source embedded:", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("carbonscope: --hardware 'PIM_AI_1chip' is not in the hardware catalog (docs/catalogs.md): use one of ", "--region", "FR", "--hardware", "PIM_AI_1chip")]
    [InlineData("carbonscope: --region: 'xx' is not a known country or zone code", "--region", "xx", "--hardware", "NVIDIA T4")]
    [InlineData("is not a memory size", "--region", "FR", "--hardware", "NVIDIA T4", "--max-memory", "-5")]
    public async Task Bad_input_is_one_line_and_exit_code_2(string message, params string[] arguments)
    {
        var result = await CliProcess.RunAsync([.. s_estimate[..^2], .. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }
}
