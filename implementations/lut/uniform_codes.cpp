#include "lut/uniform_codes.hpp"

#include <stdexcept>

#include "common/half_float.hpp"

namespace claimbench::lut {

UniformCodes to_uniform_codes(const BcqWeights& q) {
  if (q.method != BcqMethod::uniform) throw std::invalid_argument("integer codes exist only for uniform BCQ weights");
  if (q.group % 32 != 0) throw std::invalid_argument("integer codes need a group size that is a multiple of 32");
  UniformCodes u;
  u.M = q.M, u.K = q.K, u.bits = q.bits, u.group = q.group, u.groups = q.groups();
  u.codes.assign(static_cast<std::size_t>(u.M) * u.row_bytes(), 0);
  u.base.resize(static_cast<std::size_t>(u.M) * u.groups);
  u.step.resize(u.base.size());
  for (int m = 0; m < q.M; ++m) {
    for (int g = 0; g < u.groups; ++g) {
      const std::size_t at = static_cast<std::size_t>(m) * u.groups + g;
      float sum_alpha = 0.0f;
      for (int b = 0; b < q.bits; ++b) sum_alpha += fp16::half_to_float(q.alpha[at * q.bits + b]);
      u.base[at] = fp16::half_to_float(q.offset[at]) - sum_alpha;
      u.step[at] = 2.0f * fp16::half_to_float(q.alpha[at * q.bits]);
    }
    for (int k = 0; k < q.K; ++k) {
      unsigned c = 0;
      for (int b = 0; b < q.bits; ++b) c |= static_cast<unsigned>(q.sign(b, m, k)) << b;
      u.codes[static_cast<std::size_t>(m) * u.row_bytes() + k / 2] |= static_cast<uint8_t>(c << (4 * (k % 2)));
    }
  }
  return u;
}

std::vector<float> dequantize_uniform_codes(const UniformCodes& u) {
  std::vector<float> w(static_cast<std::size_t>(u.M) * u.K);
  for (int m = 0; m < u.M; ++m)
    for (int k = 0; k < u.K; ++k) {
      const std::size_t at = static_cast<std::size_t>(m) * u.groups + k / u.group;
      const unsigned c = (u.codes[static_cast<std::size_t>(m) * u.row_bytes() + k / 2] >> (4 * (k % 2))) & 0xfu;
      w[static_cast<std::size_t>(m) * u.K + k] = __builtin_fmaf(u.step[at], static_cast<float>(c), u.base[at]);
    }
  return w;
}

void dequant_fused_gemm(const UniformCodes& u, const float* X, int ldx, int N, float* C, int ldc, int threads) {
  detail::dequant_fused_gemm_avx512(u, X, ldx, N, C, ldc, threads);
}

}  // namespace claimbench::lut
