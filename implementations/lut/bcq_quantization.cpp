#include "lut/bcq_quantization.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "common/half_float.hpp"

namespace claimbench::lut {
using namespace claimbench::fp16;

const char* to_string(BcqMethod method) { return method == BcqMethod::uniform ? "uniform" : "alternating"; }

namespace {

// fp16 keeps 11 significant bits up to 65504; scales beyond that would become Inf.
constexpr float kMaxWeight = 30000.0f;

struct GroupCode {
  std::array<float, 4> alpha{};  // fp16-rounded
  float offset = 0.0f;           // fp16-rounded
};

// The value a sign pattern (bit b set: s_b = +1) stands for, in the dequantizer's order.
float value_of(const GroupCode& c, int bits, unsigned pattern) {
  float v = c.offset;
  for (int b = 0; b < bits; ++b) v += (pattern >> b & 1u) ? c.alpha[b] : -c.alpha[b];
  return v;
}

unsigned nearest_pattern(const GroupCode& c, int bits, float w) {
  unsigned best = 0;
  float best_error = INFINITY;
  for (unsigned p = 0; p < (1u << bits); ++p) {
    const float e = std::fabs(w - value_of(c, bits, p));
    if (e < best_error) best_error = e, best = p;
  }
  return best;
}

GroupCode uniform_code(const float* w, int n, int bits) {
  float lo = w[0], hi = w[0];
  for (int i = 1; i < n; ++i) lo = std::min(lo, w[i]), hi = std::max(hi, w[i]);
  const int levels = (1 << bits) - 1;
  GroupCode c;
  // α_0 is half a grid step; α_b = α_0·2^b stays exact in fp16.
  const float a0 = round_to_half((hi - lo) / levels / 2.0f);
  for (int b = 0; b < bits; ++b) c.alpha[b] = std::ldexp(a0, b);
  c.offset = round_to_half(lo + a0 * levels);
  return c;
}

// Solves the q×q normal equations (Gram · α = rhs) by Gaussian elimination with partial
// pivoting; false when singular (a repeated sign column), leaving α unchanged.
bool solve(std::array<std::array<double, 4>, 4> g, std::array<double, 4> rhs, int q, std::array<double, 4>& x) {
  for (int col = 0; col < q; ++col) {
    int pivot = col;
    for (int r = col + 1; r < q; ++r)
      if (std::fabs(g[r][col]) > std::fabs(g[pivot][col])) pivot = r;
    if (std::fabs(g[pivot][col]) < 1e-9) return false;
    std::swap(g[pivot], g[col]);
    std::swap(rhs[pivot], rhs[col]);
    for (int r = col + 1; r < q; ++r) {
      const double f = g[r][col] / g[col][col];
      for (int c = col; c < q; ++c) g[r][c] -= f * g[col][c];
      rhs[r] -= f * rhs[col];
    }
  }
  for (int r = q - 1; r >= 0; --r) {
    double s = rhs[r];
    for (int c = r + 1; c < q; ++c) s -= g[r][c] * x[c];
    x[r] = s / g[r][r];
  }
  return true;
}

GroupCode alternating_code(const float* w, int n, int bits) {
  std::array<double, 4> alpha{};
  std::vector<unsigned> pattern(n, 0);
  std::vector<double> residual(w, w + n);
  for (int b = 0; b < bits; ++b) {  // greedy: each plane takes the sign of what is left
    double mean_abs = 0;
    for (int i = 0; i < n; ++i) mean_abs += std::fabs(residual[i]);
    alpha[b] = mean_abs / n;
    for (int i = 0; i < n; ++i) {
      const bool plus = residual[i] >= 0;
      if (plus) pattern[i] |= 1u << b;
      residual[i] -= plus ? alpha[b] : -alpha[b];
    }
  }
  GroupCode c;
  auto round_code = [&] {
    for (int b = 0; b < bits; ++b) c.alpha[b] = round_to_half(static_cast<float>(std::fabs(alpha[b])));
  };
  for (int iteration = 0; iteration < 4; ++iteration) {
    std::array<std::array<double, 4>, 4> gram{};
    std::array<double, 4> rhs{};
    for (int i = 0; i < n; ++i)
      for (int a = 0; a < bits; ++a) {
        const double sa = (pattern[i] >> a & 1u) ? 1.0 : -1.0;
        rhs[a] += sa * w[i];
        for (int b = 0; b < bits; ++b) gram[a][b] += sa * ((pattern[i] >> b & 1u) ? 1.0 : -1.0);
      }
    std::array<double, 4> solved{};
    if (solve(gram, rhs, bits, solved)) alpha = solved;
    // A negative scale is a flipped plane: fold the sign into the pattern.
    for (int b = 0; b < bits; ++b)
      if (alpha[b] < 0) {
        alpha[b] = -alpha[b];
        for (auto& p : pattern) p ^= 1u << b;
      }
    round_code();
    for (int i = 0; i < n; ++i) pattern[i] = nearest_pattern(c, bits, w[i]);
  }
  return c;
}

}  // namespace

double uniform_bcq_error_bound(float group_min, float group_max, int bits) {
  const int levels = (1 << bits) - 1;
  const double a0 = (static_cast<double>(group_max) - group_min) / levels / 2.0;
  // half a step (a0), a0's fp16 rounding scaled over the grid (≤ 2^-11 relative, times `levels`
  // steps), the offset's fp16 rounding, and fp32 summation.
  const double span = std::max(std::fabs(group_min), std::fabs(group_max));
  return a0 * (1.0 + levels * 2.0 * std::ldexp(1.0, -11)) + span * std::ldexp(1.0, -11) + 1e-6 * span + 1e-30;
}

BcqWeights quantize_bcq(const float* A, int M, int K, int lda, int bits, int group, BcqMethod method) {
  if (bits < 1 || bits > 4) throw std::invalid_argument("BCQ bits must be 1..4, got " + std::to_string(bits));
  if (group <= 0 || group % 8 != 0)
    throw std::invalid_argument("BCQ group size must be a positive multiple of 8, got " + std::to_string(group));
  if (M <= 0 || K <= 0) throw std::invalid_argument("BCQ needs M, K > 0");
  BcqWeights q;
  q.M = M, q.K = K, q.bits = bits, q.group = group, q.method = method;
  const int G = q.groups(), rb = q.row_bytes();
  q.planes.assign(static_cast<std::size_t>(bits) * M * rb, 0);
  q.alpha.assign(static_cast<std::size_t>(M) * G * bits, 0);
  q.offset.assign(static_cast<std::size_t>(M) * G, 0);
  for (int m = 0; m < M; ++m)
    for (int g = 0; g < G; ++g) {
      const int k0 = g * group, n = std::min(group, K - k0);
      const float* w = A + static_cast<std::size_t>(m) * lda + k0;
      for (int i = 0; i < n; ++i)
        if (!std::isfinite(w[i]) || std::fabs(w[i]) > kMaxWeight)
          throw std::invalid_argument("BCQ: weight A[" + std::to_string(m) + "][" + std::to_string(k0 + i) +
                                      "] is not finite or beyond the fp16 scale range");
      const GroupCode c = method == BcqMethod::uniform ? uniform_code(w, n, bits) : alternating_code(w, n, bits);
      for (int b = 0; b < bits; ++b) q.alpha[(static_cast<std::size_t>(m) * G + g) * bits + b] = float_to_half(c.alpha[b]);
      q.offset[static_cast<std::size_t>(m) * G + g] = float_to_half(c.offset);
      for (int i = 0; i < n; ++i) {
        const unsigned p = nearest_pattern(c, bits, w[i]);
        const int k = k0 + i;
        for (int b = 0; b < bits; ++b)
          if (p >> b & 1u) q.planes[(static_cast<std::size_t>(b) * M + m) * rb + k / 8] |= static_cast<uint8_t>(1u << (k % 8));
      }
    }
  return q;
}

std::vector<float> dequantize_bcq(const BcqWeights& q) {
  std::vector<float> w(static_cast<std::size_t>(q.M) * q.K);
  const int G = q.groups();
  for (int m = 0; m < q.M; ++m)
    for (int k = 0; k < q.K; ++k) {
      const int g = k / q.group;
      float v = half_to_float(q.offset[static_cast<std::size_t>(m) * G + g]);
      for (int b = 0; b < q.bits; ++b) {
        const float a = half_to_float(q.alpha[(static_cast<std::size_t>(m) * G + g) * q.bits + b]);
        v += q.sign(b, m, k) ? a : -a;
      }
      w[static_cast<std::size_t>(m) * q.K + k] = v;
    }
  return w;
}

}  // namespace claimbench::lut
