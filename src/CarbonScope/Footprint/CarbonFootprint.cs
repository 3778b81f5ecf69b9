using CarbonScope.Units;

namespace CarbonScope.Footprint;

/// <summary>The footprint formulas (docs/methodology.md, "Emissions"): facility energy = device energy × PUE; emissions = facility energy × intensity.</summary>
public static class CarbonFootprint
{
    /// <summary>The smallest PUE accepted: a facility cannot use less energy than its IT equipment.</summary>
    public const double MinimumPue = 1.0;

    /// <summary>The largest PUE accepted; anything above is a typing mistake rather than a data centre.</summary>
    public const double MaximumPue = 5.0;

    /// <summary>The energy drawn by the facility for <paramref name="deviceEnergy"/> at the given PUE.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The PUE is outside [1, 5].</exception>
    public static Energy FacilityEnergy(Energy deviceEnergy, double pue)
    {
        ValidatePue(pue);
        return deviceEnergy * pue;
    }

    /// <summary>The CO2e emitted by producing <paramref name="facilityEnergy"/> at <paramref name="intensity"/>.</summary>
    public static CarbonMass Emissions(Energy facilityEnergy, CarbonIntensity intensity) => facilityEnergy * intensity;

    /// <summary>Checks that a PUE is a finite number in [1, 5].</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static void ValidatePue(double pue)
    {
        if (!double.IsFinite(pue) || pue < MinimumPue || pue > MaximumPue)
        {
            throw new ArgumentOutOfRangeException(nameof(pue), pue, "A PUE is a number from 1.0 (no overhead) to 5.0; data centres are about 1.1-1.6.");
        }
    }
}
