// AVX-512 LUT-GEMM (μ = 4, tables in registers, vpermps over 16 rows) and the AVX-512
// dequantizer of the dequantize-then-GEMM baseline. Compiled with -mavx512f/bw/vl/dq -mf16c.
#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "lut/lut_gemm.hpp"
#include "lut/uniform_codes.hpp"

namespace claimbench::lut::detail {
namespace {

// T[c][i] = Σ_j (bit j of i ? +x : −x)[4c+j], 16 entries per 4 k.
void build_tables(const float* x, int chunks, float* T) {
  alignas(64) float sign[4][16];
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 16; ++i) sign[j][i] = (i >> j & 1) ? 1.0f : -1.0f;
  const __m512 s0 = _mm512_load_ps(sign[0]), s1 = _mm512_load_ps(sign[1]), s2 = _mm512_load_ps(sign[2]),
               s3 = _mm512_load_ps(sign[3]);
  for (int c = 0; c < chunks; ++c) {
    __m512 t = _mm512_mul_ps(_mm512_set1_ps(x[4 * c]), s0);
    t = _mm512_fmadd_ps(_mm512_set1_ps(x[4 * c + 1]), s1, t);
    t = _mm512_fmadd_ps(_mm512_set1_ps(x[4 * c + 2]), s2, t);
    t = _mm512_fmadd_ps(_mm512_set1_ps(x[4 * c + 3]), s3, t);
    _mm512_store_ps(T + 16 * c, t);
  }
}

// RB 16-row blocks × NT tokens; CH accumulators per (block, token) take the chunks in turn so
// that at least four FMA chains are in flight (FMA latency 4) even for one token.
template <int RB, int NT>
void tile(const LutWeights& w, int block0, const float* T, std::size_t table_stride, const float* group_sum,
          float* C, int ldc, int n0) {
  constexpr int CH = NT >= 4 ? 1 : NT >= 2 ? 2 : 4;
  __m512 acc[RB][NT][CH];
  for (int r = 0; r < RB; ++r)
    for (int n = 0; n < NT; ++n)
      for (int h = 0; h < CH; ++h) acc[r][n][h] = _mm512_setzero_ps();
  for (int g = 0; g < w.groups; ++g) {
    const int nq = w.quads_in_group(g);
    for (int b = 0; b < w.bits; ++b) {
      __m512 alpha[RB];
      const uint32_t* s[RB];
      for (int r = 0; r < RB; ++r) {
        alpha[r] = _mm512_cvtph_ps(
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&w.alpha[w.scale_offset(block0 + r, g) + b * 16])));
        s[r] = &w.signs[w.sign_offset(block0 + r, g, b)];
      }
      for (int qd = 0; qd < nq; ++qd) {
        const float* t = T + static_cast<std::size_t>((g * w.quads_per_group + qd) * 8) * 16;
        __m512i idx[RB];
        for (int r = 0; r < RB; ++r) idx[r] = _mm512_loadu_si512(s[r] + qd * 16);
        for (int c = 0; c < 8; ++c) {
          for (int r = 0; r < RB; ++r)
            for (int n = 0; n < NT; ++n) {
              const __m512 table = _mm512_load_ps(t + n * table_stride + c * 16);
              acc[r][n][c % CH] = _mm512_fmadd_ps(alpha[r], _mm512_permutexvar_ps(idx[r], table), acc[r][n][c % CH]);
            }
          if (c < 7)
            for (int r = 0; r < RB; ++r) idx[r] = _mm512_srli_epi32(idx[r], 4);
        }
      }
    }
    for (int r = 0; r < RB; ++r) {
      const __m512 z = _mm512_cvtph_ps(
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(&w.offset[w.offset_offset(block0 + r, g)])));
      for (int n = 0; n < NT; ++n)
        acc[r][n][0] = _mm512_fmadd_ps(z, _mm512_set1_ps(group_sum[n * w.groups + g]), acc[r][n][0]);
    }
  }
  for (int r = 0; r < RB; ++r)
    for (int n = 0; n < NT; ++n) {
      alignas(64) float out[16];
      __m512 sum = acc[r][n][0];
      for (int h = 1; h < CH; ++h) sum = _mm512_add_ps(sum, acc[r][n][h]);
      _mm512_store_ps(out, sum);
      const int m0 = (block0 + r) * 16, rows = std::min(16, w.M - m0);
      for (int i = 0; i < rows; ++i) C[static_cast<std::size_t>(m0 + i) * ldc + n0 + n] = out[i];
    }
}

