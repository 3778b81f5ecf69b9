/*
 * A fake libnvidia-ml.so.1 for CarbonScope's tests.
 *
 * It exports the NVML calls CarbonScope uses, with the C signatures, return codes and struct layouts of
 * NVIDIA's nvml.h, and a few fake_nvml_* control functions that a test calls (through the same loaded
 * handle) to script the GPUs: how many there are, their names and UUIDs, what each query returns and the
 * values it returns. State is global to one loaded copy of this library: tests copy the compiled file to
 * their own directory and load it by absolute path, which gives each test its own copy of the state.
 *
 * Build: gcc -shared -fPIC -O2 -Wall -Werror -o libnvidia-ml.so.1 fake_nvml.c
 * Variants: -DFAKE_NVML_OMIT_ENERGY leaves out nvmlDeviceGetTotalEnergyConsumption (an old driver);
 *           -DFAKE_NVML_OMIT_INIT leaves out nvmlInit_v2 (a library that is not a usable NVML).
 *
 * Environment mode, for tests that run a whole program (e.g. the carbonscope CLI) with this library found by
 * soname through LD_LIBRARY_PATH, where no test code can call the control functions: when nvmlInit_v2 runs and
 * no GPU was scripted, FAKE_NVML_GPU_COUNT=<n> creates n default GPUs ("Fake GPU", UUID GPU-0000000<i>-...), and
 * FAKE_NVML_POWER_MW=<mW> makes each draw that power: the power query returns it and the energy counter grows
 * by power x time since nvmlInit_v2 on the monotonic clock.
  */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int nvmlReturn_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NO_PERMISSION 4
#define NVML_ERROR_NOT_FOUND 6
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_LIBRARY_NOT_FOUND 12
#define NVML_ERROR_FUNCTION_NOT_FOUND 13
#define NVML_ERROR_GPU_IS_LOST 15
#define NVML_ERROR_LIB_RM_VERSION_MISMATCH 18
#define NVML_ERROR_UNKNOWN 999

#define NVML_DEVICE_ARCH_HOPPER 9

#define FAKE_MAX_GPUS 8
#define FAKE_MAX_MIGS 8
#define FAKE_MAX_PROCESSES 64
#define FAKE_TEXT 96

typedef struct nvmlUtilization_st {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

typedef struct nvmlMemory_st {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct nvmlProcessInfo_st {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;

/* A device handle points at one of these; kind tells a whole GPU from a MIG instance. */
typedef struct fake_device {
    int kind; /* 0 = GPU, 1 = MIG instance */
    int index; /* GPU index, or the MIG's parent GPU index */
    char name[FAKE_TEXT];
    char uuid[FAKE_TEXT];
    int error; /* when non-zero, every query on this device returns it (e.g. 15 GPU is lost) */
    int energy_rc;
    unsigned long long energy_mj;
    int power_rc;
    unsigned int power_mw;
    int limit_rc;
    unsigned int limit_mw;
    int util_rc;
    nvmlUtilization_t util;
    int memory_rc;
    nvmlMemory_t memory;
    int arch_rc;
    unsigned int arch;
    int processes_rc;
    unsigned int process_count;
    nvmlProcessInfo_t processes[FAKE_MAX_PROCESSES];
    unsigned int process_queries;
} fake_device;

typedef struct nvmlDevice_st *nvmlDevice_t;

static fake_device g_gpus[FAKE_MAX_GPUS];
static fake_device g_migs[FAKE_MAX_MIGS];
static unsigned int g_gpu_count = 0;
static unsigned int g_mig_count = 0;
static int g_init_result = NVML_SUCCESS;
static int g_init_depth = 0;
static unsigned int g_init_calls = 0;
static unsigned int g_shutdown_calls = 0;

static void copy_text(char *to, const char *from)
{
    size_t n = 0;
    if (from != NULL) {
        n = strlen(from);
        if (n >= FAKE_TEXT) {
            n = FAKE_TEXT - 1;
        }
        memcpy(to, from, n);
    }
    to[n] = '\0';
}

static void default_gpu(unsigned int i)
{
    fake_device *d = &g_gpus[i];
    memset(d, 0, sizeof(*d));
    d->kind = 0;
    d->index = (int)i;
    copy_text(d->name, "Fake GPU");
    /* GPU-0000000<i>-0000-0000-0000-000000000000 */
    copy_text(d->uuid, "GPU-00000000-0000-0000-0000-000000000000");
    d->uuid[11] = (char)('0' + i);
    d->limit_mw = 300000;
    d->util.gpu = 50;
    d->util.memory = 25;
    d->memory.total = 80ULL * 1024 * 1024 * 1024;
    d->memory.free = d->memory.total;
    d->arch = NVML_DEVICE_ARCH_HOPPER;
}

static fake_device *gpu_at(unsigned int index)
{
    return index < g_gpu_count ? &g_gpus[index] : NULL;
}

/* Resolves a handle passed to a device query; NULL when it is not a handle this library gave out. */
static fake_device *device_of(nvmlDevice_t device)
{
    fake_device *d = (fake_device *)device;
    if (d >= &g_gpus[0] && d < &g_gpus[g_gpu_count]) {
        return d;
    }
    if (d >= &g_migs[0] && d < &g_migs[g_mig_count]) {
        return d;
    }
    return NULL;
}

/* Common checks of every device query: initialised, a valid handle, no scripted error. */
static nvmlReturn_t check(nvmlDevice_t device, fake_device **out)
{
    if (g_init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    fake_device *d = device_of(device);
    if (d == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (d->error != 0) {
        return d->error;
    }
    *out = d;
    return NVML_SUCCESS;
}

/* ---- control functions, called by the tests ---------------------------------------------------- */

void fake_nvml_set_init_result(int rc) { g_init_result = rc; }

void fake_nvml_set_device_count(unsigned int count)
{
    if (count > FAKE_MAX_GPUS) {
        count = FAKE_MAX_GPUS;
    }
    for (unsigned int i = 0; i < count; i++) {
        default_gpu(i);
    }
    g_gpu_count = count;
}

void fake_nvml_set_device(unsigned int index, const char *name, const char *uuid)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        copy_text(d->name, name);
        copy_text(d->uuid, uuid);
    }
}

void fake_nvml_set_energy(unsigned int index, int rc, unsigned long long millijoules)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        d->energy_rc = rc;
        d->energy_mj = millijoules;
    }
}

void fake_nvml_set_power(unsigned int index, int rc, unsigned int milliwatts)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        d->power_rc = rc;
        d->power_mw = milliwatts;
    }
}

