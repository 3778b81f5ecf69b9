namespace CarbonScope.Storage.Tests;

/// <summary>Liveness decided by the test: every owner is alive unless marked dead.</summary>
internal sealed class FakeLiveness(RunOwner current) : IRunOwnerLiveness
{
    private readonly HashSet<RunOwner> _dead = [];

    public FakeLiveness()
        : this(new RunOwner(4242, 123_456, "boot-1", "pid:[4026531836]"))
    {
    }

    public RunOwner Current { get; } = current;

    public int Checks { get; private set; }

    public void MarkDead(RunOwner owner) => _dead.Add(owner);

    public bool IsAlive(RunOwner owner)
    {
        Checks++;
        return !_dead.Contains(owner);
    }
}
