// Whether this machine can run a check: CPU features and CUDA devices. A check whose
// requirement is missing gets the verdict not-testable-here, with this reason stored.
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

}  // namespace claimbench
