using Microsoft.Extensions.Logging;

namespace CarbonScope.Measurement.Tracking;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "A handler of EnergyTracker.Sampled threw; the measurement goes on.")]
    public static partial void SampleHandlerFailed(ILogger logger, Exception exception);
}
