// Low-precision operand preparation shared by the int8 and bf16 kernels (dense and 2:4).
//
// int8 (documented choice):
//   weights      symmetric, per output channel (row i of A):  s_w[i] = max_k |A[i,k]| / 127,
//                q_w = clamp(round_half_even(A / s_w[i]), -127, 127), stored as int8.
//   activations  symmetric, per tensor:  s_x = max |B| / 127, q_x in [-127, 127]. The VNNI
//                kernels need one unsigned operand (vpdpbusd multiplies u8 × s8), so the
//                activations are stored shifted, u8 = q_x + 128 (zero point 128), and the
//                kernels subtract 128·Σ_k q_w[i,k] (exact, int32) once per row.
//   output       C[i,j] = (s_w[i]·s_x) · Σ_k q_w[i,k]·q_x[k,j], the sum exact in int32.
//   Scales are rounded UP to 16 significant bits, so s·q (|q| <= 127, 7 bits) is exact in
//   fp32: the effective operands s_w[i]·q_w and s_x·q_x are exactly what was multiplied.
//   An all-zero row or tensor gets scale 1 (every q is 0).
//   int32 safety: |Σ u8·s8| <= K·255·127 < 2^31 for K <= 65536 (kMaxInt8K).
//
// bf16: round to nearest even (NaN stays a quiet NaN; a finite value may round to ±Inf
// above 3.3895e38).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace claimbench::lowp {

constexpr int kMaxInt8K = 65536;

// max|x|/127 rounded up to 16 significant bits; 1 when maxabs is 0 (or not finite).
float int8_scale(float maxabs);
// clamp(round_half_even(x / scale), -127, 127)
int8_t quantize_s8(float x, float scale);

struct QuantizedRows {  // per-row symmetric int8 (weights)
  int rows = 0, cols = 0;
  std::vector<int8_t> q;      // rows × cols
  std::vector<float> scale;   // rows
};
QuantizedRows quantize_rows_s8(const float* A, int rows, int cols, int lda);

struct QuantizedTensor {  // per-tensor symmetric int8 (activations)
  int rows = 0, cols = 0;
  float scale = 1.0f;
  std::vector<int8_t> q;    // rows × cols, q in [-127, 127]
  std::vector<uint8_t> u8;  // q + 128 (zero point 128), for vpdpbusd
};
QuantizedTensor quantize_tensor_s8(const float* B, int rows, int cols, int ldb);

// Effective fp32 operands (exact): s·q.
std::vector<float> dequantize_rows(const QuantizedRows& w);
std::vector<float> dequantize_tensor(const QuantizedTensor& x);

// bf16 round to nearest even; the bit pattern and its exact fp32 value.
uint16_t to_bf16(float x);
float bf16_to_float(uint16_t h);
inline float round_bf16(float x) { return bf16_to_float(to_bf16(x)); }

// True when every element of the rows×cols window is finite.
bool all_finite(const float* X, int rows, int cols, int ld);
// True when every element rounds to a finite bf16.
bool all_finite_bf16(const float* X, int rows, int cols, int ld);

}  // namespace claimbench::lowp
