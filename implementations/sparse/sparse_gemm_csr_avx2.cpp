// AVX2 + FMA CSR microkernel (16 ymm registers: a 4×24 tile is 12 accumulators).
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "sparse/sparse_gemm_csr.hpp"

namespace claimbench::sparse::detail {

namespace {

template <int NV>
void ukr(const CsrEntry* __restrict e, long len, const float* __restrict Bp, float* __restrict C,
         long ldc, const int32_t* __restrict rows, int ncols, int accumulate) {
  constexpr int MR = 4;
  __m256 c[MR][NV];
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) c[r][v] = _mm256_setzero_ps();
  const char* base = reinterpret_cast<const char*>(Bp);
  for (long s = 0; s < len; ++s, e += MR) {
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
      const __m256 a = _mm256_broadcast_ss(&e[r].value);
      const float* b = reinterpret_cast<const float*>(base + e[r].offset);
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v) c[r][v] = _mm256_fmadd_ps(a, _mm256_load_ps(b + 8 * v), c[r][v]);
    }
  }
  alignas(32) float tile[NV * 8];
  for (int r = 0; r < MR; ++r) {
    if (rows[r] < 0) continue;
    float* out = C + rows[r] * ldc;
    if (ncols == NV * 8) {
#pragma GCC unroll 16
      for (int v = 0; v < NV; ++v) {
        float* p = out + 8 * v;
        _mm256_storeu_ps(p, accumulate ? _mm256_add_ps(c[r][v], _mm256_loadu_ps(p)) : c[r][v]);
      }
    } else {
      for (int v = 0; v < NV; ++v) _mm256_store_ps(tile + 8 * v, c[r][v]);
      for (int j = 0; j < ncols; ++j) out[j] = accumulate ? out[j] + tile[j] : tile[j];
    }
  }
}

}  // namespace

// A partial last panel runs with only the 8-float vectors it needs (see the AVX-512 file).
void csr_ukr_avx2_4x24(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                       const int32_t* rows, int ncols, int accumulate) {
  if (ncols <= 8) ukr<1>(e, len, Bp, C, ldc, rows, ncols, accumulate);
  else if (ncols <= 16) ukr<2>(e, len, Bp, C, ldc, rows, ncols, accumulate);
  else ukr<3>(e, len, Bp, C, ldc, rows, ncols, accumulate);
}

}  // namespace claimbench::sparse::detail

#endif  // x86
