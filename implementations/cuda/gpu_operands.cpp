// Host-side operand conversion shared by the GPU engines.
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "cuda/gpu_gemm.hpp"
#include "nm/sparse_tensor_core_layout.hpp"

namespace claimbench::cuda {

const char* gpu_precision_name(GpuPrecision p) {
  switch (p) {
    case GpuPrecision::fp16: return "fp16";
    case GpuPrecision::bf16: return "bf16";
    case GpuPrecision::fp32: return "fp32";
    case GpuPrecision::tf32: return "tf32";
  }
  return "?";
}

std::vector<float> round_to(GpuPrecision precision, const float* X, int rows, int cols, int ld) {
  std::vector<float> out(static_cast<std::size_t>(rows) * cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      const float x = X[static_cast<std::size_t>(i) * ld + j];
      float& o = out[static_cast<std::size_t>(i) * cols + j];
      switch (precision) {
        case GpuPrecision::fp16: o = nm::f16_bits_to_float(nm::float_to_f16_bits(x)); break;
        case GpuPrecision::bf16: o = nm::bf16_bits_to_float(nm::float_to_bf16_bits(x)); break;
        default: o = x; break;  // fp32; tf32 rounds inside cuBLAS (checked with tf32's unit roundoff)
      }
    }
  return out;
}

std::vector<uint16_t> transpose_to_16bit(GpuPrecision precision, const float* B, int ldb, int K, int N, int k_padded,
                                         int n_padded) {
  if (precision != GpuPrecision::fp16 && precision != GpuPrecision::bf16)
    throw std::invalid_argument("transpose_to_16bit: fp16 or bf16 only");
  std::vector<uint16_t> bt(static_cast<std::size_t>(n_padded) * k_padded, 0);
  for (int k = 0; k < K; ++k)
    for (int n = 0; n < N; ++n) {
      const float x = B[static_cast<std::size_t>(k) * ldb + n];
      bt[static_cast<std::size_t>(n) * k_padded + k] =
          precision == GpuPrecision::fp16 ? nm::float_to_f16_bits(x) : nm::float_to_bf16_bits(x);
    }
  return bt;
}

}  // namespace claimbench::cuda
