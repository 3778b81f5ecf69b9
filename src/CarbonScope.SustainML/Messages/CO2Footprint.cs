using System.Text.Json;
using CarbonScope.Units;

namespace CarbonScope.SustainML;

/// <summary>The estimated energy and carbon footprint (IDL <c>CO2Footprint</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class CO2Footprint : ITaskMessage, ISustainMLMessage<CO2Footprint>
{
    /// <inheritdoc/>
    public static string TopicName => "CO2Footprint";

    /// <summary>The task the message belongs to (JSON <c>task_id</c>).</summary>
    public TaskId TaskId { get; set; }

    /// <summary>The footprint, in grams CO2e (JSON name <c>carbon_footprint</c>).</summary>
    public double CarbonFootprintGrams { get; set; }

    /// <summary>The energy, in kilowatt-hours (JSON name <c>energy_consumption</c>).</summary>
    public double EnergyConsumptionKilowattHours { get; set; }

    /// <summary>The grid intensity used, in grams CO2e per kilowatt-hour (JSON name <c>carbon_intensity</c>).</summary>
    public double CarbonIntensityGramsPerKilowattHour { get; set; }

    /// <summary>The <c>extra_data</c> object (JSON object; the IDL carries it as UTF-8 bytes).</summary>
    public ExtraData ExtraData { get; set; } = ExtraData.Empty;

    /// <summary><see cref="CarbonFootprintGrams"/> as a <see cref="Units.CarbonMass"/>.</summary>
    public CarbonMass CarbonFootprint
    {
        get => CarbonMass.FromGrams(CarbonFootprintGrams);
        set => CarbonFootprintGrams = value.Grams;
    }

    /// <summary><see cref="EnergyConsumptionKilowattHours"/> as an <see cref="Energy"/>.</summary>
    public Energy EnergyConsumption
    {
        get => Energy.FromKilowattHours(EnergyConsumptionKilowattHours);
        set => EnergyConsumptionKilowattHours = value.KilowattHours;
    }

    /// <summary><see cref="CarbonIntensityGramsPerKilowattHour"/> as a <see cref="Units.CarbonIntensity"/>.</summary>
    public CarbonIntensity CarbonIntensity
    {
        get => CarbonIntensity.FromGramsPerKilowattHour(CarbonIntensityGramsPerKilowattHour);
        set => CarbonIntensityGramsPerKilowattHour = value.GramsPerKilowattHour;
    }

    /// <inheritdoc/>
    public static CO2Footprint ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new CO2Footprint
        {
            TaskId = fields.OptionalTaskId(),
            CarbonFootprintGrams = fields.Double("carbon_footprint"),
            EnergyConsumptionKilowattHours = fields.Double("energy_consumption"),
            CarbonIntensityGramsPerKilowattHour = fields.Double("carbon_intensity"),
            ExtraData = fields.OptionalExtraData(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SustainMLJson.WriteTaskId(writer, TaskId);
        writer.WriteNumber("carbon_footprint", CarbonFootprintGrams);
        writer.WriteNumber("energy_consumption", EnergyConsumptionKilowattHours);
        writer.WriteNumber("carbon_intensity", CarbonIntensityGramsPerKilowattHour);
        SustainMLJson.WriteExtraData(writer, ExtraData, redactSecrets);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
