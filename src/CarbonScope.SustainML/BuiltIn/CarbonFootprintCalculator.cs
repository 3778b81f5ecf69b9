using System.Text.Json;
using CarbonScope.Grid;
using CarbonScope.Units;

namespace CarbonScope.SustainML.BuiltIn;

/// <summary>Which level of the region fallback gave the intensity.</summary>
public enum IntensityLevel
{
    /// <summary>The user's country.</summary>
    Region,

    /// <summary>The average of the country's (or the user's) continent.</summary>
    Continent,

    /// <summary>The world average.</summary>
    World,
}

/// <summary>The intensity chosen for a user's region, with where it comes from.</summary>
/// <param name="Estimate">The intensity and its provenance.</param>
/// <param name="Level">Region, continent or world.</param>
/// <param name="Reason">Why a fallback was used; null for the region itself.</param>
public sealed record RegionIntensity(IntensityEstimate Estimate, IntensityLevel Level, string? Reason);

/// <summary>
/// The Carbon Footprint node's rules: energy (kWh) = power (W) × latency (ms) ÷ 3,600,000 ÷ 1000 (the seeds' units);
/// carbon (g) = energy × the grid intensity of the user's region; the region falls back to its continent's average,
/// then the world's.
/// </summary>
/// <param name="source">
/// Where a country's intensity comes from (an <see cref="IntensityService"/> for live data); null: the embedded annual
/// averages. Continent and world averages always come from <paramref name="embedded"/>.
/// </param>
/// <param name="embedded">The embedded annual averages (default <see cref="EmbeddedIntensity.Default"/>).</param>
/// <param name="timeProvider">The clock for the interval asked of a live source (the last hour); default the system's.</param>
public sealed class CarbonFootprintCalculator(ICarbonIntensitySource? source = null, EmbeddedIntensity? embedded = null, TimeProvider? timeProvider = null)
{
    /// <summary>The prefix of every error this node puts in <c>extra_data</c>.</summary>
    public const string ErrorPrefix = "Failed to obtain carbon footprint information: ";

