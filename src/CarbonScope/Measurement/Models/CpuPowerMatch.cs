using System.Globalization;
using CarbonScope.Units;

namespace CarbonScope.Measurement.Models;

/// <summary>How a CPU's TDP was found.</summary>
public enum CpuMatchKind
{
    /// <summary>The model name equals a table entry (ignoring case and runs of whitespace).</summary>
    Exact,

    /// <summary>The model name matches a table entry once noise is removed, or on its model number and most of its words.</summary>
    Fuzzy,

    /// <summary>The model is not in the table: codecarbon's default of 4 W per logical CPU, for the whole machine.</summary>
    UnknownModelDefault,

    /// <summary>No model name could be read: codecarbon's default of 85 W, for the whole machine.</summary>
    UndetectedDefault,
}

/// <summary>The TDP found for a CPU model, and how.</summary>
/// <param name="TdpPerPackage">
/// The TDP of one CPU package for <see cref="CpuMatchKind.Exact"/> and <see cref="CpuMatchKind.Fuzzy"/>; for the two
/// defaults, the TDP of the whole machine (see <see cref="TotalTdp(int)"/>).
/// </param>
/// <param name="Kind">How it was found.</param>
/// <param name="TableEntry">The table entry used, or null for the defaults.</param>
/// <param name="Description">
/// Where the figure comes from, in words, e.g. "CPU table entry 'Intel Xeon Gold 6248' (fuzzy match of
/// 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz')" or "'Foo CPU' is not in the CPU table: codecarbon's default for an
/// unknown CPU, 4 W x 16 logical CPUs = 64 W".
/// </param>
public sealed record CpuPowerMatch(Power TdpPerPackage, CpuMatchKind Kind, string? TableEntry, string Description)
{
    /// <summary>codecarbon's power per logical CPU for a CPU that is not in its table.</summary>
    public static Power UnknownModelPowerPerLogicalCpu { get; } = Power.FromWatts(4);

    /// <summary>codecarbon's power for a CPU whose model cannot be detected.</summary>
    public static Power UndetectedModelPower { get; } = Power.FromWatts(85);

    /// <summary>Whether <see cref="TdpPerPackage"/> is a figure from the table (per package) rather than a machine-wide default.</summary>
    public bool IsFromTable => Kind is CpuMatchKind.Exact or CpuMatchKind.Fuzzy;

    /// <summary>
    /// The TDP of the machine's CPUs: TDP per package × packages for a table figure; the default as it is otherwise
    /// (4 W × logical CPUs already covers every package; 85 W is codecarbon's figure for the whole CPU).
    /// </summary>
    /// <param name="packages">The number of CPU packages (sockets); values below 1 count as 1.</param>
    public Power TotalTdp(int packages) => IsFromTable ? TdpPerPackage * Math.Max(1, packages) : TdpPerPackage;

    internal static string Watts(Power power) => power.Watts.ToString("0.###", CultureInfo.InvariantCulture) + " W";
}
