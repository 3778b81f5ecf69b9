using System.Globalization;
using CarbonScope.Measurement.Rapl;

namespace CarbonScope.Tests.Measurement.Rapl;

/// <summary>How a fake powercap tree lays out its zones.</summary>
public enum FakeLayout
{
    /// <summary>
    /// Like the kernel: real directories under <c>devices/virtual/powercap/&lt;type&gt;/</c> with sub-zones nested in their
    /// parent, and symbolic links for the control type and EVERY zone (sub-zones too) at the top of <c>class/powercap</c>.
    /// Each zone is thus reachable both flat and nested.
    /// </summary>
    Kernel,

    /// <summary>Plain directories for every zone at the top of <c>class/powercap</c>; nothing nested, no links.</summary>
    Flat,

    /// <summary>Plain directories nested under <c>class/powercap/&lt;type&gt;/</c>; no flat entries, no links.</summary>
    Nested,
}

/// <summary>A powercap tree in a temporary directory, read by the production code through <see cref="RaplOptions.SysfsRoot"/>.</summary>
internal sealed class FakePowercapTree : IDisposable
{
    /// <summary>A typical max_energy_range_uj (about 262 kJ).</summary>
    public const ulong DefaultMaxRange = 262_143_328_850;

    private readonly HashSet<string> _controlTypes = new(StringComparer.Ordinal);

    public FakePowercapTree(FakeLayout layout = FakeLayout.Kernel)
    {
        Layout = layout;
        Root = Directory.CreateTempSubdirectory("carbonscope-rapl-").FullName;
        PowercapDir = Path.Join(Root, "class", "powercap");
        Directory.CreateDirectory(PowercapDir);
    }

    public FakeLayout Layout { get; }

    /// <summary>The fake sysfs root (what <see cref="RaplOptions.SysfsRoot"/> gets).</summary>
    public string Root { get; }

    /// <summary><c>&lt;Root&gt;/class/powercap</c>.</summary>
    public string PowercapDir { get; }

    /// <summary>Creates a control type directory (<c>intel-rapl</c>, <c>intel-rapl-mmio</c>) with its <c>enabled</c> file when given.</summary>
    public FakePowercapTree ControlType(string type = "intel-rapl", string? enabled = "1")
    {
        string dir;
        if (Layout == FakeLayout.Kernel)
        {
            dir = Path.Join(Root, "devices", "virtual", "powercap", type);
            Directory.CreateDirectory(dir);
            var link = Path.Join(PowercapDir, type);
            if (!Path.Exists(link))
            {
                Directory.CreateSymbolicLink(link, Path.Join("..", "..", "devices", "virtual", "powercap", type));
            }
        }
        else
        {
            dir = Path.Join(PowercapDir, type);
            Directory.CreateDirectory(dir);
        }

        if (enabled is not null)
        {
            File.WriteAllText(Path.Join(dir, "enabled"), enabled + "\n");
        }

        _controlTypes.Add(type);
        return this;
    }

    /// <summary>Adds a zone (its parent directory is created if needed) with the files given; a null value leaves the file out.</summary>
    public FakePowercapTree Zone(string id, string? name, ulong? energy = 0, ulong? maxRange = DefaultMaxRange, string? enabled = null)
    {
        var type = id[..id.IndexOf(':', StringComparison.Ordinal)];
        if (!_controlTypes.Contains(type))
        {
            ControlType(type);
        }

        var dir = ZoneDir(id);
        Directory.CreateDirectory(dir);
        if (Layout == FakeLayout.Kernel)
        {
            var relative = Path.GetRelativePath(PowercapDir, dir);
            Directory.CreateSymbolicLink(Path.Join(PowercapDir, id), relative);
        }

        WriteIf(dir, "name", name);
        WriteIf(dir, "energy_uj", energy?.ToString(CultureInfo.InvariantCulture));
        WriteIf(dir, "max_energy_range_uj", maxRange?.ToString(CultureInfo.InvariantCulture));
        WriteIf(dir, "enabled", enabled);
        return this;
    }

    /// <summary>The zone's real directory.</summary>
    public string ZoneDir(string id)
    {
        if (Layout == FakeLayout.Flat)
        {
            return Path.Join(PowercapDir, id);
        }

        var type = id[..id.IndexOf(':', StringComparison.Ordinal)];
        var parts = id.Split(':');
        var baseDir = Layout == FakeLayout.Kernel ? Path.Join(Root, "devices", "virtual", "powercap", type) : Path.Join(PowercapDir, type);
        var path = baseDir;
        for (var i = 2; i <= parts.Length; i++)
        {
            path = Path.Join(path, string.Join(':', parts[..i]));
        }

        return path;
    }

    /// <summary>The path discovery should show for the zone: the flat entry when the layout has one, else the nested directory.</summary>
    public string ClassPath(string id) => Layout == FakeLayout.Nested ? ZoneDir(id) : Path.Join(PowercapDir, id);

    /// <summary>The zone's energy_uj as discovery names it.</summary>
    public string EnergyFile(string id) => Path.Join(ClassPath(id), "energy_uj");

    /// <summary>Rewrites the zone's energy_uj in place (same file, as the kernel's counter changes).</summary>
    public void SetEnergy(string id, ulong microjoules) => Write(id, "energy_uj", microjoules.ToString(CultureInfo.InvariantCulture));

    /// <summary>Rewrites one of the zone's files in place; a newline is added, as sysfs does.</summary>
    public void Write(string id, string file, string content) => File.WriteAllText(Path.Join(ZoneDir(id), file), content + "\n");

    /// <summary>Deletes one of the zone's files.</summary>
    public void Delete(string id, string file) => File.Delete(Path.Join(ZoneDir(id), file));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
    }

    private static void WriteIf(string dir, string file, string? content)
    {
        if (content is not null)
        {
            File.WriteAllText(Path.Join(dir, file), content + "\n");
        }
    }
}
