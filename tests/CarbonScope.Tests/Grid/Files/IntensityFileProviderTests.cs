using CarbonScope.Grid;
using CarbonScope.Grid.Files;
using Microsoft.Extensions.Time.Testing;
using Parquet;
using Parquet.Schema;

namespace CarbonScope.Tests.Grid.Files;

public sealed class IntensityFileProviderTests : IDisposable
{
    private static readonly DateTimeOffset s_loadTime = new(2024, 6, 1, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_t0 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("carbonscope-files-").FullName;
    private readonly FakeTimeProvider _time = new(s_loadTime);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Carbon_aware_trainer_json_gives_measured_and_forecast_points_with_provenance()
    {
        var path = Write("cache.json", """
            {"regions": {"DE": {
              "historical": [
                {"timestamp": "2024-05-01T00:00:00Z", "carbon_intensity": 300.5, "renewable_percentage": 0.4, "confidence": 0.9},
                {"timestamp": "2024-05-01T01:00:00Z", "carbon_intensity": 280}
              ],
              "forecast": [
                {"timestamp": "2024-05-01T02:00:00Z", "carbon_intensity": 250},
                {"timestamp": "2024-05-01T02:30:00Z", "carbon_intensity": 240}
              ],
              "energy_mix": {"wind": 0.3}
            }}}
            """);

        var provider = IntensityFileProvider.Load(path, _time);

        Assert.Equal("file", provider.Name);
        var latest = await provider.GetLatestAsync(new GridZone("DE"), TestContext.Current.CancellationToken);
        Assert.Equal(s_t0.AddHours(1), latest.Start);
        Assert.Equal(TimeSpan.FromHours(1), latest.Duration);
        Assert.Equal(280, latest.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(new IntensityProvenance("file:cache.json", "DE", IntensityKind.Measured, IntensitySignal.Average, FetchedAt: s_loadTime), latest.Provenance);

        var forecast = await provider.GetForecastAsync(new GridZone("DE"), TestContext.Current.CancellationToken);
        Assert.Equal([250.0, 240.0], forecast.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.All(forecast, p => Assert.Equal(IntensityKind.Forecast, p.Provenance.Kind));
        Assert.Equal([TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30)], forecast.Select(p => p.Duration));

        var history = await provider.GetHistoryAsync(new GridZone("DE"), s_t0, s_t0.AddHours(3), TestContext.Current.CancellationToken);
        Assert.Equal([300.5, 280.0], history.Select(p => p.Value!.Value.GramsPerKilowattHour));
    }

    [Fact]
    public async Task Keys_and_zones_match_in_any_case()
    {
        var path = Write("upper.json", """
            {"REGIONS": {"de": {"Historical": [{"TimeStamp": "2024-05-01T00:00:00Z", "Carbon_Intensity": 100}]}}}
            """);

        var provider = IntensityFileProvider.Load(path, _time);

        var latest = await provider.GetLatestAsync(new GridZone("DE"), TestContext.Current.CancellationToken);
        Assert.Equal(100, latest.Value!.Value.GramsPerKilowattHour);
        Assert.Equal("de", latest.Provenance.Zone);
        Assert.Equal(TimeSpan.FromHours(1), latest.Duration); // a single point lasts one hour
    }

    [Fact]
    public async Task Carbon_aware_sdk_json_uses_its_durations_and_offsets()
    {
        var path = Write("sdk.json", """
            {"emissions": [
              {"location": "eastus", "time": "2021-10-25T02:00:00+02:00", "rating": 123.4, "duration": "00:30:00"},
              {"Location": "eastus", "Time": "2021-10-25T01:00:00+00:00", "Rating": 100, "Duration": "01:00:00"},
              {"LOCATION": "westus", "TIME": "2021-10-25T00:00:00-07:00", "RATING": "50.5"}
            ]}
            """);

        var provider = IntensityFileProvider.Load(path, _time);

        var start = new DateTimeOffset(2021, 10, 25, 0, 0, 0, TimeSpan.Zero);
        var east = await provider.GetHistoryAsync(new GridZone("EastUS"), start, start.AddDays(1), TestContext.Current.CancellationToken);
        Assert.Equal([start, start.AddHours(1)], east.Select(p => p.Start));
        Assert.Equal([TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)], east.Select(p => p.Duration));
        Assert.Equal([123.4, 100.0], east.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.Equal(TimeSpan.Zero, east[0].Start.Offset);

        var west = await provider.GetLatestAsync(new GridZone("westus"), TestContext.Current.CancellationToken);
        Assert.Equal(start.AddHours(7), west.Start);
        Assert.Equal(50.5, west.Value!.Value.GramsPerKilowattHour);
        Assert.Equal(["eastus", "westus"], provider.Zones);
    }

    [Fact]
    public async Task Csv_with_any_case_columns_unsorted_rows_and_duplicates_sorts_and_keeps_the_last()
    {
        var path = Write("cache.csv", """
            Region,TIMESTAMP,Carbon_Intensity,renewable_percentage,confidence
            FR,2024-05-01T02:00:00Z,30,0.9,1
            FR,2024-05-01T00:00:00Z,50,0.9,1
            FR,2024-05-01 01:00:00+00:00,45,0.9,1
            FR,2024-05-01T00:00:00Z,55,0.9,1
            DE,2024-05-01T00:00:00Z,,,
            """);

        var provider = IntensityFileProvider.Load(path, _time);

        var points = await provider.GetHistoryAsync(new GridZone("fr"), s_t0, s_t0.AddHours(10), TestContext.Current.CancellationToken);
        Assert.Equal([s_t0, s_t0.AddHours(1), s_t0.AddHours(2)], points.Select(p => p.Start));
        Assert.Equal([55.0, 45.0, 30.0], points.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.All(points, p => Assert.Equal(TimeSpan.FromHours(1), p.Duration));
        Assert.Equal("file:cache.csv", points[0].Provenance.Source);

        // An empty value is a gap: history shows it, latest has nothing measured.
        var gap = await provider.GetHistoryAsync(new GridZone("DE"), s_t0, s_t0.AddHours(1), TestContext.Current.CancellationToken);
        Assert.Null(Assert.Single(gap).Value);
        var noData = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetLatestAsync(new GridZone("DE"), TestContext.Current.CancellationToken));
        Assert.Equal(IntensityFailure.NoData, noData.Failure);
    }

    [Fact]
    public async Task Durations_are_inferred_from_the_next_point_and_the_last_from_the_spacing_before_it()
    {
        var path = Write("gaps.csv", """
            region,timestamp,carbon_intensity
            X,2024-05-01T00:00:00Z,1
            X,2024-05-01T00:15:00Z,2
            X,2024-05-01T01:15:00Z,3
            """);

        var provider = IntensityFileProvider.Load(path, _time);

        var points = await provider.GetHistoryAsync(new GridZone("X"), s_t0, s_t0.AddDays(1), TestContext.Current.CancellationToken);
        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(1)], points.Select(p => p.Duration));
    }

