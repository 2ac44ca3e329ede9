// Portable operators (any x86-64 or other CPU) and the run-time choice of the best set.
#include "bert/bert_ops.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace claimbench::bert {
namespace {

inline std::size_t at(int r, int c, int ld) { return static_cast<std::size_t>(r) * ld + c; }

void bias_add(float* y, int rows, int cols, int ld, const float* bias, int threads) {
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) y[at(r, c, ld)] += bias[r];
}

void bias_gelu(float* y, int rows, int cols, int ld, const float* bias, int threads) {
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const float x = y[at(r, c, ld)] + bias[r];
      y[at(r, c, ld)] = 0.5f * x * (1.0f + std::erf(x * 0.70710678118654752f));
    }
}

void layer_norm(const float* acc, const float* bias, const float* residual, const float* gamma, const float* beta,
                float* out, int rows, int cols, int ld, float eps, int threads) {
  constexpr int kBlock = 16;
  const int blocks = (cols + kBlock - 1) / kBlock;
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int b = 0; b < blocks; ++b) {
    const int c0 = b * kBlock, c1 = std::min(cols, c0 + kBlock);
    double sum[kBlock] = {}, sq[kBlock] = {};
    for (int r = 0; r < rows; ++r)
      for (int c = c0; c < c1; ++c) {
        float z = acc[at(r, c, ld)];
        if (bias) z += bias[r];
        if (residual) z += residual[at(r, c, ld)];
        out[at(r, c, ld)] = z;
        sum[c - c0] += z;
      }
    float mean[kBlock], rstd[kBlock];
    for (int c = c0; c < c1; ++c) mean[c - c0] = static_cast<float>(sum[c - c0] / rows);
    for (int r = 0; r < rows; ++r)
      for (int c = c0; c < c1; ++c) {
        const double d = out[at(r, c, ld)] - mean[c - c0];
        sq[c - c0] += d * d;
      }
    for (int c = c0; c < c1; ++c) rstd[c - c0] = static_cast<float>(1.0 / std::sqrt(sq[c - c0] / rows + eps));
    for (int r = 0; r < rows; ++r)
      for (int c = c0; c < c1; ++c)
        out[at(r, c, ld)] = (out[at(r, c, ld)] - mean[c - c0]) * rstd[c - c0] * gamma[r] + beta[r];
  }
}

void softmax_columns(float* s, int rows, int cols, int ld, int threads) {
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int c = 0; c < cols; ++c) {
    float mx = -INFINITY;
    for (int r = 0; r < rows; ++r) mx = std::max(mx, s[at(r, c, ld)]);
    float sum = 0;
    for (int r = 0; r < rows; ++r) {
      const float e = std::exp(s[at(r, c, ld)] - mx);
      s[at(r, c, ld)] = e;
      sum += e;
    }
    const float inv = 1.0f / sum;
    for (int r = 0; r < rows; ++r) s[at(r, c, ld)] *= inv;
  }
}

void transpose_scale(const float* src, int rows, int cols, int lds, float* dst, int ldd, float scale) {
  constexpr int kTile = 16;
  for (int r0 = 0; r0 < rows; r0 += kTile)
    for (int c0 = 0; c0 < cols; c0 += kTile)
      for (int r = r0; r < std::min(rows, r0 + kTile); ++r)
        for (int c = c0; c < std::min(cols, c0 + kTile); ++c) dst[at(c, r, ldd)] = scale * src[at(r, c, lds)];
}

float max_abs(const float* x, int rows, int cols, int ld, int) {
  float m = 0;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m = std::max(m, std::fabs(x[at(r, c, ld)]));
  return m;
}

void quantize_u8(const float* x, int rows, int cols, int ld, float scale, std::uint8_t* u8, int threads) {
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const float q = std::clamp(std::nearbyint(x[at(r, c, ld)] / scale), -127.0f, 127.0f);
      u8[static_cast<std::size_t>(r) * cols + c] = static_cast<std::uint8_t>(static_cast<int>(q) + 128);
    }
}

}  // namespace

const BertOps& portable_bert_ops() {
  static const BertOps ops{"portable", bias_add, bias_gelu, layer_norm, softmax_columns, transpose_scale, max_abs,
                           quantize_u8};
  return ops;
}

const BertOps& bert_ops() {
  static const BertOps* best = avx512_bert_ops() ? avx512_bert_ops() : &portable_bert_ops();
  return *best;
}

}  // namespace claimbench::bert
