using CarbonScope.Footprint;
using CarbonScope.Measurement.Hardware;

namespace CarbonScope.Tests.Footprint;

public class ModelCatalogTests
{
    private static readonly ModelCatalog s_catalog = ModelCatalog.Default;

    [Fact]
    public void The_catalog_covers_six_goals()
    {
        Assert.Equal(41, s_catalog.Models.Count);
        Assert.Equal(
            ["image-classification", "object-detection", "text-classification", "text-generation", "translation", "automatic-speech-recognition"],
            s_catalog.Goals);
        Assert.All(s_catalog.Models, m => Assert.True(m.Family is "CNNs" or "Transformers", m.Name));
    }

    [Fact]
    public void Figures_follow_their_rules()
    {
        var resnet = s_catalog.Find("resnet-50")!;
        Assert.Equal(25_557_032, resnet.Parameters);
        Assert.Equal(2 * 4.09e9, resnet.FlopsPerInference);    // 4.09 G multiply-adds at 224 x 224
        Assert.Equal(102.2, resnet.MemoryFp32Megabytes);       // 25,557,032 x 4 bytes = 102.228 MB
        Assert.Equal(51.1, resnet.MemoryFp16Megabytes);
        Assert.Equal(102.228128, resnet.WeightMegabytes(Precision.Fp32), 9);

        // (2 x 109,482,240 + 2 x 12 layers x 128 x 768) x 128 tokens.
        var bert = s_catalog.Find("BERT-base")!;
        Assert.Equal((2.0 * 109_482_240 + 2.0 * 12 * 128 * 768) * 128, bert.FlopsPerInference);
        Assert.Equal(28_329_443_328, bert.FlopsPerInference);

        // 2 x 6,738,415,616 + 2 x 32 layers x 1024 x 4096, per generated token.
        var llama = s_catalog.Find("Llama-2-7B")!;
        Assert.Equal(13_745_266_688, llama.FlopsPerInference);
        Assert.Equal(2023, llama.Year);
    }

    [Fact]
    public void Filter_keeps_the_goal_family_and_memory_and_leaves_out_the_excluded()
    {
        var small = s_catalog.Filter(new ModelQuery { Goal = "Image Classification", Family = "cnn", MaxMemoryMegabytes = 50 });

        // fp32 weights: ResNet-18 46.8, DenseNet-121 31.9, MobileNetV2 14.0, MobileNetV3-Large 21.9, EfficientNet-B0 21.2 MB.
        Assert.Equal(["ResNet-18", "DenseNet-121", "MobileNetV2", "MobileNetV3-Large", "EfficientNet-B0"], small.Select(m => m.Name));

        var restrained = s_catalog.Filter(new ModelQuery
        {
            Goal = "image_classification",
            Family = "CNNs",
            MaxMemoryMegabytes = 50,
            Exclude = ["resnet-18", "MobileNetV2", "not-in-catalog"],
        });
        Assert.Equal(["DenseNet-121", "MobileNetV3-Large", "EfficientNet-B0"], restrained.Select(m => m.Name));
    }

    [Fact]
    public void The_memory_limit_is_checked_at_the_asked_precision()
    {
        // Llama-2-7B: 13,476.8 MB at fp16, 26,953.7 MB at fp32.
        var fp16 = s_catalog.Filter(new ModelQuery { Goal = "text-generation", MaxMemoryMegabytes = 14_000, Precision = Precision.Fp16 });
        var fp32 = s_catalog.Filter(new ModelQuery { Goal = "text-generation", MaxMemoryMegabytes = 14_000 });

        Assert.Contains(fp16, m => m.Name == "Llama-2-7B");
        Assert.DoesNotContain(fp32, m => m.Name == "Llama-2-7B");
        Assert.DoesNotContain(fp16, m => m.Name == "Llama-2-13B");
        Assert.All(fp16, m => Assert.Equal("text-generation", m.Goal));
    }

    [Fact]
    public void An_empty_query_keeps_everything_and_an_unknown_goal_nothing()
    {
        Assert.Equal(s_catalog.Models.Count, s_catalog.Filter(new ModelQuery()).Count);
        Assert.Empty(s_catalog.Filter(new ModelQuery { Goal = "protein-folding" }));
        Assert.Equal(10, s_catalog.Filter(new ModelQuery { Goal = "Text Generation", Family = "Transformer" }).Count);
        Assert.Null(s_catalog.Find("GPT-5"));
    }

    [Fact]
    public void Every_row_has_its_source_year_licence_and_input()
    {
        foreach (var model in s_catalog.Models)
        {
            Assert.False(string.IsNullOrWhiteSpace(model.Source), model.Name);
            Assert.False(string.IsNullOrWhiteSpace(model.Licence), model.Name);
            Assert.False(string.IsNullOrWhiteSpace(model.Input), model.Name);
            Assert.False(string.IsNullOrWhiteSpace(model.FlopsBasis), model.Name);
            Assert.Equal("https", model.SourceUrl.Scheme);
            Assert.InRange(model.Year, 2014, 2030);
            Assert.Equal(Math.Round(model.Parameters * 4 / 1e6, 1), model.MemoryFp32Megabytes);
        }
    }
}