    private readonly EmbeddedIntensity _embedded = embedded ?? EmbeddedIntensity.Default;
    private readonly ICarbonIntensitySource _source = source ?? embedded ?? EmbeddedIntensity.Default;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    private static readonly Dictionary<string, string> s_continents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AF"] = "AF",
        ["Africa"] = "AF",
        ["AS"] = "AS",
        ["Asia"] = "AS",
        ["EU"] = "EU",
        ["Europe"] = "EU",
        ["NA"] = "NA",
        ["North America"] = "NA",
        ["NorthAmerica"] = "NA",
        ["OC"] = "OC",
        ["Oceania"] = "OC",
        ["Australia"] = "OC",
        ["SA"] = "SA",
        ["South America"] = "SA",
        ["SouthAmerica"] = "SA",
    };

    /// <summary>The energy of one inference in kWh: W × (ms ÷ 3,600,000) ÷ 1000, computed with the unit types.</summary>
    public static Energy Energy(double powerWatts, double latencyMilliseconds) =>
        Units.Energy.FromWattHours(Power.FromWatts(powerWatts).Watts * (latencyMilliseconds / 3_600_000));

    /// <summary>
    /// The intensity for <paramref name="region"/> (ISO 3166-1 alpha-2, any case): the source's figure for the country;
    /// else (unknown code, no figure, or the source failed) the continent's embedded average, the continent being the
    /// country's, else <paramref name="continent"/> (a code such as <c>EU</c> or a name such as <c>Europe</c>); else the
    /// embedded world average.
    /// </summary>
    public async ValueTask<RegionIntensity> IntensityForAsync(string? region, string? continent, CancellationToken cancellationToken = default)
    {
        var code = region?.Trim() ?? "";
        var country = code.Length == 2 ? Countries.FindAlpha2(code) : null;
        string reason;
        if (country is null)
        {
            reason = code.Length == 0 ? "no region given" : $"'{code}' is not an ISO 3166-1 alpha-2 country code";
        }
        else
        {
            try
            {
                var now = _time.GetUtcNow();
                var estimate = await _source.GetAverageAsync(country.Alpha2, now.AddHours(-1), now, cancellationToken).ConfigureAwait(false);
                if (string.Equals(estimate.Provenance.Zone, country.Alpha2, StringComparison.OrdinalIgnoreCase))
                {
                    return new RegionIntensity(estimate, IntensityLevel.Region, null);
                }

                // The source's own fallback (to its world average) is replaced by the continent's below: say only what it lacked.
                reason = $"no figure for {country.Alpha2} in {estimate.Provenance.Source} (it answered for {estimate.Provenance.Zone})";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reason = $"no figure for {country.Alpha2}: {e.Message}";
            }
        }

        var continentCode = country?.Continent ?? (continent is not null && s_continents.TryGetValue(continent.Trim(), out var c) ? c : null);
        if (continentCode is not null && _embedded.Find(Countries.ContinentPrefix + continentCode) is not null)
        {
            return new RegionIntensity(_embedded.Get(Countries.ContinentPrefix + continentCode), IntensityLevel.Continent, reason + "; continent average used");
        }

        return new RegionIntensity(_embedded.World, IntensityLevel.World, reason + (continentCode is null ? "; no continent known" : $"; no average for continent {continentCode}") + "; world average used");
    }

    /// <summary>Fills <paramref name="output"/>.</summary>
    /// <remarks>
    /// Failure (NO_MODEL, an error in the hardware estimate's <c>extra_data</c>, a power or latency that is negative or
    /// not finite, or any exception): all three numbers 0 and <c>{"error": "Failed to obtain carbon footprint
    /// information: &lt;reason&gt;"}</c>. Success: <c>extra_data</c> holds the intensity's provenance
    /// (<c>intensity_source</c>, <c>intensity_zone</c>, <c>intensity_kind</c>, <c>intensity_year</c>,
    /// <c>intensity_level</c>: region, continent or world, <c>intensity_fallback_reason</c>) and, when the user's
    /// <c>extra_data</c> has <c>num_outputs</c>, that value and <c>model_restrains</c> = [this model] + the user's
    /// <c>model_restrains</c>. No other key of the user's <c>extra_data</c> is echoed (so no secret is).
    /// </remarks>
    public async ValueTask ApplyAsync(MLModel model, UserInput userInput, HardwareResource hardware, CO2Footprint output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(userInput);
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            if (InputError(model, hardware) is { } reason)
            {
                Fail(output, reason);
                return;
            }

            var energy = Energy(hardware.PowerConsumptionWatts, hardware.LatencyMilliseconds);
            var intensity = await IntensityForAsync(userInput.GeoLocationRegion, userInput.GeoLocationContinent, cancellationToken).ConfigureAwait(false);
            var carbon = energy * intensity.Estimate.Value;
            output.EnergyConsumption = energy;
            output.CarbonIntensity = intensity.Estimate.Value;
            output.CarbonFootprint = carbon;
            output.ExtraData = JsonText.Object(w =>
            {
                var provenance = intensity.Estimate.Provenance;
                w.WriteString("intensity_source", provenance.Source);
                w.WriteString("intensity_zone", provenance.Zone);
                w.WriteString("intensity_kind", IntensityProvenance.KindName(provenance.Kind));
                if (provenance.Year is { } year)
                {
                    w.WriteNumber("intensity_year", year);
                }

                w.WriteString("intensity_level", intensity.Level.ToString().ToLowerInvariant());
                if (intensity.Reason is not null)
                {
                    w.WriteString("intensity_fallback_reason", intensity.Reason);
                }

                WriteFurtherModelsRequest(w, model, userInput);
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(output, e.Message);
        }
    }

    /// <summary>
    /// Why a footprint cannot be computed from these inputs, or null when it can: <c>NO_MODEL</c> (or no model name), an
    /// <c>error</c> in the hardware estimate's <c>extra_data</c>, or a power or latency that is negative or not finite.
    /// For any Carbon Footprint node: pass the reason to <see cref="Fail"/>.
    /// </summary>
    public static string? InputError(MLModel model, HardwareResource hardware)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hardware);
        if (string.Equals(model.Model, MLModel.NoModel, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(model.Model))
        {
            return "no model fits the constraints (NO_MODEL)";
        }

        if (hardware.ExtraData.GetString("error") is { } hardwareError)
        {
            return "the hardware estimate failed: " + hardwareError;
        }

        if (!(hardware.PowerConsumptionWatts >= 0) || !double.IsFinite(hardware.PowerConsumptionWatts)
            || !(hardware.LatencyMilliseconds >= 0) || !double.IsFinite(hardware.LatencyMilliseconds))
        {
            return "the power or the latency is negative or not a number";
        }

        return null;
    }

    /// <summary>
    /// Writes, into an <c>extra_data</c> object being written, what the orchestrator reads to ask for further, different
    /// models: when the user's <c>extra_data</c> has <c>num_outputs</c>, that value and <c>model_restrains</c> = [this
    /// model] + the user's <c>model_restrains</c>; nothing otherwise. No other key of the user's <c>extra_data</c> is
    /// written (so no secret is).
    /// </summary>
    public static void WriteFurtherModelsRequest(Utf8JsonWriter writer, MLModel model, UserInput userInput)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(userInput);
        if (userInput.ExtraData.TryGetProperty("num_outputs", out var numOutputs))
        {
            writer.WritePropertyName("num_outputs");
            numOutputs.WriteTo(writer);
            writer.WriteStartArray("model_restrains");
            writer.WriteStringValue(model.Model);
            foreach (var restrained in JsonText.Strings(userInput.ExtraData, "model_restrains"))
            {
                writer.WriteStringValue(restrained);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>
    /// The failure output of a Carbon Footprint node (SustainML's): all three numbers 0 and <c>extra_data</c> =
    /// <c>{"error": "Failed to obtain carbon footprint information: &lt;reason&gt;"}</c>, nothing else.
    /// </summary>
    public static void Fail(CO2Footprint output, string reason)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.CarbonFootprintGrams = 0;
        output.EnergyConsumptionKilowattHours = 0;
        output.CarbonIntensityGramsPerKilowattHour = 0;
        output.ExtraData = JsonText.Error(ErrorPrefix + reason);
    }
}
