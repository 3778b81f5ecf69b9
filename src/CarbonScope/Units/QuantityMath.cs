using System.Globalization;

namespace CarbonScope.Units;

/// <summary>
/// Checks shared by the unit types' factories and operators: a quantity always holds a finite number, so NaN and
/// infinity are stopped where they would enter, with an exception that names the operand and states the rule.
/// </summary>
internal static class QuantityMath
{
    /// <summary>Ticks in a double strictly below 2^63, so the cast to long cannot overflow.</summary>
    private const double TickLimit = 9_223_372_036_854_775_808.0;

    /// <summary>Rejects NaN and infinity in an argument.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite; the exception names <paramref name="paramName"/>.</exception>
    public static double RequireFinite(double value, string paramName) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(paramName, value, "Value should be a finite number (not NaN or infinity).");

    /// <summary>A value given in a unit larger than the base unit, converted to the base unit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, or too large once converted; the exception names <paramref name="paramName"/>.</exception>
    public static double ToBaseUnit(double value, double unitInBaseUnits, string paramName)
    {
        var result = RequireFinite(value, paramName) * unitInBaseUnits;
        return double.IsFinite(result)
            ? result
            : throw new ArgumentOutOfRangeException(paramName, value, $"Value is too large: converted to the base unit it exceeds the range of a double ({double.MaxValue.ToString("R", CultureInfo.InvariantCulture)}).");
    }

    /// <summary>Rejects the result of an operation on finite values that went beyond the range of a double.</summary>
    /// <exception cref="OverflowException">The result is infinite.</exception>
    public static double RequireFiniteResult(double result, QuantityKind kind) =>
        double.IsFinite(result)
            ? result
            : throw new OverflowException($"The result is too large for {kind.NounWithArticle}: its magnitude exceeds {double.MaxValue.ToString("R", CultureInfo.InvariantCulture)} {kind.BaseUnit.Symbol}.");

    /// <summary><paramref name="value"/> × <paramref name="factor"/>, for scaling a quantity by a plain number.</summary>
    public static double Scale(double value, double factor, string factorParamName, QuantityKind kind) =>
        RequireFiniteResult(value * RequireFinite(factor, factorParamName), kind);

    /// <summary><paramref name="value"/> ÷ <paramref name="divisor"/>, for dividing a quantity by a plain number.</summary>
    public static double Divide(double value, double divisor, string divisorParamName, QuantityKind kind) =>
        divisor == 0
            ? throw new ArgumentOutOfRangeException(divisorParamName, divisor, $"Divisor should not be zero: {kind.NounWithArticle} divided by zero has no value.")
            : RequireFiniteResult(value / RequireFinite(divisor, divisorParamName), kind);

    /// <summary>A number of seconds as a <see cref="TimeSpan"/>, rounded to the nearest tick (TimeSpan.FromSeconds truncates).</summary>
    /// <exception cref="OverflowException">The duration is beyond the range of <see cref="TimeSpan"/>.</exception>
    public static TimeSpan SecondsToTimeSpan(double seconds)
    {
        var ticks = Math.Round(seconds * TimeSpan.TicksPerSecond);
        return ticks is < TickLimit and >= -TickLimit
            ? TimeSpan.FromTicks((long)ticks)
            : throw new OverflowException($"A duration of {seconds.ToString("R", CultureInfo.InvariantCulture)} s is beyond the range of TimeSpan (about ±29,227 years).");
    }
}
