// Weight-only quantization in binary-coding form (BCQ), as LUT-GEMM uses it (Park et al.,
// "LUT-GEMM: Quantized Matrix Multiplication based on LUTs for Efficient Inference in
// Large-Scale Generative Language Models", ICLR 2024, arXiv 2206.09557, §3):
//
//   w[m,k] ≈ z[m,g] + Σ_{b<q} α[m,g,b] · s_b[m,k],   s_b ∈ {−1,+1},  g = k / group_size
//
// q = 1..4 bit planes per weight, scales α and offset z per (row, group), stored as fp16.
// Two ways to choose them:
//   uniform:     asymmetric round-to-nearest q-bit quantization (min/max per group) written in
//                BCQ form: α_b = α_0·2^b, z = centre of the grid (exact, LUT-GEMM §3.2 shows
//                uniform quantization is the special case of BCQ with an offset).
//   alternating: non-uniform BCQ without offset (Xu et al., ICLR 2018, "Alternating
//                multi-bit quantization"): greedy signs and scales, then alternate
//                least-squares scales and exhaustive sign choice (2^q candidates).
// The planes are bit-packed along k (bit k%8 of byte k/8 is 1 for s = +1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace claimbench::lut {

enum class BcqMethod { uniform, alternating };
const char* to_string(BcqMethod method);

struct BcqWeights {
  int M = 0, K = 0, bits = 0, group = 0;
  BcqMethod method = BcqMethod::uniform;
  int groups() const { return (K + group - 1) / group; }
  int row_bytes() const { return (K + 7) / 8; }
  std::vector<uint8_t> planes;   // [b][m][row_bytes]
  std::vector<uint16_t> alpha;   // fp16 bits, [m][g][b]
  std::vector<uint16_t> offset;  // fp16 bits, [m][g]

  bool sign(int b, int m, int k) const {
    return (planes[(static_cast<std::size_t>(b) * M + m) * row_bytes() + k / 8] >> (k % 8)) & 1u;
  }
  // Storage a kernel reads: bit planes plus fp16 scales and offsets.
  std::size_t bytes() const { return planes.size() + 2 * alpha.size() + 2 * offset.size(); }
};

// Throws std::invalid_argument for bits outside 1..4, a group size that is not a positive
// multiple of 8, or non-finite weights or weights whose scales overflow fp16.
BcqWeights quantize_bcq(const float* A, int M, int K, int lda, int bits, int group, BcqMethod method);

// The weights exactly as the LUT kernels multiply them: z + Σ_b α_b·s_b with the fp16 α and z
// widened to fp32 and summed in the order (z, α_0 … α_{q−1}). M×K row-major.
std::vector<float> dequantize_bcq(const BcqWeights& w);

// Largest |w − ŵ| a uniform quantization of this group can leave: half a grid step plus the
// fp16 rounding of offset and scale (used by the tests' error bound).
double uniform_bcq_error_bound(float group_min, float group_max, int bits);

}  // namespace claimbench::lut