    [Fact]
    public async Task History_returns_the_points_that_overlap_the_half_open_range()
    {
        var path = Write("range.csv", """
            region,timestamp,carbon_intensity,duration
            X,2024-05-01T00:00:00Z,1,01:00:00
            X,2024-05-01T01:00:00Z,2,01:00:00
            X,2024-05-01T02:00:00Z,3,01:00:00
            X,2024-05-01T02:30:00Z,4,PT2H
            """);

        var provider = IntensityFileProvider.Load(path, _time);

        var points = await provider.GetHistoryAsync(new GridZone("X"), s_t0.AddMinutes(90), s_t0.AddHours(2), TestContext.Current.CancellationToken);
        Assert.Equal([2.0], points.Select(p => p.Value!.Value.GramsPerKilowattHour));
        var later = await provider.GetHistoryAsync(new GridZone("X"), s_t0.AddHours(3), s_t0.AddHours(4), TestContext.Current.CancellationToken);
        Assert.Equal([4.0], later.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.Equal(TimeSpan.FromHours(2), later[0].Duration);
    }

    [Fact]
    public async Task Parquet_with_string_timestamps_is_read()
    {
        var path = Path.Combine(_directory, "cache.parquet");
        var region = new DataField<string>("region");
        var timestamp = new DataField<string>("Timestamp");
        var intensity = new DataField<double>("carbon_intensity");
        await WriteParquetAsync(path, new ParquetSchema(region, timestamp, intensity), async group =>
        {
            await group.WriteAsync(region, ["SE-SE3", "SE-SE3", "NO1"]);
            await group.WriteAsync(timestamp, ["2024-05-01T01:00:00+01:00", "2024-05-01T01:00:00Z", "2024-05-01T00:00:00Z"]);
            await group.WriteAsync<double>(intensity, new double[] { 20, 25.5, 10 });
        });

        var provider = IntensityFileProvider.Load(path, _time);

        var points = await provider.GetHistoryAsync(new GridZone("se-se3"), s_t0, s_t0.AddHours(5), TestContext.Current.CancellationToken);
        Assert.Equal([s_t0, s_t0.AddHours(1)], points.Select(p => p.Start));
        Assert.Equal([20.0, 25.5], points.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.Equal("file:cache.parquet", points[0].Provenance.Source);
        Assert.Equal(["NO1", "SE-SE3"], provider.Zones);
    }

    [Fact]
    public async Task Parquet_with_native_timestamps_and_nullable_values_is_read()
    {
        var path = Path.Combine(_directory, "native.parquet");
        var region = new DataField<string>("REGION");
        var timestamp = new DataField<DateTime>("timestamp");
        var intensity = new DataField<double?>("carbon_intensity");
        await WriteParquetAsync(path, new ParquetSchema(region, timestamp, intensity), async group =>
        {
            await group.WriteAsync(region, ["DE", "DE"]);
            await group.WriteAsync<DateTime>(timestamp, new[] { s_t0.UtcDateTime, s_t0.UtcDateTime.AddHours(1) });
            await group.WriteAsync<double>(intensity, new double?[] { 310, null });
        });

        var provider = IntensityFileProvider.Load(path, _time);

        var points = await provider.GetHistoryAsync(new GridZone("DE"), s_t0, s_t0.AddHours(5), TestContext.Current.CancellationToken);
        Assert.Equal([s_t0, s_t0.AddHours(1)], points.Select(p => p.Start));
        Assert.Equal(310, points[0].Value!.Value.GramsPerKilowattHour);
        Assert.Null(points[1].Value);
        var latest = await provider.GetLatestAsync(new GridZone("DE"), TestContext.Current.CancellationToken);
        Assert.Equal(s_t0, latest.Start);
    }

    [Fact]
    public async Task A_parquet_file_without_the_timestamp_column_names_it()
    {
        var path = Path.Combine(_directory, "bad.parquet");
        var region = new DataField<string>("region");
        var intensity = new DataField<double>("carbon_intensity");
        await WriteParquetAsync(path, new ParquetSchema(region, intensity), async group =>
        {
            await group.WriteAsync(region, ["DE"]);
            await group.WriteAsync<double>(intensity, new double[] { 1 });
        });

        var error = Assert.Throws<IntensityProviderException>(() => IntensityFileProvider.Load(path, _time));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Equal($"{path}: schema: missing column `timestamp` (the columns are 'region,carbon_intensity')", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_malformed()
    {
        var path = Write("fake.parquet", "region,timestamp\n");

        var error = Assert.Throws<IntensityProviderException>(() => IntensityFileProvider.Load(path, _time));

        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.StartsWith($"{path}: not a readable Parquet file: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("region,time_stamp,carbon_intensity\nDE,2024-05-01T00:00:00Z,1\n", "line 1: missing column `timestamp` (the columns are 'region,time_stamp,carbon_intensity')")]
    [InlineData("timestamp,carbon_intensity\n2024-05-01T00:00:00Z,1\n", "line 1: missing column `region` (the columns are 'timestamp,carbon_intensity')")]
    [InlineData("region,timestamp,carbon_intensity\nDE,2024-05-01T00:00:00Z,1\nDE,2024-05-01T01:00:00Z,abc\n", "line 3: column `carbon_intensity`: `abc` is not a number")]
    [InlineData("region,timestamp,carbon_intensity\nDE,2024-05-01T00:00:00,1\n", "line 2: timestamp `2024-05-01T00:00:00` has no offset: add Z (UTC) or an offset such as +02:00")]
    [InlineData("region,timestamp,carbon_intensity\nDE,yesterday,1\n", "line 2: `yesterday` is not a timestamp (expected ISO 8601 such as 2024-05-01T12:00:00Z)")]
    [InlineData("region,timestamp,carbon_intensity\nDE,2024-05-01T00:00:00Z,-5\n", "line 2: column `carbon_intensity`: `-5` is not a carbon intensity (negative or not finite)")]
    [InlineData("region,timestamp,carbon_intensity\n\nDE,2024-05-01T00:00:00Z\n", "line 3: 2 fields where the header has 3")]
    [InlineData("region,timestamp,carbon_intensity\n,2024-05-01T00:00:00Z,1\n", "line 2: empty `region`")]
    [InlineData("region,timestamp,carbon_intensity,duration\nDE,2024-05-01T00:00:00Z,1,00:00:00\n", "line 2: duration `00:00:00` is not positive")]
    [InlineData("region,timestamp,carbon_intensity\n", "the file holds no intensity points")]
    [InlineData("\n\n", "the file is empty")]
    [InlineData("", "the file is empty")]
    public void A_broken_csv_file_names_the_line_and_the_problem(string content, string problem)
    {
        var path = Write("broken.csv", content);

        var error = Assert.Throws<IntensityProviderException>(() => IntensityFileProvider.Load(path, _time));

        Assert.Equal("file", error.Provider);
        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Equal($"{path}: {problem}", error.Message);
    }

    [Theory]
    [InlineData("""{"regions":{"DE":{"historical":[{"timestamp":"2024-05-01T00:00:00Z","carbon_intensity":1},{"timestamp":"2024-05-01T01:00:00Z","carbon_intensity":1},{"timestamp":"2024-05-01T02:00:00Z","carbon_intensity":1},{"timestamp":"2024-05-01T03:00:00Z","carbon_intensity":"abc"}]}}}""", "$.regions.DE.historical[3].carbon_intensity: `abc` is not a number")]
    [InlineData("""{"regions":{"DE":{"forecast":[{"carbon_intensity":1}]}}}""", "$.regions.DE.forecast[0]: missing `timestamp`")]
    [InlineData("""{"regions":{"DE":{"historical":[{"timestamp":"2024-05-01T00:00:00","carbon_intensity":1}]}}}""", "$.regions.DE.historical[0].timestamp: timestamp `2024-05-01T00:00:00` has no offset: add Z (UTC) or an offset such as +02:00")]
    [InlineData("""{"regions":{"aws:eu-west-3":{"historical":[{"timestamp":1714521600,"carbon_intensity":1}]}}}""", "$.regions['aws:eu-west-3'].historical[0].timestamp: expected a timestamp string, found the number 1714521600")]
    [InlineData("""{"regions":{"DE":{"historical":[{"timestamp":"2024-05-01T00:00:00Z","carbon_intensity":true}]}}}""", "$.regions.DE.historical[0].carbon_intensity: `true` is not a number")]
    [InlineData("""{"regions":{"DE":{"historical":{}}}}""", "$.regions.DE.historical: expected an array, found an object")]
    [InlineData("""{"regions":[]}""", "$.regions: expected an object of zones, found an array")]
    [InlineData("""{"Emissions":[{"Location":"eastus","Time":"2021-10-25T00:00:00Z","Rating":1,"Duration":"soon"}]}""", "$.Emissions[0].Duration: `soon` is not a duration such as 01:00:00")]
    [InlineData("""{"Emissions":[{"Time":"2021-10-25T00:00:00Z","Rating":1}]}""", "$.Emissions[0]: missing `location`")]
    [InlineData("""{"Emissions":[{"Location":"eastus","Time":"2021-10-25T00:00:00Z"}]}""", "$.Emissions[0]: missing `rating`")]
    [InlineData("""{"Emissions":[{"Location":"eastus","Time":"2021-10-25T00:00:00Z","Rating":-1}]}""", "$.Emissions[0].Rating: `-1` is not a carbon intensity (negative or not finite)")]
    [InlineData("""{"Emissions":[{"Location":"eastus","Time":"2021-10-25T00:00:00Z","Rating":1e999}]}""", "$.Emissions[0].Rating: `1e999` is out of range")]
    [InlineData("""{"Emissions":[{"Location":" ","Time":"2021-10-25T00:00:00Z","Rating":1}]}""", "$.Emissions[0].Location: expected a zone name, found the string \" \"")]
    [InlineData("""{"Emissions":{"Location":"eastus"}}""", "$.Emissions: expected an array, found an object")]
    [InlineData("""[1]""", "$[0]: expected an object, found the number 1")]
    [InlineData("""{"Emissions":[{"Location":"eastus","Time":"2021-10-25T00:00:00Z","Rating":1,"Duration":60}]}""", "$.Emissions[0].Duration: expected a duration such as \"01:00:00\", found the number 60")]
    [InlineData("""{"data":[]}""", "$: neither `regions` (Carbon-Aware-Trainer) nor `Emissions` (Carbon Aware SDK)")]
    [InlineData("""{"regions":{"DE":{"historical":[]}}}""", "the file holds no intensity points")]
    [InlineData("{\"regions\":\n{\"DE\": }", "not valid JSON at line 2, byte 8")]
    [InlineData("   ", "not valid JSON at line 1, byte 4")]
    [InlineData("", "the file is empty")]
    public void A_broken_json_file_names_the_json_path_and_the_problem(string content, string problem)
    {
        var path = Write("broken.json", content);

        var error = Assert.Throws<IntensityProviderException>(() => IntensityFileProvider.Load(path, _time));

        Assert.Equal("file", error.Provider);
        Assert.Equal(IntensityFailure.Malformed, error.Failure);
        Assert.Equal($"{path}: {problem}", error.Message);
    }

    [Fact]
    public void A_json_syntax_error_is_reported_before_a_problem_with_the_content()
    {
        var path = Write("late.json", """{"Emissions":[{"Location":"eastus","Time":"2021-10-25T00:00:00Z"}], "x": }""");

        var error = Assert.Throws<IntensityProviderException>(() => IntensityFileProvider.Load(path, _time));

        Assert.StartsWith($"{path}: not valid JSON at line 1, byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regions_win_over_emissions_wherever_they_are_in_the_object()
    {
        var path = Write("both.json", """{"Emissions":[{"Location":1}],"regions":{"DE":{"historical":[{"timestamp":"2024-05-01T00:00:00Z","carbon_intensity":1}]}}}""");

        var provider = IntensityFileProvider.Load(path, _time);

        Assert.Equal(["DE"], provider.Zones);
        Assert.Single(await provider.GetHistoryAsync(new GridZone("DE"), s_t0, s_t0.AddHours(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Escaped_json_names_and_values_are_read_like_plain_ones()
    {
        var path = Write("escaped.json", """
            {"Emissions":[
              {"Loc\u0061tion":"east\u0075s","Ti\u006De":"2021-10-25T00:00:00\u005A","Rating":1,"Duration":"01:00:0\u0030"},
              {"Location":"eastus","Time":"2021-10-25T01:00:00Z","Rating":2,"Other":{"nested":[1,2]},"location":"ignored"}
            ]}
            """);

        var provider = IntensityFileProvider.Load(path, _time);

        var start = new DateTimeOffset(2021, 10, 25, 0, 0, 0, TimeSpan.Zero);
        var points = await provider.GetHistoryAsync(new GridZone("eastus"), start, start.AddDays(1), TestContext.Current.CancellationToken);
        Assert.Equal([start, start.AddHours(1)], points.Select(p => p.Start));
        Assert.Equal([1.0, 2.0], points.Select(p => p.Value!.Value.GramsPerKilowattHour));
        Assert.Equal(["eastus"], provider.Zones);
    }

    [Theory]
    [InlineData("2024-05-01T00:00:00Z")]
    [InlineData("2024-05-01T02:30:00.5+02:30")]
    [InlineData("2024-02-29T23:59:59.1234567-14:00")]
    [InlineData("2021-10-25T00:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59+14:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void The_fast_timestamp_path_gives_the_instant_of_the_general_one(string text)
    {
        Assert.True(IntensityFileReader.TryParseTimestamp(System.Text.Encoding.UTF8.GetBytes(text), out var fast));
        Assert.Equal(IntensityFileReader.ParseTimestamp("f", "p", text), fast);
        Assert.Equal(TimeSpan.Zero, fast.Offset);
    }

    [Theory]
    [InlineData("2024-05-01T00:00:00")]
    [InlineData("2024-05-01 00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-05-01T24:00:00Z")]
    [InlineData("2024-05-01T00:00:00+15:00")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("2024-05-01T00:00:00.123456789Z")]
    [InlineData(" 2024-05-01T00:00:00Z")]
    public void Other_timestamps_are_left_to_the_general_path(string text) =>
        Assert.False(IntensityFileReader.TryParseTimestamp(System.Text.Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public async Task An_unknown_zone_lists_the_zones_of_the_file()
    {
        var path = Write("zones.csv", """
            region,timestamp,carbon_intensity
            FR,2024-05-01T00:00:00Z,1
            DE,2024-05-01T00:00:00Z,2
            """);
        var provider = IntensityFileProvider.Load(path, _time);

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetLatestAsync(new GridZone("PL"), TestContext.Current.CancellationToken));

        Assert.Equal(IntensityFailure.UnknownZone, error.Failure);
        Assert.Equal($"{path}: zone 'PL' is not in the file; it has DE, FR", error.Message);
    }

    [Fact]
    public async Task A_zone_without_forecast_points_has_no_forecast()
    {
        var path = Write("noforecast.csv", "region,timestamp,carbon_intensity\nFR,2024-05-01T00:00:00Z,1\n");
        var provider = IntensityFileProvider.Load(path, _time);

        var error = await Assert.ThrowsAsync<IntensityProviderException>(() => provider.GetForecastAsync(new GridZone("FR"), TestContext.Current.CancellationToken));

        Assert.Equal(IntensityFailure.NotSupported, error.Failure);
    }

    [Fact]
    public void Other_extensions_and_missing_files_are_refused()
    {
        var other = Assert.Throws<IntensityProviderException>(() => IntensityFileProvider.Load(Write("data.txt", "x"), _time));
        Assert.Equal(IntensityFailure.NotSupported, other.Failure);

        var missing = Assert.Throws<IntensityProviderException>(() => IntensityFileProvider.Load(Path.Combine(_directory, "missing.csv"), _time));
        Assert.Equal(IntensityFailure.NotFound, missing.Failure);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task WriteParquetAsync(string path, ParquetSchema schema, Func<ParquetRowGroupWriter, Task> write)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        await write(group);
    }
}
