using CarbonScope.Tests.Measurement.Nvml;

namespace CarbonScope.Cli.Tests;

public sealed class DetectCommandTests : IDisposable
{
    private readonly string _sys = Directory.CreateTempSubdirectory("carbonscope-cli-sys-").FullName;
    private readonly FakeNvmlBuild _nvml = new();

    public void Dispose()
    {
        Directory.Delete(_sys, recursive: true);
        _nvml.Dispose();
    }

    [Fact]
    public async Task Detect_lists_a_readable_rapl_package_as_measured()
    {
        Zone("intel-rapl:0", "package-0", 123_456);
        Zone("intel-rapl:0:0", "dram", 789);

        var result = await CliProcess.RunAsync(["detect", "--sysfs-root", _sys, "--no-gpu"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n');
        Assert.Matches(@"cpu\s+cpu\s+.+\s+measured\s+rapl", Assert.Single(lines, l => l.TrimStart().StartsWith("cpu ", StringComparison.Ordinal)));
        Assert.Matches(@"ram\s+ram\s+.+\s+measured\s+rapl", Assert.Single(lines, l => l.TrimStart().StartsWith("ram ", StringComparison.Ordinal)));
        Assert.Contains("gpu: not looked for (--no-gpu).", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_finds_nvml_by_its_soname_through_LD_LIBRARY_PATH_and_honours_CUDA_VISIBLE_DEVICES()
    {
        using var fake = _nvml.NewCopy();
        var directory = Path.GetDirectoryName(fake.LibraryPath)!;

        var result = await CliProcess.RunAsync(["detect", "--sysfs-root", _sys], new Dictionary<string, string>
        {
            ["LD_LIBRARY_PATH"] = directory,
            ["FAKE_NVML_GPU_COUNT"] = "2",
            ["CUDA_VISIBLE_DEVICES"] = "1",
        });

        Assert.Equal(0, result.ExitCode);
        var gpu = Assert.Single(result.StandardOutput.Split('\n'), l => l.TrimStart().StartsWith("gpu ", StringComparison.Ordinal));
        Assert.Matches(@"gpu\s+gpu:1\s+Fake GPU\s+measured\s+nvml", gpu);
        Assert.Contains("0: Fake GPU GPU-00000000-0000-0000-0000-000000000000 (energy counter, hidden by CUDA_VISIBLE_DEVICES)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_nvidia_driver_detect_says_so_and_succeeds()
    {
        var result = await CliProcess.RunAsync(["detect", "--sysfs-root", _sys], new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = _sys });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("gpu: no NVIDIA GPU found through NVML.", result.StandardOutput, StringComparison.Ordinal);
    }

    private void Zone(string id, string name, long energy)
    {
        var directory = Path.Combine(_sys, "class", "powercap", id);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "name"), name + "\n");
        File.WriteAllText(Path.Combine(directory, "energy_uj"), energy + "\n");
        File.WriteAllText(Path.Combine(directory, "max_energy_range_uj"), "262143328850\n");
    }
}
