using System.Runtime.InteropServices;
using System.Text;

namespace CarbonScope.Measurement.Nvml;

/// <summary>
/// One loaded copy of NVML: the library handle and unmanaged function pointers to its exports, resolved with
/// <see cref="NativeLibrary.TryGetExport"/> rather than <c>DllImport</c>, so that nothing binds process-wide
/// (tests load several copies of a fake library side by side).
/// </summary>
/// <remarks>
/// <para>Reference-counted: the creator holds one reference and every sensor of a discovery holds one more. The last
/// <see cref="Release"/> calls <c>nvmlShutdown</c> (when <c>nvmlInit_v2</c> succeeded) and frees the library.</para>
/// <para>An optional export that the library lacks answers <see cref="NvmlReturn.NotSupported"/>, like a device
/// that does not support the query. NVML itself is thread-safe.</para>
/// </remarks>
internal sealed unsafe class NvmlLibrary
{
    /// <summary><c>NVML_DEVICE_NAME_V2_BUFFER_SIZE</c> and <c>NVML_DEVICE_UUID_V2_BUFFER_SIZE</c>.</summary>
    private const int TextBufferSize = 96;

    /// <summary>The most processes one query asks room for; a sanity bound on NVML's requested size.</summary>
    private const int MaxProcesses = 65536;

    private readonly nint _handle;
    private readonly delegate* unmanaged<int> _init;
    private readonly delegate* unmanaged<int> _shutdown;
    private readonly delegate* unmanaged<int, byte*> _errorString;
    private readonly delegate* unmanaged<uint*, int> _getCount;
    private readonly delegate* unmanaged<uint, nint*, int> _getHandleByIndex;
    private readonly delegate* unmanaged<byte*, nint*, int> _getHandleByUuid;
    private readonly delegate* unmanaged<nint, nint*, int> _getParentOfMig;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _getName;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _getUuid;
    private readonly delegate* unmanaged<nint, uint*, int> _getArchitecture;
    private readonly delegate* unmanaged<nint, uint*, int> _getPowerUsage;
    private readonly delegate* unmanaged<nint, ulong*, int> _getTotalEnergy;
    private readonly delegate* unmanaged<nint, NvmlUtilizationNative*, int> _getUtilization;
    private readonly delegate* unmanaged<nint, NvmlMemoryNative*, int> _getMemoryInfo;
    private readonly delegate* unmanaged<nint, uint*, int> _getPowerLimit;
    private readonly delegate* unmanaged<nint, uint*, NvmlProcessInfo*, int> _getComputeProcesses;

    private int _references = 1;
    private bool _initialized;

    private NvmlLibrary(nint handle, string path)
    {
        _handle = handle;
        Path = path;
        _init = (delegate* unmanaged<int>)Export("nvmlInit_v2");
        _shutdown = (delegate* unmanaged<int>)Export("nvmlShutdown");
        _errorString = (delegate* unmanaged<int, byte*>)Export("nvmlErrorString");
        _getCount = (delegate* unmanaged<uint*, int>)Export("nvmlDeviceGetCount_v2");
        _getHandleByIndex = (delegate* unmanaged<uint, nint*, int>)Export("nvmlDeviceGetHandleByIndex_v2");
        _getHandleByUuid = (delegate* unmanaged<byte*, nint*, int>)Export("nvmlDeviceGetHandleByUUID");
        _getParentOfMig = (delegate* unmanaged<nint, nint*, int>)Export("nvmlDeviceGetDeviceHandleFromMigDeviceHandle");
        _getName = (delegate* unmanaged<nint, byte*, uint, int>)Export("nvmlDeviceGetName");
        _getUuid = (delegate* unmanaged<nint, byte*, uint, int>)Export("nvmlDeviceGetUUID");
        _getArchitecture = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetArchitecture");
        _getPowerUsage = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetPowerUsage");
        _getTotalEnergy = (delegate* unmanaged<nint, ulong*, int>)Export("nvmlDeviceGetTotalEnergyConsumption");
        _getUtilization = (delegate* unmanaged<nint, NvmlUtilizationNative*, int>)Export("nvmlDeviceGetUtilizationRates");
        _getMemoryInfo = (delegate* unmanaged<nint, NvmlMemoryNative*, int>)Export("nvmlDeviceGetMemoryInfo");
        _getPowerLimit = (delegate* unmanaged<nint, uint*, int>)Export("nvmlDeviceGetEnforcedPowerLimit");
        _getComputeProcesses = (delegate* unmanaged<nint, uint*, NvmlProcessInfo*, int>)Export("nvmlDeviceGetComputeRunningProcesses_v3");
    }

    /// <summary>The path or name the library was loaded from.</summary>
    public string Path { get; }

