// The dense GPU baseline: cuBLAS cublasGemmEx. Row-major C = A·B with Bt[N][K] is, in cuBLAS's
// column-major terms, Cᵀ(N×M) = op_T(Bt viewed K×N) · (A viewed K×M): the "TN" GEMM.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/cuda_device.hpp"
#include "cuda/gpu_gemm.hpp"
#include "nm/sparse_tensor_core_layout.hpp"

namespace claimbench::cuda {
namespace {

void check_cublas(cublasStatus_t s, const char* what) {
  if (s != CUBLAS_STATUS_SUCCESS)
    throw std::runtime_error(std::string(what) + ": cuBLAS status " + std::to_string(static_cast<int>(s)));
}

class CublasGemm final : public GpuGemm {
 public:
  explicit CublasGemm(GpuPrecision p) : p_(p) {}
  ~CublasGemm() override {
    if (handle_) cublasDestroy(handle_);
  }

  void prepare(const float* A, int lda, const float* B, int ldb, int M, int N, int K) override {
    M_ = M, N_ = N, K_ = K;
    const auto t0 = std::chrono::steady_clock::now();
    check_cublas(cublasCreate(&handle_), "cublasCreate");
    setup_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const bool half = p_ == GpuPrecision::fp16 || p_ == GpuPrecision::bf16;
    const std::size_t es = half ? 2 : 4;
    a_ = DeviceBuffer(static_cast<std::size_t>(M) * K * es);
    bt_ = DeviceBuffer(static_cast<std::size_t>(N) * K * es);
    c_ = DeviceBuffer(static_cast<std::size_t>(M) * N * es);
    if (half) {
      std::vector<uint16_t> a(static_cast<std::size_t>(M) * K);
      for (int i = 0; i < M; ++i)
        for (int k = 0; k < K; ++k) {
          const float x = A[static_cast<std::size_t>(i) * lda + k];
          a[static_cast<std::size_t>(i) * K + k] = p_ == GpuPrecision::fp16 ? nm::float_to_f16_bits(x) : nm::float_to_bf16_bits(x);
        }
      a_.upload(a.data(), a.size() * 2);
      const auto bt = transpose_to_16bit(p_, B, ldb, K, N, K, N);
      bt_.upload(bt.data(), bt.size() * 2);
    } else {
      std::vector<float> a(static_cast<std::size_t>(M) * K), bt(static_cast<std::size_t>(N) * K);
      for (int i = 0; i < M; ++i)
        for (int k = 0; k < K; ++k) a[static_cast<std::size_t>(i) * K + k] = A[static_cast<std::size_t>(i) * lda + k];
      for (int k = 0; k < K; ++k)
        for (int n = 0; n < N; ++n) bt[static_cast<std::size_t>(n) * K + k] = B[static_cast<std::size_t>(k) * ldb + n];
      a_.upload(a.data(), a.size() * 4);
      bt_.upload(bt.data(), bt.size() * 4);
    }
  }

  void run() override {
    const float alpha = 1.0f, beta = 0.0f;
    cudaDataType_t t = CUDA_R_32F;
    cublasComputeType_t compute = CUBLAS_COMPUTE_32F;
    if (p_ == GpuPrecision::fp16) t = CUDA_R_16F;
    if (p_ == GpuPrecision::bf16) t = CUDA_R_16BF;
    if (p_ == GpuPrecision::tf32) compute = CUBLAS_COMPUTE_32F_FAST_TF32;
    check_cublas(cublasGemmEx(handle_, CUBLAS_OP_T, CUBLAS_OP_N, N_, M_, K_, &alpha, bt_.get(), t, K_, a_.get(), t, K_,
                              &beta, c_.get(), t, N_, compute, CUBLAS_GEMM_DEFAULT),
                 "cublasGemmEx");
    synchronize();
  }

  void download(float* C) const override {
    const std::size_t n = static_cast<std::size_t>(M_) * N_;
    if (p_ == GpuPrecision::fp16 || p_ == GpuPrecision::bf16) {
      std::vector<uint16_t> c(n);
      c_.download(c.data(), n * 2);
      for (std::size_t i = 0; i < n; ++i)
        C[i] = p_ == GpuPrecision::fp16 ? nm::f16_bits_to_float(c[i]) : nm::bf16_bits_to_float(c[i]);
    } else {
      c_.download(C, n * 4);
    }
  }

  std::string kernel() const override {
    return std::string("cublas.gemmex.tn.") + gpu_precision_name(p_) + "[" + device_status().arch() + "]";
  }
  std::map<std::string, double> costs() const override { return {{"plan_setup_seconds", setup_seconds_}}; }

 private:
  GpuPrecision p_;
  cublasHandle_t handle_ = nullptr;
  int M_ = 0, N_ = 0, K_ = 0;
  double setup_seconds_ = 0.0;
  DeviceBuffer a_, bt_, c_;
};

}  // namespace

std::unique_ptr<GpuGemm> make_cublas_gemm(GpuPrecision precision) { return std::make_unique<CublasGemm>(precision); }

}  // namespace claimbench::cuda
