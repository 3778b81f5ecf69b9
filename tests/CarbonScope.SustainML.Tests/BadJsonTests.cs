namespace CarbonScope.SustainML.Tests;

public sealed class BadJsonTests
{
    private static string ValidUserInput() => SustainMLJson.Serialize(TestMessages.UserInput(new TaskId(1, 1)), redactSecrets: false);

    private static string Replace(string json, string from, string to)
    {
        Assert.Contains(from, json, StringComparison.Ordinal);
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonIsReportedWithoutAField()
    {
        var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<UserInput>("{\"modality\": \"text\","));

        Assert.Null(error.Field);
        Assert.StartsWith("The UserInput is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextAfterTheObjectIsRejected()
    {
        var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<UserInput>(ValidUserInput() + " {}"));

        Assert.Null(error.Field);
    }

    [Fact]
    public void ANonObjectIsRejected()
    {
        var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<UserInput>("[1, 2]"));

        Assert.Equal("A UserInput must be a JSON object, not an array.", error.Message);
    }

    [Theory]
    [InlineData("modality")]
    [InlineData("inputs")]
    [InlineData("minimum_samples")]
    [InlineData("optimize_carbon_footprint_auto")]
    [InlineData("desired_carbon_footprint")]
    [InlineData("geo_location_region")]
    public void AMissingFieldIsNamed(string field)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(ValidUserInput())!.AsObject();
        json.Remove(field);

        var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<UserInput>(json.ToJsonString()));

        Assert.Equal(field, error.Field);
        Assert.Equal($"Field '{field}' is missing.", error.Message);
        Assert.Equal("$." + field, error.Path);
    }

    [Theory]
    [InlineData("\"modality\":\"text\"", "\"modality\":5", "modality", "Field 'modality' must be a string, not 5.")]
    [InlineData("\"minimum_samples\":1", "\"minimum_samples\":-1", "minimum_samples", "Field 'minimum_samples' must be an integer from 0 to 4294967295, not -1.")]
    [InlineData("\"minimum_samples\":1", "\"minimum_samples\":\"1\"", "minimum_samples", "Field 'minimum_samples' must be an integer from 0 to 4294967295, not a string.")]
    [InlineData("\"previous_iteration\":0", "\"previous_iteration\":1.5", "previous_iteration", "Field 'previous_iteration' must be an integer from -2147483648 to 2147483647, not 1.5.")]
    [InlineData("\"optimize_carbon_footprint_auto\":true", "\"optimize_carbon_footprint_auto\":\"yes\"", "optimize_carbon_footprint_auto", "Field 'optimize_carbon_footprint_auto' must be true or false, not a string.")]
    [InlineData("\"desired_carbon_footprint\":250.5", "\"desired_carbon_footprint\":null", "desired_carbon_footprint", "Field 'desired_carbon_footprint' must be a finite number, not null.")]
    [InlineData("\"inputs\":[\"review\"]", "\"inputs\":\"review\"", "inputs", "Field 'inputs' must be an array of strings, not a string.")]
    [InlineData("\"inputs\":[\"review\"]", "\"inputs\":[\"review\",3]", "inputs", "Field 'inputs' must be an array of strings; item 1 is a number.")]
    [InlineData("\"problem_id\":1", "\"problem_id\":-4", "task_id.problem_id", "Field 'task_id.problem_id' must be an integer from 0 to 4294967295, not -4.")]
    [InlineData("\"task_id\":{\"problem_id\":1,\"iteration_id\":1}", "\"task_id\":7", "task_id", "Field 'task_id' must be an object {\"problem_id\", \"iteration_id\"}, not 7.")]
    public void AWrongTypedFieldIsNamed(string from, string to, string field, string message)
    {
        var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<UserInput>(Replace(ValidUserInput(), from, to)));

        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("\"not an object\"", "a string")]
    [InlineData("[1,2]", "an array")]
    [InlineData("null", "null")]
    [InlineData("42", "42")]
    public void ExtraDataThatIsNotAnObjectIsRejected(string extraData, string described)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(ValidUserInput())!.AsObject();
        json["extra_data"] = System.Text.Json.Nodes.JsonNode.Parse(extraData);

        var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<UserInput>(json.ToJsonString()));

        Assert.Equal("extra_data", error.Field);
        Assert.Equal($"Field 'extra_data' must be a JSON object, not {described}.", error.Message);
    }

    [Fact]
    public void AnUnknownEnumNameIsNamed()
    {
        var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<NodeStatus>(
            """{"node_status":"SLEEPING","task_status":"WAITING","error_code":"NO_ERROR","error_description":"","node_name":"X"}"""));

        Assert.Equal("node_status", error.Field);
        Assert.Contains("INACTIVE, ERROR, IDLE, INITIALIZING, RUNNING, TERMINATING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraDataParsedOnItsOwnMustBeAnObject()
    {
        Assert.Equal("extra_data", Assert.Throws<SustainMLJsonException>(() => ExtraData.Parse("[]")).Field);
        Assert.Equal("extra_data", Assert.Throws<SustainMLJsonException>(() => ExtraData.Parse("{\"a\":")).Field);
        Assert.True(ExtraData.FromUtf8([]).IsEmpty);
    }

    [Fact]
    public void ErrorsNeverQuoteTheSecret()
    {
        var truncated = ValidUserInput()[..^20];
        var wrongTyped = Replace(ValidUserInput(), "\"modality\":\"text\"", "\"modality\":[\"" + TestMessages.Token + "\"]");
        var badToken = "{\"extra_data\":{\"hf_token\":" + TestMessages.Token + "}}";

        foreach (var json in new[] { truncated, wrongTyped, badToken })
        {
            var error = Assert.Throws<SustainMLJsonException>(() => SustainMLJson.Parse<UserInput>(json));
            Assert.DoesNotContain(TestMessages.Token, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("hf_SECRET", error.ToString(), StringComparison.Ordinal);
        }
    }
}
