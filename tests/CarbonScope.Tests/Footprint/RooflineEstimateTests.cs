using CarbonScope.Footprint;
using CarbonScope.Measurement.Hardware;
using CarbonScope.Units;

namespace CarbonScope.Tests.Footprint;

public class RooflineEstimateTests
{
    // 10 TFLOP/s fp32, 40 TFLOP/s fp16, 100 GB/s, 200 W TDP, 20 W idle, 16 GB.
    private static readonly HardwareSpec s_device = new(
        "Test Device", "Test", "gpu", "PCIe", "Test", 2024, 16, "HBM", 100, Power.FromWatts(200), "test", Power.FromWatts(20), "test",
        new Dictionary<Precision, double> { [Precision.Fp32] = 10, [Precision.Fp16] = 40 },
        "test", new Uri("https://example.com"), "test", "");

    [Fact]
    public void A_compute_bound_model_takes_flops_over_the_achievable_rate()
    {
        // 1e12 FLOPs / (10e12 x 0.5) = 0.2 s; 1e6 params x 4 B / (100e9 x 0.8) = 50 us.
        var result = RooflineEstimate.Estimate(1e12, 1_000_000, s_device, Precision.Fp32);

        Assert.Equal(RooflineBound.Compute, result.Bound);
        Assert.Equal(0.2, result.ComputeSeconds, 12);
        Assert.Equal(5e-5, result.MemorySeconds, 12);
        Assert.Equal(200, result.LatencyMilliseconds, 9);
        Assert.Equal(TimeSpan.FromMilliseconds(200), result.Latency);
        Assert.Equal(0.5, result.Utilisation, 12);
        Assert.Equal(110, result.AveragePower!.Value.Watts, 9);          // 20 + (200 - 20) x 0.5
        Assert.Equal(22, result.EnergyPerInference!.Value.Joules, 9);     // 110 W x 0.2 s
        Assert.Equal(4e6, result.BytesMoved);
        Assert.Equal(250_000, result.ArithmeticIntensityFlopsPerByte, 9);
        Assert.Equal(4.8, result.MemoryFootprintMegabytes, 12);           // 4 MB x 1.2
        Assert.True(result.FitsInMemory);
    }

    [Fact]
    public void A_memory_bound_model_takes_the_weights_over_the_achievable_bandwidth()
    {
        // 1e9 params x 2 B / (100e9 x 0.8) = 25 ms; 1e9 FLOPs / (40e12 x 0.5) = 50 us.
        var result = RooflineEstimate.Estimate(1e9, 1_000_000_000, s_device, Precision.Fp16);

        Assert.Equal(RooflineBound.Memory, result.Bound);
        Assert.Equal(25, result.LatencyMilliseconds, 9);
        Assert.Equal(5e-5, result.ComputeSeconds, 12);
        Assert.Equal(0.8, result.Utilisation, 12);
        Assert.Equal(164, result.AveragePower!.Value.Watts, 9);          // 20 + 180 x 0.8
        Assert.Equal(4.1, result.EnergyPerInference!.Value.Joules, 9);    // 164 W x 25 ms
        Assert.Equal(2400, result.MemoryFootprintMegabytes, 9);           // 2,000 MB x 1.2
        Assert.True(result.FitsInMemory);
    }

    [Fact]
    public void Options_change_the_assumptions()
    {
        var options = new RooflineOptions { ComputeEfficiency = 1, BandwidthEfficiency = 1, MemoryOverheadFraction = 0 };

        var result = RooflineEstimate.Estimate(1e12, 10_000_000_000, s_device, Precision.Fp32, options);

        // 4e10 B / 100e9 B/s = 0.4 s > 1e12 / 10e12 = 0.1 s; the footprint 40,000 MB does not fit 16 GB.
        Assert.Equal(RooflineBound.Memory, result.Bound);
        Assert.Equal(400, result.LatencyMilliseconds, 9);
        Assert.Equal(1, result.Utilisation, 12);
        Assert.Equal(200, result.AveragePower!.Value.Watts, 9);
        Assert.Equal(40_000, result.MemoryFootprintMegabytes, 9);
        Assert.False(result.FitsInMemory);
    }

    [Fact]
    public void Llama_2_7B_on_an_H100_is_memory_bound()
    {
        var model = ModelCatalog.Default.Find("Llama-2-7B")!;
        var h100 = HardwareCatalog.Default.Get("NVIDIA H100 SXM5 80GB");

        var result = RooflineEstimate.Estimate(model, h100, Precision.Fp16);

        // 6,738,415,616 x 2 B / (3,350e9 B/s x 0.8) = 5.0287 ms; 13,745,266,688 FLOPs / (989.4e12 x 0.5) = 27.8 us.
        Assert.Equal(RooflineBound.Memory, result.Bound);
        Assert.Equal(6_738_415_616.0 * 2 / 2.68e12 * 1e3, result.LatencyMilliseconds, 9);
        Assert.Equal(5.0287, result.LatencyMilliseconds, 4);
        Assert.Equal(13_745_266_688 / 4.947e14, result.ComputeSeconds, 15);
        Assert.Equal(574, result.AveragePower!.Value.Watts, 9);          // 70 + 630 x 0.8
        Assert.Equal(16_172.1974784, result.MemoryFootprintMegabytes, 6); // 13,476.83 MB x 1.2
        Assert.True(result.FitsInMemory);
    }

    [Fact]
    public void A_precision_without_a_peak_is_refused_with_the_ones_there_are()
    {
        var exception = Assert.Throws<ArgumentException>(() => RooflineEstimate.Estimate(1e9, 1000, s_device, Precision.Bf16));

        Assert.StartsWith("Test Device has no published bf16 peak; it has: fp32, fp16.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_tdp_there_is_no_power_and_without_memory_no_fit()
    {
        var bare = s_device with { Tdp = null, IdlePower = null, MemoryGigabytes = null };

        var result = RooflineEstimate.Estimate(1e12, 1_000_000, bare, Precision.Fp32);

        Assert.Null(result.AveragePower);
        Assert.Null(result.EnergyPerInference);
        Assert.Null(result.FitsInMemory);
        Assert.Equal(200, result.LatencyMilliseconds, 9);
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineEstimate.Estimate(0, 1, s_device, Precision.Fp32));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineEstimate.Estimate(double.NaN, 1, s_device, Precision.Fp32));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineEstimate.Estimate(1, 0, s_device, Precision.Fp32));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineEstimate.Estimate(1, 1, s_device, Precision.Fp32, new RooflineOptions { ComputeEfficiency = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineEstimate.Estimate(1, 1, s_device, Precision.Fp32, new RooflineOptions { BandwidthEfficiency = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RooflineEstimate.Estimate(1, 1, s_device, Precision.Fp32, new RooflineOptions { MemoryOverheadFraction = -0.1 }));
    }
}
