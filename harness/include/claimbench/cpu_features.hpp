// What this CPU can run, detected at run time (never assumed from the build machine).
#pragma once

#include <string>
#include <vector>

namespace claimbench {

struct CpuFeatures {
  bool sse42 = false, avx = false, avx2 = false, fma = false;
  bool avx512f = false, avx512bw = false, avx512vl = false, avx512dq = false;
  bool avx512vnni = false, avx512vbmi = false, avx512bf16 = false, avx512fp16 = false, avxvnni = false, amx_tile = false;

  static const CpuFeatures& detect();
  bool has(const std::string& name) const;  // by the names below; false for unknown names
  std::vector<std::string> names() const;   // the supported ones
  static const std::vector<std::string>& known_names();
};

std::string cpu_model_name();  // from /proc/cpuinfo

}  // namespace claimbench