void fake_nvml_set_power_limit(unsigned int index, int rc, unsigned int milliwatts)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        d->limit_rc = rc;
        d->limit_mw = milliwatts;
    }
}

void fake_nvml_set_utilization(unsigned int index, int rc, unsigned int gpu, unsigned int memory)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        d->util_rc = rc;
        d->util.gpu = gpu;
        d->util.memory = memory;
    }
}

void fake_nvml_set_memory(unsigned int index, int rc, unsigned long long total, unsigned long long free_bytes,
                          unsigned long long used)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        d->memory_rc = rc;
        d->memory.total = total;
        d->memory.free = free_bytes;
        d->memory.used = used;
    }
}

void fake_nvml_set_architecture(unsigned int index, int rc, unsigned int arch)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        d->arch_rc = rc;
        d->arch = arch;
    }
}

/* pids and used_memory are arrays of count elements (may be NULL when count is 0). */
void fake_nvml_set_processes(unsigned int index, int rc, unsigned int count, const unsigned int *pids,
                             const unsigned long long *used_memory)
{
    fake_device *d = gpu_at(index);
    if (d == NULL) {
        return;
    }
    if (count > FAKE_MAX_PROCESSES) {
        count = FAKE_MAX_PROCESSES;
    }
    d->processes_rc = rc;
    d->process_count = count;
    for (unsigned int i = 0; i < count; i++) {
        d->processes[i].pid = pids[i];
        d->processes[i].usedGpuMemory = used_memory[i];
        d->processes[i].gpuInstanceId = 0xFFFFFFFFu;
        d->processes[i].computeInstanceId = 0xFFFFFFFFu;
    }
}

/* From now on every query on GPU index returns rc (0 restores normal answers). */
void fake_nvml_set_error(unsigned int index, int rc)
{
    fake_device *d = gpu_at(index);
    if (d != NULL) {
        d->error = rc;
    }
}

/* Adds a MIG instance of GPU parent with the given MIG-... UUID, known to nvmlDeviceGetHandleByUUID. */
void fake_nvml_add_mig(unsigned int parent, const char *uuid)
{
    if (g_mig_count >= FAKE_MAX_MIGS || gpu_at(parent) == NULL) {
        return;
    }
    fake_device *m = &g_migs[g_mig_count++];
    memset(m, 0, sizeof(*m));
    m->kind = 1;
    m->index = (int)parent;
    copy_text(m->name, "Fake MIG instance");
    copy_text(m->uuid, uuid);
    m->energy_rc = NVML_ERROR_NOT_SUPPORTED;
    m->power_rc = NVML_ERROR_NOT_SUPPORTED;
}

unsigned int fake_nvml_init_calls(void) { return g_init_calls; }

unsigned int fake_nvml_shutdown_calls(void) { return g_shutdown_calls; }

unsigned int fake_nvml_process_queries(unsigned int index)
{
    fake_device *d = gpu_at(index);
    return d != NULL ? d->process_queries : 0;
}

/* ---- NVML ------------------------------------------------------------------------------------ */

static double monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static unsigned int g_env_power_mw = 0;
static double g_env_started = 0;

