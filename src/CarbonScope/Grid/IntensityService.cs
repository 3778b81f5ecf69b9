using System.Globalization;

namespace CarbonScope.Grid;

/// <summary>An answer from the provider chain: the points, who gave them, and why earlier providers did not.</summary>
/// <param name="Zone">The zone asked about.</param>
/// <param name="Source">The provider that answered.</param>
/// <param name="Points">The points, sorted by start; each point's provenance names the fallback reason, if any.</param>
/// <param name="Fallbacks">One line per provider that was skipped or failed before, <c>name: reason</c>.</param>
/// <param name="FromCache">Whether the points came from the cache instead of the network.</param>
public sealed record IntensityAnswer(GridZone Zone, string Source, IReadOnlyList<IntensityPoint> Points, IReadOnlyList<string> Fallbacks, bool FromCache);

/// <summary>
/// Asks a chain of providers in order (by default: the configured live provider, then the embedded annual averages) and
/// answers from the first that can; every fallback is written into the answer's provenance with its reason. Answers of
/// network providers are cached (per-kind time to live); offline, network providers are skipped.
/// </summary>
public sealed class IntensityService : ICarbonIntensitySource
{
    /// <summary>The providers that read local data only; every other one uses the network.</summary>
    public static readonly IReadOnlySet<string> LocalProviders = new HashSet<string>(StringComparer.Ordinal) { "file", "embedded" };

    private readonly IIntensityCache? _cache;
    private readonly TimeProvider _time;
    private readonly IntensityCacheTtl _ttl;
    private readonly bool _offline;
    private readonly Func<ICarbonIntensityProvider, GridZone, GridZone> _zoneFor;

    /// <summary>Creates the service.</summary>
    /// <param name="chain">The providers, in the order they are asked (at least one).</param>
    /// <param name="cache">Where network answers are kept; null for none.</param>
    /// <param name="timeProvider">The clock (cache expiry, fetch times); null means the system clock.</param>
    /// <param name="ttl">How long answers stay cached; null means the defaults.</param>
    /// <param name="offline">Skip every provider that uses the network (cached answers are still used).</param>
    /// <param name="zoneFor">The zone to ask each provider about; null asks every provider about the zone as given
    /// (<see cref="CloudRegionsToGridZones"/> asks live providers about the grid zone of a cloud region).</param>
    public IntensityService(IReadOnlyList<ICarbonIntensityProvider> chain, IIntensityCache? cache = null, TimeProvider? timeProvider = null, IntensityCacheTtl? ttl = null, bool offline = false, Func<ICarbonIntensityProvider, GridZone, GridZone>? zoneFor = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
        {
            throw new ArgumentException("The provider chain is empty: give at least one provider (e.g. embedded).", nameof(chain));
        }

        Chain = chain;
        _cache = cache;
        _time = timeProvider ?? TimeProvider.System;
        _ttl = ttl ?? new IntensityCacheTtl();
        _offline = offline;
        _zoneFor = zoneFor ?? ((_, zone) => zone);
    }

