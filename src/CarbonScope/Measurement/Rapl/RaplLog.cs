using CarbonScope.Units;
using Microsoft.Extensions.Logging;

namespace CarbonScope.Measurement.Rapl;

/// <summary>The RAPL log messages (source-generated: no allocation when the level is off).</summary>
internal static partial class RaplLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "RAPL zone {Zone} ({Path}): rejected an implausible reading of {ImpliedPower} over {Interval} (limit {Limit}); the zone counts 0 for this interval and the reading becomes the new baseline")]
    public static partial void ImplausibleReading(ILogger logger, string zone, string path, Power impliedPower, TimeSpan interval, Power limit);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "RAPL zone {Zone} ({Path}): the counter went backwards ({Previous} -> {Current} µJ) and its wrap modulus (max_energy_range_uj) is unknown; the zone counts 0 for such intervals (warned once)")]
    public static partial void BackwardsWithoutModulus(ILogger logger, string zone, string path, ulong previous, ulong current);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "RAPL sensor {DeviceId} stopped: {Reason}")]
    public static partial void SensorStopped(ILogger logger, string deviceId, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "RAPL psys was chosen but {Reason}; using the package and dram zones instead")]
    public static partial void PsysUnavailable(ILogger logger, string reason);
}
