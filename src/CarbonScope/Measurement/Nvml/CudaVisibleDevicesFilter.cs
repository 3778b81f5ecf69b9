using System.Globalization;

namespace CarbonScope.Measurement.Nvml;

/// <summary>
/// Applies a <c>CUDA_VISIBLE_DEVICES</c> value to the GPUs NVML enumerates, the way the CUDA runtime reads it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Unset (null): every GPU, in NVML order. Empty: no GPU.</item>
/// <item>Otherwise comma-separated entries, each (after trimming spaces) a decimal index, a GPU UUID
/// (<c>GPU-8932f937-d72c-4106-c12f-20bd9faed9f6</c>) or a unique prefix of one (<c>GPU-8932f937</c>), or a MIG
/// instance (<c>MIG-&lt;uuid&gt;</c>, or the older <c>MIG-GPU-&lt;uuid&gt;/&lt;gi&gt;/&lt;ci&gt;</c>).</item>
/// <item>As in CUDA, the first invalid entry (not a number, an index out of range, a negative index such as the
/// common <c>-1</c>, an unknown or ambiguous UUID) ends the list: it and every entry after it are ignored.</item>
/// <item>A MIG instance stands for its parent GPU (NVML reports energy and power per physical GPU). A MIG entry
/// whose parent cannot be found (a driver without <c>nvmlDeviceGetHandleByUUID</c> /
/// <c>nvmlDeviceGetDeviceHandleFromMigDeviceHandle</c>) is skipped with a diagnostic; the list goes on.</item>
/// <item>A GPU named twice (or two MIG instances of one GPU) is measured once, at its first position.</item>
/// <item>Indices are NVML indices, which follow the PCI bus order. CUDA numbers devices fastest first unless
/// <c>CUDA_DEVICE_ORDER=PCI_BUS_ID</c>; on machines with mixed GPU models the two orders can differ, and UUIDs
/// are the unambiguous choice.</item>
/// </list>
/// </remarks>
internal static class CudaVisibleDevicesFilter
{
    private const string Variable = NvmlOptions.CudaVisibleDevicesVariable;

    /// <summary>Selects NVML indices from <paramref name="value"/>.</summary>
    /// <param name="value">The <c>CUDA_VISIBLE_DEVICES</c> value; null when unset.</param>
    /// <param name="uuids">The UUID of each NVML index (null where it could not be read).</param>
    /// <param name="migParentUuid">Resolves a <c>MIG-&lt;uuid&gt;</c> entry to its parent GPU's UUID, or null.</param>
    /// <param name="diagnostics">Receives one line per entry that was ignored or changed meaning.</param>
    /// <returns>The selected NVML indices, in the order of the variable, without repeats.</returns>
    public static IReadOnlyList<int> Select(
        string? value, IReadOnlyList<string?> uuids, Func<string, string?> migParentUuid, ICollection<SensorDiagnostic> diagnostics)
    {
        if (value is null)
        {
            return Enumerable.Range(0, uuids.Count).ToArray();
        }

        var selected = new List<int>();
        if (value.Trim().Length == 0)
        {
            diagnostics.Add(Note($"{Variable} is set and empty: the job sees no GPU, so no GPU is measured", null));
            return selected;
        }

        var entries = value.Split(',');
        for (var position = 0; position < entries.Length; position++)
        {
            var entry = entries[position].Trim();
            int index;
            if (entry.StartsWith("MIG-", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryResolveMig(entry, uuids, migParentUuid, out index, out var problem))
                {
                    if (problem is not null)
                    {
                        // Found nowhere: CUDA would reject it, so it ends the list.
                        diagnostics.Add(Stop(entry, entries, position, uuids.Count, problem));
                        break;
                    }

                    diagnostics.Add(Note(
                        $"{Variable} entry '{entry}' is a MIG instance whose parent GPU could not be found through NVML: it is skipped",
                        "name the parent GPU's UUID (nvidia-smi -L) instead"));
                    continue;
                }

                diagnostics.Add(Note(
                    $"{Variable} entry '{entry}' is a MIG instance of GPU {index}: the whole GPU {index} is measured (NVML reports energy per physical GPU)",
                    null));
            }
            else
            {
                if (ResolveGpu(entry, uuids, out var problem) is not { } gpu)
                {
                    diagnostics.Add(Stop(entry, entries, position, uuids.Count, problem));
                    break;
                }

                index = gpu;
            }

            if (!selected.Contains(index))
            {
                selected.Add(index);
            }
        }

        return selected;
    }

    private static int? ResolveGpu(string entry, IReadOnlyList<string?> uuids, out string problem)
    {
        problem = string.Empty;
        if (entry.Length > 0 && char.IsAsciiDigit(entry[0]))
        {
            if (int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < uuids.Count)
            {
                return index;
            }

            problem = uuids.Count == 0 ? "no GPU exists" : $"it is not a GPU index in 0..{uuids.Count - 1}";
            return null;
        }

        if (entry.StartsWith("GPU-", StringComparison.OrdinalIgnoreCase) && entry.Length > "GPU-".Length)
        {
            var matches = new List<int>();
            for (var i = 0; i < uuids.Count; i++)
            {
                if (uuids[i] is { } uuid && uuid.StartsWith(entry, StringComparison.OrdinalIgnoreCase))
                {
                    matches.Add(i);
                }
            }

            if (matches.Count == 1)
            {
                return matches[0];
            }

            problem = matches.Count == 0 ? "no GPU has this UUID" : $"it is a prefix of {matches.Count} GPUs' UUIDs";
            return null;
        }

        problem = "it is neither a GPU index nor a GPU-/MIG- UUID";
        return null;
    }

    /// <returns>
    /// True with the parent index; false with <paramref name="problem"/> set when the entry names no GPU at all;
    /// false with a null problem when the parent could not be looked up.
    /// </returns>
    private static bool TryResolveMig(
        string entry, IReadOnlyList<string?> uuids, Func<string, string?> migParentUuid, out int index, out string? problem)
    {
        problem = null;
        index = -1;
        var rest = entry["MIG-".Length..];

        // Older form: MIG-GPU-<parent uuid>/<gpu instance>/<compute instance>.
        if (rest.StartsWith("GPU-", StringComparison.OrdinalIgnoreCase))
        {
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (ResolveGpu(slash < 0 ? rest : rest[..slash], uuids, out var gpuProblem) is { } gpu)
            {
                index = gpu;
                return true;
            }

            problem = gpuProblem;
            return false;
        }

        var parent = migParentUuid(entry);
        if (parent is null)
        {
            return false;
        }

        for (var i = 0; i < uuids.Count; i++)
        {
            if (string.Equals(uuids[i], parent, StringComparison.OrdinalIgnoreCase))
            {
                index = i;
                return true;
            }
        }

        problem = $"its parent GPU {parent} is not among the GPUs NVML lists";
        return false;
    }

    private static SensorDiagnostic Stop(string entry, string[] entries, int position, int gpuCount, string problem)
    {
        var ignored = entries.Length - position - 1;
        var what = ignored == 0 ? "it is" : $"it and the {ignored} entr{(ignored == 1 ? "y" : "ies")} after it are";
        var deliberate = entry.StartsWith('-') || entry.Length == 0;
        return Note(
            $"{Variable} entry '{entry}' is invalid ({problem}): {what} ignored, as CUDA does",
            deliberate || gpuCount == 0 ? null : $"use GPU indices 0..{gpuCount - 1} or GPU UUIDs (nvidia-smi -L lists them)");
    }

    private static SensorDiagnostic Note(string reason, string? fix) => new(DeviceKind.Gpu, "nvml", reason, fix);
}
