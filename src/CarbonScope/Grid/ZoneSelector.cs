using System.Diagnostics.CodeAnalysis;

namespace CarbonScope.Grid;

/// <summary>
/// Chooses the zone a run's energy is attributed to: the one given (<c>--country</c>, <c>--zone</c>), else the country
/// of the machine's time zone, else the world average. Every choice says where it came from
/// (<see cref="ZoneSelection.Origin"/>, <see cref="ZoneSelection.Detail"/>).
/// </summary>
public static class ZoneSelector
{
    /// <summary>Chooses the zone.</summary>
    /// <param name="country">What the user gave as <c>--country</c> (alpha-2, alpha-3 or WORLD, any case); null when not given.</param>
    /// <param name="zone">
    /// What the user gave as <c>--zone</c>; null when not given: a country code as <c>--country</c> takes, or a grid
    /// zone or cloud region of the embedded data (<c>DK-DK1</c>, <c>US-CAL-CISO</c>, <c>aws:eu-west-3</c>). A live
    /// provider's own zone keys are the caller's to accept when one is configured.
    /// </param>
    /// <param name="localTimeZoneId">The machine's time zone id (<see cref="TimeZoneCountry.MachineTimeZoneId()"/>), or null.</param>
    /// <exception cref="ArgumentException">A given code is unknown, or the two options disagree; the message is one line.</exception>
    public static ZoneSelection Select(string? country, string? zone, string? localTimeZoneId)
    {
        if (!TrySelect(country, zone, localTimeZoneId, out var selection, out var error))
        {
            throw new ArgumentException(error);
        }

        return selection;
    }

    /// <summary>Chooses the zone, as <see cref="Select"/> does, returning the error instead of throwing it.</summary>
    public static bool TrySelect(
        string? country,
        string? zone,
        string? localTimeZoneId,
        [NotNullWhen(true)] out ZoneSelection? selection,
        [NotNullWhen(false)] out string? error)
    {
        selection = null;
        Country? fromCountry = null;
        Country? fromZone = null;
        if (IsEmpty(country, "--country", out error) || IsEmpty(zone, "--zone", out error))
        {
            return false;
        }

        if (country is not null && !Countries.TryResolve(country, out fromCountry, out error))
        {
            return false;
        }

        if (zone is not null && !Countries.TryFind(zone, out fromZone))
        {
            // A grid zone or cloud region of the embedded data: more precise than the country, so it wins over --country.
            if (EmbeddedIntensity.Default.Find(zone.Trim()) is { Kind: AnnualIntensityKind.GridZone or AnnualIntensityKind.CloudRegion } row)
            {
                selection = new ZoneSelection(row.Zone, ZoneOrigin.Given, $"--zone {zone.Trim()}", fromCountry?.Name, fromCountry?.Alpha3);
                error = null;
                return true;
            }

            error = Countries.UnknownMessage(
                zone,
                "is not a known zone",
                " (--zone takes country codes, and the grid zones and cloud regions 'carbonscope zones' lists)");
            return false;
        }

        if (fromCountry is not null && fromZone is not null && fromCountry.Alpha2 != fromZone.Alpha2)
        {
            error = $"--country {country!.Trim()} ({fromCountry.Alpha2}) and --zone {zone!.Trim()} ({fromZone.Alpha2}) name different zones: give one of them";
            return false;
        }

        error = null;
        if (fromCountry is not null || fromZone is not null)
        {
            var detail = (fromCountry, fromZone) switch
            {
                ({ }, { }) => $"--country {country!.Trim()} and --zone {zone!.Trim()}",
                ({ }, null) => $"--country {country!.Trim()}",
                _ => $"--zone {zone!.Trim()}",
            };
            selection = Selection(fromCountry ?? fromZone!, ZoneOrigin.Given, detail);
            return true;
        }

        var timeZone = string.IsNullOrWhiteSpace(localTimeZoneId) ? null : localTimeZoneId.Trim();
        if (TimeZoneCountry.Infer(timeZone) is { } alpha2 && Countries.FindAlpha2(alpha2) is { } inferred)
        {
            selection = Selection(inferred, ZoneOrigin.TimeZone, $"time zone {timeZone}");
            return true;
        }

        selection = Selection(
            Countries.World,
            ZoneOrigin.Default,
            timeZone is null
                ? "no zone given and no time zone to infer one from"
                : $"no zone given and none inferred from the time zone ({timeZone})");
        return true;
    }

    private static bool IsEmpty(string? value, string option, [NotNullWhen(true)] out string? error)
    {
        error = value is not null && string.IsNullOrWhiteSpace(value)
            ? $"{option} is empty: give an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA, or WORLD"
            : null;
        return error is not null;
    }

    private static ZoneSelection Selection(Country country, ZoneOrigin origin, string detail) => country.IsWorld
        ? new ZoneSelection(country.Alpha2, origin, detail)
        : new ZoneSelection(country.Alpha2, origin, detail, country.Name, country.Alpha3);
}
