using System.Globalization;
using CarbonScope.Measurement.Rapl;

namespace CarbonScope.Testing;

/// <summary>
/// A fake <c>/sys/class/powercap</c> (Intel RAPL) tree in a temporary directory, read by the real CarbonScope code
/// through <see cref="RaplOptions.SysfsRoot"/> or <c>MeasurementOptions.SysfsRoot</c>.
/// </summary>
/// <remarks>
/// Build it fluently, e.g. <c>new FakePowercapTree().ControlType().Zone("intel-rapl:0", "package-0", energy: 1_000_000)</c>,
/// then move the counters with <see cref="SetEnergy(string, ulong)"/> between samples. Disposing deletes the directory.
/// Not thread-safe.
/// </remarks>
public sealed class FakePowercapTree : IDisposable
{
    /// <summary>A typical max_energy_range_uj (about 262 kJ).</summary>
    public const ulong DefaultMaxRange = 262_143_328_850;

    private readonly HashSet<string> _controlTypes = new(StringComparer.Ordinal);

    /// <summary>Creates an empty <c>class/powercap</c> directory under a new temporary sysfs root.</summary>
    /// <param name="layout">How zones are laid out; <see cref="FakeLayout.Kernel"/> (the default) is what Linux does.</param>
    public FakePowercapTree(FakeLayout layout = FakeLayout.Kernel)
    {
        Layout = layout;
        Root = Directory.CreateTempSubdirectory("carbonscope-rapl-").FullName;
        PowercapDir = Path.Join(Root, "class", "powercap");
        Directory.CreateDirectory(PowercapDir);
    }

    /// <summary>How zones are laid out.</summary>
    public FakeLayout Layout { get; }

    /// <summary>The fake sysfs root (what <see cref="RaplOptions.SysfsRoot"/> gets).</summary>
    public string Root { get; }

    /// <summary><c>&lt;Root&gt;/class/powercap</c>.</summary>
    public string PowercapDir { get; }

    /// <summary>Creates a control type directory (<c>intel-rapl</c>, <c>intel-rapl-mmio</c>) with its <c>enabled</c> file when given.</summary>
    /// <param name="type">The control type.</param>
    /// <param name="enabled">The content of its <c>enabled</c> file; null leaves the file out.</param>
    /// <returns>This tree, for chaining.</returns>
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
    /// <param name="id">The zone id, e.g. <c>intel-rapl:0</c> (a package) or <c>intel-rapl:0:0</c> (its first sub-zone); its control
    /// type is created with <see cref="ControlType(string, string?)"/> when it does not exist yet.</param>
    /// <param name="name">The zone's <c>name</c> file: <c>package-0</c>, <c>dram</c>, <c>core</c>, <c>uncore</c>, <c>psys</c>.</param>
    /// <param name="energy">The <c>energy_uj</c> counter, in microjoules.</param>
    /// <param name="maxRange">The <c>max_energy_range_uj</c> file: where the counter wraps.</param>
    /// <param name="enabled">The zone's <c>enabled</c> file, when given.</param>
    /// <returns>This tree, for chaining.</returns>
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

    /// <summary>The zone's real directory (for <see cref="FakeLayout.Kernel"/>, under <c>devices/virtual/powercap</c>).</summary>
    /// <param name="id">The zone id, e.g. <c>intel-rapl:0:1</c>.</param>
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
    /// <param name="id">The zone id.</param>
    public string ClassPath(string id) => Layout == FakeLayout.Nested ? ZoneDir(id) : Path.Join(PowercapDir, id);

    /// <summary>The zone's energy_uj as discovery names it.</summary>
    /// <param name="id">The zone id.</param>
    public string EnergyFile(string id) => Path.Join(ClassPath(id), "energy_uj");

    /// <summary>Rewrites the zone's energy_uj in place (same file, as the kernel's counter changes).</summary>
    /// <param name="id">The zone id.</param>
    /// <param name="microjoules">The new counter value.</param>
    public void SetEnergy(string id, ulong microjoules) => Write(id, "energy_uj", microjoules.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Overwrites the zone's energy_uj while a reader may be reading it (another process, another thread): the value is
    /// written as 20 zero-padded digits and a newline in one write at offset 0, without truncating, so a concurrent read
    /// sees the old or the new value and never an empty or partial file. (<see cref="SetEnergy"/> truncates first.)
    /// </summary>
    /// <param name="id">The zone id.</param>
    /// <param name="microjoules">The new counter value.</param>
    public void SetEnergyConcurrently(string id, ulong microjoules)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(microjoules.ToString("D20", CultureInfo.InvariantCulture) + "\n");
        using var file = new FileStream(EnergyFile(id), FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        file.Write(bytes);
    }

    /// <summary>Rewrites one of the zone's files in place; a newline is added, as sysfs does.</summary>
    /// <param name="id">The zone id.</param>
    /// <param name="file">The file name, e.g. <c>energy_uj</c>.</param>
    /// <param name="content">The content, without the final newline.</param>
    public void Write(string id, string file, string content) => File.WriteAllText(Path.Join(ZoneDir(id), file), content + "\n");

    /// <summary>Deletes one of the zone's files.</summary>
    /// <param name="id">The zone id.</param>
    /// <param name="file">The file name, e.g. <c>energy_uj</c>.</param>
    public void Delete(string id, string file) => File.Delete(Path.Join(ZoneDir(id), file));

    /// <summary>Deletes the temporary directory (a failure to delete it is ignored).</summary>
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
