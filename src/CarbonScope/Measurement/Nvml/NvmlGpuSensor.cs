using CarbonScope.Units;

namespace CarbonScope.Measurement.Nvml;

/// <summary>The energy of one NVIDIA GPU, read through NVML. Made by <see cref="NvmlGpus.Discover(NvmlOptions?)"/>.</summary>
/// <remarks>
/// <para><b>Energy.</b> Where <c>nvmlDeviceGetTotalEnergyConsumption</c> answers (Volta and newer), the energy of an
/// interval is the difference of that millijoule counter between two reads. The driver updates the counter about
/// every 100 ms, so an interval shorter than that can read 0 J and the next one the whole amount: totals are exact,
/// single short intervals are not. Where the counter answers NOT_SUPPORTED (checked at every read, not only at
/// discovery), the energy is integrated from <c>nvmlDeviceGetPowerUsage</c> with the trapezoid rule,
/// E = (P(previous read) + P(this read)) / 2 x elapsed, with the elapsed time of the <see cref="SampleContext"/>. An
/// interval with a counter value at only one end falls back to the trapezoid; one with a power sample at only one
/// end uses that sample x elapsed. <see cref="Model"/> names the method used by the latest read.</para>
/// <para><b>Power.</b> The reading's power is the current <c>nvmlDeviceGetPowerUsage</c> value when supported (on
/// Ampere, except GA100, and newer it is a one-second average), else the counter's mean over the interval.</para>
/// <para><b>Failures.</b> Any other NVML error on these calls (e.g. 15, GPU is lost) sets
/// <see cref="UnavailableReason"/> with NVML's error text; from then on every read returns zero, and earlier readings
/// stay as they were. <see cref="Read"/> never throws.</para>
/// <para><b>Processes.</b> See <see cref="ShareOf"/> and <see cref="TrackProcesses"/>.</para>
/// </remarks>
public sealed class NvmlGpuSensor : IEnergySensor, IProcessAwareSensor
{
    /// <summary><see cref="Model"/> when the energy comes from the total-energy counter.</summary>
    public const string EnergyCounterModel = "NVML total energy counter";

    /// <summary><see cref="Model"/> when the energy is integrated from power samples.</summary>
    public const string IntegratedPowerModel = "NVML power samples integrated (trapezoid)";

    private const int InitialProcessCapacity = 16;

    private readonly NvmlLibrary _library;
    private readonly nint _device;
    private NvmlProcessInfo[] _processBuffer = new NvmlProcessInfo[InitialProcessCapacity];
    private (uint Pid, ulong UsedMemory)[]? _lastProcesses;
    private bool _hasBaseline;
    private ulong? _lastCounter;
    private Power? _lastPower;
    private int _disposed;

    internal NvmlGpuSensor(NvmlLibrary library, nint device, NvmlDeviceInfo info)
    {
        _library = library;
        _device = device;
        Device = info;
        Model = info.EnergyCounterSupported ? EnergyCounterModel : IntegratedPowerModel;
        library.AddReference();
    }

    /// <inheritdoc/>
    public DeviceKind Kind => DeviceKind.Gpu;

    /// <summary><c>gpu:&lt;NVML index&gt;</c>, e.g. <c>gpu:0</c>.</summary>
    public string DeviceId => $"gpu:{Device.Index}";

    /// <summary>NVML's product name, e.g. "NVIDIA H100 80GB HBM3".</summary>
    public string DeviceName => Device.Name;

    /// <summary>The NVML index (PCI bus order; not necessarily the CUDA ordinal).</summary>
    public int Index => Device.Index;

    /// <summary>The GPU UUID, e.g. "GPU-8932f937-d72c-4106-c12f-20bd9faed9f6".</summary>
    public string Uuid => Device.Uuid;

    /// <summary>What discovery learnt about this GPU.</summary>
    public NvmlDeviceInfo Device { get; }

    /// <inheritdoc/>
    public MeasurementMethod Method => MeasurementMethod.Measured;