    /// <summary>The required exports the library lacks (empty for a usable NVML).</summary>
    public IReadOnlyList<string> MissingRequiredExports
    {
        get
        {
            var missing = new List<string>();
            if (_init == null)
            {
                missing.Add("nvmlInit_v2");
            }

            if (_shutdown == null)
            {
                missing.Add("nvmlShutdown");
            }

            if (_getCount == null)
            {
                missing.Add("nvmlDeviceGetCount_v2");
            }

            if (_getHandleByIndex == null)
            {
                missing.Add("nvmlDeviceGetHandleByIndex_v2");
            }

            return missing;
        }
    }

    /// <summary>Loads the library at <paramref name="path"/> (a path, or a bare soname searched the way <c>dlopen</c> does).</summary>
    /// <returns>The library, or null when it cannot be loaded (not installed, wrong architecture, unreadable).</returns>
    public static NvmlLibrary? TryLoad(string path) =>
        NativeLibrary.TryLoad(path, out var handle) ? new NvmlLibrary(handle, path) : null;

    /// <summary>Calls <c>nvmlInit_v2</c>; on success <see cref="Release"/> will call <c>nvmlShutdown</c>.</summary>
    public NvmlReturn Init()
    {
        var rc = (NvmlReturn)_init();
        _initialized = rc == NvmlReturn.Success;
        return rc;
    }

    /// <summary>Takes one more reference (one per sensor).</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops one reference; the last one shuts NVML down and frees the library.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        if (_initialized)
        {
            _initialized = false;
            _ = _shutdown();
        }

