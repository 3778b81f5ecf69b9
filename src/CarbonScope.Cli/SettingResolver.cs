using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CarbonScope.Footprint;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;

namespace CarbonScope.Cli;

/// <summary>
/// Gives each setting its value: the command line if the option was given, else the configuration (environment, then
/// file), else the default. A configuration value goes through the same parser as the option, and an invalid one is
/// reported with where it came from.
/// </summary>
internal sealed class SettingResolver(ParseResult parse, CliSettings settings)
{
    private readonly List<string> _errors = [];

    /// <summary>The first invalid setting, as one line; null when all are valid.</summary>
    public string? FirstError => _errors.Count > 0 ? _errors[0] : null;

    /// <summary>The value of a setting; see the class remarks for the order.</summary>
    public T Get<T>(Option<T> option, string key, TextParser<T> parser, T fallback)
    {
        if (parse.GetResult(option) is { Implicit: false })
        {
            return parse.GetValue(option)!;
        }

        if (settings.Find(key) is { } setting)
        {
            if (parser(setting.Value, out var value, out var error))
            {
                return value;
            }

            _errors.Add($"{setting.Origin}: {error}");
        }

        return fallback;
    }

    /// <summary>A text setting (no parsing beyond trimming); null when neither given nor configured.</summary>
    public string? Get(Option<string> option, string key)
    {
        if (parse.GetResult(option) is { Implicit: false })
        {
            return parse.GetValue(option).NullIfEmpty();
        }

        return settings.Find(key)?.Value.Trim().NullIfEmpty();
    }

    /// <summary>A switch: given on the command line, or <c>true</c>/<c>false</c> in the configuration.</summary>
    public bool Get(Option<bool> option, string key) => Get(option, key, TextParsers.Boolean, false);
}

/// <summary>The parsers behind the options and their configuration keys: one parser per kind of value.</summary>
internal static class TextParsers
{
    public static bool Text(string text, out string value, out string error)
    {
        value = text.Trim();
        error = string.Empty;
        return true;
    }

    public static bool Boolean(string text, out bool value, out string error)
    {
        error = $"'{text}' is not a switch value: use true or false.";
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                value = true;
                return true;
            case "false" or "0" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool Interval(string text, out TimeSpan value, out string error)
    {
        error = string.Empty;
        if (!DurationText.TryParse(text, out value))
        {
            error = $"'{text}' is not a duration: write a number and a unit, e.g. 200ms, 1s, 5m or 2h.";
            return false;
        }

        if (value < EnergyTracker.MinimumInterval || value > EnergyTracker.MaximumInterval)
        {
            error = $"The interval {text} is outside the allowed range: use 10ms to 1h.";
            return false;
        }

        return true;
    }

    /// <summary>A time: ISO 8601 with a time zone (<c>2025-03-01T12:00Z</c>, <c>2025-03-01T13:00+01:00</c>), or <c>now</c>.</summary>
    public static bool Time(string text, out DateTimeOffset value, out string error)
    {
        error = $"'{text}' is not a time: write ISO 8601 with a time zone, e.g. 2025-03-01T12:00Z or 2025-03-01T13:00+01:00, or 'now'.";
        if (string.Equals(text.Trim(), "now", StringComparison.OrdinalIgnoreCase))
        {
            value = TimeProvider.System.GetUtcNow();
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    public static bool Pue(string text, out double value, out string error)
    {
        error = string.Empty;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            error = $"'{text}' is not a PUE: write a number such as 1.0 (a laptop) or 1.2 (a cloud data centre).";
            return false;
        }

        if (value < CarbonFootprint.MinimumPue || value > CarbonFootprint.MaximumPue)
        {
            error = $"The PUE {text} is outside the allowed range: use 1.0 (no overhead) to 5.0; data centres are about 1.1-1.6.";
            return false;
        }

        return true;
    }

    public static bool Mode(string text, out TrackingMode value, out string error)
    {
        error = $"'{text}' is not a tracking mode: use process or machine.";
        switch (text.Trim().ToLowerInvariant())
        {
            case "process":
                value = TrackingMode.Process;
                return true;
            case "machine":
                value = TrackingMode.Machine;
                return true;
            default:
                value = default;
                return false;
        }
    }

    public static bool Power(string text, out Power? value, out string error)
    {
        error = $"'{text}' is not a power: write a number and a unit, e.g. 150W.";
        if (Units.Power.TryParse(text, CultureInfo.InvariantCulture, out var power))
        {
            value = power;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>A carbon intensity: a number in g CO2e/kWh (<c>400</c>) or with a unit (<c>400g/kWh</c>, <c>0.4 kg/kWh</c>); positive.</summary>
    public static bool Intensity(string text, out CarbonIntensity value, out string error)
    {
        error = $"'{text}' is not a carbon intensity: write a positive number of g CO2e/kWh, e.g. 400 or 400g/kWh.";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var grams) && double.IsFinite(grams))
        {
            value = CarbonIntensity.FromGramsPerKilowattHour(grams);
        }
        else if (!CarbonIntensity.TryParse(text, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        return value > CarbonIntensity.Zero;
    }

    public static bool Format(string text, out OutputFormat value, out string error)
    {
        error = $"'{text}' is not an output format: use text or json.";
        switch (text.Trim().ToLowerInvariant())
        {
            case "text":
                value = OutputFormat.Text;
                return true;
            case "json":
                value = OutputFormat.Json;
                return true;
            default:
                value = default;
                return false;
        }
    }

    /// <summary>An option whose tokens go through <paramref name="parser"/>, reporting its error as a parse error.</summary>
    public static Option<T> Option<T>(string name, string description, string helpName, TextParser<T> parser) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => Parse(result, parser),
    };

    public static T Parse<T>(ArgumentResult result, TextParser<T> parser)
    {
        var text = result.Tokens.Single().Value;
        if (parser(text, out var value, out var error))
        {
            return value;
        }

        result.AddError(error);
        return default!;
    }

    public static string? NullIfEmpty(this string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

/// <summary>How results are printed.</summary>
internal enum OutputFormat
{
    /// <summary>Tables and lines for people.</summary>
    Text,

    /// <summary>JSON for programs.</summary>
    Json,
}
