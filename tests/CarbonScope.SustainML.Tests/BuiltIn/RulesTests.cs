using CarbonScope.SustainML.BuiltIn;

namespace CarbonScope.SustainML.Tests.BuiltIn;

public sealed class RulesTests
{
    private static readonly TaskId s_task = new(1, 1);

    [Fact]
    public void HardwareConstraintsUseTheSeedDefaults()
    {
        var output = new HardwareConstraints { TaskId = s_task };

        HardwareConstraintsRules.Apply(new UserInput { TaskId = s_task }, output);

        Assert.Equal(100u, output.MaxMemoryFootprintMegabytes);
        Assert.Equal(["PIM_AI_1chip"], output.HardwareRequired);
        Assert.True(output.ExtraData.IsEmpty);
    }

    [Fact]
    public void HardwareConstraintsReadExtraDataAndForwardItWholeButNeverPrintTheToken()
    {
        var input = new UserInput
        {
            TaskId = s_task,
            ExtraData = ExtraData.Parse($$"""{"max_memory_footprint":"250","hardware_required":"NVIDIA T4","hf_token":"{{TestMessages.Token}}","model_family":"CNNs"}"""),
        };
        var output = new HardwareConstraints { TaskId = s_task };

        HardwareConstraintsRules.Apply(input, output);

        Assert.Equal(250u, output.MaxMemoryFootprintMegabytes);
        Assert.Equal(["NVIDIA T4"], output.HardwareRequired);
        Assert.Equal(TestMessages.Token, output.ExtraData.GetString("hf_token"));
        Assert.Equal("CNNs", output.ExtraData.GetString("model_family"));
        Assert.DoesNotContain(TestMessages.Token, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HardwareConstraintsTakeAnArrayOfHardware()
    {
        var input = new UserInput { TaskId = s_task, ExtraData = ExtraData.Parse("""{"max_memory_footprint":512,"hardware_required":["NVIDIA L4","NVIDIA T4"]}""") };
        var output = new HardwareConstraints { TaskId = s_task };

        HardwareConstraintsRules.Apply(input, output);

        Assert.Equal(512u, output.MaxMemoryFootprintMegabytes);
        Assert.Equal(["NVIDIA L4", "NVIDIA T4"], output.HardwareRequired);
    }

    [Theory]
    [InlineData("image", "Detect cars in traffic camera frames", "object-detection", "image,detect")]
    [InlineData("Images", "Sort holiday photos", "image-classification", "image,photos")]
    [InlineData("text", "Translate support emails to German", "translation", "text,translate")]
    [InlineData("text", "A chatbot that can answer questions", "text-generation", "text,chatbot,answer")]
    [InlineData("NLP", "Spam filter", "text-classification", "text,spam")]
    [InlineData("text", "Something about documents", "text-classification", "text")]
    [InlineData("audio", "Meeting notes", "automatic-speech-recognition", "audio")]
    [InlineData("tabular", "Forecast sales", "", "")]
    [InlineData("tabular", "transcribe calls", "automatic-speech-recognition", "transcribe")]
    public void MetadataGoalAndKeywordsFollowTheTable(string modality, string text, string goal, string keywords)
    {
        var output = new MLModelMetadata { TaskId = s_task };

        ModelMetadataRules.Apply(new UserInput { TaskId = s_task, Modality = modality, ProblemDefinition = text }, output);

        Assert.Equal(goal.Length == 0 ? [] : [goal], output.Metadata);
        Assert.Equal(keywords.Length == 0 ? [] : keywords.Split(','), output.Keywords);
    }

    [Fact]
    public void ExtraDataGoalWins()
    {
        var output = new MLModelMetadata { TaskId = s_task };

        ModelMetadataRules.Apply(new UserInput { TaskId = s_task, Modality = "image", ProblemDefinition = "detect cats", ExtraData = ExtraData.Parse("""{"goal":"text-generation"}""") }, output);

        Assert.Equal(["text-generation"], output.Metadata);
        Assert.Equal(["image", "detect"], output.Keywords);
    }

    [Fact]
    public void MetadataConfigurationCommands()
    {
        Assert.Equal("""{"modality":"audio, image, text"}""", ModelMetadataRules.AnswerConfiguration("modality"));
        Assert.Equal("""{"problem_from_modality":"object-detection, image-classification"}""", ModelMetadataRules.AnswerConfiguration("problem_from_modality, Image"));
        Assert.Equal("""{"problem_from_modality":"translation, text-generation, text-classification"}""", ModelMetadataRules.AnswerConfiguration("problem_from_modality,text"));
        Assert.Null(ModelMetadataRules.AnswerConfiguration("problem_from_modality, smell"));
        Assert.Null(ModelMetadataRules.AnswerConfiguration("hardwares"));
    }

    [Fact]
    public void AppRequirementsComeFromExtraDataFieldsAndText()
    {
        var input = new UserInput
        {
            TaskId = s_task,
            ProblemShortDescription = "Real-time defect detection",
            ProblemDefinition = "On a mobile phone, offline; accuracy matters.",
            Inputs = ["image"],
            Outputs = ["label", "box"],
            MinimumSamples = 10,
            MaximumSamples = 5000,
            DesiredCarbonFootprintGrams = 12.5,
            OptimizeCarbonFootprintAuto = true,
            ExtraData = ExtraData.Parse("""{"app_requirements":["GPU under 50 W","no cloud"],"metric":"F1"}"""),
        };
        var output = new AppRequirements { TaskId = s_task };

        AppRequirementsRules.Apply(input, output);

        Assert.Equal(
            [
                "GPU under 50 W", "no cloud", "metric: F1", "inputs: image", "outputs: label, box", "samples: 10-5000",
                "carbon footprint <= 12.5 g CO2e", "optimize carbon footprint automatically", "low latency",
                "runs on an edge device", "high accuracy", "works offline",
            ],
            output.Requirements);
    }

    [Fact]
    public void AppRequirementPhrasesMatchWholeWordsAcrossCaseAndPunctuation()
    {
        var input = new UserInput
        {
            TaskId = s_task,
            ProblemShortDescription = "Fastest delivery",
            ProblemDefinition = "REAL,  time; High\tQuality! on-device",
        };
        var output = new AppRequirements { TaskId = s_task };

        AppRequirementsRules.Apply(input, output);

        // "fastest" is not "fast", "delivery" not "live"; "REAL,  time" is "real time", "on-device" keeps its hyphen.
        Assert.Equal(["low latency", "runs on an edge device", "high accuracy"], output.Requirements);
    }

    [Fact]
    public void AppRequirementsOfAnEmptyInputAreEmpty()
    {
        var output = new AppRequirements { TaskId = s_task };

        AppRequirementsRules.Apply(new UserInput { TaskId = s_task }, output);

        Assert.Empty(output.Requirements);
    }
}
