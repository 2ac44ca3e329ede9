// Dynamic per-tensor int8 quantization of a linear layer's activations, done in every run() of
// the int8 backends (as PyTorch's quantize_dynamic does for BERT) and timed as "quantize".
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "bert/bert_ops.hpp"
#include "dense/lowp_quantization.hpp"

namespace claimbench::bert {

class Int8ActivationQuantizer {
 public:
  // Quantizes X [K × N] into the compact buffer, u8 with zero point 128 (the own VNNI kernels'
  // operand) or, when `to_signed`, s8 (what oneDNN's s8 weights argument takes); returns s_x.
  float quantize(const float* X, int ldx, int K, int N, int threads, bool to_signed = false) {
    const auto t0 = std::chrono::steady_clock::now();
    const BertOps& ops = bert_ops();
    const float s_x = lowp::int8_scale(ops.max_abs(X, K, N, ldx, threads));
    const std::size_t n = static_cast<std::size_t>(K) * N;
    q_.resize(n);
    ops.quantize_u8(X, K, N, ldx, s_x, q_.data(), threads);
    // u8 = q + 128, so flipping the top bit gives q's two's-complement byte.
    if (to_signed)
      for (std::size_t i = 0; i < n; ++i) q_[i] ^= 0x80u;
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s_x;
  }
  const std::uint8_t* data() const { return q_.data(); }
  double seconds = 0.0;

 private:
  std::vector<std::uint8_t> q_;
};

}  // namespace claimbench::bert