__attribute__((unused)) static void configure_from_environment(void)
{
    const char *count = getenv("FAKE_NVML_GPU_COUNT");
    const char *power = getenv("FAKE_NVML_POWER_MW");
    if (g_gpu_count != 0 || count == NULL) {
        return;
    }
    fake_nvml_set_device_count((unsigned int)strtoul(count, NULL, 10));
    if (power != NULL) {
        g_env_power_mw = (unsigned int)strtoul(power, NULL, 10);
        g_env_started = monotonic_seconds();
    }
}

#ifndef FAKE_NVML_OMIT_INIT
nvmlReturn_t nvmlInit_v2(void)
{
    g_init_calls++;
    if (g_init_result != NVML_SUCCESS) {
        return g_init_result;
    }
    configure_from_environment();
    g_init_depth++;
    return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlShutdown(void)
{
    g_shutdown_calls++;
    if (g_init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    g_init_depth--;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result)
{
    switch (result) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
    case NVML_ERROR_NOT_FOUND: return "Not Found";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case NVML_ERROR_LIBRARY_NOT_FOUND: return "NVML Shared Library Not Found";
    case NVML_ERROR_FUNCTION_NOT_FOUND: return "Function Not Found";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    case NVML_ERROR_LIB_RM_VERSION_MISMATCH: return "RM has detected an NVML/RM version mismatch.";
    default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount)
{
    if (g_init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (deviceCount == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *deviceCount = g_gpu_count;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)
{
    if (g_init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (device == NULL || index >= g_gpu_count) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (g_gpus[index].error != 0) {
        return g_gpus[index].error;
    }
    *device = (nvmlDevice_t)&g_gpus[index];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *device)
{
    if (g_init_depth == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (uuid == NULL || device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (unsigned int i = 0; i < g_gpu_count; i++) {
        if (strcmp(g_gpus[i].uuid, uuid) == 0) {
            *device = (nvmlDevice_t)&g_gpus[i];
            return NVML_SUCCESS;
        }
    }
    for (unsigned int i = 0; i < g_mig_count; i++) {
        if (strcmp(g_migs[i].uuid, uuid) == 0) {
            *device = (nvmlDevice_t)&g_migs[i];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t migDevice, nvmlDevice_t *device)
{
    fake_device *d;
    nvmlReturn_t rc = check(migDevice, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (d->kind != 1 || device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = (nvmlDevice_t)&g_gpus[d->index];
    return NVML_SUCCESS;
}

static nvmlReturn_t get_text(nvmlDevice_t device, char *buffer, unsigned int length, int uuid)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    const char *text = uuid ? d->uuid : d->name;
    if (buffer == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (strlen(text) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    memcpy(buffer, text, strlen(text) + 1);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)
{
    return get_text(device, name, length, 0);
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length)
{
    return get_text(device, uuid, length, 1);
}

nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t device, unsigned int *arch)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (arch == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (d->arch_rc != NVML_SUCCESS) {
        return d->arch_rc;
    }
    *arch = d->arch;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (power == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (d->power_rc != NVML_SUCCESS) {
        return d->power_rc;
    }
    *power = g_env_power_mw != 0 ? g_env_power_mw : d->power_mw;
    return NVML_SUCCESS;
}

#ifndef FAKE_NVML_OMIT_ENERGY
nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (energy == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (d->energy_rc != NVML_SUCCESS) {
        return d->energy_rc;
    }
    *energy = g_env_power_mw != 0
        ? (unsigned long long)((monotonic_seconds() - g_env_started) * (double)g_env_power_mw)
        : d->energy_mj;
    return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (limit == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (d->limit_rc != NVML_SUCCESS) {
        return d->limit_rc;
    }
    *limit = d->limit_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (utilization == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (d->util_rc != NVML_SUCCESS) {
        return d->util_rc;
    }
    *utilization = d->util;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (memory == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (d->memory_rc != NVML_SUCCESS) {
        return d->memory_rc;
    }
    *memory = d->memory;
    return NVML_SUCCESS;
}

/* As documented in nvml.h: *infoCount in = array size, out = number returned, or the size needed together
   with NVML_ERROR_INSUFFICIENT_SIZE. infos may be NULL when *infoCount is 0. */
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount,
                                                     nvmlProcessInfo_t *infos)
{
    fake_device *d;
    nvmlReturn_t rc = check(device, &d);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (infoCount == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    d->process_queries++;
    if (d->processes_rc != NVML_SUCCESS) {
        return d->processes_rc;
    }
    if (*infoCount < d->process_count) {
        *infoCount = d->process_count;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (infos == NULL && d->process_count > 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (unsigned int i = 0; i < d->process_count; i++) {
        infos[i] = d->processes[i];
    }
    *infoCount = d->process_count;
    return NVML_SUCCESS;
}
