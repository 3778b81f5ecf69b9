using CarbonScope.Measurement.Hardware;

namespace CarbonScope.Footprint;

/// <summary>One row of the ML model catalog.</summary>
/// <param name="Name">The model's name (<c>ResNet-50</c>, <c>Llama-2-7B</c>).</param>
/// <param name="Family">SustainML's model family: <c>CNNs</c> or <c>Transformers</c>.</param>
/// <param name="Architecture">The architecture (<c>ResNet</c>, <c>BERT</c>, <c>Llama</c>, ...).</param>
/// <param name="Goal">The task, as a Hugging Face pipeline name (<c>image-classification</c>, <c>text-generation</c>, ...).</param>
/// <param name="Parameters">The number of parameters.</param>
/// <param name="FlopsPerInference">FLOPs of one inference on <paramref name="Input"/> (a multiply-add is 2 FLOPs).</param>
/// <param name="Input">What one inference is (<c>one image at ... 224 x 224</c>, <c>one generated token after 1024 tokens of context</c>).</param>
/// <param name="FlopsBasis">How <paramref name="FlopsPerInference"/> was obtained (published figure or rule).</param>
/// <param name="MemoryFp32Megabytes">Weights at FP32 in MB (10^6 bytes): parameters x 4.</param>
/// <param name="MemoryFp16Megabytes">Weights at FP16 in MB: parameters x 2.</param>
/// <param name="Source">The paper or model card of the figures.</param>
/// <param name="SourceUrl">Where they are published.</param>
/// <param name="Year">The year of the paper or release.</param>
/// <param name="Licence">The status of the figures (facts, cited); not the model's own licence.</param>
public sealed record MlModelSpec(
    string Name,
    string Family,
    string Architecture,
    string Goal,
    long Parameters,
    double FlopsPerInference,
    string Input,
    string FlopsBasis,
    double MemoryFp32Megabytes,
    double MemoryFp16Megabytes,
    string Source,
    Uri SourceUrl,
    int Year,
    string Licence)
{
    /// <summary>The weights' size in MB (10^6 bytes) at <paramref name="precision"/>: parameters x bytes per value / 10^6.</summary>
    public double WeightMegabytes(Precision precision) => (double)Parameters * precision.BytesPerValue() / 1e6;
}
