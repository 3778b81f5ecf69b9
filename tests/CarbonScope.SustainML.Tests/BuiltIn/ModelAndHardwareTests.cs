using System.Text.Json;
using CarbonScope.Measurement.Hardware;
using CarbonScope.SustainML.BuiltIn;

namespace CarbonScope.SustainML.Tests.BuiltIn;

public sealed class ModelAndHardwareTests
{
    private static readonly TaskId s_task = new(1, 1);

    private static MLModel Choose(string goal, uint maxMemory, string hardware, string extra = "{}", MLModel? previousModel = null, CO2Footprint? previousFootprint = null)
    {
        var output = new MLModel { TaskId = s_task };
        new ModelProvider().Apply(
            new MLModelMetadata { TaskId = s_task, Metadata = [goal] },
            new AppRequirements { TaskId = s_task },
            new HardwareConstraints { TaskId = s_task, MaxMemoryFootprintMegabytes = maxMemory, HardwareRequired = [hardware], ExtraData = ExtraData.Parse(extra) },
            output,
            previousModel,
            previousFootprint);
        return output;
    }

    [Fact]
    public void TheLargestModelThatFitsAtFp16OnAGpuIsChosen()
    {
        // fp16 on a T4: footprint = parameters x 2 x 1.2 / 10^6 MB <= 100 MB keeps models up to 41.67 M parameters;
        // ResNet-101 (44.5 M: 106.9 MB) is out, ConvNeXt-Tiny (28,589,128) is the largest CNN left.
        var model = Choose("image-classification", 100, "NVIDIA T4", """{"type":"CNNs"}""");

        Assert.Equal("ConvNeXt-Tiny", model.Model);
        Assert.Equal("fp16", model.ExtraData.GetString("precision"));
        Assert.Equal(28_589_128 * 2 * 1.2 / 1e6, model.ExtraData.Root.GetProperty("memory_footprint_mb").GetDouble(), 9);
        Assert.Equal("image-classification", JsonDocument.Parse(model.ModelProperties).RootElement.GetProperty("goal").GetString());
    }

    [Fact]
    public void AnIterationPrefersTheLargestModelCheaperThanThePreviousIterations()
    {
        // The previous iteration chose ConvNeXt-Tiny (8.92 GFLOPs); of the CNNs that fit, ResNet-50 (8.18 GFLOPs,
        // 25.6 M parameters) is the largest with fewer FLOPs per inference.
        var previous = new TaskId(1, 1);
        var model = Choose(
            "image-classification",
            100,
            "NVIDIA T4",
            """{"type":"CNNs"}""",
            new MLModel { TaskId = previous, Model = "ConvNeXt-Tiny" },
            new CO2Footprint { TaskId = previous, CarbonFootprintGrams = 0.25 });

        Assert.Equal("ResNet-50", model.Model);
        Assert.Equal("most parameters that fit with fewer FLOPs per inference than the previous iteration's ConvNeXt-Tiny", model.ExtraData.GetString("rule"));
        var baseline = model.ExtraData.Root.GetProperty("baseline");
        Assert.Equal(("ConvNeXt-Tiny", 8.92e9, 0.25), (baseline.GetProperty("model").GetString(), baseline.GetProperty("flops_per_inference").GetDouble(), baseline.GetProperty("carbon_footprint_g").GetDouble()));
    }

    [Fact]
    public void AnIterationKeepsTheBestWhenNothingIsCheaperThanThePreviousModel()
    {
        // MobileNetV3-Large (0.44 GFLOPs) is the cheapest CNN: the best that fits stays ConvNeXt-Tiny, and the rule says why.
        var model = Choose("image-classification", 100, "NVIDIA T4", """{"type":"CNNs"}""", new MLModel { TaskId = new TaskId(1, 1), Model = "MobileNetV3-Large" });

        Assert.Equal("ConvNeXt-Tiny", model.Model);
        Assert.Equal("most parameters that fit; none has fewer FLOPs per inference than the previous iteration's MobileNetV3-Large", model.ExtraData.GetString("rule"));
        Assert.False(model.ExtraData.Root.GetProperty("baseline").TryGetProperty("carbon_footprint_g", out _));
        Assert.Equal("ConvNeXt-Tiny", Choose("image-classification", 100, "NVIDIA T4", """{"type":"CNNs"}""", new MLModel { Model = MLModel.NoModel }).Model);
    }

    [Fact]
    public void ModelRestrainsAreLeftOut()
    {
        var model = Choose("image-classification", 100, "NVIDIA T4", """{"model_family":"CNNs","model_restrains":["convnext-tiny"]}""");

        Assert.Equal("ResNet-50", model.Model);
    }

    [Fact]
    public void UnknownHardwareIsCheckedAtFp32()
    {
        // fp32: parameters x 4 x 1.2 / 10^6 <= 100 MB keeps up to 20.8 M parameters: ResNet-18 (11.7 M) is the largest.
        var model = Choose("image-classification", 100, "PIM_AI_1chip", """{"type":"CNNs"}""");

        Assert.Equal("ResNet-18", model.Model);
        Assert.Equal("fp32", model.ExtraData.GetString("precision"));
    }

