// Driver of the few-column dense kernel: packing, B transposed per chunk, threads over row
// blocks. The AVX-512 tile is in own_sgemv_avx512.cpp.
#include "dense/own_sgemv.hpp"

#include "common/aligned_scratch.hpp"
#include "common/few_column_tiles.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>

namespace claimbench::dense {
namespace detail {
#if defined(__x86_64__) || defined(__i386__)
void few_column_tile_avx512(int columns, int K, const float* Wp, const float* Bt, long ldbt,
                            float* C, long ldc, int rows);
#endif
}  // namespace detail

FewColumnWeights pack_few_column_weights(const float* A, int M, int K, int lda) {
  FewColumnWeights w;
  w.rows = M;
  w.cols = K;
  const int blocks = (M + 15) / 16;
  w.packed.assign(static_cast<std::size_t>(blocks) * K * 16, 0.0f);
  for (int i = 0; i < M; ++i)
    for (int k = 0; k < K; ++k)
      w.packed[(static_cast<std::size_t>(i / 16) * K + k) * 16 + i % 16] = A[static_cast<std::size_t>(i) * lda + k];
  return w;
}

bool few_column_available() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

void few_column_gemm(const FewColumnWeights& a, const float* B, int ldb, int N, float* C, int ldc,
                     int threads) {
#if defined(__x86_64__) || defined(__i386__)
  if (!few_column_available()) throw std::runtime_error("the few-column dense kernel needs AVX-512F");
  const int M = a.rows, K = a.cols, blocks = (M + 15) / 16;
  constexpr int kChunk = kernels::kFewColumnChunk;
  // Reused across calls (no allocation on the timed path, as for the N:M window kernel).
  thread_local kernels::AlignedScratch<float> scratch;
  const long ldbt = std::max(K, 1);
  float* Bt = scratch.get(static_cast<std::size_t>(kChunk) * ldbt);
  for (int j0 = 0; j0 < N; j0 += kChunk) {
    const int cols = std::min(kChunk, N - j0);
    kernels::transpose_column_chunk(B, ldb, K, j0, cols, Bt, ldbt);
    const int nt = std::max(1, std::min(threads, blocks));
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
    for (int b = 0; b < blocks; ++b)
      detail::few_column_tile_avx512(cols, K, a.packed.data() + static_cast<std::size_t>(b) * K * 16, Bt, ldbt,
                                     C + static_cast<std::size_t>(b) * 16 * ldc + j0, ldc, std::min(16, M - b * 16));
  }
#else
  (void)a, (void)B, (void)ldb, (void)N, (void)C, (void)ldc, (void)threads;
  throw std::runtime_error("the few-column dense kernel needs x86 AVX-512F");
#endif
}

}  // namespace claimbench::dense
