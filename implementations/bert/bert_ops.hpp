// The encoder's non-GEMM operators, written once and shared by every GEMM backend.
//
// Layout: activations are feature-major, X[features × tokens] row-major with a leading
// dimension ld >= tokens (columns are tokens), because every linear layer is C = W · X with
// the weights W [out × in] as the A operand. A per-token reduction (layer norm, softmax over
// keys) therefore runs down a column, and is vectorized across 16 tokens at a time.
//
// Each operator has a portable C++ version and an AVX-512 version (own file, own -m flags);
// bert_ops() picks the AVX-512 one at run time when the CPU has AVX-512F. threads > 1 splits
// the columns (or rows) between OpenMP threads.
#pragma once

#include <cstdint>

namespace claimbench::bert {

struct BertOps {
  const char* isa;  // "avx512" or "portable"
  // y[r][c] += bias[r]
  void (*bias_add)(float* y, int rows, int cols, int ld, const float* bias, int threads);
  // y[r][c] = gelu(y[r][c] + bias[r]), gelu(x) = x/2 · (1 + erf(x/√2)) (BERT's exact GELU)
  void (*bias_gelu)(float* y, int rows, int cols, int ld, const float* bias, int threads);
  // For each column c: z[r] = acc[r][c] + bias[r] + residual[r][c] (bias and residual may be
  // null), out[r][c] = (z[r] − mean(z)) / sqrt(var(z) + eps) · gamma[r] + beta[r].
  // out may alias acc or residual.
  void (*layer_norm)(const float* acc, const float* bias, const float* residual, const float* gamma,
                     const float* beta, float* out, int rows, int cols, int ld, float eps, int threads);
  // Softmax of every column over its rows, in place.
  void (*softmax_columns)(float* s, int rows, int cols, int ld, int threads);
  // dst[c][r] = scale · src[r][c] for r < rows, c < cols.
  void (*transpose_scale)(const float* src, int rows, int cols, int lds, float* dst, int ldd, float scale);
  // max |x| over a rows × cols window (0 for an empty one).
  float (*max_abs)(const float* x, int rows, int cols, int ld, int threads);
  // u8[r·cols + c] = clamp(round_half_even(x[r][c] / scale), −127, 127) + 128 (compact output),
  // the activation quantization of dense/lowp_quantization.hpp.
  void (*quantize_u8)(const float* x, int rows, int cols, int ld, float scale, std::uint8_t* u8, int threads);
};

const BertOps& portable_bert_ops();
const BertOps* avx512_bert_ops();  // nullptr when not compiled in or the CPU lacks AVX-512F
const BertOps& bert_ops();         // the best this CPU runs

}  // namespace claimbench::bert
