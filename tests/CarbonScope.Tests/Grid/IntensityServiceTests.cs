using CarbonScope.Grid;
using CarbonScope.Units;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Tests.Grid;

public sealed class IntensityServiceTests
{
    private static readonly DateTimeOffset s_t0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly GridZone s_de = new("DE");

    [Fact]
    public async Task The_first_provider_that_answers_is_used_and_each_one_passed_over_is_in_the_provenance()
    {
        var failing = new ScriptedProvider("electricitymaps", _ => throw new IntensityProviderException("electricitymaps", IntensityFailure.Unauthorized, "electricitymaps answered /v3/carbon-intensity/latest with HTTP 401"));
        var noLatest = new ScriptedProvider("ukgrid", _ => [], IntensityCapabilities.Forecast);
        var embedded = new ScriptedProvider("embedded", _ => [Point(s_t0, 60, 380, "embedded")]);
        var service = new IntensityService([failing, noLatest, embedded]);

        var answer = await service.GetLatestAsync(s_de, TestContext.Current.CancellationToken);

        Assert.Equal("embedded", answer.Source);
        Assert.Equal(380, Assert.Single(answer.Points).Value!.Value.GramsPerKilowattHour);
        Assert.Equal(
            ["electricitymaps: electricitymaps answered /v3/carbon-intensity/latest with HTTP 401", "ukgrid: cannot answer this (no latest value)"],
            answer.Fallbacks);
        Assert.Equal(string.Join("; ", answer.Fallbacks), answer.Points[0].Provenance.FallbackReason);
    }

    [Fact]
    public async Task When_no_provider_answers_the_error_lists_every_reason()
    {
        var service = new IntensityService([
            new ScriptedProvider("watttime", _ => throw new IntensityProviderException("watttime", IntensityFailure.Timeout, "watttime did not answer")),
            new ScriptedProvider("embedded", _ => [], IntensityCapabilities.Latest | IntensityCapabilities.History),
        ]);

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => service.GetForecastAsync(s_de, TestContext.Current.CancellationToken));

