using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using CarbonScope.Measurement.Nvml;

namespace CarbonScope.Tests.Measurement.Nvml;

/// <summary>
/// Compiles <c>Native/fake_nvml.c</c> with gcc, once per variant and test class, into a temporary directory.
/// </summary>
/// <remarks>
/// The fake is linked with its own soname (<c>libcarbonscope-fake-nvml.so</c>), not NVML's: glibc answers a
/// <c>dlopen("libnvidia-ml.so.1")</c> with any loaded object whose soname is <c>libnvidia-ml.so.1</c>, so a fake
/// with the real soname would capture default-path discoveries made by other tests of this process while it is
/// loaded. The file name stays <c>libnvidia-ml.so.1</c>, so the fake still works as a drop-in on LD_LIBRARY_PATH.
/// </remarks>
public sealed class FakeNvmlBuild : IDisposable
{
    /// <summary>Leaves out <c>nvmlDeviceGetTotalEnergyConsumption</c>.</summary>
    public const string WithoutEnergyExport = "FAKE_NVML_OMIT_ENERGY";

    /// <summary>Leaves out <c>nvmlInit_v2</c>.</summary>
    public const string WithoutInitExport = "FAKE_NVML_OMIT_INIT";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "carbonscope-fake-nvml-build-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<string, Lazy<string>> _builds = new(StringComparer.Ordinal);

    /// <summary>A fresh copy of the fake (its own global state), loaded by absolute path.</summary>
    /// <param name="variant">Empty, or a macro such as <see cref="WithoutEnergyExport"/>.</param>
    public FakeNvml NewCopy(string variant = "") =>
        FakeNvml.Load(_builds.GetOrAdd(variant, v => new Lazy<string>(() => Compile(v))).Value);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private string Compile(string variant)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Native", "fake_nvml.c");
        var output = Path.Combine(_directory, variant.Length == 0 ? "default" : variant, "libnvidia-ml.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var start = new ProcessStartInfo("gcc")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-Wl,-soname,libcarbonscope-fake-nvml.so" })
        {
            start.ArgumentList.Add(argument);
        }

        if (variant.Length > 0)
        {
            start.ArgumentList.Add("-D" + variant);
        }

        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(output);
        start.ArgumentList.Add(source);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("gcc did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "gcc was not found: the NVML tests compile a fake libnvidia-ml.so.1 from Native/fake_nvml.c at test time. " +
                "Install gcc (e.g. apt-get install -y gcc) and run the tests again.", e);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"gcc failed to compile {source} (exit {process.ExitCode}):\n{stdout}{errors.GetAwaiter().GetResult()}");
            }
        }

        return output;
    }
}

/// <summary>One loaded copy of the fake NVML and its <c>fake_nvml_*</c> control functions.</summary>
public sealed class FakeNvml : IDisposable
{
    public const int NotSupported = 3;
    public const int DriverNotLoaded = 9;
    public const int GpuIsLost = 15;
    public const ulong MemoryNotAvailable = ulong.MaxValue;

    private readonly nint _handle;
    private readonly string _directory;
    private readonly SetIntFn _setInitResult;
    private readonly SetUIntFn _setDeviceCount;
    private readonly SetDeviceFn _setDevice;
    private readonly SetEnergyFn _setEnergy;
    private readonly SetUIntValueFn _setPower;
    private readonly SetUIntValueFn _setPowerLimit;
    private readonly SetUtilizationFn _setUtilization;
    private readonly SetMemoryFn _setMemory;
    private readonly SetProcessesFn _setProcesses;
    private readonly SetErrorFn _setError;
    private readonly AddMigFn _addMig;
    private readonly GetUIntFn _initCalls;
    private readonly GetUIntFn _shutdownCalls;
    private readonly GetUIntOfFn _processQueries;

