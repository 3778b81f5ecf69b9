using CarbonScope.Reporting;

namespace CarbonScope.Tests.Reporting;

/// <summary>Compares run records member by member (a record's lists compare by reference otherwise), for round trips.</summary>
internal static class RunRecordAssert
{
    /// <summary>Asserts that every member of two records is equal (lists element by element).</summary>
    public static void Same(RunRecord expected, RunRecord actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Command, actual.Command);
        Assert.Equal(expected.Project, actual.Project);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.StartedAt, actual.StartedAt);
        Assert.Equal(TimeSpan.Zero, actual.StartedAt.Offset);
        Assert.Equal(expected.EndedAt, actual.EndedAt);
        Assert.Equal(expected.Mode, actual.Mode);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Pue), BitConverter.DoubleToInt64Bits(actual.Pue));
        Assert.Equal(expected.Zone, actual.Zone);
        Assert.Equal(expected.Intensity, actual.Intensity);
        Assert.Equal(expected.Components, actual.Components);
        Assert.Equal(expected.Diagnostics, actual.Diagnostics);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.AttributedTo, actual.AttributedTo);
        Assert.Equal(expected.Equivalents, actual.Equivalents);
        Assert.Equal(expected.CarbonScopeVersion, actual.CarbonScopeVersion);
        Assert.Equal(expected.Schedule, actual.Schedule);
        Assert.Equal(expected.Emissions, actual.Emissions);
    }
}