    /// <inheritdoc/>
    public string Source => "nvml";

    /// <summary><see cref="EnergyCounterModel"/> or <see cref="IntegratedPowerModel"/>: the method of the latest read.</summary>
    public string Model { get; private set; }

    /// <inheritdoc/>
    public string? UnavailableReason { get; private set; }

    /// <summary>
    /// Whether each <see cref="Read"/> also asks NVML for the GPU's compute processes (one more call per read), so
    /// that <see cref="ShareOf"/> can answer. Off by default; the tracker turns it on when it attributes to processes.
    /// </summary>
    public bool TrackProcesses { get; set; }

    /// <inheritdoc/>
    public SensorReading Read(in SampleContext context)
    {
        if (Volatile.Read(ref _disposed) != 0 || UnavailableReason is not null)
        {
            _lastProcesses = null;
            return new SensorReading(Energy.Zero, null);
        }

        var energyRc = _library.GetTotalEnergyConsumption(_device, out var counter);
        if (energyRc is not NvmlReturn.Success and not NvmlReturn.NotSupported)
        {
            return Fail("nvmlDeviceGetTotalEnergyConsumption", energyRc);
        }

        var powerRc = _library.GetPowerUsage(_device, out var milliwatts);
        if (powerRc is not NvmlReturn.Success and not NvmlReturn.NotSupported)
        {
            return Fail("nvmlDeviceGetPowerUsage", powerRc);
        }

        _lastProcesses = TrackProcesses ? QueryProcesses() : null;

        ulong? counterNow = energyRc == NvmlReturn.Success ? counter : null;
        Power? powerNow = powerRc == NvmlReturn.Success ? Power.FromMilliwatts(milliwatts) : null;
        var previousCounter = _lastCounter;
        var previousPower = _lastPower;
        _lastCounter = counterNow;
        _lastPower = powerNow;
        if (!_hasBaseline)
        {
            _hasBaseline = true;
            return SensorReading.Baseline;
        }

        var elapsed = context.Elapsed > TimeSpan.Zero ? context.Elapsed : TimeSpan.Zero;
        if (counterNow is { } now && previousCounter is { } before && now >= before)
        {
            Model = EnergyCounterModel;
            var energy = Energy.FromMillijoules(now - before);
            return new SensorReading(energy, powerNow ?? (elapsed > TimeSpan.Zero ? energy / elapsed : null));
        }

        if (powerNow is { } p1 && previousPower is { } p0)
        {
            Model = IntegratedPowerModel;
            return new SensorReading((p0 + p1) / 2 * elapsed, powerNow);
        }

        if ((powerNow ?? previousPower) is { } single)
        {
            Model = IntegratedPowerModel;
            return new SensorReading(single * elapsed, powerNow);
        }

        // Neither the counter nor power answered at both ends (both NOT_SUPPORTED right now): nothing to add.
        return new SensorReading(Energy.Zero, null);
    }

    /// <summary>
    /// The share of this GPU that belongs to <paramref name="processIds"/>, from the compute-process list taken at the
    /// last <see cref="Read"/>: a memory-share heuristic, since NVML gives no per-process energy.
    /// </summary>
    /// <remarks>
    /// <para>The share is the set's used GPU memory over the used memory of all listed compute processes. When any
    /// listed process's memory is not available (<c>NVML_VALUE_NOT_AVAILABLE</c>, e.g. without permission) or the
    /// total is zero, the GPU is split equally per listed process. 0 when no process of the set is on the GPU
    /// (including an empty list).</para>
    /// <para>Null (the device cannot tell, the tracker attributes the GPU whole) when <see cref="TrackProcesses"/> was
    /// off at the last read, there was no read yet, the query is not supported or failed, or the sensor is
    /// unavailable. NVML reports process ids of the host's PID namespace: inside a container that has its own, the
    /// ids will not match.</para>
    /// </remarks>
    public double? ShareOf(IReadOnlySet<int> processIds)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        var processes = _lastProcesses;
        if (processes is null)
        {
            return null;
        }

