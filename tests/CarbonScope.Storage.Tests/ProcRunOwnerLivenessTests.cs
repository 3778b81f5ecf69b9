using System.Diagnostics;
using System.Globalization;
using CarbonScope.Measurement.Procfs;

namespace CarbonScope.Storage.Tests;

public sealed class ProcRunOwnerLivenessTests : IDisposable
{
    private const string BootId = "5d3b2c1a-0000-4000-8000-000000000001";
    private const string PidNamespace = "pid:[4026531836]";

    private readonly TempDirectory _proc = new();

    public ProcRunOwnerLivenessTests()
    {
        WriteFile(BootId + "\n", "sys", "kernel", "random", "boot_id");
        WriteFile(PidNamespace, "self", "ns", "pid");
        WriteStat(100, 'S', 5_000);
    }

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void ThisProcessIsAlive()
    {
        var liveness = ProcRunOwnerLiveness.Default;
        var current = liveness.Current;

        Assert.Equal(Environment.ProcessId, current.ProcessId);
        Assert.NotNull(current.StartTimeTicks);
        Assert.Matches("^[0-9a-f-]{36}$", current.BootId);
        Assert.StartsWith("pid:[", current.PidNamespace, StringComparison.Ordinal);
        Assert.True(liveness.IsAlive(current));
    }

    [Fact]
    public async Task AChildThatHasExitedIsGone()
    {
        var liveness = ProcRunOwnerLiveness.Default;
        using var child = Process.Start(new ProcessStartInfo("cat") { RedirectStandardInput = true, UseShellExecute = false })!;
        var owner = liveness.Describe(child.Id);

        Assert.NotNull(owner.StartTimeTicks);
        Assert.True(liveness.IsAlive(owner));

        child.StandardInput.Close();
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.False(liveness.IsAlive(owner));
    }

    [Fact]
    public void TheRecordedProcessWithItsStartTimeIsAlive()
    {
        var liveness = Fake();

        Assert.True(liveness.IsAlive(new RunOwner(100, 5_000, BootId, PidNamespace)));
        Assert.Equal(new RunOwner(100, 5_000, BootId, PidNamespace), liveness.Current);
    }

    [Fact]
    public void APidReusedByAnotherProcessIsGone() =>
        Assert.False(Fake().IsAlive(new RunOwner(100, 4_999, BootId, PidNamespace)));

    [Fact]
    public void AMissingPidIsGone() =>
        Assert.False(Fake().IsAlive(new RunOwner(101, 5_000, BootId, PidNamespace)));

    [Fact]
    public void AZombieIsGone()
    {
        WriteStat(100, 'Z', 5_000);

        Assert.False(Fake().IsAlive(new RunOwner(100, 5_000, BootId, PidNamespace)));
    }

    [Fact]
    public void AnotherBootIsGone() =>
        Assert.False(Fake().IsAlive(new RunOwner(100, 5_000, "another-boot", PidNamespace)));

    [Fact]
    public void AnOwnerInAnotherPidNamespaceCannotBeJudgedAndCountsAsAlive() =>
        Assert.True(Fake().IsAlive(new RunOwner(101, 5_000, BootId, "pid:[4026532000]")));

    [Fact]
    public void WithoutABootIdNothingCanBeJudgedAndTheOwnerCountsAsAlive()
    {
        File.Delete(_proc.File("sys", "kernel", "random", "boot_id"));

        Assert.True(Fake().IsAlive(new RunOwner(101, 5_000, BootId, PidNamespace)));
        Assert.True(Fake().IsAlive(new RunOwner(101, 5_000, null, PidNamespace)));
    }

    [Fact]
    public void AnOwnerWithoutAStartTimeIsJudgedByItsPid()
    {
        Assert.True(Fake().IsAlive(new RunOwner(100, null, BootId, null)));
        Assert.False(Fake().IsAlive(new RunOwner(101, null, BootId, null)));
    }

    private ProcRunOwnerLiveness Fake() => new(new ProcFileSystem(_proc.Path), 100);

    private void WriteStat(int pid, char state, long startTicks) => WriteFile(
        string.Create(CultureInfo.InvariantCulture, $"{pid} (python3 train.py) {state} 1 {pid} {pid} 0 -1 4194304 100 0 0 0 5 3 0 0 20 0 1 0 {startTicks} 1000000 200\n"),
        pid.ToString(CultureInfo.InvariantCulture),
        "stat");

    private void WriteFile(string text, params string[] parts)
    {
        var path = _proc.File(parts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
