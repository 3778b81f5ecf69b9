using System.Globalization;
using System.Text;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Units;

namespace CarbonScope.Cli;

/// <summary>
/// The one live line on a terminal's stderr while CMD runs: elapsed time, power per kind, energy and CO2e so far,
/// redrawn in place at most once a second. Written only when stderr is a terminal and <c>--quiet</c> is off.
/// </summary>
internal sealed class StatusLine(TextWriter error, double pue, CarbonIntensity intensity, DateTimeOffset startedAt)
{
    private static readonly TimeSpan s_redrawEvery = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private Energy _energy;
    private DateTimeOffset _lastDrawn = DateTimeOffset.MinValue;
    private bool _visible;
    private bool _closed;

    /// <summary>Draws the line before the first sample, so that it shows at once.</summary>
    public void Begin() => Draw(TimeSpan.Zero, [], force: true);

    /// <summary>Adds one sample (called on the sampling thread) and redraws if a second has passed.</summary>
    public void OnSampled(object? sender, EnergySample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_gate)
        {
            _energy += sample.TotalEnergy;
        }

        Draw(sample.Timestamp - startedAt, sample.Devices, force: false, sample.Timestamp);
    }

    /// <summary>Erases the line for good (before the summary).</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_visible)
            {
                error.Write("\r\u001b[2K");
                error.Flush();
            }

            _visible = false;
            _closed = true;
        }
    }

    /// <summary>The text of the line (without the terminal controls).</summary>
    internal static string Format(TimeSpan elapsed, IReadOnlyList<DeviceSample> devices, Energy energy, double pue, CarbonIntensity intensity)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"carbonscope {DurationText.Format(TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds)))}");
        foreach (var group in devices.GroupBy(d => d.Kind).OrderBy(g => g.Key))
        {
            var power = group.Aggregate(Power.Zero, (sum, d) => sum + d.MeanPower);
            text.Append(CultureInfo.InvariantCulture, $" | {group.Key.ToString().ToLowerInvariant()} {power.ToString()}");
        }

        var facility = energy * pue;
        text.Append(CultureInfo.InvariantCulture, $" | {facility.ToString()} | {(facility * intensity).ToString()}");
        return text.ToString();
    }

    private void Draw(TimeSpan elapsed, IReadOnlyList<DeviceSample> devices, bool force, DateTimeOffset now = default)
    {
        lock (_gate)
        {
            if (_closed || (!force && now - _lastDrawn < s_redrawEvery))
            {
                return;
            }

            _lastDrawn = now;
            _visible = true;
            error.Write("\r\u001b[2K" + Format(elapsed, devices, _energy, pue, intensity));
            error.Flush();
        }
    }
}
