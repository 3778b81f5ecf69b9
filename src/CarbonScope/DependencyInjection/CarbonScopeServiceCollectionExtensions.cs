using CarbonScope.Measurement;
using CarbonScope.Measurement.Tracking;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CarbonScope's measurement services.</summary>
public static class CarbonScopeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EnergyTrackerFactory"/>, <see cref="MeasurementOptions"/> (validated when first used) and
    /// <see cref="TimeProvider.System"/> unless a TimeProvider is already registered. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.Mode = TrackingMode.Machine</c>.</param>
    public static IServiceCollection AddCarbonScope(this IServiceCollection services, Action<MeasurementOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<MeasurementOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MeasurementOptions>, MeasurementOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EnergyTrackerFactory>();
        return services;
    }

    private sealed class MeasurementOptionsValidator : IValidateOptions<MeasurementOptions>
    {
        public ValidateOptionsResult Validate(string? name, MeasurementOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException exception)
            {
                return ValidateOptionsResult.Fail(exception.Message);
            }
        }
    }
}