    private FakeNvml(string directory, string path)
    {
        _directory = directory;
        LibraryPath = path;
        _handle = NativeLibrary.Load(path);
        _setInitResult = Bind<SetIntFn>("fake_nvml_set_init_result");
        _setDeviceCount = Bind<SetUIntFn>("fake_nvml_set_device_count");
        _setDevice = Bind<SetDeviceFn>("fake_nvml_set_device");
        _setEnergy = Bind<SetEnergyFn>("fake_nvml_set_energy");
        _setPower = Bind<SetUIntValueFn>("fake_nvml_set_power");
        _setPowerLimit = Bind<SetUIntValueFn>("fake_nvml_set_power_limit");
        _setUtilization = Bind<SetUtilizationFn>("fake_nvml_set_utilization");
        _setMemory = Bind<SetMemoryFn>("fake_nvml_set_memory");
        _setProcesses = Bind<SetProcessesFn>("fake_nvml_set_processes");
        _setError = Bind<SetErrorFn>("fake_nvml_set_error");
        _addMig = Bind<AddMigFn>("fake_nvml_add_mig");
        _initCalls = Bind<GetUIntFn>("fake_nvml_init_calls");
        _shutdownCalls = Bind<GetUIntFn>("fake_nvml_shutdown_calls");
        _processQueries = Bind<GetUIntOfFn>("fake_nvml_process_queries");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetIntFn(int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetUIntFn(uint value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetDeviceFn(uint index, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string uuid);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnergyFn(uint index, int rc, ulong millijoules);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetUIntValueFn(uint index, int rc, uint value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetUtilizationFn(uint index, int rc, uint gpu, uint memory);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetMemoryFn(uint index, int rc, ulong total, ulong free, ulong used);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetProcessesFn(uint index, int rc, uint count, uint[] pids, ulong[] usedMemory);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetErrorFn(uint index, int rc);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void AddMigFn(uint parent, [MarshalAs(UnmanagedType.LPUTF8Str)] string uuid);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate uint GetUIntFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate uint GetUIntOfFn(uint index);

    /// <summary>The absolute path of this copy (give it to <see cref="NvmlOptions.LibraryPath"/>).</summary>
    public string LibraryPath { get; }

    /// <summary>How many times <c>nvmlInit_v2</c> was called.</summary>
    public int InitCalls => (int)_initCalls();

    /// <summary>How many times <c>nvmlShutdown</c> was called.</summary>
    public int ShutdownCalls => (int)_shutdownCalls();

    internal static FakeNvml Load(string compiled)
    {
        var directory = Path.Combine(Path.GetTempPath(), "carbonscope-fake-nvml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "libnvidia-ml.so.1");
        File.Copy(compiled, path);
        return new FakeNvml(directory, path);
    }

    /// <summary>Options that load this copy and apply <paramref name="cudaVisibleDevices"/> (null: unset, every GPU).</summary>
    public NvmlOptions Options(string? cudaVisibleDevices = null) => NvmlOptions.WithVisibleDevices(LibraryPath, cudaVisibleDevices);

    public void SetInitResult(int rc) => _setInitResult(rc);

    /// <summary>Sets the number of GPUs; each gets defaults: name "Fake GPU", UUID GPU-0000000&lt;i&gt;-0000-..., counter and power at 0.</summary>
    public void SetDeviceCount(int count) => _setDeviceCount((uint)count);

    public void SetDevice(int index, string name, string uuid) => _setDevice((uint)index, name, uuid);

    public void SetEnergy(int index, ulong millijoules) => _setEnergy((uint)index, 0, millijoules);

    public void SetEnergyResult(int index, int rc) => _setEnergy((uint)index, rc, 0);

    public void SetPower(int index, uint milliwatts) => _setPower((uint)index, 0, milliwatts);

    public void SetPowerResult(int index, int rc) => _setPower((uint)index, rc, 0);

    public void SetPowerLimit(int index, uint milliwatts) => _setPowerLimit((uint)index, 0, milliwatts);

    public void SetUtilization(int index, uint gpu, uint memory) => _setUtilization((uint)index, 0, gpu, memory);

    public void SetMemory(int index, ulong total, ulong free, ulong used) => _setMemory((uint)index, 0, total, free, used);

    public void SetProcesses(int index, params (uint Pid, ulong UsedMemory)[] processes) =>
        _setProcesses((uint)index, 0, (uint)processes.Length, processes.Select(p => p.Pid).ToArray(), processes.Select(p => p.UsedMemory).ToArray());

    public void SetProcessesResult(int index, int rc) => _setProcesses((uint)index, rc, 0, [0], [0]);

    /// <summary>From now on every query on GPU <paramref name="index"/> returns <paramref name="rc"/> (0 restores).</summary>
    public void SetError(int index, int rc) => _setError((uint)index, rc);

    public void AddMig(int parent, string uuid) => _addMig((uint)parent, uuid);

    public int ProcessQueries(int index) => (int)_processQueries((uint)index);

    public void Dispose()
    {
        NativeLibrary.Free(_handle);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private T Bind<T>(string name)
        where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(_handle, name));
}
