using System.Text.Json;

namespace CarbonScope.SustainML;

/// <summary>What the user asks for: the problem, its data, the carbon goals and the location (IDL <c>UserInput</c>).</summary>
/// <remarks>JSON uses the IDL's field names; <see cref="ToString"/> writes that JSON with secrets in <c>extra_data</c> redacted.</remarks>
public sealed class UserInput : ITaskMessage, ISustainMLMessage<UserInput>
{
    /// <inheritdoc/>
    public static string TopicName => "UserInput";

    /// <summary>The task the message belongs to (JSON <c>task_id</c>).</summary>
    public TaskId TaskId { get; set; }

    /// <summary>The data modality (e.g. <c>text</c>, <c>image</c>).</summary>
    public string Modality { get; set; } = "";

    /// <summary>A short description of the problem.</summary>
    public string ProblemShortDescription { get; set; } = "";

    /// <summary>The problem, in the user's words.</summary>
    public string ProblemDefinition { get; set; } = "";

    /// <summary>The model's inputs.</summary>
    public IReadOnlyList<string> Inputs { get; set; } = [];

    /// <summary>The model's outputs.</summary>
    public IReadOnlyList<string> Outputs { get; set; } = [];

    /// <summary>The smallest number of samples.</summary>
    public uint MinimumSamples { get; set; }

    /// <summary>The largest number of samples.</summary>
    public uint MaximumSamples { get; set; }

    /// <summary>Whether the user optimises the footprint by hand.</summary>
    public bool OptimizeCarbonFootprintManual { get; set; }

    /// <summary>0 for a new problem; otherwise the iteration to continue (the problem is <c>extra_data.previous_problem_id</c>).</summary>
    public int PreviousIteration { get; set; }

    /// <summary>Whether the pipeline optimises the footprint itself.</summary>
    public bool OptimizeCarbonFootprintAuto { get; set; }

    /// <summary>The footprint the user aims for, in grams CO2e (the unit of the seeds' <c>carbon_footprint</c>).</summary>
    public double DesiredCarbonFootprintGrams { get; set; }

    /// <summary>The continent where the model will run.</summary>
    public string GeoLocationContinent { get; set; } = "";

    /// <summary>The region where the model will run: an ISO 3166-1 alpha-2 code, case-insensitive.</summary>
    public string GeoLocationRegion { get; set; } = "";

    /// <summary>The <c>extra_data</c> object (JSON object; the IDL carries it as UTF-8 bytes).</summary>
    public ExtraData ExtraData { get; set; } = ExtraData.Empty;

    /// <inheritdoc/>
    public static UserInput ReadFrom(JsonElement element)
    {
        var fields = JsonFields.Of(element, TopicName);
        return new UserInput
        {
            TaskId = fields.OptionalTaskId(),
            Modality = fields.String("modality"),
            ProblemShortDescription = fields.String("problem_short_description"),
            ProblemDefinition = fields.String("problem_definition"),
            Inputs = fields.Strings("inputs"),
            Outputs = fields.Strings("outputs"),
            MinimumSamples = fields.UInt32("minimum_samples"),
            MaximumSamples = fields.UInt32("maximum_samples"),
            OptimizeCarbonFootprintManual = fields.Boolean("optimize_carbon_footprint_manual"),
            PreviousIteration = fields.Int32("previous_iteration"),
            OptimizeCarbonFootprintAuto = fields.Boolean("optimize_carbon_footprint_auto"),
            DesiredCarbonFootprintGrams = fields.Double("desired_carbon_footprint"),
            GeoLocationContinent = fields.String("geo_location_continent"),
            GeoLocationRegion = fields.String("geo_location_region"),
            ExtraData = fields.OptionalExtraData(),
        };
    }

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer, bool redactSecrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SustainMLJson.WriteTaskId(writer, TaskId);
        writer.WriteString("modality", Modality);
        writer.WriteString("problem_short_description", ProblemShortDescription);
        writer.WriteString("problem_definition", ProblemDefinition);
        SustainMLJson.WriteStrings(writer, "inputs", Inputs);
        SustainMLJson.WriteStrings(writer, "outputs", Outputs);
        writer.WriteNumber("minimum_samples", MinimumSamples);
        writer.WriteNumber("maximum_samples", MaximumSamples);
        writer.WriteBoolean("optimize_carbon_footprint_manual", OptimizeCarbonFootprintManual);
        writer.WriteNumber("previous_iteration", PreviousIteration);
        writer.WriteBoolean("optimize_carbon_footprint_auto", OptimizeCarbonFootprintAuto);
        writer.WriteNumber("desired_carbon_footprint", DesiredCarbonFootprintGrams);
        writer.WriteString("geo_location_continent", GeoLocationContinent);
        writer.WriteString("geo_location_region", GeoLocationRegion);
        SustainMLJson.WriteExtraData(writer, ExtraData, redactSecrets);
        writer.WriteEndObject();
    }

    /// <summary>The message as JSON with the IDL's field names, secrets redacted: safe to log.</summary>
    public override string ToString() => TopicName + " " + SustainMLJson.Serialize(this, redactSecrets: true);
}
