// Whether this machine can run a check: CPU features, CUDA devices, optional parts of the build
// (XNNPACK, libtorch, the CUDA backends) and files (a data set, downloaded weights). A check
// whose requirement is missing gets the verdict not-testable-here, with this reason stored.
//
// Requirement kinds in claim files:
//   cpu-feature              avx512f, avx512vnni, ...
//   cuda-compute-capability  8.0: a GPU at least this capable, found through the driver
//   build-feature            a name an optional component registers (CLAIMBENCH_REGISTER_BUILD_FEATURE)
//                            whether or not it was built; a name nobody registered is unmet
//   file                     a path that must exist; relative paths are relative to the folder
//                            above the claim file's folder (the project root for claims/)
#pragma once

#include <string>
#include <vector>

#include "claimbench/claim.hpp"

namespace claimbench {

struct CudaDevices {
  bool driver_loaded = false;
  std::string driver_message;  // why not, or the driver version
  struct Device {
    std::string name;
    int major = 0, minor = 0;
  };
  std::vector<Device> devices;
  static const CudaDevices& detect();  // dlopens libcuda.so.1; no CUDA build needed
};

struct RequirementResult {
  bool met = true;
  std::string reason;  // empty when met
};

RequirementResult evaluate_requirements(const std::vector<Requirement>& requirements);
bool is_known_requirement_kind(const std::string& kind);

// Optional parts of the build say whether they were built, and why not: "xnnpack",
// available = false, "XNNPACK headers not found when claimbench was configured".
void register_build_feature(const std::string& name, bool available, const std::string& detail);
struct BuildFeature {
  bool available = false;
  std::string detail;
};
const BuildFeature* find_build_feature(const std::string& name);  // nullptr when nobody registered it

struct BuildFeatureRegistration {
  BuildFeatureRegistration(const char* name, bool available, const char* detail) {
    register_build_feature(name, available, detail);
  }
};

}  // namespace claimbench

#define CLAIMBENCH_DETAIL_FEATURE_CONCAT2(a, b) a##b
#define CLAIMBENCH_DETAIL_FEATURE_CONCAT(a, b) CLAIMBENCH_DETAIL_FEATURE_CONCAT2(a, b)
// CLAIMBENCH_REGISTER_BUILD_FEATURE("xnnpack", true, "XNNPACK 2022-02-16 (Debian)")
#define CLAIMBENCH_REGISTER_BUILD_FEATURE(name, available, detail)                                       \
  static const ::claimbench::BuildFeatureRegistration CLAIMBENCH_DETAIL_FEATURE_CONCAT(claimbench_feature_, \
                                                                                      __LINE__) {          \
    name, available, detail                                                                               \
  }
