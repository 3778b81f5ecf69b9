namespace CarbonScope.SustainML.BuiltIn;

/// <summary>
/// The Hardware-Constraints node's rules (SustainML's seed behaviour): <c>max_memory_footprint</c> and
/// <c>hardware_required</c> from the user's <c>extra_data</c>, with the seed's defaults, and the whole incoming
/// <c>extra_data</c> forwarded.
/// </summary>
public static class HardwareConstraintsRules
{
    /// <summary>The seed's default <c>max_memory_footprint</c>, in MB.</summary>
    public const uint DefaultMaxMemoryFootprintMegabytes = 100;

    /// <summary>The seed's default <c>hardware_required</c>.</summary>
    public const string DefaultHardware = "PIM_AI_1chip";

    /// <summary>Fills <paramref name="output"/> from <paramref name="input"/>.</summary>
    /// <remarks>
    /// <c>max_memory_footprint</c>: a whole number of MB (a JSON number or a numeric string); absent or not such a
    /// number: 100. <c>hardware_required</c>: a string or an array of strings; absent or empty: <c>PIM_AI_1chip</c>.
    /// <c>extra_data</c> is forwarded whole, secrets included (the next nodes need e.g. <c>hf_token</c>); every
    /// message's <c>ToString</c> redacts them.
    /// </remarks>
    public static void Apply(UserInput input, HardwareConstraints output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        output.MaxMemoryFootprintMegabytes = JsonText.UInt32(input.ExtraData, "max_memory_footprint") ?? DefaultMaxMemoryFootprintMegabytes;
        var hardware = JsonText.Strings(input.ExtraData, "hardware_required");
        output.HardwareRequired = hardware.Count > 0 ? hardware : [DefaultHardware];
        output.ExtraData = input.ExtraData;
    }
}
