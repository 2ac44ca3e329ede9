// AVX2 LUT-GEMM (μ = 4): the 16-entry table is two ymm; vpermps looks up 8 rows in each half
// and the index's bit 3 selects the half (vblendvps on the index shifted to the sign bit).
// Compiled with -mavx2 -mfma -mf16c.
#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "lut/lut_gemm.hpp"

namespace claimbench::lut::detail {
namespace {

inline __m256 lookup(__m256 lo, __m256 hi, __m256i idx) {
  return _mm256_blendv_ps(_mm256_permutevar8x32_ps(lo, idx), _mm256_permutevar8x32_ps(hi, idx),
                          _mm256_castsi256_ps(_mm256_slli_epi32(idx, 28)));
}

template <int NT>
void tile(const LutWeights& w, int block, const float* T, std::size_t table_stride, const float* group_sum, float* C,
          int ldc, int n0) {
  __m256 acc[2][NT];
  for (int h = 0; h < 2; ++h)
    for (int n = 0; n < NT; ++n) acc[h][n] = _mm256_setzero_ps();
  for (int g = 0; g < w.groups; ++g) {
    for (int b = 0; b < w.bits; ++b) {
      const uint16_t* a = &w.alpha[w.scale_offset(block, g) + b * 16];
      const __m256 alpha[2] = {_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a))),
                               _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + 8)))};
      const uint32_t* s = &w.signs[w.sign_offset(block, g, b)];
      for (int qd = 0; qd < w.quads_in_group(g); ++qd) {
        const float* t = T + static_cast<std::size_t>((g * w.quads_per_group + qd) * 8) * 16;
        __m256i idx[2] = {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + qd * 16)),
                          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + qd * 16 + 8))};
        for (int c = 0; c < 8; ++c) {
          for (int n = 0; n < NT; ++n) {
            const __m256 lo = _mm256_load_ps(t + n * table_stride + c * 16);
            const __m256 hi = _mm256_load_ps(t + n * table_stride + c * 16 + 8);
            for (int h = 0; h < 2; ++h) acc[h][n] = _mm256_fmadd_ps(alpha[h], lookup(lo, hi, idx[h]), acc[h][n]);
          }
          for (int h = 0; h < 2; ++h) idx[h] = _mm256_srli_epi32(idx[h], 4);
        }
      }
    }
    const uint16_t* z = &w.offset[w.offset_offset(block, g)];
    const __m256 zv[2] = {_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(z))),
                          _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(z + 8)))};
    for (int n = 0; n < NT; ++n)
      for (int h = 0; h < 2; ++h)
        acc[h][n] = _mm256_fmadd_ps(zv[h], _mm256_set1_ps(group_sum[n * w.groups + g]), acc[h][n]);
  }
  const int m0 = block * 16, rows = std::min(16, w.M - m0);
  for (int n = 0; n < NT; ++n) {
    alignas(32) float out[16];
    _mm256_store_ps(out, acc[0][n]);
    _mm256_store_ps(out + 8, acc[1][n]);
    for (int i = 0; i < rows; ++i) C[static_cast<std::size_t>(m0 + i) * ldc + n0 + n] = out[i];
  }
}

void build_tables(const float* x, int chunks, float* T) {
  for (int c = 0; c < chunks; ++c)
    for (int i = 0; i < 16; ++i) {
      float v = 0.0f;
      for (int j = 0; j < 4; ++j) v += (i >> j & 1) ? x[4 * c + j] : -x[4 * c + j];
      T[16 * c + i] = v;
    }
}

}  // namespace

void lut_gemm_avx2_r16(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads) {
  const int chunks = w.quads * 8;
  const std::size_t table_stride = static_cast<std::size_t>(chunks) * 16;
  thread_local std::vector<float> scratch;
  const std::size_t need = 16 + table_stride * N + static_cast<std::size_t>(w.quads) * 32 * N + static_cast<std::size_t>(w.groups) * N;
  if (scratch.size() < need) scratch.resize(need);
  float* T = reinterpret_cast<float*>((reinterpret_cast<std::uintptr_t>(scratch.data()) + 63) & ~std::uintptr_t{63});
  float* xs = T + table_stride * N;
  float* sums = xs + static_cast<std::size_t>(w.quads) * 32 * N;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int n = 0; n < N; ++n) {
    float* x = xs + static_cast<std::size_t>(w.quads) * 32 * n;
    gather_token(w, X, ldx, n, x, sums + static_cast<std::size_t>(w.groups) * n);
    build_tables(x, chunks, T + table_stride * n);
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int block = 0; block < w.blocks; ++block)
    for (int n0 = 0; n0 < N;) {
      const int nt = std::min(2, N - n0);
      const float* Tn = T + table_stride * n0;
      const float* gs = sums + static_cast<std::size_t>(w.groups) * n0;
      if (nt == 2) tile<2>(w, block, Tn, table_stride, gs, C, ldc, n0);
      else tile<1>(w, block, Tn, table_stride, gs, C, ldc, n0);
      n0 += nt;
    }
}

}  // namespace claimbench::lut::detail
