namespace CarbonScope.Storage;

/// <summary>
/// Times in the store: instants as microseconds since the Unix epoch (UTC), durations as microseconds. A
/// <see cref="DateTimeOffset"/> or <see cref="TimeSpan"/> tick (100 ns) finer than a microsecond is truncated (toward the
/// past for instants, toward zero for durations).
/// </summary>
internal static class UnixTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    internal static long ToMicroseconds(DateTimeOffset instant) =>
        Math.DivRem(instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TicksPerMicrosecond) is var (quotient, remainder) && remainder < 0
            ? quotient - 1
            : quotient;

    internal static DateTimeOffset FromMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * TicksPerMicrosecond), TimeSpan.Zero);

    internal static long ToMicroseconds(TimeSpan duration) => duration.Ticks / TicksPerMicrosecond;

    internal static TimeSpan DurationFromMicroseconds(long microseconds) => TimeSpan.FromTicks(microseconds * TicksPerMicrosecond);
}