        Assert.Equal("no provider has a forecast for DE: watttime: watttime did not answer; embedded: cannot answer this (no forecast)", error.Message);
    }

    [Fact]
    public async Task A_network_answer_is_cached_until_its_time_to_live_runs_out_on_the_clock()
    {
        var time = new FakeTimeProvider(s_t0);
        var live = new ScriptedProvider("electricitymaps", _ => [Point(time.GetUtcNow(), 60, 300, "electricitymaps")]);
        var service = new IntensityService([live], new MemoryCache(), time, new IntensityCacheTtl { Latest = TimeSpan.FromMinutes(5) });

        var first = await service.GetLatestAsync(s_de, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(4));
        var second = await service.GetLatestAsync(s_de, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(2));
        var third = await service.GetLatestAsync(s_de, TestContext.Current.CancellationToken);

        Assert.Equal((false, true, false), (first.FromCache, second.FromCache, third.FromCache));
        Assert.Equal(2, live.Calls);
        Assert.Equal(first.Points, second.Points); // the cached answer keeps its fetch time
    }

    [Fact]
    public async Task Offline_a_network_provider_answers_from_the_cache_only_and_local_providers_still_answer()
    {
        var time = new FakeTimeProvider(s_t0);
        var cache = new MemoryCache();
        var live = new ScriptedProvider("electricitymaps", _ => [Point(s_t0, 60, 300, "electricitymaps")]);
        await new IntensityService([live], cache, time).GetLatestAsync(s_de, TestContext.Current.CancellationToken);
        var embedded = new ScriptedProvider("embedded", _ => [Point(s_t0, 60, 380, "embedded")]);

        var cached = await new IntensityService([live], cache, time, offline: true).GetLatestAsync(s_de, TestContext.Current.CancellationToken);
        var other = await new IntensityService([live, embedded], cache, time, offline: true).GetLatestAsync(new GridZone("FR"), TestContext.Current.CancellationToken);

        Assert.Equal(1, live.Calls);
        Assert.True(cached.FromCache);
        Assert.Equal("embedded", other.Source);
        Assert.Equal(["electricitymaps: offline, and no cached answer to this question"], other.Fallbacks);
    }

    [Fact]
    public async Task The_run_intensity_is_the_time_weighted_average_of_the_history_over_the_run()
    {
        // 30 min at 100 g, then 10 min at 400 g: (30 x 100 + 10 x 400) / 40 = 175 g/kWh.
        var live = new ScriptedProvider("electricitymaps", _ =>
        [
            Point(s_t0.AddMinutes(-30), 60, 100, "electricitymaps"),
            Point(s_t0.AddMinutes(30), 60, 400, "electricitymaps"),
            Point(s_t0.AddMinutes(90), 60, null, "electricitymaps"),
        ]);
        var service = new IntensityService([live]);

        var estimate = await service.GetAverageAsync("DE", s_t0, s_t0.AddMinutes(40), TestContext.Current.CancellationToken);
        var partly = await service.GetAverageAsync("DE", s_t0.AddMinutes(60), s_t0.AddMinutes(120), TestContext.Current.CancellationToken);

        Assert.Equal(175, estimate.Value.GramsPerKilowattHour, 9);
        Assert.Null(estimate.Provenance.FallbackReason);
        Assert.Equal(400, partly.Value.GramsPerKilowattHour, 9); // the gap (null value) is left out of the weights
        Assert.Equal("the data covers 50 % of the run", partly.Provenance.FallbackReason);
    }

    [Fact]
    public async Task Without_history_for_the_run_the_latest_value_is_used_and_said_to_be()
    {
        var live = new ScriptedProvider("electricitymaps", kind => kind == IntensityCapabilities.History ? [] : [Point(s_t0, 60, 250, "electricitymaps")]);
        var service = new IntensityService([live]);

        var estimate = await service.GetAverageAsync("DE", s_t0, s_t0.AddMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(250, estimate.Value.GramsPerKilowattHour);
        Assert.Equal("latest value used: no history for the run's span; electricitymaps: no value for the run's time span", estimate.Provenance.FallbackReason);
    }

    [Fact]
    public async Task A_cloud_region_is_asked_of_live_providers_as_its_grid_zone_and_of_local_ones_as_given()
    {
        GridZone? askedLive = null;
        var live = new ScriptedProvider("electricitymaps", _ => [Point(s_t0, 60, 55, "electricitymaps")]) { OnAsk = zone => askedLive = zone };
        var service = new IntensityService([live], zoneFor: IntensityService.CloudRegionsToGridZones);

        var answer = await service.GetLatestAsync(new GridZone("aws:eu-west-3"), TestContext.Current.CancellationToken);

        Assert.Equal("FR", askedLive!.Key);
        Assert.Equal("aws:eu-west-3", answer.Zone.Key);
        Assert.Equal("aws:eu-west-3", IntensityService.CloudRegionsToGridZones(new ScriptedProvider("embedded", _ => []), new GridZone("aws:eu-west-3")).Key);
        Assert.Equal("DE", IntensityService.CloudRegionsToGridZones(live, new GridZone("DE")).Key);
        Assert.Equal("NL", EmbeddedIntensity.Default.Find("azure:westeurope")!.GridZone);
        Assert.Equal("BE", EmbeddedIntensity.Default.Find("gcp:europe-west1")!.GridZone);
    }

    [Fact]
    public void The_average_weights_by_overlap_and_an_instant_takes_the_point_that_holds_it()
    {
        IntensityPoint[] points = [Point(s_t0, 60, 100, "x"), Point(s_t0.AddHours(1), 60, 200, "x")];

        Assert.Equal(150, IntensityAverage.Over(points, s_t0.AddMinutes(30), s_t0.AddMinutes(90), out var covered)!.Value.GramsPerKilowattHour, 9);
        Assert.Equal(TimeSpan.FromHours(1), covered);
        Assert.Equal(200, IntensityAverage.Over(points, s_t0.AddMinutes(61), s_t0.AddMinutes(61), out _)!.Value.GramsPerKilowattHour);
        Assert.Null(IntensityAverage.Over(points, s_t0.AddHours(3), s_t0.AddHours(4), out _));
    }

    private static IntensityPoint Point(DateTimeOffset start, int minutes, double? grams, string source) => new(
        start,
        TimeSpan.FromMinutes(minutes),
        grams is { } g ? CarbonIntensity.FromGramsPerKilowattHour(g) : null,
        new IntensityProvenance(source, "DE", IntensityKind.Measured, IntensitySignal.Average, s_t0));

    /// <summary>A provider of the test's own: its answers come from a function of the question asked.</summary>
    private sealed class ScriptedProvider(string name, Func<IntensityCapabilities, IReadOnlyList<IntensityPoint>> answer, IntensityCapabilities capabilities = IntensityCapabilities.Latest | IntensityCapabilities.History | IntensityCapabilities.Forecast) : ICarbonIntensityProvider
    {
        public int Calls { get; private set; }

        public Action<GridZone>? OnAsk { get; init; }

        public string Name => name;

        public IntensityCapabilities Capabilities => capabilities;

        public Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default)
        {
            Calls++;
            OnAsk?.Invoke(zone);
            return Task.FromResult(answer(IntensityCapabilities.Latest)[^1]);
        }

        public Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(answer(IntensityCapabilities.History));
        }

        public Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(answer(IntensityCapabilities.Forecast));
        }
    }

    private sealed class MemoryCache : IIntensityCache
    {
        private readonly Dictionary<string, (IReadOnlyList<IntensityPoint> Points, DateTimeOffset ExpiresAt)> _entries = [];

        public bool TryGet(string key, DateTimeOffset now, out IReadOnlyList<IntensityPoint> points)
        {
            if (_entries.TryGetValue(key, out var entry) && now < entry.ExpiresAt)
            {
                points = entry.Points;
                return true;
            }

            points = [];
            return false;
        }

        public void Put(string key, IReadOnlyList<IntensityPoint> points, DateTimeOffset fetchedAt, DateTimeOffset expiresAt) => _entries[key] = (points, expiresAt);
    }
}
