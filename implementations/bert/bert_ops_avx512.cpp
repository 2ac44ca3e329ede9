// AVX-512F operators; compiled with -mavx512f (bert/CMakeLists.txt), chosen at run time.
#include "bert/bert_ops.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace claimbench::bert {
namespace {

inline std::size_t at(int r, int c, int ld) { return static_cast<std::size_t>(r) * ld + c; }
inline __mmask16 tail_mask(int n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1u); }

// e^x: x = n·ln2 + r, |r| <= ln2/2, degree-6 Taylor polynomial for e^r (relative error about
// 1e-7), 2^n applied with vscalefps. Inputs are clamped to [-87.3, 88.7] (finite results).
inline __m512 exp512(__m512 x) {
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.7f));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.0f / 720);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  return _mm512_scalef_ps(p, n);
}

// gelu(x) = x/2 · (1 + erf(x/√2)). 1 + erf(z) is computed as erfc(|z|) for z < 0 and
// 2 − erfc(|z|) otherwise, with Abramowitz & Stegun 7.1.26 for erfc (absolute error of erf
// below 1.5e-7), so large negative inputs suffer no cancellation.
inline __m512 gelu512(__m512 x) {
  const __m512 z = _mm512_mul_ps(x, _mm512_set1_ps(0.70710678118654752f));
  const __m512 a = _mm512_abs_ps(z);
  const __m512 t = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_fmadd_ps(a, _mm512_set1_ps(0.3275911f), _mm512_set1_ps(1.0f)));
  __m512 p = _mm512_set1_ps(1.061405429f);
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.453152027f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.421413741f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.284496736f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.254829592f));
  p = _mm512_mul_ps(p, t);
  const __m512 q = _mm512_mul_ps(p, exp512(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_mul_ps(a, a))));
  const __mmask16 negative = _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_LT_OQ);
  const __m512 one_plus_erf = _mm512_mask_blend_ps(negative, _mm512_sub_ps(_mm512_set1_ps(2.0f), q), q);
  return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), x), one_plus_erf);
}

void bias_add(float* y, int rows, int cols, int ld, const float* bias, int threads) {
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int r = 0; r < rows; ++r) {
    float* row = y + at(r, 0, ld);
    const __m512 b = _mm512_set1_ps(bias[r]);
    for (int c = 0; c < cols; c += 16) {
      const __mmask16 m = tail_mask(cols - c);
      _mm512_mask_storeu_ps(row + c, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, row + c), b));
    }
  }
}

void bias_gelu(float* y, int rows, int cols, int ld, const float* bias, int threads) {
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int r = 0; r < rows; ++r) {
    float* row = y + at(r, 0, ld);
    const __m512 b = _mm512_set1_ps(bias[r]);
    for (int c = 0; c < cols; c += 16) {
      const __mmask16 m = tail_mask(cols - c);
      _mm512_mask_storeu_ps(row + c, m, gelu512(_mm512_add_ps(_mm512_maskz_loadu_ps(m, row + c), b)));
    }
  }
}

// One pass accumulates the shifted sums Σ(z−z₀) and Σ(z−z₀)² (z₀: the column's first value,
// which removes the cancellation of the textbook E[z²] − E[z]²), a second pass normalizes.
void layer_norm(const float* acc, const float* bias, const float* residual, const float* gamma, const float* beta,
                float* out, int rows, int cols, int ld, float eps, int threads) {
  const int blocks = (cols + 15) / 16;
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int b = 0; b < blocks; ++b) {
    const int c = b * 16;
    const __mmask16 m = tail_mask(cols - c);
    __m512 shift = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps();
    for (int r = 0; r < rows; ++r) {
      __m512 z = _mm512_maskz_loadu_ps(m, acc + at(r, c, ld));
      if (bias) z = _mm512_add_ps(z, _mm512_set1_ps(bias[r]));
      if (residual) z = _mm512_add_ps(z, _mm512_maskz_loadu_ps(m, residual + at(r, c, ld)));
      _mm512_mask_storeu_ps(out + at(r, c, ld), m, z);
      if (r == 0) shift = z;
      const __m512 d = _mm512_sub_ps(z, shift);
      s1 = _mm512_add_ps(s1, d);
      s2 = _mm512_fmadd_ps(d, d, s2);
    }
    const __m512 inv_n = _mm512_set1_ps(1.0f / static_cast<float>(rows));
    const __m512 dm = _mm512_mul_ps(s1, inv_n);
    const __m512 mean = _mm512_add_ps(shift, dm);
    const __m512 var = _mm512_max_ps(_mm512_fnmadd_ps(dm, dm, _mm512_mul_ps(s2, inv_n)), _mm512_setzero_ps());
    // 1/sqrt in full precision (rsqrt14 alone has 14 bits).
    const __m512 rstd = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_sqrt_ps(_mm512_add_ps(var, _mm512_set1_ps(eps))));
    for (int r = 0; r < rows; ++r) {
      float* o = out + at(r, c, ld);
      const __m512 centered = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, o), mean);
      const __m512 g = _mm512_mul_ps(rstd, _mm512_set1_ps(gamma[r]));
      _mm512_mask_storeu_ps(o, m, _mm512_fmadd_ps(centered, g, _mm512_set1_ps(beta[r])));
    }
  }
}

