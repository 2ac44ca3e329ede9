// The OPTQ-style storage of the same uniform weights: integer codes c (0 … 2^q−1) packed two
// per byte, with an fp32 base and step per (row, group), so that ŵ = base + step·c with
// base = z − Σ_b α_b and step = 2·α_0 (the uniform BCQ written back as a grid; exact up to one
// fp32 rounding). The fused dequantize-and-multiply baseline reads this: one FMA rebuilds 16
// weights whatever the bit width, as OPTQ's kernels do, instead of one blend per bit plane.
// Codes are stored as nibbles for every q ≤ 4 (OPTQ packs 3-bit codes tighter; at decode on
// this CPU the kernel is compute-bound, so the extra bit per weight costs time only through
// bandwidth it does not saturate). Only for BcqMethod::uniform.
#pragma once

#include <cstdint>
#include <vector>

#include "lut/bcq_quantization.hpp"

namespace claimbench::lut {

struct UniformCodes {
  int M = 0, K = 0, bits = 0, group = 0, groups = 0;
  int padded_k() const { return (K + 31) / 32 * 32; }
  int row_bytes() const { return padded_k() / 2; }
  std::vector<uint8_t> codes;     // M × row_bytes: byte j = c[2j] | c[2j+1] << 4 (zero padding)
  std::vector<float> base, step;  // M × groups
  std::size_t bytes() const { return codes.size() + 4 * base.size() + 4 * step.size(); }
};

// Throws std::invalid_argument unless q.method is uniform.
UniformCodes to_uniform_codes(const BcqWeights& q);

// The weights ŵ = base + step·c (M×K), as the fused kernel computes them.
std::vector<float> dequantize_uniform_codes(const UniformCodes& u);

// C[M×N] = ŵ · X, AVX-512 (callers check cpu_has_avx512_lut()).
void dequant_fused_gemm(const UniformCodes& u, const float* X, int ldx, int N, float* C, int ldc, int threads);

namespace detail {
void dequant_fused_gemm_avx512(const UniformCodes& u, const float* X, int ldx, int N, float* C, int ldc, int threads);
}

}  // namespace claimbench::lut