        var memoryKnown = true;
        double totalMemory = 0;
        double setMemory = 0;
        var setCount = 0;
        foreach (var (pid, used) in processes)
        {
            var inSet = pid <= int.MaxValue && processIds.Contains((int)pid);
            if (used == NvmlProcessInfo.ValueNotAvailable)
            {
                memoryKnown = false;
            }
            else
            {
                totalMemory += used;
                setMemory += inSet ? used : 0;
            }

            setCount += inSet ? 1 : 0;
        }

        if (setCount == 0)
        {
            return 0;
        }

        return memoryKnown && totalMemory > 0
            ? Math.Clamp(setMemory / totalMemory, 0, 1)
            : (double)setCount / processes.Length;
    }

    /// <summary>The GPU and memory-controller utilisation now (<c>nvmlDeviceGetUtilizationRates</c>), or null when not reported.</summary>
    public NvmlUtilization? ReadUtilization()
    {
        if (Volatile.Read(ref _disposed) != 0 || UnavailableReason is not null
            || _library.GetUtilizationRates(_device, out var value) != NvmlReturn.Success)
        {
            return null;
        }

        return new NvmlUtilization((int)Math.Min(value.Gpu, 100u), (int)Math.Min(value.Memory, 100u));
    }

    /// <summary>The device memory now (<c>nvmlDeviceGetMemoryInfo</c>), or null when not reported.</summary>
    public NvmlMemoryInfo? ReadMemory()
    {
        if (Volatile.Read(ref _disposed) != 0 || UnavailableReason is not null
            || _library.GetMemoryInfo(_device, out var value) != NvmlReturn.Success)
        {
            return null;
        }

        return new NvmlMemoryInfo(ToInt64(value.Total), ToInt64(value.Free), ToInt64(value.Used));
    }

    /// <summary>Releases this sensor's hold on NVML; the last sensor of a discovery shuts NVML down and frees the library.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lastProcesses = null;
            _library.Release();
        }
    }

    private static long ToInt64(ulong value) => (long)Math.Min(value, long.MaxValue);

    private SensorReading Fail(string call, NvmlReturn rc)
    {
        UnavailableReason = $"{call} on GPU {Device.Index} ({Device.Name}) failed: {_library.Describe(rc)}";
        _lastProcesses = null;
        return new SensorReading(Energy.Zero, null);
    }

    private (uint Pid, ulong UsedMemory)[]? QueryProcesses()
    {
        if (_library.GetComputeRunningProcesses(_device, ref _processBuffer, out var count) != NvmlReturn.Success)
        {
            return null;
        }

        // One entry per process: a process can be listed once per MIG instance it uses.
        var merged = new Dictionary<uint, ulong>(count);
        for (var i = 0; i < count; i++)
        {
            var info = _processBuffer[i];
            merged[info.Pid] = merged.TryGetValue(info.Pid, out var used)
                ? (used == NvmlProcessInfo.ValueNotAvailable || info.UsedGpuMemory == NvmlProcessInfo.ValueNotAvailable
                    ? NvmlProcessInfo.ValueNotAvailable
                    : unchecked(used + info.UsedGpuMemory))
                : info.UsedGpuMemory;
        }

        return merged.Select(pair => (pair.Key, pair.Value)).ToArray();
    }
}

/// <summary>Utilisation over NVML's last sample period, in percent.</summary>
/// <param name="GpuPercent">Percent of time one or more kernels were running.</param>
/// <param name="MemoryPercent">Percent of time device memory was being read or written.</param>
public readonly record struct NvmlUtilization(int GpuPercent, int MemoryPercent);

/// <summary>Device memory, in bytes.</summary>
/// <param name="TotalBytes">Total physical memory.</param>
/// <param name="FreeBytes">Unallocated memory.</param>
/// <param name="UsedBytes">Reserved plus allocated memory.</param>
public readonly record struct NvmlMemoryInfo(long TotalBytes, long FreeBytes, long UsedBytes);
