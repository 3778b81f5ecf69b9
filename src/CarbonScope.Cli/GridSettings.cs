using System.Globalization;
using CarbonScope.Grid;
using CarbonScope.Grid.Files;
using CarbonScope.Grid.Providers;
using Microsoft.Extensions.Configuration;

namespace CarbonScope.Cli;

/// <summary>
/// The grid providers from configuration: section <c>Grid:&lt;Provider&gt;</c> (<c>BaseUrl</c>, <c>ApiKey</c>,
/// <c>Username</c>, <c>Password</c>, <c>Timeout</c>, <c>MaxRetries</c>; environment <c>CARBONSCOPE_GRID__ELECTRICITYMAPS__APIKEY</c> and so
/// on) and the chain <c>Grid:Chain</c> (names separated by commas; default: the live providers whose credentials are
/// set, then <c>embedded</c>). Credentials go into the providers only: never into messages.
/// </summary>
internal static class GridSettings
{
    /// <summary>The provider names, as in configuration and <c>--source</c>.</summary>
    public static readonly string[] Names = ["electricitymaps", "watttime", "ukgrid", "energidataservice", "embedded"];

    /// <summary>The chain to ask: <paramref name="source"/> alone, the file alone, or the configured chain.</summary>
    /// <exception cref="UsageException">An unknown provider name, a bad setting, or a file that cannot be read.</exception>
    public static IReadOnlyList<ICarbonIntensityProvider> Chain(CliSettings settings, HttpClient http, TimeProvider time, string? source = null, string? file = null)
    {
        if (file is not null)
        {
            return [LoadFile(file, time)];
        }

        if (source is not null)
        {
            return [Create(source, settings, http, time, "--source")];
        }

        var chain = settings.Section("Grid")["Chain"] is { Length: > 0 } configured
            ? configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. Names.Where(name => name != "embedded" && HasCredentials(settings.Section("Grid").GetSection(Section(name)))), "embedded"];
        return [.. chain.Select(name => Create(name, settings, http, time, "Grid:Chain"))];
    }

    /// <summary>The history store as the cache of fetched intensity answers; null (no cache) when it cannot be opened.</summary>
    public static CarbonScope.Storage.SqliteRunStore? OpenCache(CliContext context)
    {
        try
        {
            var path = context.Settings.Find("Store")?.Value is { Length: > 0 } configured ? Path.GetFullPath(configured) : CarbonScope.Storage.RunStorePaths.Default(context.Environment);
            return CarbonScope.Storage.SqliteRunStore.Open(path);
        }
        catch (CarbonScope.Storage.RunStoreException)
        {
            return null; // no cache: every question goes to the providers
        }
    }

    /// <summary>An intensity file (<c>--file</c>); one that cannot be read is the user's mistake (exit 2).</summary>
    /// <exception cref="UsageException">The file is missing, of an unknown format, or malformed; the message says where.</exception>
    public static IntensityFileProvider LoadFile(string file, TimeProvider? time = null)
    {
        try
        {
            return IntensityFileProvider.Load(Path.GetFullPath(file), time);
        }
        catch (IntensityProviderException exception)
        {
            throw new UsageException(exception.Message, exception);
        }
    }

    /// <summary>The zone as providers take it: a country code becomes its alpha-2 code, <c>LAT,LON</c> a position, anything else is passed as written.</summary>
    public static GridZone Zone(string text)
    {
        var trimmed = text.Trim();
        var comma = trimmed.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0
            && double.TryParse(trimmed.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            && double.TryParse(trimmed.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
        {
            if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                throw new UsageException($"'{trimmed}' is not a position: latitude is -90 to 90 and longitude -180 to 180, e.g. 48.85,2.35.");
            }

            return new GridZone(string.Create(CultureInfo.InvariantCulture, $"{latitude},{longitude}"), latitude, longitude);
        }

        return Countries.TryResolve(trimmed, out var country, out _) ? new GridZone(country.Alpha2) : new GridZone(trimmed);
    }

    private static ICarbonIntensityProvider Create(string name, CliSettings settings, HttpClient http, TimeProvider time, string origin)
    {
        var section = settings.Section("Grid").GetSection(Section(name));
        var options = Options(section, name);
        return name.ToLowerInvariant() switch
        {
            "electricitymaps" => new ElectricityMapsProvider(http, options, time),
            "watttime" => new WattTimeProvider(http, options, time),
            "ukgrid" => new UkCarbonIntensityProvider(http, options, time),
            "energidataservice" => new EnergiDataServiceProvider(http, options, time),
            "embedded" => new EmbeddedIntensityProvider(time: time),
            _ => throw new UsageException($"{origin}: '{name}' is not a grid provider: use one of {string.Join(", ", Names)} (or --file FILE)."),
        };
    }

    private static string Section(string name) => name.ToLowerInvariant() switch
    {
        "electricitymaps" => "ElectricityMaps",
        "watttime" => "WattTime",
        "ukgrid" => "UkGrid",
        "energidataservice" => "EnergiDataService",
        _ => name,
    };

    private static bool HasCredentials(IConfigurationSection section) =>
        !string.IsNullOrWhiteSpace(section["ApiKey"]) || !string.IsNullOrWhiteSpace(section["Username"]);

    private static GridProviderOptions Options(IConfigurationSection section, string name)
    {
        var options = new GridProviderOptions
        {
            ApiKey = section["ApiKey"].NullIfEmpty(),
            Username = section["Username"].NullIfEmpty(),
            Password = section["Password"].NullIfEmpty(),
        };
        if (section["BaseUrl"] is { Length: > 0 } baseUrl)
        {
            options.BaseUrl = Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new UsageException($"Grid:{Section(name)}:BaseUrl: '{baseUrl}' is not an http(s) address.");
        }

        if (section["Timeout"] is { Length: > 0 } timeout)
        {
            options.Timeout = Units.DurationText.TryParse(timeout, out var span) && span > TimeSpan.Zero && span <= TimeSpan.FromMinutes(10)
                ? span
                : throw new UsageException($"Grid:{Section(name)}:Timeout: '{timeout}' is not a duration from 1ms to 10m, e.g. 10s.");
        }

        if (section["MaxRetries"] is { Length: > 0 } retries)
        {
            options.MaxRetries = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 10
                ? count
                : throw new UsageException($"Grid:{Section(name)}:MaxRetries: '{retries}' is not a number of retries from 0 to 10.");
        }

        return options;
    }
}
