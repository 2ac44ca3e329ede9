#include "claimbench/requirements.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "claimbench/cpu_features.hpp"

namespace claimbench {

namespace {

// The few driver-API entry points needed to enumerate devices, loaded at run time so the
// harness needs no CUDA toolkit to build and reports "no driver" cleanly.
using CuInit = int (*)(unsigned);
using CuDriverGetVersion = int (*)(int*);
using CuDeviceGetCount = int (*)(int*);
using CuDeviceGet = int (*)(int*, int);
using CuDeviceGetAttribute = int (*)(int*, int, int);
using CuDeviceGetName = int (*)(char*, int, int);
constexpr int kAttrComputeCapabilityMajor = 75;
constexpr int kAttrComputeCapabilityMinor = 76;

CudaDevices probe_cuda() {
  CudaDevices out;
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    out.driver_message = "no CUDA driver (libcuda.so.1 not loadable)";
    return out;
  }
  auto init = reinterpret_cast<CuInit>(dlsym(lib, "cuInit"));
  auto version = reinterpret_cast<CuDriverGetVersion>(dlsym(lib, "cuDriverGetVersion"));
  auto count = reinterpret_cast<CuDeviceGetCount>(dlsym(lib, "cuDeviceGetCount"));
  auto get = reinterpret_cast<CuDeviceGet>(dlsym(lib, "cuDeviceGet"));
  auto attribute = reinterpret_cast<CuDeviceGetAttribute>(dlsym(lib, "cuDeviceGetAttribute"));
  auto name = reinterpret_cast<CuDeviceGetName>(dlsym(lib, "cuDeviceGetName"));
  if (!init || !count || !get || !attribute || !name) {
    out.driver_message = "libcuda.so.1 lacks the driver API entry points";
    return out;
  }
  if (int rc = init(0); rc != 0) {
    out.driver_message = "cuInit failed with CUDA error " + std::to_string(rc);
    return out;
  }
  out.driver_loaded = true;
  int driver = 0;
  if (version && version(&driver) == 0)
    out.driver_message = "CUDA driver " + std::to_string(driver / 1000) + "." + std::to_string(driver % 1000 / 10);
  int n = 0;
  if (count(&n) != 0) n = 0;
  for (int i = 0; i < n; ++i) {
    int device = 0;
    if (get(&device, i) != 0) continue;
    CudaDevices::Device d;
    char buffer[256] = {};
    name(buffer, sizeof buffer, device);
    d.name = buffer;
    attribute(&d.major, kAttrComputeCapabilityMajor, device);
    attribute(&d.minor, kAttrComputeCapabilityMinor, device);
    out.devices.push_back(d);
  }
  return out;
}

bool parse_capability(const std::string& text, int& major, int& minor) {
  return std::sscanf(text.c_str(), "%d.%d", &major, &minor) == 2;
}

}  // namespace

const CudaDevices& CudaDevices::detect() {
  static const CudaDevices devices = probe_cuda();
  return devices;
}

std::map<std::string, BuildFeature>& build_features() {
  static std::map<std::string, BuildFeature> features;
  return features;
}

void register_build_feature(const std::string& name, bool available, const std::string& detail) {
  build_features()[name] = BuildFeature{available, detail};
}

const BuildFeature* find_build_feature(const std::string& name) {
  auto it = build_features().find(name);
  return it == build_features().end() ? nullptr : &it->second;
}

bool is_known_requirement_kind(const std::string& kind) {
  return kind == "cpu-feature" || kind == "cuda-compute-capability" || kind == "build-feature" || kind == "file";
}

RequirementResult evaluate_requirements(const std::vector<Requirement>& requirements) {
  for (const auto& r : requirements) {
    if (r.kind == "cpu-feature") {
      if (!CpuFeatures::detect().has(r.value))
        return {false, "this CPU lacks " + r.value + " (" + cpu_model_name() + ")"};
    } else if (r.kind == "cuda-compute-capability") {
      int need_major = 0, need_minor = 0;
      if (!parse_capability(r.value, need_major, need_minor))
        return {false, "unreadable compute capability '" + r.value + "'"};
      const auto& cuda = CudaDevices::detect();
      if (!cuda.driver_loaded)
        return {false, "needs a CUDA GPU with compute capability ≥ " + r.value + "; " + cuda.driver_message};
      bool found = false;
      for (const auto& d : cuda.devices)
        if (d.major > need_major || (d.major == need_major && d.minor >= need_minor)) found = true;
      if (!found) {
        std::string seen = cuda.devices.empty() ? "0 devices" : "";
        for (const auto& d : cuda.devices)
          seen += (seen.empty() ? "" : ", ") + d.name + " (sm_" + std::to_string(d.major) + std::to_string(d.minor) + ")";
        return {false, "needs a CUDA GPU with compute capability ≥ " + r.value + "; found " + seen};
      }
    } else if (r.kind == "build-feature") {
      const BuildFeature* feature = find_build_feature(r.value);
      if (!feature) return {false, "claimbench was built without " + r.value};
      if (!feature->available) return {false, "claimbench was built without " + r.value + ": " + feature->detail};
    } else if (r.kind == "file") {
      std::error_code ec;
      if (!std::filesystem::exists(r.value, ec))
        return {false, "needs the file " + r.value + ", which is missing (scripts/install-deps.sh fetches the project's data)"};
    } else {
      return {false, "unknown requirement kind '" + r.kind + "'"};
    }
  }
  return {};
}

}  // namespace claimbench
