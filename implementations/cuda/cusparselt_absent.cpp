// Built instead of cusparselt_engine.cpp when CMake found no cuSPARSELt (CLAIMBENCH_CUSPARSELT).
#include "cuda/gpu_gemm.hpp"

namespace claimbench::cuda {

std::unique_ptr<GpuGemm> make_cusparselt_gemm(bool) { return nullptr; }
bool cusparselt_available() { return false; }
std::string cusparselt_detail() {
  return "cuSPARSELt was not found when claimbench was configured (CLAIMBENCH_CUSPARSELT; run scripts/fetch-pypi.sh)";
}

}  // namespace claimbench::cuda