template <int RB>
void run(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads) {
  const int chunks = w.quads * 8;
  const std::size_t table_stride = static_cast<std::size_t>(chunks) * 16;
  thread_local std::vector<float, std::allocator<float>> scratch;
  // tables (64-byte aligned), then padded x per token, then group sums
  const std::size_t need = 16 + table_stride * N + static_cast<std::size_t>(w.quads) * 32 * N + static_cast<std::size_t>(w.groups) * N;
  if (scratch.size() < need) scratch.resize(need);
  float* base = scratch.data();
  float* T = reinterpret_cast<float*>((reinterpret_cast<std::uintptr_t>(base) + 63) & ~std::uintptr_t{63});
  float* xs = T + table_stride * N;
  float* sums = xs + static_cast<std::size_t>(w.quads) * 32 * N;
  // group sums laid out [n][g] for the tile's broadcast
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int n = 0; n < N; ++n) {
    float* x = xs + static_cast<std::size_t>(w.quads) * 32 * n;
    gather_token(w, X, ldx, n, x, sums + static_cast<std::size_t>(w.groups) * n);
    build_tables(x, chunks, T + table_stride * n);
  }
  const int tiles = (w.blocks + RB - 1) / RB;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int tl = 0; tl < tiles; ++tl) {
    const int block0 = tl * RB;
    const bool full = block0 + RB <= w.blocks;
    for (int n0 = 0; n0 < N;) {
      const int nt = std::min(4, N - n0);
      const float* Tn = T + table_stride * n0;
      const float* gs = sums + static_cast<std::size_t>(w.groups) * n0;
      if (full) {
        switch (nt) {
          case 4: tile<RB, 4>(w, block0, Tn, table_stride, gs, C, ldc, n0); break;
          case 3: tile<RB, 3>(w, block0, Tn, table_stride, gs, C, ldc, n0); break;
          case 2: tile<RB, 2>(w, block0, Tn, table_stride, gs, C, ldc, n0); break;
          default: tile<RB, 1>(w, block0, Tn, table_stride, gs, C, ldc, n0); break;
        }
      } else {
        for (int blk = block0; blk < w.blocks; ++blk) switch (nt) {
            case 4: tile<1, 4>(w, blk, Tn, table_stride, gs, C, ldc, n0); break;
            case 3: tile<1, 3>(w, blk, Tn, table_stride, gs, C, ldc, n0); break;
            case 2: tile<1, 2>(w, blk, Tn, table_stride, gs, C, ldc, n0); break;
            default: tile<1, 1>(w, blk, Tn, table_stride, gs, C, ldc, n0); break;
          }
      }
      n0 += nt;
    }
  }
}

}  // namespace

void lut_gemm_avx512_r16(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads) {
  run<1>(w, X, ldx, N, C, ldc, threads);
}
void lut_gemm_avx512_r32(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads) {
  run<2>(w, X, ldx, N, C, ldc, threads);
}

// 16 k of one row per step: the row's sign bits are a mask that picks +α or −α per lane.
void dequantize_avx512(const LutWeights& w, float* out, int ld, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int m = 0; m < w.M; ++m) {
    const int block = m / 16, r = m % 16;
    float* row = out + static_cast<std::size_t>(m) * ld;
    for (int g = 0; g < w.groups; ++g) {
      const __m512 z = _mm512_set1_ps(_cvtsh_ss(w.offset[w.offset_offset(block, g) + r]));
      __m512 plus[4], minus[4];
      for (int b = 0; b < w.bits; ++b) {
        plus[b] = _mm512_set1_ps(_cvtsh_ss(w.alpha[w.scale_offset(block, g) + b * 16 + r]));
        minus[b] = _mm512_sub_ps(_mm512_setzero_ps(), plus[b]);
      }
      for (int qd = 0; qd < w.quads_in_group(g); ++qd)
        for (int half = 0; half < 2; ++half) {
          const int k0 = g * w.group + qd * 32 + half * 16;
          if (k0 >= w.K) break;
          __m512 v = z;
          for (int b = 0; b < w.bits; ++b) {
            const __mmask16 bits = static_cast<__mmask16>(w.signs[w.sign_offset(block, g, b) + qd * 16 + r] >> (16 * half));
            v = _mm512_add_ps(v, _mm512_mask_blend_ps(bits, minus[b], plus[b]));
          }
          const int left = w.K - k0;
          if (left >= 16) _mm512_storeu_ps(row + k0, v);
          else _mm512_mask_storeu_ps(row + k0, static_cast<__mmask16>((1u << left) - 1), v);
        }
    }
  }
}

