namespace CarbonScope.Measurement.Nvml;

/// <summary>NVML return codes (<c>nvmlReturn_t</c> in <c>nvml.h</c>); only the ones CarbonScope handles by name.</summary>
internal enum NvmlReturn
{
    Success = 0,
    Uninitialized = 1,
    InvalidArgument = 2,
    NotSupported = 3,
    NoPermission = 4,
    NotFound = 6,
    InsufficientSize = 7,
    DriverNotLoaded = 9,
    LibraryNotFound = 12,
    FunctionNotFound = 13,
    GpuIsLost = 15,
    LibRmVersionMismatch = 18,
    Unknown = 999,
}
