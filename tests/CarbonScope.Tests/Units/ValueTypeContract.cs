using System.Numerics;

namespace CarbonScope.Tests.Units;

/// <summary>Checks every unit type must pass, in the spirit of NodaTime's TestHelper.TestEqualsStruct/TestOperatorComparison.</summary>
internal static class ValueTypeContract
{
    /// <summary><paramref name="value"/> and <paramref name="equal"/> are equal; <paramref name="larger"/> is strictly greater than both.</summary>
    public static void AssertEqualityAndOrdering<T>(T value, T equal, T larger)
        where T : struct, IEquatable<T>, IComparable<T>, IComparable, IComparisonOperators<T, T, bool>
    {
        Assert.True(value.Equals(equal));
        Assert.True(value.Equals((object)equal));
        Assert.True(value == equal);
        Assert.False(value != equal);
        Assert.Equal(value.GetHashCode(), equal.GetHashCode());
        Assert.Equal(0, value.CompareTo(equal));
        Assert.True(value <= equal);
        Assert.True(value >= equal);
        Assert.False(value < equal);
        Assert.False(value > equal);

        Assert.False(value.Equals(larger));
        Assert.False(value.Equals((object)larger));
        Assert.False(value == larger);
        Assert.True(value != larger);
        Assert.True(value < larger);
        Assert.True(value <= larger);
        Assert.False(value > larger);
        Assert.False(value >= larger);
        Assert.True(larger > value);
        Assert.True(larger >= value);
        Assert.Equal(-1, value.CompareTo(larger));
        Assert.Equal(1, larger.CompareTo(value));
        Assert.Equal(-1, ((IComparable)value).CompareTo(larger));

        // The object overloads: null sorts first and is never equal; another type is an error.
        Assert.False(value.Equals(null));
        Assert.False(value.Equals((object)"not a quantity"));
        Assert.Equal(1, ((IComparable)value).CompareTo(null));
        var error = Assert.Throws<ArgumentException>(() => ((IComparable)value).CompareTo("not a quantity"));
        Assert.Equal("obj", error.ParamName);
        Assert.Contains(typeof(T).Name, error.Message, StringComparison.Ordinal);
    }
}
