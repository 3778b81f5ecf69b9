namespace CarbonScope.Storage.Tests;

public sealed class RunStorePathsTests
{
    [Fact]
    public void AnAbsoluteXdgDataHomeWins()
    {
        var path = RunStorePaths.Default(Env(("XDG_DATA_HOME", "/data/alice"), ("HOME", "/home/alice")));

        Assert.Equal("/data/alice/carbonscope/runs.db", path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/data")]
    public void WithoutAnAbsoluteXdgDataHomeTheStoreIsUnderHome(string? dataHome)
    {
        var path = RunStorePaths.Default(Env(("XDG_DATA_HOME", dataHome), ("HOME", "/home/alice")));

        Assert.Equal("/home/alice/.local/share/carbonscope/runs.db", path);
    }

    [Fact]
    public void WithNeitherTheErrorSaysWhatToDo()
    {
        var error = Assert.Throws<RunStoreException>(() => RunStorePaths.Default(Env(("HOME", "home"))));

        Assert.Equal(
            "cannot place the history store: neither XDG_DATA_HOME nor HOME is set to an absolute path: set HOME, or use --store PATH / --no-store",
            error.Message);
    }

    private static Func<string, string?> Env(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