        NativeLibrary.Free(_handle);
    }

    /// <summary>One line for a return code: NVML's own text (<c>nvmlErrorString</c>) and the number.</summary>
    public string Describe(NvmlReturn rc)
    {
        string? text = null;
        if (_errorString != null)
        {
            var p = _errorString((int)rc);
            text = p == null ? null : Marshal.PtrToStringUTF8((nint)p);
        }

        return $"{(string.IsNullOrWhiteSpace(text) ? FallbackText(rc) : text)} (NVML error {(int)rc})";
    }

    public NvmlReturn GetCount(out uint count)
    {
        uint value = 0;
        var rc = (NvmlReturn)_getCount(&value);
        count = value;
        return rc;
    }

    public NvmlReturn GetHandleByIndex(uint index, out nint device)
    {
        nint value = 0;
        var rc = (NvmlReturn)_getHandleByIndex(index, &value);
        device = value;
        return rc;
    }

    /// <summary>The UUID of the physical GPU that the MIG instance <paramref name="migUuid"/> belongs to.</summary>
    public NvmlReturn GetMigParentUuid(string migUuid, out string? parentUuid)
    {
        parentUuid = null;
        if (_getHandleByUuid == null || _getParentOfMig == null)
        {
            return NvmlReturn.NotSupported;
        }

        var bytes = Encoding.UTF8.GetBytes(migUuid + "\0");
        nint mig = 0;
        nint parent = 0;
        NvmlReturn rc;
        fixed (byte* p = bytes)
        {
            rc = (NvmlReturn)_getHandleByUuid(p, &mig);
        }

        if (rc != NvmlReturn.Success)
        {
            return rc;
        }

        rc = (NvmlReturn)_getParentOfMig(mig, &parent);
        return rc != NvmlReturn.Success ? rc : GetUuid(parent, out parentUuid);
    }

    public NvmlReturn GetName(nint device, out string? name) => GetText(_getName, device, out name);

    public NvmlReturn GetUuid(nint device, out string? uuid) => GetText(_getUuid, device, out uuid);

    public NvmlReturn GetArchitecture(nint device, out uint architecture) => GetUInt(_getArchitecture, device, out architecture);

    /// <summary><c>nvmlDeviceGetPowerUsage</c>: milliwatts.</summary>
    public NvmlReturn GetPowerUsage(nint device, out uint milliwatts) => GetUInt(_getPowerUsage, device, out milliwatts);

    /// <summary><c>nvmlDeviceGetEnforcedPowerLimit</c>: milliwatts.</summary>
    public NvmlReturn GetEnforcedPowerLimit(nint device, out uint milliwatts) => GetUInt(_getPowerLimit, device, out milliwatts);

    /// <summary><c>nvmlDeviceGetTotalEnergyConsumption</c>: millijoules since the driver was loaded.</summary>
    public NvmlReturn GetTotalEnergyConsumption(nint device, out ulong millijoules)
    {
        millijoules = 0;
        if (_getTotalEnergy == null)
        {
            return NvmlReturn.NotSupported;
        }

        ulong value = 0;
        var rc = (NvmlReturn)_getTotalEnergy(device, &value);
        millijoules = value;
        return rc;
    }

    public NvmlReturn GetUtilizationRates(nint device, out NvmlUtilizationNative utilization)
    {
        utilization = default;
        if (_getUtilization == null)
        {
            return NvmlReturn.NotSupported;
        }

        NvmlUtilizationNative value;
        var rc = (NvmlReturn)_getUtilization(device, &value);
        if (rc == NvmlReturn.Success)
        {
            utilization = value;
        }

        return rc;
    }

    public NvmlReturn GetMemoryInfo(nint device, out NvmlMemoryNative memory)
    {
        memory = default;
        if (_getMemoryInfo == null)
        {
            return NvmlReturn.NotSupported;
        }

        NvmlMemoryNative value;
        var rc = (NvmlReturn)_getMemoryInfo(device, &value);
        if (rc == NvmlReturn.Success)
        {
            memory = value;
        }

        return rc;
    }

    /// <summary>
    /// <c>nvmlDeviceGetComputeRunningProcesses_v3</c> into <paramref name="buffer"/>, growing it when NVML answers
    /// <see cref="NvmlReturn.InsufficientSize"/> (the list can grow between two calls, so a few attempts are made).
    /// </summary>
    /// <param name="device">The device handle.</param>
    /// <param name="buffer">A non-empty buffer, replaced by a larger one when needed.</param>
    /// <param name="count">The number of entries filled in on success.</param>
    public NvmlReturn GetComputeRunningProcesses(nint device, ref NvmlProcessInfo[] buffer, out int count)
    {
        count = 0;
        if (_getComputeProcesses == null)
        {
            return NvmlReturn.NotSupported;
        }

        var rc = NvmlReturn.InsufficientSize;
        for (var attempt = 0; attempt < 4 && rc == NvmlReturn.InsufficientSize; attempt++)
        {
            var n = (uint)buffer.Length;
            fixed (NvmlProcessInfo* p = buffer)
            {
                rc = (NvmlReturn)_getComputeProcesses(device, &n, p);
            }

            if (rc == NvmlReturn.Success)
            {
                count = (int)Math.Min(n, (uint)buffer.Length);
            }
            else if (rc == NvmlReturn.InsufficientSize)
            {
                var needed = (int)Math.Min(n, MaxProcesses);
                if (needed <= buffer.Length)
                {
                    needed = Math.Min(buffer.Length * 2, MaxProcesses);
                }

                if (needed <= buffer.Length)
                {
                    break;
                }

                // Room for a few processes that start between this call and the next.
                buffer = new NvmlProcessInfo[Math.Min(needed + 8, MaxProcesses)];
            }
        }

        return rc;
    }

    internal static string FallbackText(NvmlReturn rc) => rc switch
    {
        NvmlReturn.Success => "Success",
        NvmlReturn.Uninitialized => "Uninitialized",
        NvmlReturn.InvalidArgument => "Invalid Argument",
        NvmlReturn.NotSupported => "Not Supported",
        NvmlReturn.NoPermission => "Insufficient Permissions",
        NvmlReturn.NotFound => "Not Found",
        NvmlReturn.InsufficientSize => "Insufficient Size",
        NvmlReturn.DriverNotLoaded => "Driver Not Loaded",
        NvmlReturn.LibraryNotFound => "NVML Shared Library Not Found",
        NvmlReturn.FunctionNotFound => "Function Not Found",
        NvmlReturn.GpuIsLost => "GPU is lost",
        NvmlReturn.LibRmVersionMismatch => "RM has detected an NVML/RM version mismatch",
        _ => "Unknown Error",
    };

    private static NvmlReturn GetText(delegate* unmanaged<nint, byte*, uint, int> function, nint device, out string? text)
    {
        text = null;
        if (function == null)
        {
            return NvmlReturn.NotSupported;
        }

        var buffer = stackalloc byte[TextBufferSize];
        buffer[0] = 0;
        var rc = (NvmlReturn)function(device, buffer, TextBufferSize);
        if (rc == NvmlReturn.Success)
        {
            var length = new ReadOnlySpan<byte>(buffer, TextBufferSize).IndexOf((byte)0);
            text = Encoding.UTF8.GetString(buffer, length < 0 ? TextBufferSize : length).Trim();
        }

        return rc;
    }

    private static NvmlReturn GetUInt(delegate* unmanaged<nint, uint*, int> function, nint device, out uint value)
    {
        value = 0;
        if (function == null)
        {
            return NvmlReturn.NotSupported;
        }

        uint result = 0;
        var rc = (NvmlReturn)function(device, &result);
        value = result;
        return rc;
    }

    private void* Export(string name) =>
        NativeLibrary.TryGetExport(_handle, name, out var address) ? (void*)address : null;
}

/// <summary><c>nvmlUtilization_t</c>: percent of time over the past sample period.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlUtilizationNative
{
    public uint Gpu;
    public uint Memory;
}

/// <summary><c>nvmlMemory_t</c>: bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemoryNative
{
    public ulong Total;
    public ulong Free;
    public ulong Used;
}

/// <summary><c>nvmlProcessInfo_t</c> (the v2 layout that <c>nvmlDeviceGetComputeRunningProcesses_v3</c> fills).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlProcessInfo
{
    /// <summary><c>NVML_VALUE_NOT_AVAILABLE</c>: the used memory is not known (e.g. Windows WDDM, or no permission).</summary>
    public const ulong ValueNotAvailable = ulong.MaxValue;

    public uint Pid;
    public ulong UsedGpuMemory;
    public uint GpuInstanceId;
    public uint ComputeInstanceId;
}