    /// <summary>
    /// Asks the live providers about the Electricity Maps zone a cloud region of the embedded data lies in
    /// (<c>aws:eu-west-3</c> → <c>FR</c>); local providers, and every other zone, as given.
    /// </summary>
    public static GridZone CloudRegionsToGridZones(ICarbonIntensityProvider provider, GridZone zone)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(zone);
        return !LocalProviders.Contains(provider.Name) && EmbeddedIntensity.Default.Find(zone.Key) is { GridZone: { } gridZone }
            ? new GridZone(gridZone)
            : zone;
    }

    /// <summary>The providers, in the order they are asked.</summary>
    public IReadOnlyList<ICarbonIntensityProvider> Chain { get; }

    /// <summary>The latest value for the zone.</summary>
    /// <exception cref="IntensityProviderException">No provider could answer; the message lists why, provider by provider.</exception>
    public Task<IntensityAnswer> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default) =>
        AskAsync(zone, IntensityCapabilities.Latest, "latest", _ => _ttl.Latest, async (p, z, ct) => [await p.GetLatestAsync(z, ct).ConfigureAwait(false)], cancellationToken);

    /// <summary>Every point that overlaps [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <exception cref="IntensityProviderException">No provider could answer.</exception>
    public Task<IntensityAnswer> GetHistoryAsync(GridZone zone, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"history|{from.UtcTicks}|{to.UtcTicks}");
        return AskAsync(
            zone,
            IntensityCapabilities.History,
            key,
            now => now - to > TimeSpan.FromDays(1) ? _ttl.SettledHistory : _ttl.RecentHistory,
            (p, z, ct) => p.GetHistoryAsync(z, from, to, ct),
            cancellationToken);
    }

    /// <summary>The current forecast.</summary>
    /// <exception cref="IntensityProviderException">No provider could answer.</exception>
    public Task<IntensityAnswer> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default) =>
        AskAsync(zone, IntensityCapabilities.Forecast, "forecast", _ => _ttl.Forecast, (p, z, ct) => p.GetForecastAsync(z, ct), cancellationToken);

    /// <summary>
    /// The intensity for energy used in <paramref name="zone"/> over [<paramref name="startsAt"/>, <paramref name="endsAt"/>):
    /// the time-weighted average of the first provider's history that covers any of it, else that provider's latest
    /// value, else the next provider's; the provenance says which, and why earlier ones were passed over.
    /// </summary>
    public async ValueTask<IntensityEstimate> GetAverageAsync(string zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
    {
        var gridZone = new GridZone(zone);
        var reasons = new List<string>();
        foreach (var provider in Chain)
        {
            if (Skip(provider, IntensityCapabilities.History | IntensityCapabilities.Latest, reasons))
            {
                continue;
            }

            try
            {
                if (provider.Capabilities.HasFlag(IntensityCapabilities.History))
                {
                    var history = await CachedAsync(provider, gridZone, string.Create(CultureInfo.InvariantCulture, $"history|{startsAt.UtcTicks}|{endsAt.UtcTicks}"), _ => _ttl.RecentHistory, (p, z, ct) => p.GetHistoryAsync(z, startsAt, endsAt, ct), cancellationToken).ConfigureAwait(false);
                    if (IntensityAverage.Over(history.Points, startsAt, endsAt, out var covered) is { } average)
                    {
                        var first = history.Points.First(p => p.Value is not null);
                        var coverage = endsAt > startsAt && covered < endsAt - startsAt
                            ? string.Create(CultureInfo.InvariantCulture, $"the data covers {covered.TotalSeconds / (endsAt - startsAt).TotalSeconds:P0} of the run; ")
                            : string.Empty;
                        return new IntensityEstimate(average, first.Provenance with { FallbackReason = Reason(reasons, coverage) });
                    }

                    reasons.Add($"{provider.Name}: no value for the run's time span");
                }

                if (provider.Capabilities.HasFlag(IntensityCapabilities.Latest))
                {
                    var latest = await CachedAsync(provider, gridZone, "latest", _ => _ttl.Latest, async (p, z, ct) => [await p.GetLatestAsync(z, ct).ConfigureAwait(false)], cancellationToken).ConfigureAwait(false);
                    if (latest.Points is [{ Value: { } value } point, ..])
                    {
                        return new IntensityEstimate(value, point.Provenance with { FallbackReason = Reason(reasons, "latest value used: no history for the run's span; ") });
                    }

                    reasons.Add($"{provider.Name}: no latest value");
                }
            }
            catch (IntensityProviderException exception)
            {
                reasons.Add($"{provider.Name}: {exception.Message}");
            }
        }

        throw new IntensityProviderException(Chain[^1].Name, IntensityFailure.NoData, $"no provider has an intensity for {zone}: {string.Join("; ", reasons)}");
    }

    private async Task<IntensityAnswer> AskAsync(
        GridZone zone,
        IntensityCapabilities capability,
        string question,
        Func<DateTimeOffset, TimeSpan> ttl,
        Func<ICarbonIntensityProvider, GridZone, CancellationToken, Task<IReadOnlyList<IntensityPoint>>> ask,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var reasons = new List<string>();
        IntensityProviderException? last = null;
        foreach (var provider in Chain)
        {
            if (Skip(provider, capability, reasons))
            {
                continue;
            }

            try
            {
                var answer = await CachedAsync(provider, zone, question, ttl, ask, cancellationToken).ConfigureAwait(false);
                if (reasons.Count == 0)
                {
                    return answer;
                }

                var reason = string.Join("; ", reasons);
                return answer with
                {
                    Points = [.. answer.Points.Select(p => p with { Provenance = p.Provenance with { FallbackReason = reason } })],
                    Fallbacks = reasons,
                };
            }
            catch (IntensityProviderException exception)
            {
                last = exception;
                reasons.Add($"{provider.Name}: {exception.Message}");
            }
        }

        var what = capability switch
        {
            IntensityCapabilities.Forecast => "a forecast",
            IntensityCapabilities.History => "a history",
            _ => "a latest value",
        };
        throw new IntensityProviderException(last?.Provider ?? Chain[^1].Name, last?.Failure ?? IntensityFailure.NotSupported, $"no provider has {what} for {zone.Key}: {string.Join("; ", reasons)}", last);
    }

    private async Task<IntensityAnswer> CachedAsync(
        ICarbonIntensityProvider provider,
        GridZone zone,
        string question,
        Func<DateTimeOffset, TimeSpan> ttl,
        Func<ICarbonIntensityProvider, GridZone, CancellationToken, Task<IReadOnlyList<IntensityPoint>>> ask,
        CancellationToken cancellationToken)
    {
        var asked = _zoneFor(provider, zone);
        var cacheable = _cache is not null && !LocalProviders.Contains(provider.Name);
        var key = string.Create(CultureInfo.InvariantCulture, $"{provider.Name}|{asked.Key}|{asked.Latitude}|{asked.Longitude}|{question}");
        var now = _time.GetUtcNow();
        if (cacheable && _cache!.TryGet(key, now, out var cached))
        {
            return new IntensityAnswer(zone, provider.Name, cached, [], FromCache: true);
        }

        if (_offline && !LocalProviders.Contains(provider.Name))
        {
            throw new IntensityProviderException(provider.Name, IntensityFailure.Offline, "offline, and no cached answer to this question");
        }

        var points = await ask(provider, asked, cancellationToken).ConfigureAwait(false);
        if (cacheable)
        {
            _cache!.Put(key, points, now, now + ttl(now));
        }

        return new IntensityAnswer(zone, provider.Name, points, [], FromCache: false);
    }

    private static bool Skip(ICarbonIntensityProvider provider, IntensityCapabilities needed, List<string> reasons)
    {
        if ((provider.Capabilities & needed) == 0)
        {
            reasons.Add($"{provider.Name}: cannot answer this ({Describe(needed)})");
            return true;
        }

        return false;
    }

    private static string Describe(IntensityCapabilities capabilities) => capabilities switch
    {
        IntensityCapabilities.Forecast => "no forecast",
        IntensityCapabilities.History => "no history",
        IntensityCapabilities.Latest => "no latest value",
        _ => "no history or latest value",
    };

    private static string? Reason(List<string> reasons, string note)
    {
        var text = note + string.Join("; ", reasons);
        text = text.TrimEnd(' ', ';');
        return text.Length == 0 ? null : text;
    }
}
