namespace CarbonScope.Grid;

/// <summary>
/// The seam through which a run gets its carbon intensity: the embedded annual averages now, live providers (with the
/// embedded data as fallback) once the grid providers exist.
/// </summary>
public interface ICarbonIntensitySource
{
    /// <summary>The intensity to apply to energy used in <paramref name="zone"/> over [<paramref name="startsAt"/>, <paramref name="endsAt"/>).</summary>
    /// <param name="zone">A resolved zone key (ISO 3166-1 alpha-2 for countries, <c>WORLD</c>).</param>
    /// <param name="startsAt">Start of the interval (UTC).</param>
    /// <param name="endsAt">End of the interval (UTC).</param>
    /// <param name="cancellationToken">Cancels a network request.</param>
    /// <returns>The time-weighted average over the interval (an annual average for embedded data), with provenance.</returns>
    ValueTask<IntensityEstimate> GetAverageAsync(string zone, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken = default);
}
