namespace CarbonScope.Grid;

/// <summary>
/// Keeps series fetched from live providers so that repeated questions do not hit the network (the SQLite history store
/// implements it). Entries expire after the time to live their kind has (<see cref="IntensityCacheTtl"/>).
/// </summary>
public interface IIntensityCache
{
    /// <summary>The points stored under <paramref name="key"/> if they have not expired at <paramref name="now"/>.</summary>
    bool TryGet(string key, DateTimeOffset now, out IReadOnlyList<IntensityPoint> points);

    /// <summary>Stores <paramref name="points"/> under <paramref name="key"/> until <paramref name="expiresAt"/>.</summary>
    void Put(string key, IReadOnlyList<IntensityPoint> points, DateTimeOffset fetchedAt, DateTimeOffset expiresAt);
}

/// <summary>How long fetched answers stay in the cache, per kind of question.</summary>
public sealed class IntensityCacheTtl
{
    /// <summary>The latest value.</summary>
    /// <value>The default value is 5 minutes (providers publish every 5-60 minutes).</value>
    public TimeSpan Latest { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A history range that ended more than a day ago (it no longer changes).</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan SettledHistory { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A history range that reaches into the last day (values are still being settled).</summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan RecentHistory { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A forecast.</summary>
    /// <value>The default value is 30 minutes (providers re-forecast every 30-60 minutes).</value>
    public TimeSpan Forecast { get; set; } = TimeSpan.FromMinutes(30);
}
