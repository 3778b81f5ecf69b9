using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using CarbonScope.Units;

namespace CarbonScope.Tests.Units;

/// <summary>Rules every public value type in CarbonScope.Units keeps (NodaTime's MutabilityTest, by reflection).</summary>
public class UnitConventionTests
{
    private static readonly Type[] s_unitTypes = typeof(Energy).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == "CarbonScope.Units" && t.IsValueType && !t.IsEnum)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void The_namespace_holds_the_four_quantities()
    {
        Assert.Equal(["CarbonIntensity", "CarbonMass", "Energy", "Power"], s_unitTypes.Select(t => t.Name));
    }

    [Fact]
    public void Every_public_struct_is_readonly()
    {
        Assert.All(s_unitTypes, t => Assert.True(t.IsDefined(typeof(IsReadOnlyAttribute), inherit: false), $"{t.Name} is not a readonly struct"));
    }

    [Fact]
    public void Every_public_struct_implements_the_value_interfaces()
    {
        Assert.All(s_unitTypes, t =>
        {
            Type[] required =
            [
                typeof(IEquatable<>).MakeGenericType(t),
                typeof(IComparable<>).MakeGenericType(t),
                typeof(IComparable),
                typeof(ISpanFormattable),
                typeof(IParsable<>).MakeGenericType(t),
                typeof(IAdditionOperators<,,>).MakeGenericType(t, t, t),
                typeof(ISubtractionOperators<,,>).MakeGenericType(t, t, t),
                typeof(IUnaryNegationOperators<,>).MakeGenericType(t, t),
                typeof(IMultiplyOperators<,,>).MakeGenericType(t, typeof(double), t),
                typeof(IDivisionOperators<,,>).MakeGenericType(t, typeof(double), t),
                typeof(IComparisonOperators<,,>).MakeGenericType(t, t, typeof(bool)),
                typeof(IAdditiveIdentity<,>).MakeGenericType(t, t),
            ];
            foreach (var contract in required)
            {
                Assert.True(contract.IsAssignableFrom(t), $"{t.Name} does not implement {contract}");
            }
        });
    }

    [Fact]
    public void No_public_struct_has_a_public_constructor()
    {
        // Values are built only through named From* factories, so no raw number can enter without its unit.
        Assert.All(s_unitTypes, t => Assert.Empty(t.GetConstructors(BindingFlags.Public | BindingFlags.Instance)));
    }

    [Fact]
    public void Every_public_struct_stores_exactly_one_double()
    {
        Assert.All(s_unitTypes, t =>
        {
            var fields = t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            Assert.Single(fields);
            Assert.Equal(typeof(double), fields[0].FieldType);
            Assert.True(fields[0].IsPrivate && fields[0].IsInitOnly, $"{t.Name}.{fields[0].Name} should be private readonly");
        });
    }

    [Fact]
    public void Every_public_struct_has_a_Zero_equal_to_default()
    {
        Assert.All(s_unitTypes, t =>
        {
            var zero = t.GetProperty("Zero", BindingFlags.Public | BindingFlags.Static);
            Assert.NotNull(zero);
            Assert.Equal(Activator.CreateInstance(t), zero.GetValue(null));
        });
    }

    [Fact]
    public void Every_factory_rejects_NaN_naming_its_parameter()
    {
        var factories = s_unitTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name.StartsWith("From", StringComparison.Ordinal) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(double))
            .ToArray();

        Assert.Equal(14, factories.Length);
        Assert.All(factories, factory =>
        {
            var error = Assert.Throws<TargetInvocationException>(() => factory.Invoke(null, [double.NaN]));
            var outOfRange = Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
            Assert.Equal(factory.GetParameters()[0].Name, outOfRange.ParamName);
        });
    }
}
