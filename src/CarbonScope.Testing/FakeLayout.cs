namespace CarbonScope.Testing;

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
