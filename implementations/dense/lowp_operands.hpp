// The operands the int8, bf16 and fp16 implementations (dense, oneDNN and 2:4) multiply, made once in
// prepare() from the problem's fp32 operands by the rules of lowp_quantization.hpp, with their
// exact fp32 values for the correctness gate (Implementation::effective_operands).
#pragma once

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "claimbench/implementation.hpp"
#include "common/half_float.hpp"
#include "dense/lowp_quantization.hpp"

namespace claimbench::lowp {

// A (M×K) and B (K×N) as the kernel sees them, widened exactly to fp32 (packed: ld K and N).
inline EffectiveOperands effective(const GemmProblem& p, const std::vector<float>& a, const std::vector<float>& b,
                                   std::string description) {
  EffectiveOperands e;
  e.A = a.data();
  e.lda = p.K;
  e.B = b.data();
  e.ldb = p.N;
  e.accumulation_epsilon = FLT_EPSILON;  // exact int32 sums or fp32 accumulation, then fp32 scaling
  e.description = std::move(description);
  return e;
}

// int8: per-row symmetric weights, per-tensor symmetric activations.
struct Int8Operands {
  QuantizedRows w;
  QuantizedTensor x;
  std::vector<float> ea, eb;  // s_w[i]·q_w and s_x·q_x, exact

  void make(const GemmProblem& p) {
    w = quantize_rows_s8(p.A, p.M, p.K, p.lda);
    x = quantize_tensor_s8(p.B, p.K, p.N, p.ldb);
    ea = dequantize_rows(w);
    eb = dequantize_tensor(x);
  }
  EffectiveOperands effective(const GemmProblem& p, std::string description) const {
    return lowp::effective(p, ea, eb, std::move(description));
  }
};

// bf16: A and B rounded to nearest even.
struct Bf16Operands {
  std::vector<uint16_t> a, b;  // bf16 bit patterns, M×K and K×N
  std::vector<float> ea, eb;   // the same values as fp32, exact

  void make(const GemmProblem& p) {
    round(p.A, p.M, p.K, p.lda, a, ea);
    round(p.B, p.K, p.N, p.ldb, b, eb);
  }
  EffectiveOperands effective(const GemmProblem& p, std::string description) const {
    return lowp::effective(p, ea, eb, std::move(description));
  }

 private:
  static void round(const float* X, int rows, int cols, int ld, std::vector<uint16_t>& bits, std::vector<float>& value) {
    bits.resize(static_cast<std::size_t>(rows) * cols);
    value.resize(bits.size());
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const std::size_t at = static_cast<std::size_t>(r) * cols + c;
        bits[at] = to_bf16(X[static_cast<std::size_t>(r) * ld + c]);
        value[at] = bf16_to_float(bits[at]);
      }
  }
};

// fp16 (dense.own.fp16, dense.onednn.fp16, nm.2of4.fp16): A and B rounded to nearest even;
// the bits the kernels read and the same values as fp32 for the gate.
struct Fp16Operands {
  std::vector<uint16_t> a, b;
  std::vector<float> ea, eb;
  void make(const GemmProblem& p) {
    round(p.A, p.M, p.K, p.lda, a, ea);
    round(p.B, p.K, p.N, p.ldb, b, eb);
  }
  static void round(const float* X, int rows, int cols, int ld, std::vector<uint16_t>& bits, std::vector<float>& value) {
    bits.resize(static_cast<std::size_t>(rows) * cols);
    value.resize(bits.size());
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const std::size_t at = static_cast<std::size_t>(r) * cols + c;
        bits[at] = fp16::float_to_half(X[static_cast<std::size_t>(r) * ld + c]);
        value[at] = fp16::half_to_float(bits[at]);
      }
  }
  // epsilon: the relative rounding unit of the accumulator (2^-10 for fp16 partial sums).
  EffectiveOperands effective(const GemmProblem& p, double epsilon, std::string description) const {
    EffectiveOperands e;
    e.A = ea.data(), e.lda = p.K, e.B = eb.data(), e.ldb = p.N;
    e.accumulation_epsilon = epsilon;
    e.description = std::move(description);
    return e;
  }
};

// Largest |x| in a matrix (NaN makes it NaN).
inline float max_abs(const float* X, int rows, int cols, int ld) {
  float m = 0.0f;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const float v = std::fabs(X[static_cast<std::size_t>(r) * ld + c]);
      if (std::isnan(v)) return v;
      m = std::max(m, v);
    }
  return m;
}

// fp16 holds magnitudes up to 65504: operands beyond it, or partial sums that could reach it
// in one K block, are refused rather than silently saturated.
inline Support fp16_range(const GemmProblem& p, int block) {
  const float a = max_abs(p.A, p.M, p.K, p.lda), b = max_abs(p.B, p.K, p.N, p.ldb);
  if (!std::isfinite(a) || !std::isfinite(b)) return Support::no("fp16 needs finite operands (NaN/Inf present)");
  if (a > 65504.0f || b > 65504.0f) return Support::no("an operand exceeds the fp16 range (65504)");
  if (static_cast<double>(a) * b * std::min(p.K, block) > 30000.0)
    return Support::no("max|A|·max|B|·(K block) > 30000: fp16 partial sums could overflow");
  return Support::yes();
}

}  // namespace claimbench::lowp
