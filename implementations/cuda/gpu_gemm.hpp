// GPU GEMM engines behind one interface, so the harness adapters, the GPU tests and the
// literal checks drive cuBLAS, the project's mma.sp kernel and cuSPARSELt the same way:
//   C[M×N] = A[M×K] · B[K×N], A (weights) and B given as fp32 row-major on the host.
// prepare() converts and uploads (B as Bt[N][K], the activation layout of y = x·Wᵀ, for every
// engine), builds plans and searches; run() launches and waits for the GPU; download() copies
// C back as fp32. Host-only header.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace claimbench::cuda {

enum class GpuPrecision { fp16, bf16, fp32, tf32 };
const char* gpu_precision_name(GpuPrecision p);

class GpuGemm {
 public:
  virtual ~GpuGemm() = default;
  virtual void prepare(const float* A, int lda, const float* B, int ldb, int M, int N, int K) = 0;
  virtual void run() = 0;  // returns when the product is complete on the device
  virtual void download(float* C) const = 0;  // M×N row-major
  virtual std::string kernel() const = 0;     // what ran, for rule 6
  // One-off costs measured in prepare(), in seconds (plan_setup_seconds, search_seconds, ...),
  // and facts about the plan (config ids).
  virtual std::map<std::string, double> costs() const { return {}; }
};

// cuBLAS cublasGemmEx, "TN" (Bt given), fp32 accumulation; fp16/bf16 write C in the input type,
// fp32 and tf32 (CUBLAS_COMPUTE_32F_FAST_TF32) write fp32.
std::unique_ptr<GpuGemm> make_cublas_gemm(GpuPrecision precision);
// The project's 2:4 kernel on mma.sp::ordered_metadata (fp16 in and out, fp32 accumulation).
// A must already be 2:4 along K (throws std::invalid_argument naming the row otherwise).
std::unique_ptr<GpuGemm> make_mma_sp_gemm();
// NVIDIA cuSPARSELt (fp16 in and out, fp32 compute), plan searched with cusparseLtMatmulSearch;
// nullptr when the build has no cuSPARSELt (see cusparselt_available()). rebuild_per_call:
// run() destroys and rebuilds handle, descriptors, selection (with the searched config) and
// plan around every matmul, as PyTorch's integration once did; the compressed weight is kept.
std::unique_ptr<GpuGemm> make_cusparselt_gemm(bool rebuild_per_call = false);
bool cusparselt_available();

// What this build holds, for the harness's build-feature requirements ("cuda", "cusparselt"):
// whether it was built and a line saying which version or why not.
bool cuda_backend_built();
std::string cuda_backend_detail();
std::string cusparselt_detail();

// Host-side rounding to what the engines multiply, widened back to fp32 (exactly representable).
std::vector<float> round_to(GpuPrecision precision, const float* X, int rows, int cols, int ld);
// Bt[N][K] in 16-bit encodings (f16 or bf16 bits) from B[K×N] (ldb), K padded with zeros to
// k_padded and N to n_padded rows.
std::vector<uint16_t> transpose_to_16bit(GpuPrecision precision, const float* B, int ldb, int K, int N, int k_padded,
                                         int n_padded);

}  // namespace claimbench::cuda