void softmax_columns(float* s, int rows, int cols, int ld, int threads) {
  const int blocks = (cols + 15) / 16;
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int b = 0; b < blocks; ++b) {
    const int c = b * 16;
    const __mmask16 m = tail_mask(cols - c);
    __m512 mx = _mm512_set1_ps(-INFINITY);
    for (int r = 0; r < rows; ++r) mx = _mm512_max_ps(mx, _mm512_maskz_loadu_ps(m, s + at(r, c, ld)));
    __m512 sum = _mm512_setzero_ps();
    for (int r = 0; r < rows; ++r) {
      float* p = s + at(r, c, ld);
      const __m512 e = exp512(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, p), mx));
      _mm512_mask_storeu_ps(p, m, e);
      sum = _mm512_add_ps(sum, e);
    }
    const __m512 inv = _mm512_div_ps(_mm512_set1_ps(1.0f), sum);
    for (int r = 0; r < rows; ++r) {
      float* p = s + at(r, c, ld);
      _mm512_mask_storeu_ps(p, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, p), inv));
    }
  }
}

// 16 source rows are gathered into one destination row segment per column.
void transpose_scale(const float* src, int rows, int cols, int lds, float* dst, int ldd, float scale) {
  const __m512i index = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                           _mm512_set1_epi32(lds));
  const __m512 s = _mm512_set1_ps(scale);
  for (int r = 0; r < rows; r += 16) {
    const __mmask16 m = tail_mask(rows - r);
    const float* base = src + at(r, 0, lds);
    for (int c = 0; c < cols; ++c) {
      const __m512 v = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, index, base + c, 4);
      _mm512_mask_storeu_ps(dst + at(c, r, ldd), m, _mm512_mul_ps(v, s));
    }
  }
}

float max_abs(const float* x, int rows, int cols, int ld, int threads) {
  float result = 0.0f;
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static) reduction(max : result)
  for (int r = 0; r < rows; ++r) {
    __m512 mx = _mm512_setzero_ps();
    const float* row = x + at(r, 0, ld);
    for (int c = 0; c < cols; c += 16)
      mx = _mm512_max_ps(mx, _mm512_abs_ps(_mm512_maskz_loadu_ps(tail_mask(cols - c), row + c)));
    result = std::max(result, _mm512_reduce_max_ps(mx));
  }
  return result;
}

void quantize_u8(const float* x, int rows, int cols, int ld, float scale, std::uint8_t* u8, int threads) {
  const __m512 s = _mm512_set1_ps(scale);
  const __m512 lo = _mm512_set1_ps(-127.0f), hi = _mm512_set1_ps(127.0f);
  const __m512i zero_point = _mm512_set1_epi32(128);
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int r = 0; r < rows; ++r) {
    const float* row = x + at(r, 0, ld);
    std::uint8_t* out = u8 + static_cast<std::size_t>(r) * cols;
    for (int c = 0; c < cols; c += 16) {
      const __mmask16 m = tail_mask(cols - c);
      // Division, not a reciprocal multiply, so the rounding matches quantize_s8 exactly.
      __m512 q = _mm512_roundscale_ps(_mm512_div_ps(_mm512_maskz_loadu_ps(m, row + c), s),
                                      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
      q = _mm512_min_ps(_mm512_max_ps(q, lo), hi);
      _mm512_mask_cvtepi32_storeu_epi8(out + c, m, _mm512_add_epi32(_mm512_cvtps_epi32(q), zero_point));
    }
  }
}

bool cpu_has_avx512f() { return __builtin_cpu_supports("avx512f"); }

}  // namespace

const BertOps* avx512_bert_ops() {
  static const BertOps ops{"avx512", bias_add, bias_gelu, layer_norm, softmax_columns, transpose_scale, max_abs,
                           quantize_u8};
  return cpu_has_avx512f() ? &ops : nullptr;
}

}  // namespace claimbench::bert
#else
namespace claimbench::bert {
const BertOps* avx512_bert_ops() { return nullptr; }  // built without AVX-512 support
}  // namespace claimbench::bert
#endif
