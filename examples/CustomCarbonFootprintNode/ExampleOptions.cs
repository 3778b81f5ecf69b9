using System.Globalization;
using CarbonScope.Footprint;
using CarbonScope.Measurement.Hardware;
using CarbonScope.SustainML.BuiltIn;

namespace CarbonScope.Examples;

/// <summary>The example's options; every one has a default.</summary>
public sealed record ExampleOptions
{
    /// <summary>The usage text printed for a bad option.</summary>
    public const string Usage = "usage: CustomCarbonFootprintNode [--problem TEXT] [--modality image|text|audio] [--region CC] [--hardware NAME] [--intensity G_PER_KWH] [--pue PUE] [--max-memory MB]";

    /// <summary>The problem, in words (<c>--problem</c>).</summary>
    public string Problem { get; init; } = "classify photos of plants";

    /// <summary>The data (<c>--modality</c>).</summary>
    public string Modality { get; init; } = "image";

    /// <summary>The user's region, ISO 3166-1 alpha-2 (<c>--region</c>); travels in the user input, not used by the custom node.</summary>
    public string Region { get; init; } = "FR";

    /// <summary>The hardware, a name of the hardware catalog (<c>--hardware</c>).</summary>
    public string Hardware { get; init; } = "NVIDIA T4";

    /// <summary>The intensity of the contracted electricity in g CO2e/kWh (<c>--intensity</c>; an illustrative default).</summary>
    public double IntensityGramsPerKilowattHour { get; init; } = 20;

    /// <summary>The data centre's PUE (<c>--pue</c>; default 1.58, the Uptime Institute's often-quoted global average).</summary>
    public double Pue { get; init; } = 1.58;

    /// <summary>The most memory the model may take, in MB (<c>--max-memory</c>; default 100, SustainML's).</summary>
    public uint MaxMemoryMegabytes { get; init; } = HardwareConstraintsRules.DefaultMaxMemoryFootprintMegabytes;

    /// <summary>Reads <c>--name value</c> pairs over the defaults.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, a bad number, or hardware not in the catalog.</exception>
    public static ExampleOptions Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var options = new ExampleOptions();
        for (var i = 0; i < arguments.Count; i += 2)
        {
            var name = arguments[i];
            if (i + 1 >= arguments.Count)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = arguments[i + 1];
            options = name switch
            {
                "--problem" => options with { Problem = value },
                "--modality" => options with { Modality = value },
                "--region" => options with { Region = value },
                "--hardware" => options with { Hardware = value },
                "--intensity" => options with { IntensityGramsPerKilowattHour = Number(name, value, 0, 10_000) },
                "--pue" => options with { Pue = Number(name, value, CarbonFootprint.MinimumPue, CarbonFootprint.MaximumPue) },
                "--max-memory" => options with { MaxMemoryMegabytes = checked((uint)Number(name, value, 1, uint.MaxValue)) },
                _ => throw new ArgumentException($"unknown option '{name}'."),
            };
        }

        if (HardwareCatalog.Default.Find(options.Hardware) is null)
        {
            throw new ArgumentException($"--hardware '{options.Hardware}' is not in the hardware catalog: use one of {string.Join(", ", HardwareCatalog.Default.Names)}.");
        }

        return options;
    }

    private static double Number(string name, string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: '{text}' is not a number from {min} to {max}."));
}
