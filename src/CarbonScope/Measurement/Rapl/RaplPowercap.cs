using CarbonScope.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarbonScope.Measurement.Rapl;

/// <summary>
/// Finds the RAPL zones of Linux powercap (<c>&lt;root&gt;/class/powercap</c>) and builds the sensors that read them.
/// </summary>
/// <remarks>
/// <para>Zones are found by directory name (<c>intel-rapl:N</c>, <c>intel-rapl:N:M</c>, <c>intel-rapl-mmio:N</c>) both as
/// flat entries of the powercap directory (symbolic links in the kernel's tree) and nested inside their parent zone
/// or control type directory, and de-duplicated by real path. What a zone measures comes from its <c>name</c> file,
/// never from its index (<c>psys</c> often sits at <c>intel-rapl:1</c>).</para>
/// <para>Sensors: the CPU sums every package zone (<c>package-N</c>, <c>package-N-die-M</c>); the RAM sums every
/// <c>dram</c> zone; <c>core</c> and <c>uncore</c> lie inside their package and are never added. An
/// <c>intel-rapl-mmio</c> zone is used only when no enabled <c>intel-rapl</c> zone has the same name. With
/// <see cref="RaplOptions.UsePsys"/> the single psys zone replaces both sensors.</para>
/// </remarks>
public static class RaplPowercap
{
    /// <summary>The <see cref="IEnergySensor.Source"/> and <see cref="SensorDiagnostic.Source"/> of RAPL figures.</summary>
    public const string SourceName = "rapl";

    /// <summary>The CPU sensor's name when the caller gives none.</summary>
    public const string DefaultDeviceName = "CPU (RAPL packages)";

    /// <summary>The RAM sensor's name.</summary>
    public const string RamDeviceName = "RAM (RAPL dram)";

    /// <summary>The <see cref="IEnergySensor.Model"/> of the psys platform sensor.</summary>
    public const string PsysModel = "RAPL psys (platform: CPU, RAM and more)";

    /// <summary>The plausibility limit is this many times <see cref="RaplOptions.PackageTdp"/> for a package zone.</summary>
    public const double TdpPlausibilityFactor = 10;

    internal const string MsrControlType = "intel-rapl";
    internal const string MmioControlType = "intel-rapl-mmio";

    // Zone directories are at most two levels below a top zone or control type; a small bound also stops link loops.
    private const int MaxNestingDepth = 4;

    /// <summary>
    /// The largest power any zone may plausibly report (5 kW). A reading implying more over its interval is rejected.
    /// With <see cref="RaplOptions.PackageTdp"/>, package zones use the lower of this and 10 x TDP.
    /// </summary>
    public static Power MaxPlausiblePower { get; } = Power.FromKilowatts(5);

    /// <summary>Finds the zones under <c>&lt;options.SysfsRoot&gt;/class/powercap</c> and builds the sensors that can be read.</summary>
    /// <param name="options">Where to look and how to read; null for the defaults (<c>/sys</c>, packages + dram).</param>
    /// <returns>The sensors, every zone found, and a diagnostic for each device kind that got no sensor. Never throws for
    /// a missing, unreadable or malformed tree: that is what the diagnostics are for.</returns>
    /// <exception cref="ArgumentException"><see cref="RaplOptions.SysfsRoot"/> is empty, or <see cref="RaplOptions.PackageTdp"/> is not positive.</exception>
    public static RaplDiscovery Discover(RaplOptions? options = null) => Discover(options ?? new RaplOptions(), RaplFiles.Default);

    /// <summary>Discovery through a file-access seam (tests replace it to simulate what a fake tree cannot show).</summary>
    internal static RaplDiscovery Discover(RaplOptions options, IRaplFiles files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SysfsRoot, nameof(options));
        if (options.PackageTdp is { } tdp && !(tdp > Power.Zero))
        {
            throw new ArgumentException($"PackageTdp should be positive, not {tdp}.", nameof(options));
        }

