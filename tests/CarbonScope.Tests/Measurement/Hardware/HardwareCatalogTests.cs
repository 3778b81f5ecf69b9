using CarbonScope.Measurement.Hardware;

namespace CarbonScope.Tests.Measurement.Hardware;

public class HardwareCatalogTests
{
    private static readonly HardwareCatalog s_catalog = HardwareCatalog.Default;

    [Theory]
    [InlineData("NVIDIA H100 SXM5 80GB")]
    [InlineData("nvidia h100 sxm5 80gb")]
    [InlineData("  NVIDIA   H100 SXM5 80GB ")]
    [InlineData("H100 SXM5 80GB")]
    public void Lookup_ignores_case_spacing_and_the_vendor(string name)
    {
        var h100 = s_catalog.Get(name);

        Assert.Equal("NVIDIA H100 SXM5 80GB", h100.Name);
        Assert.Equal("gpu", h100.Kind);
        Assert.Equal(80, h100.MemoryGigabytes);
        Assert.Equal(3350, h100.MemoryBandwidthGigabytesPerSecond);
        Assert.Equal(3.35e12, h100.MemoryBandwidthBytesPerSecond);
        Assert.Equal(700, h100.Tdp!.Value.Watts);
        Assert.Equal(70, h100.IdlePower!.Value.Watts);
        Assert.Equal(989.4e12, h100.PeakFlopsPerSecond(Precision.Fp16));
        Assert.Equal(67e12, h100.PeakFlopsPerSecond(Precision.Fp32));
        Assert.Equal(1978.9e12, h100.PeakFlopsPerSecond(Precision.Int8));
        Assert.Equal(2022, h100.Year);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var exception = Assert.Throws<UnknownHardwareException>(() => s_catalog.Get("PIM_AI_1chip"));

        Assert.Equal("PIM_AI_1chip", exception.Name);
        Assert.Equal(s_catalog.Names, exception.KnownNames);
        Assert.StartsWith("Unknown hardware 'PIM_AI_1chip'. Known hardware: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("NVIDIA H100 SXM5 80GB", exception.Message, StringComparison.Ordinal);
        Assert.Contains("AMD EPYC 7763", exception.Message, StringComparison.Ordinal);
        Assert.Null(s_catalog.Find("PIM_AI_1chip"));
        Assert.Null(s_catalog.Find(" "));
        Assert.Null(s_catalog.Find(null));
    }

    [Fact]
    public void The_catalog_has_the_reference_accelerators_and_five_cpus()
    {
        Assert.Equal(41, s_catalog.Entries.Count);
        Assert.Equal(5, s_catalog.Entries.Count(e => e.Kind == "cpu"));
        Assert.Equal(s_catalog.Entries.Count, s_catalog.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("accelerator_specs.csv", s_catalog.Provenance, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpu_peak_and_bandwidth_are_derived_from_cores_clock_and_channels()
    {
        var epyc = s_catalog.Get("amd epyc 7763");

        // 64 cores x 2.45 GHz x 32 FP32 FLOP per cycle; 8 channels x 3200 MT/s x 8 bytes.
        Assert.Equal(64 * 2.45e9 * 32, epyc.PeakFlopsPerSecond(Precision.Fp32)!.Value, 1e-6 * 5e12);
        Assert.Equal(204.8, epyc.MemoryBandwidthGigabytesPerSecond);
        Assert.Null(epyc.MemoryGigabytes);
        Assert.Equal(280, epyc.Tdp!.Value.Watts);
        Assert.Equal(28, epyc.IdlePower!.Value.Watts);
        Assert.Contains("CodeCarbon", epyc.TdpBasis, StringComparison.Ordinal);
        Assert.Equal([Precision.Fp32], epyc.Precisions);
    }

    [Fact]
    public void Missing_figures_stay_missing_and_stand_ins_say_so()
    {
        var m1 = s_catalog.Get("Apple M1 (8-core GPU)");
        Assert.Null(m1.Tdp);
        Assert.Null(m1.IdlePower);
        Assert.Null(m1.PeakFlopsPerSecond(Precision.Fp16));

        var tpu = s_catalog.Get("Google TPU v4");
        Assert.Equal(192, tpu.Tdp!.Value.Watts);
        Assert.Contains("Jouppi", tpu.TdpBasis, StringComparison.Ordinal);
        Assert.Equal("tpu", tpu.Kind);
    }

    [Fact]
    public void Every_row_has_its_source_year_and_licence()
    {
        foreach (var entry in s_catalog.Entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Source), entry.Name);
            Assert.False(string.IsNullOrWhiteSpace(entry.Licence), entry.Name);
            Assert.True(entry.SourceUrl.IsAbsoluteUri && entry.SourceUrl.Scheme == "https", entry.Name);
            Assert.InRange(entry.Year, 2015, 2030);
            Assert.True(entry.MemoryBandwidthGigabytesPerSecond > 0, entry.Name);
            if (entry.Tdp is { } tdp)
            {
                Assert.False(string.IsNullOrWhiteSpace(entry.TdpBasis), entry.Name);
                Assert.Equal(tdp.Watts * 0.1, entry.IdlePower!.Value.Watts, 9);
                Assert.StartsWith("rule: 10% of TDP", entry.IdleBasis, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_malformed_table_names_the_line()
    {
        var text = "# test\n" + HardwareCatalog.Header + "\nX,V,gpu,PCIe,A,2020,16,HBM,not-a-number,,,,,1,,,,,,src,https://example.com,facts,\n";

        var exception = Assert.Throws<FormatException>(() => HardwareCatalog.Load(new StringReader(text)));

        Assert.Contains("line 3", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fp32", Precision.Fp32, 4)]
    [InlineData("TF32", Precision.Tf32, 4)]
    [InlineData("half", Precision.Fp16, 2)]
    [InlineData("bfloat16", Precision.Bf16, 2)]
    [InlineData("fp8", Precision.Fp8, 1)]
    [InlineData("int8", Precision.Int8, 1)]
    public void Precisions_parse_and_know_their_size(string text, Precision expected, int bytes)
    {
        Assert.True(PrecisionFacts.TryParse(text, out var precision));
        Assert.Equal(expected, precision);
        Assert.Equal(bytes, precision.BytesPerValue());
        Assert.False(PrecisionFacts.TryParse("int4", out _));
    }
}
