using CarbonScope.Grid;
using CarbonScope.Tests.Reporting;
using CarbonScope.Units;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CarbonScope.Storage.Tests;

/// <summary>The intensity cache in the history store (schema version 2).</summary>
public sealed class IntensityCacheTests : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Path => _directory.File("runs.db");

    [Fact]
    public void Points_come_back_exactly_until_they_expire()
    {
        IntensityPoint[] points =
        [
            new(s_t0, TimeSpan.FromMinutes(30), CarbonIntensity.FromGramsPerKilowattHour(123.456789), new IntensityProvenance("electricitymaps", "DE", IntensityKind.Measured, IntensitySignal.Average, s_t0.AddSeconds(5), null, "Germany", null), IsEstimated: true),
            new(s_t0.AddMinutes(30), TimeSpan.FromMinutes(30), null, new IntensityProvenance("watttime", "CAISO_NORTH", IntensityKind.Forecast, IntensitySignal.Marginal, s_t0, 2024, null, "d")),
        ];
        using var store = SqliteRunStore.Open(Path);

        store.Put("k", points, s_t0, s_t0.AddMinutes(5));

        Assert.True(store.TryGet("k", s_t0.AddMinutes(4), out var back));
        Assert.Equal(points, back);
        Assert.False(store.TryGet("k", s_t0.AddMinutes(5), out _));
        Assert.False(store.TryGet("other", s_t0, out _));
    }

    [Fact]
    public void A_version_1_store_is_migrated_to_the_latest_version_and_keeps_its_runs()
    {
        using (var store = SqliteRunStore.Open(Path))
        {
            store.CompleteRun(TestData.Full(), TestData.Samples(0, 3));
        }

        Execute("DROP TABLE sustainml_records; DROP TABLE intensity_cache; ALTER TABLE runs DROP COLUMN schedule_json; PRAGMA user_version = 1;");

        using var reopened = SqliteRunStore.Open(Path);
        Assert.Equal(SqliteRunStore.LatestSchemaVersion, reopened.SchemaVersion());
        RunRecordAssert.Same(TestData.Full(), reopened.FindRun(TestData.Full().Id)!);
        reopened.Put("k", [], s_t0, s_t0.AddHours(1));
        Assert.True(reopened.TryGet("k", s_t0, out var empty));
        Assert.Empty(empty);
    }

    [Fact]
    public async Task The_service_answers_a_repeated_question_from_the_store_across_processes()
    {
        var time = new FakeTimeProvider(s_t0);
        var calls = 0;
        var live = new CountingProvider(() => calls++);
        using (var first = SqliteRunStore.Open(Path))
        {
            await new IntensityService([live], first, time).GetLatestAsync(new GridZone("DE"), TestContext.Current.CancellationToken);
        }

        using var second = SqliteRunStore.Open(Path);
        var answer = await new IntensityService([live], second, time, offline: true).GetLatestAsync(new GridZone("DE"), TestContext.Current.CancellationToken);

        Assert.Equal(1, calls);
        Assert.True(answer.FromCache);
        Assert.Equal(321, answer.Points[0].Value!.Value.GramsPerKilowattHour);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class CountingProvider(Action onCall) : ICarbonIntensityProvider
    {
        public string Name => "electricitymaps";

        public IntensityCapabilities Capabilities => IntensityCapabilities.Latest;

        public Task<IntensityPoint> GetLatestAsync(GridZone zone, CancellationToken cancellationToken = default)
        {
            onCall();
            return Task.FromResult(new IntensityPoint(s_t0, TimeSpan.FromHours(1), CarbonIntensity.FromGramsPerKilowattHour(321), new IntensityProvenance("electricitymaps", "DE", IntensityKind.Measured, IntensitySignal.Average, s_t0)));
        }

        public Task<IReadOnlyList<IntensityPoint>> GetHistoryAsync(GridZone zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<IntensityPoint>> GetForecastAsync(GridZone zone, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