        var logger = options.Logger ?? NullLogger.Instance;
        var powercap = Path.Join(options.SysfsRoot, "class", "powercap");
        var found = FindZoneDirectories(powercap);
        if (found.Count == 0)
        {
            var none = new SensorDiagnostic(
                DeviceKind.Cpu,
                SourceName,
                $"no RAPL powercap zones under {powercap} (VMs, WSL2 and most containers have none)",
                "none in a VM or WSL2; in a container on bare metal, mount the host's /sys and point the sysfs root at it");
            return new RaplDiscovery(powercap, [], [], [none], usesPsys: false);
        }

        var probes = Probe(found, powercap, files);
        return Select(probes, powercap, options, files, logger);
    }

    private static RaplDiscovery Select(List<ZoneProbe> probes, string powercap, RaplOptions options, IRaplFiles files, ILogger logger)
    {
        // An mmio zone mirrors the MSR zone of the same name: never both.
        var msrByLabel = new Dictionary<string, ZoneProbe>(StringComparer.Ordinal);
        foreach (var probe in probes.Where(p => p.ControlType == MsrControlType && p.Enabled && p.Name.Length > 0))
        {
            msrByLabel.TryAdd(probe.Label, probe);
        }

        foreach (var probe in probes.Where(p => p.ControlType == MmioControlType && p.Name.Length > 0))
        {
            if (msrByLabel.TryGetValue(probe.Label, out var msr))
            {
                probe.Notes.Add($"mirror of {msr.Id} ({msr.Label})");
                probe.IsMirror = true;
            }
        }

        var pool = probes.Where(p => p.Enabled && !p.IsMirror && p.Name.Length > 0).ToList();
        var diagnostics = new List<SensorDiagnostic>();
        var plans = new List<(DeviceKind Kind, string Id, string Name, List<ZoneProbe> Zones, bool Psys)>();

        var usesPsys = false;
        if (options.UsePsys)
        {
            var psys = pool.FirstOrDefault(p => p.Kind == RaplZoneKind.Psys);
            if (psys is null)
            {
                RaplLog.PsysUnavailable(logger, $"there is no enabled psys zone under {powercap}");
            }
            else if (psys.Problem is not null)
            {
                RaplLog.PsysUnavailable(logger, psys.Problem);
            }
            else
            {
                var name = options.DeviceName is { } cpu ? $"{cpu} (platform, RAPL psys)" : "Platform (RAPL psys)";
                plans.Add((DeviceKind.Cpu, "cpu", name, [psys], true));
                usesPsys = true;
            }
        }

        if (!usesPsys)
        {
            var packages = pool.Where(p => p.Kind == RaplZoneKind.Package).ToList();
            if (packages.Count == 0)
            {
                diagnostics.Add(NoPackageDiagnostic(probes, powercap));
            }
            else if (Unusable(packages, DeviceKind.Cpu, powercap) is { } problem)
            {
                diagnostics.Add(problem);
            }
            else
            {
                plans.Add((DeviceKind.Cpu, "cpu", options.DeviceName ?? DefaultDeviceName, packages, false));
            }

            var drams = pool.Where(p => p.Kind == RaplZoneKind.Dram).ToList();
            if (drams.Count > 0)
            {
                if (Unusable(drams, DeviceKind.Ram, powercap) is { } problem)
                {
                    diagnostics.Add(problem);
                }
                else
                {
                    plans.Add((DeviceKind.Ram, "ram", RamDeviceName, drams, false));
                }
            }
        }

        foreach (var plan in plans)
        {
            foreach (var zone in plan.Zones)
            {
                zone.UsedBy = plan.Id;
            }
        }

        AddUseNotes(probes, usesPsys);
        var records = probes.ToDictionary(p => p, p => p.ToZone());
        var packageTdp = new Lazy<Power?>(() => options.PackageTdp ?? (options.PackageTdpSource?.Invoke() is { } t && t > Power.Zero ? t : null));
        var sensors = new List<RaplSensor>(plans.Count);
        foreach (var plan in plans)
        {
            var zones = plan.Zones
                .Select(p => (records[p], p.MaxRange, LimitFor(p, packageTdp)))
                .ToList();
            var labels = Labels(plan.Zones);
            var model = plan.Psys ? PsysModel : "RAPL " + string.Join(" + ", labels);
            sensors.Add(new RaplSensor(plan.Kind, plan.Id, plan.Name, model, zones, files, logger));
        }

        return new RaplDiscovery(powercap, sensors, [.. probes.Select(p => records[p])], diagnostics, usesPsys);
    }

    private static Lazy<Power> LimitFor(ZoneProbe zone, Lazy<Power?> packageTdp) =>
        zone.Kind != RaplZoneKind.Package
            ? new Lazy<Power>(MaxPlausiblePower)
            : new Lazy<Power>(() => packageTdp.Value is { } tdp && tdp * TdpPlausibilityFactor < MaxPlausiblePower
                ? tdp * TdpPlausibilityFactor
                : MaxPlausiblePower);

    /// <summary>Zone labels for a model text; a label shared by two zones gets the zone id.</summary>
    private static List<string> Labels(List<ZoneProbe> zones)
    {
        var counts = zones.CountBy(z => z.Label, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        return [.. zones.Select(z => counts[z.Label] > 1 ? $"{z.Label} ({z.Id})" : z.Label)];
    }

    /// <summary>A diagnostic when any zone a sensor needs cannot be read: summing the others would under-count.</summary>
    private static SensorDiagnostic? Unusable(List<ZoneProbe> zones, DeviceKind kind, string powercap)
    {
        var denied = zones.Where(z => z.EnergyDenied).ToList();
        if (denied.Count > 0)
        {
            var first = denied[0];
            var more = denied.Count > 1 ? $" (as are {denied.Count - 1} more energy_uj files)" : string.Empty;
            return new SensorDiagnostic(
                kind,
                SourceName,
                $"{first.EnergyPath} is readable by root only{more}",
                $"run as root, or allow reading with a udev rule or `sudo chmod o+r {Path.Join(powercap, first.ControlType)}:*/energy_uj`");
        }

        var broken = zones.FirstOrDefault(z => z.Problem is not null);
        return broken is null ? null : new SensorDiagnostic(kind, SourceName, broken.Problem!, null);
    }

    private static SensorDiagnostic NoPackageDiagnostic(List<ZoneProbe> probes, string powercap)
    {
        var disabledType = probes.FirstOrDefault(p => p.Kind == RaplZoneKind.Package && p.ControlTypeDisabled);
        if (disabledType is not null)
        {
            var flag = Path.Join(powercap, disabledType.ControlType, "enabled");
            return new SensorDiagnostic(
                DeviceKind.Cpu, SourceName, $"RAPL is disabled: {flag} is 0", $"enable it with `echo 1 | sudo tee {flag}`");
        }

        var disabled = probes.FirstOrDefault(p => p.Kind == RaplZoneKind.Package && !p.Enabled);
        if (disabled is not null)
        {
            var flag = Path.Join(disabled.Path, "enabled");
            return new SensorDiagnostic(
                DeviceKind.Cpu, SourceName, $"RAPL zone {disabled.Label} is disabled: {flag} is 0", $"enable it with `echo 1 | sudo tee {flag}`");
        }

        var names = probes.Where(p => p.Name.Length > 0).Select(p => p.Label).Distinct(StringComparer.Ordinal).ToList();
        var seen = names.Count == 0 ? "none with a name file" : string.Join(", ", names);
        var hasPsys = probes.Any(p => p.Kind == RaplZoneKind.Psys && p.Enabled);
        return new SensorDiagnostic(
            DeviceKind.Cpu,
            SourceName,
            $"no RAPL package zone under {powercap} (zones found: {seen})",
            hasPsys ? "choose psys (the platform zone) instead" : null);
    }

    private static void AddUseNotes(List<ZoneProbe> probes, bool usesPsys)
    {
        foreach (var probe in probes.Where(p => p.UsedBy is null && p.Enabled && !p.IsMirror && p.Name.Length > 0))
        {
            var note = probe.Kind switch
            {
                RaplZoneKind.Core or RaplZoneKind.Uncore => $"inside {probe.Parent ?? "its package"}",
                RaplZoneKind.Psys => "platform total (packages, dram and more): read only when psys is chosen",
                RaplZoneKind.Package or RaplZoneKind.Dram when usesPsys => "inside psys",
                RaplZoneKind.Other => "unknown zone name",
                _ => null,
            };
            if (note is not null)
            {
                probe.Notes.Add(note);
            }
        }
    }

    private static List<ZoneProbe> Probe(List<FoundZone> found, string powercap, IRaplFiles files)
    {
        var typeDisabled = found
            .Select(f => f.ControlType)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(t => t, t => ReadText(files, Path.Join(powercap, t, "enabled"))?.Trim() == "0", StringComparer.Ordinal);

        var probes = found.Select(f => ProbeZone(f, files, typeDisabled[f.ControlType], powercap)).ToList();

        var byId = new Dictionary<string, ZoneProbe>(StringComparer.Ordinal);
        foreach (var probe in probes)
        {
            byId.TryAdd(probe.Id, probe);
        }

        foreach (var probe in probes.Where(p => p.Indices.Length > 1))
        {
            var parentId = probe.ControlType + ":" + string.Join(':', probe.Indices[..^1]);
            if (byId.TryGetValue(parentId, out var parent) && parent.Name.Length > 0)
            {
                probe.Parent = parent.Name;
            }
        }

        return probes;
    }

    private static ZoneProbe ProbeZone(FoundZone found, IRaplFiles files, bool controlTypeDisabled, string powercap)
    {
        var probe = new ZoneProbe(found);

        var name = ReadText(files, Path.Join(found.Path, "name"))?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            probe.Notes.Add("no name file");
        }
        else
        {
            probe.Name = name;
            probe.Kind = KindOf(name);
        }

        if (controlTypeDisabled)
        {
            probe.ControlTypeDisabled = true;
            probe.Enabled = false;
            probe.Notes.Add($"disabled: {Path.Join(powercap, found.ControlType, "enabled")} is 0");
        }
        else if (ReadText(files, Path.Join(found.Path, "enabled"))?.Trim() == "0")
        {
            probe.Enabled = false;
            probe.Notes.Add($"disabled: {Path.Join(found.Path, "enabled")} is 0");
        }

        var rangePath = Path.Join(found.Path, "max_energy_range_uj");
        var range = ReadText(files, rangePath);
        if (range is not null)
        {
            if (!RaplText.TryParseMicrojoules(range, out var max))
            {
                probe.Problem = RaplText.Malformed(rangePath, range).Message;
            }
            else if (max > 0)
            {
                probe.MaxRange = max;
            }
        }

        try
        {
            using var counter = files.OpenCounter(probe.EnergyPath);
            counter.Read();
            probe.Readable = true;
        }
        catch (UnauthorizedAccessException)
        {
            probe.EnergyDenied = true;
            probe.Problem = $"{probe.EnergyPath} is readable by root only";
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            probe.Problem ??= $"{probe.EnergyPath} is missing";
        }
        catch (FormatException ex)
        {
            probe.Problem ??= ex.Message;
        }
        catch (IOException ex)
        {
            probe.Problem ??= RaplText.OneLine($"{probe.EnergyPath} could not be read: {ex.Message}");
        }

        if (probe.Problem is not null)
        {
            probe.Notes.Add(probe.Problem);
        }

        return probe;
    }

    private static RaplZoneKind KindOf(string name) => name switch
    {
        "package" => RaplZoneKind.Package,
        "core" => RaplZoneKind.Core,
        "uncore" => RaplZoneKind.Uncore,
        "dram" => RaplZoneKind.Dram,
        "psys" => RaplZoneKind.Psys,
        _ when name.StartsWith("package-", StringComparison.Ordinal) => RaplZoneKind.Package,
        _ => RaplZoneKind.Other,
    };

    /// <summary>A small text file, or null when it is missing or cannot be read.</summary>
    private static string? ReadText(IRaplFiles files, string path)
    {
        try
        {
            return files.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Zone directories, flat entries first (so that a zone is shown by its <c>class/powercap</c> path), then nested
    /// ones; a directory reached twice (a link and its target) counts once. Sorted by control type and indices.
    /// </summary>
    private static List<FoundZone> FindZoneDirectories(string powercap)
    {
        var found = new List<FoundZone>();
        if (!Directory.Exists(powercap))
        {
            return found;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var top = Subdirectories(powercap);
        var walk = new Queue<(string Path, int Depth)>();
        foreach (var dir in top)
        {
            var name = Path.GetFileName(dir);
            if (RaplText.TryParseZoneId(name, out var type, out var indices))
            {
                Add(dir, name, type, indices);
                walk.Enqueue((dir, 1));
            }
            else if (name is MsrControlType or MmioControlType)
            {
                walk.Enqueue((dir, 1));
            }
        }

        while (walk.TryDequeue(out var next))
        {
            if (next.Depth > MaxNestingDepth)
            {
                continue;
            }

            foreach (var dir in Subdirectories(next.Path))
            {
                var name = Path.GetFileName(dir);
                if (RaplText.TryParseZoneId(name, out var type, out var indices))
                {
                    Add(dir, name, type, indices);
                    walk.Enqueue((dir, next.Depth + 1));
                }
            }
        }

        found.Sort(static (a, b) =>
        {
            var byType = string.CompareOrdinal(a.ControlType == MsrControlType ? "0" : a.ControlType, b.ControlType == MsrControlType ? "0" : b.ControlType);
            return byType != 0 ? byType : a.Indices.AsSpan().SequenceCompareTo(b.Indices);
        });
        return found;

        void Add(string path, string id, string type, int[] indices)
        {
            string real;
            try
            {
                real = RaplText.RealPath(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                real = path;
            }

            if (seen.Add(real))
            {
                found.Add(new FoundZone(id, path, real, type, indices));
            }
        }
    }

    private static List<string> Subdirectories(string path)
    {
        try
        {
            var dirs = Directory.GetDirectories(path);
            Array.Sort(dirs, StringComparer.Ordinal);
            return [.. dirs];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private sealed record FoundZone(string Id, string Path, string RealPath, string ControlType, int[] Indices);

    /// <summary>What discovery learnt about one zone, before it becomes a <see cref="RaplZone"/>.</summary>
    private sealed class ZoneProbe(FoundZone found)
    {
        public string Id => found.Id;

        public string Path => found.Path;

        public string ControlType => found.ControlType;

        public int[] Indices => found.Indices;

        public string EnergyPath { get; } = System.IO.Path.Join(found.Path, "energy_uj");

        public string Name { get; set; } = string.Empty;

        public string? Parent { get; set; }

        public string Label => Parent is null ? Name : $"{Parent}/{Name}";

        public RaplZoneKind Kind { get; set; } = RaplZoneKind.Other;

        public bool Enabled { get; set; } = true;

        public bool ControlTypeDisabled { get; set; }

        public bool Readable { get; set; }

        public bool EnergyDenied { get; set; }

        public ulong? MaxRange { get; set; }

        /// <summary>Why the zone cannot be read (one line, with the path), or null.</summary>
        public string? Problem { get; set; }

        public bool IsMirror { get; set; }

        public string? UsedBy { get; set; }

        public List<string> Notes { get; } = [];

        public RaplZone ToZone() => new(
            Id,
            Path,
            found.RealPath,
            ControlType,
            Name,
            Parent,
            Kind,
            Enabled,
            Readable,
            MaxRange is { } max ? Energy.FromMicrojoules(max) : null,
            UsedBy,
            Notes.Count == 0 ? null : string.Join("; ", Notes));
    }
}
