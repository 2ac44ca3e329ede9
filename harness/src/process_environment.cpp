#include "claimbench/process_environment.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "claimbench/cpu_features.hpp"

namespace claimbench {

std::string preferred_openblas_coretype() {
  const auto& f = CpuFeatures::detect();
  // OpenBLAS's SkylakeX kernels need AVX-512 F/BW/VL/DQ; Haswell's need AVX2 and FMA.
  if (f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq) return "SkylakeX";
  if (f.avx2 && f.fma) return "Haswell";
  return "";
}

void ensure_library_environment(int argc, char** argv) {
  (void)argc;
  if (std::getenv("CLAIMBENCH_OPENBLAS_CORETYPE_SOURCE")) return;  // decided before this exec
  if (std::getenv("OPENBLAS_CORETYPE")) {
    setenv("CLAIMBENCH_OPENBLAS_CORETYPE_SOURCE", "user", 1);
    return;
  }
  const std::string core = preferred_openblas_coretype();
  if (core.empty()) {
    setenv("CLAIMBENCH_OPENBLAS_CORETYPE_SOURCE", "unset", 1);
    return;
  }
  setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
  setenv("CLAIMBENCH_OPENBLAS_CORETYPE_SOURCE", "claimbench", 1);
  execv("/proc/self/exe", argv);
  // exec failed (no /proc?): carry on, the recorded core name will show the fallback.
  setenv("CLAIMBENCH_OPENBLAS_CORETYPE_SOURCE", "claimbench-reexec-failed", 1);
}

}  // namespace claimbench