// OPTQ-style fused kernel on integer codes (uniform_codes.hpp): per 32 k of a row, 16 bytes of
// nibbles are split, widened to 32 int32 in two zmm, converted to float and turned into weights
// with one FMA (base + step·code), then multiplied by the activations at once. Tokens in tiles
// of up to 4 share one rebuild; the tile is a template parameter so accumulators stay in registers.
namespace {
template <int NT>
void fused_row(const UniformCodes& u, int m, const float* xs, int padded, int n0, float* C, int ldc) {
  __m512 acc[NT][2];
  for (int n = 0; n < NT; ++n) acc[n][0] = acc[n][1] = _mm512_setzero_ps();
  const __m128i low_nibbles = _mm_set1_epi8(0x0f);
  const uint8_t* row = u.codes.data() + static_cast<std::size_t>(m) * u.row_bytes();
  for (int g = 0; g < u.groups; ++g) {
    const __m512 base = _mm512_set1_ps(u.base[static_cast<std::size_t>(m) * u.groups + g]);
    const __m512 step = _mm512_set1_ps(u.step[static_cast<std::size_t>(m) * u.groups + g]);
    const int k_end = std::min(padded, (g + 1) * u.group);
    for (int k0 = g * u.group; k0 < k_end; k0 += 32) {
      const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + k0 / 2));
      const __m128i lo = _mm_and_si128(packed, low_nibbles);
      const __m128i hi = _mm_and_si128(_mm_srli_epi16(packed, 4), low_nibbles);
      const __m128i first = _mm_unpacklo_epi8(lo, hi), second = _mm_unpackhi_epi8(lo, hi);
      const __m512 w0 = _mm512_fmadd_ps(step, _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(first)), base);
      const __m512 w1 = _mm512_fmadd_ps(step, _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(second)), base);
      for (int n = 0; n < NT; ++n) {
        const float* x = xs + static_cast<std::size_t>(padded) * (n0 + n) + k0;
        acc[n][0] = _mm512_fmadd_ps(w0, _mm512_loadu_ps(x), acc[n][0]);
        acc[n][1] = _mm512_fmadd_ps(w1, _mm512_loadu_ps(x + 16), acc[n][1]);
      }
    }
  }
  for (int n = 0; n < NT; ++n)
    C[static_cast<std::size_t>(m) * ldc + n0 + n] = _mm512_reduce_add_ps(_mm512_add_ps(acc[n][0], acc[n][1]));
}
}  // namespace

void dequant_fused_gemm_avx512(const UniformCodes& u, const float* X, int ldx, int N, float* C, int ldc, int threads) {
  const int padded = u.padded_k();
  thread_local std::vector<float> scratch;
  const std::size_t need = static_cast<std::size_t>(padded) * N;
  if (scratch.size() < need) scratch.resize(need);
  float* xs = scratch.data();
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < padded; ++k)
      xs[static_cast<std::size_t>(padded) * n + k] = k < u.K ? X[static_cast<std::size_t>(k) * ldx + n] : 0.0f;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int m = 0; m < u.M; ++m)
    for (int n0 = 0; n0 < N; n0 += 4) switch (std::min(4, N - n0)) {
        case 4: fused_row<4>(u, m, xs, padded, n0, C, ldc); break;
        case 3: fused_row<3>(u, m, xs, padded, n0, C, ldc); break;
        case 2: fused_row<2>(u, m, xs, padded, n0, C, ldc); break;
        default: fused_row<1>(u, m, xs, padded, n0, C, ldc); break;
      }
}

}  // namespace claimbench::lut::detail