    [Fact]
    public void ModelSelectedWinsAmongTheCandidates()
    {
        Assert.Equal("MobileNetV2", Choose("image-classification", 100, "NVIDIA T4", """{"model_selected":"MobileNetV2"}""").Model);
    }

    [Fact]
    public void NoModelWhenNothingFits()
    {
        var model = Choose("text-generation", 10, "NVIDIA T4");

        Assert.Equal(MLModel.NoModel, model.Model);
        Assert.StartsWith("No model fits: goal 'text-generation'", model.ExtraData.GetString("error"), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelFromGoalListsTheCandidatesBestFirst()
    {
        var provider = new ModelProvider();

        Assert.Equal(
            """{"model_from_goal":"YOLOv8l, Faster R-CNN ResNet-50 FPN, YOLOv8m, YOLOv8s, SSDlite320 MobileNetV3-Large, YOLOv8n"}""",
            provider.AnswerConfiguration("model_from_goal, object-detection, NVIDIA T4, CNNs"));
        Assert.Equal("""{"model_from_goal":"Whisper large-v2, Whisper medium, Whisper small, Whisper base, Whisper tiny"}""", provider.AnswerConfiguration("model_from_goal, automatic-speech-recognition"));
        Assert.Null(provider.AnswerConfiguration("model_from_goal"));
        Assert.Null(provider.AnswerConfiguration("modality"));
    }

    private static HardwareResource Estimate(string model, params string[] hardware)
    {
        var output = new HardwareResource { TaskId = s_task };
        new HardwareResourcesEstimator().Apply(
            new MLModel { TaskId = s_task, Model = model },
            new AppRequirements { TaskId = s_task },
            new HardwareConstraints { TaskId = s_task, MaxMemoryFootprintMegabytes = 100, HardwareRequired = hardware },
            output);
        return output;
    }

    [Fact]
    public void ResNet50OnAT4ByHand()
    {
        // T4 at fp16: 65 TFLOP/s, 320 GB/s, TDP 70 W, idle 7 W. ResNet-50: N = 25,557,032, F = 8.18e9.
        // t_c = 8.18e9 / (65e12 x 0.5) = 0.2517 ms; t_m = 2N / (320e9 x 0.8) = 0.1997 ms: compute-bound.
        // u = max(0.5, 2N / (320e9 x t)) = 0.6346; P = 7 + 63 u.
        var latencySeconds = 8.18e9 / (65e12 * 0.5);
        var utilisation = Math.Max(0.5, 25_557_032 * 2 / (320e9 * latencySeconds));

        var hw = Estimate("ResNet-50", "nvidia t4");

        Assert.Equal("NVIDIA T4", hw.HardwareDescription);
        Assert.Equal(latencySeconds * 1e3, hw.LatencyMilliseconds, 12);
        Assert.Equal(0.6346, utilisation, 4);
        Assert.Equal(7 + (63 * utilisation), hw.PowerConsumptionWatts, 9);
        Assert.Equal(25_557_032 * 2 * 1.2 / 1e6, hw.MemoryFootprintOfMLModelMegabytes, 9);
        Assert.Equal(16_000, hw.MaxHardwareMemoryFootprintMegabytes);
        Assert.Equal("compute", hw.ExtraData.GetString("bound"));
        Assert.Equal("fp16", hw.ExtraData.GetString("precision"));
        Assert.Null(hw.ExtraData.GetString("error"));
    }

    [Fact]
    public void NoModelGivesZerosAndAnError()
    {
        var hw = Estimate(MLModel.NoModel, "NVIDIA T4");

        Assert.Equal((0.0, 0.0, 0.0), (hw.PowerConsumptionWatts, hw.LatencyMilliseconds, hw.MemoryFootprintOfMLModelMegabytes));
        Assert.Contains("NO_MODEL", hw.ExtraData.GetString("error"), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownHardwareGivesZerosAndAnErrorListingTheKnownNames()
    {
        var hw = Estimate("ResNet-50", "PIM_AI_1chip");

        var error = hw.ExtraData.GetString("error")!;
        Assert.StartsWith("Unknown hardware 'PIM_AI_1chip'. Known hardware: ", error, StringComparison.Ordinal);
        Assert.All(HardwareCatalog.Default.Names, name => Assert.Contains(name, error, StringComparison.Ordinal));
        Assert.Equal((0.0, 0.0), (hw.PowerConsumptionWatts, hw.LatencyMilliseconds));
    }

    [Fact]
    public void HardwaresListsTheCatalog()
    {
        var estimator = new HardwareResourcesEstimator();

        Assert.Equal("{\"hardwares\":\"" + string.Join(", ", HardwareCatalog.Default.Names) + "\"}", estimator.AnswerConfiguration("hardwares"));
        Assert.Null(estimator.AnswerConfiguration("hardwares, gpu"));
    }
}
