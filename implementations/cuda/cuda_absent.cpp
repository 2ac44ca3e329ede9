// Built instead of the CUDA sources when the build has no CUDA compiler (CLAIMBENCH_CUDA=AUTO
// without nvcc, or OFF): the CUDA implementations stay registered, so claims that name them
// load everywhere, and they decline to run with this reason.
#include "cuda/cuda_device.hpp"
#include "cuda/gpu_gemm.hpp"

namespace claimbench::cuda {

const DeviceStatus& device_status() {
  static const DeviceStatus status{false, "this build has no CUDA backend (no nvcc found, or CLAIMBENCH_CUDA=OFF)", "", 0, 0};
  return status;
}

std::unique_ptr<GpuGemm> make_cublas_gemm(GpuPrecision) { return nullptr; }
std::unique_ptr<GpuGemm> make_mma_sp_gemm() { return nullptr; }
std::unique_ptr<GpuGemm> make_cusparselt_gemm(bool) { return nullptr; }
bool cusparselt_available() { return false; }
bool cuda_backend_built() { return false; }
std::string cuda_backend_detail() { return device_status().reason; }
std::string cusparselt_detail() { return "this build has no CUDA backend, so no cuSPARSELt either"; }

}  // namespace claimbench::cuda
