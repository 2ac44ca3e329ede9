// Own SGEMM driver: BLIS-style blocking (jc: NC columns, pc: KC depth, ic: MC rows, then
// jr/ir over NR×MR microtiles), packing, edge tiles, threading and run-time dispatch.
// This file is compiled for the baseline ISA; the SIMD microkernels live in
// own_sgemm_avx512.cpp and own_sgemm_avx2.cpp, compiled with their own flags.
#include "dense/own_sgemm.hpp"

#include "common/aligned_scratch.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace claimbench::dense {
namespace detail {

// Microkernel: C[MR×NR] (+)= Ap · Bp over kc steps. Ap holds MR values per k, Bp NR values
// per k (both 64-byte aligned, zero-padded). accumulate == 0 overwrites C.
using Ukr = void (*)(int kc, const float* Ap, const float* Bp, float* C, long ldc, int accumulate);

#if defined(__x86_64__) || defined(__i386__)
void sgemm_ukr_avx512_6x64(int, const float*, const float*, float*, long, int);
void sgemm_ukr_avx512_12x32(int, const float*, const float*, float*, long, int);
void sgemm_ukr_avx512_8x48(int, const float*, const float*, float*, long, int);
void sgemm_ukr_avx2_6x16(int, const float*, const float*, float*, long, int);
#endif

namespace {

// Portable microkernel, 4×8; plain loops the compiler may vectorise for the baseline ISA.
void sgemm_ukr_scalar_4x8(int kc, const float* Ap, const float* Bp, float* C, long ldc,
                          int accumulate) {
  constexpr int MR = 4, NR = 8;
  float c[MR][NR] = {};
  for (int k = 0; k < kc; ++k) {
    for (int r = 0; r < MR; ++r) {
      const float a = Ap[r];
      for (int j = 0; j < NR; ++j) c[r][j] += a * Bp[j];
    }
    Ap += MR;
    Bp += NR;
  }
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < NR; ++j) C[r * ldc + j] = accumulate ? C[r * ldc + j] + c[r][j] : c[r][j];
}

struct Blocking {
  int mr, nr;  // microtile
  int kc;      // depth block: a KC×NR panel of B stays in L1
  int mc;      // row block: the MC×KC packed A stays in L2 (multiple of mr)
  int nc;      // column block: the KC×NC packed B (multiple of nr)
  Ukr ukr;
};

using AlignedBuffer = kernels::AlignedScratch<float>;

AlignedBuffer& a_buffer() {
  thread_local AlignedBuffer buf;
  return buf;
}
AlignedBuffer& b_buffer() {
  thread_local AlignedBuffer buf;
  return buf;
}

// Pack rows [0, mc) × depth [0, kc) of A (already offset) into MR-row panels, k-major.
void pack_a(int mc, int kc, const float* A, long lda, int MR, float* Ap) {
  for (int i0 = 0; i0 < mc; i0 += MR) {
    const int mr = std::min(MR, mc - i0);
    if (mr == MR) {
      for (int r = 0; r < MR; ++r) {
        const float* a = A + (i0 + r) * lda;
        for (int k = 0; k < kc; ++k) Ap[k * MR + r] = a[k];
      }
    } else {
      for (int r = 0; r < MR; ++r) {
        if (r < mr) {
          const float* a = A + (i0 + r) * lda;
          for (int k = 0; k < kc; ++k) Ap[k * MR + r] = a[k];
        } else {
          for (int k = 0; k < kc; ++k) Ap[k * MR + r] = 0.0f;
        }
      }
    }
    Ap += static_cast<std::size_t>(MR) * kc;
  }
}

// Pack depth [0, kc) × columns [0, nc) of B (already offset) into NR-column panels.
void pack_b(int kc, int nc, const float* B, long ldb, int NR, float* Bp) {
  for (int j0 = 0; j0 < nc; j0 += NR) {
    const int nr = std::min(NR, nc - j0);
    for (int k = 0; k < kc; ++k) {
      const float* b = B + k * ldb + j0;
      float* d = Bp + static_cast<std::size_t>(k) * NR;
      if (nr == NR) {
        for (int j = 0; j < NR; ++j) d[j] = b[j];
      } else {
        for (int j = 0; j < nr; ++j) d[j] = b[j];
        for (int j = nr; j < NR; ++j) d[j] = 0.0f;
      }
    }
    Bp += static_cast<std::size_t>(NR) * kc;
  }
}

void gemm_single(const Blocking& bl, int M, int N, int K, const float* A, long lda,
                 const float* B, long ldb, float* C, long ldc) {
  const int MR = bl.mr, NR = bl.nr;
  const int KC = std::min(bl.kc, K);
  const int MC = std::min(bl.mc, ((M + MR - 1) / MR) * MR);
  const int NC = std::min(bl.nc, ((N + NR - 1) / NR) * NR);
  float* Ap = a_buffer().get(static_cast<std::size_t>(MC) * KC);
  float* Bp = b_buffer().get(static_cast<std::size_t>(NC) * KC);
  alignas(64) float tile[16 * 128];  // staging tile for partial microtiles (MR·NR <= 2048)

  for (int jc = 0; jc < N; jc += NC) {
    const int nc = std::min(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = std::min(KC, K - pc);
      const int acc = pc > 0;
      pack_b(kc, nc, B + pc * ldb + jc, ldb, NR, Bp);
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = std::min(MC, M - ic);
        pack_a(mc, kc, A + ic * lda + pc, lda, MR, Ap);
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = std::min(NR, nc - jr);
          const float* bp = Bp + static_cast<std::size_t>(jr) * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = std::min(MR, mc - ir);
            const float* ap = Ap + static_cast<std::size_t>(ir) * kc;
            float* c = C + (ic + ir) * ldc + jc + jr;
            if (mr == MR && nr == NR) {
              bl.ukr(kc, ap, bp, c, ldc, acc);
            } else {
              bl.ukr(kc, ap, bp, tile, NR, 0);
              for (int r = 0; r < mr; ++r)
                for (int j = 0; j < nr; ++j)
                  c[r * ldc + j] = acc ? c[r * ldc + j] + tile[r * NR + j] : tile[r * NR + j];
            }
          }
        }
      }
    }
  }
}

void gemm(const Blocking& bl, int M, int N, int K, const float* A, int lda, const float* B,
          int ldb, float* C, int ldc, int threads) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[static_cast<long>(i) * ldc + j] = 0.0f;
    return;
  }
  // Split C into disjoint blocks: along M (in MR multiples) normally, along N when N > M.
  const bool split_m = M >= N;
  const int unit = split_m ? bl.mr : bl.nr;
  const int extent = split_m ? M : N;
  const int units = (extent + unit - 1) / unit;
  threads = std::max(1, std::min(threads, units));
  if (threads == 1) {
    gemm_single(bl, M, N, K, A, lda, B, ldb, C, ldc);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int nt = omp_get_num_threads();
    const int u0 = static_cast<int>(static_cast<long>(units) * t / nt);
    const int u1 = static_cast<int>(static_cast<long>(units) * (t + 1) / nt);
    const int lo = u0 * unit, hi = std::min(extent, u1 * unit);
    if (hi > lo) {
      if (split_m)
        gemm_single(bl, hi - lo, N, K, A + static_cast<long>(lo) * lda, lda, B, ldb,
                    C + static_cast<long>(lo) * ldc, ldc);
      else
        gemm_single(bl, M, hi - lo, K, A, lda, B + lo, ldb, C + lo, ldc);
    }
  }
}

void pack_weights_with(const Blocking& bl, int M, int K, const float* A, int lda, PackedWeights& out) {
  out.M = M;
  out.K = K;
  out.mr = bl.mr;
  out.kc = std::max(1, std::min(bl.kc, K));
  const std::size_t padded_rows = static_cast<std::size_t>((M + bl.mr - 1) / bl.mr) * bl.mr;
  out.panels.assign(padded_rows * static_cast<std::size_t>(std::max(K, 0)), 0.0f);
  // Block pc holds padded_rows × kc floats and starts after pc·padded_rows of them.
  for (int pc = 0; pc < K; pc += out.kc)
    pack_a(M, std::min(out.kc, K - pc), A + pc, lda, bl.mr, out.panels.data() + padded_rows * pc);
}

// Rows [row0, row0 + rows) of C from packed weights; row0 is a multiple of MR.
void gemm_single_packed(const Blocking& bl, const PackedWeights& a, int row0, int rows, int N, const float* B,
                        long ldb, float* C, long ldc) {
  const int MR = bl.mr, NR = bl.nr, KC = a.kc, K = a.K;
  const std::size_t padded_rows = static_cast<std::size_t>((a.M + MR - 1) / MR) * MR;
  const int MC = std::min(bl.mc, ((rows + MR - 1) / MR) * MR);
  const int NC = std::min(bl.nc, ((N + NR - 1) / NR) * NR);
  float* Bp = b_buffer().get(static_cast<std::size_t>(NC) * KC);
  alignas(64) float tile[16 * 128];
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = std::min(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = std::min(KC, K - pc);
      const int acc = pc > 0;
      pack_b(kc, nc, B + pc * ldb + jc, ldb, NR, Bp);
      const float* block = a.panels.data() + padded_rows * pc;
      for (int ic = row0; ic < row0 + rows; ic += MC) {
        const int mc = std::min(MC, row0 + rows - ic);
        const float* Ap = block + static_cast<std::size_t>(ic) * kc;
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = std::min(NR, nc - jr);
          const float* bp = Bp + static_cast<std::size_t>(jr) * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = std::min(MR, mc - ir);
            const float* ap = Ap + static_cast<std::size_t>(ir) * kc;
            float* c = C + (ic + ir) * ldc + jc + jr;
            if (mr == MR && nr == NR) {
              bl.ukr(kc, ap, bp, c, ldc, acc);
            } else {
              bl.ukr(kc, ap, bp, tile, NR, 0);
              for (int r = 0; r < mr; ++r)
                for (int j = 0; j < nr; ++j)
                  c[r * ldc + j] = acc ? c[r * ldc + j] + tile[r * NR + j] : tile[r * NR + j];
            }
          }
        }
      }
    }
  }
}

void gemm_packed(const Blocking& bl, const PackedWeights& a, int N, const float* B, int ldb, float* C, int ldc,
                 int threads) {
  const int M = a.M;
  if (M <= 0 || N <= 0) return;
  if (a.K <= 0) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[static_cast<long>(i) * ldc + j] = 0.0f;
    return;
  }
  // The weights are packed by rows, so threads split the rows (in MR multiples).
  const int units = (M + bl.mr - 1) / bl.mr;
  threads = std::max(1, std::min(threads, units));
  if (threads == 1) {
    gemm_single_packed(bl, a, 0, M, N, B, ldb, C, ldc);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int nt = omp_get_num_threads();
    const int u0 = static_cast<int>(static_cast<long>(units) * t / nt);
    const int u1 = static_cast<int>(static_cast<long>(units) * (t + 1) / nt);
    const int lo = u0 * bl.mr, hi = std::min(M, u1 * bl.mr);
    if (hi > lo) gemm_single_packed(bl, a, lo, hi - lo, N, B, ldb, C, ldc);
  }
}

#if defined(__x86_64__) || defined(__i386__)
bool has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("fma");
}
bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

constexpr Blocking kAvx512_6x64{6, 64, 128, 96, 1024, sgemm_ukr_avx512_6x64};
constexpr Blocking kAvx512_12x32{12, 32, 256, 192, 1024, sgemm_ukr_avx512_12x32};
constexpr Blocking kAvx512_8x48{8, 48, 160, 192, 1008, sgemm_ukr_avx512_8x48};
constexpr Blocking kAvx2_6x16{6, 16, 256, 144, 1024, sgemm_ukr_avx2_6x16};
#endif
constexpr Blocking kScalar_4x8{4, 8, 256, 128, 512, sgemm_ukr_scalar_4x8};

bool always() { return true; }

template <const Blocking& BL>
void run_with(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
              int ldc, int threads) {
  gemm(BL, M, N, K, A, lda, B, ldb, C, ldc, threads);
}

template <const Blocking& BL>
void pack_with(int M, int K, const float* A, int lda, PackedWeights& out) {
  pack_weights_with(BL, M, K, A, lda, out);
}

template <const Blocking& BL>
void run_packed_with(const PackedWeights& a, int N, const float* B, int ldb, float* C, int ldc, int threads) {
  gemm_packed(BL, a, N, B, ldb, C, ldc, threads);
}

#define CLAIMBENCH_SGEMM_VARIANT(name, isa, BL, available) \
  SgemmVariant { name, isa, BL.mr, BL.nr, available, run_with<BL>, pack_with<BL>, run_packed_with<BL> }

constexpr std::array kVariants{
#if defined(__x86_64__) || defined(__i386__)
    CLAIMBENCH_SGEMM_VARIANT("own.sgemm.6x64.avx512", "avx512", kAvx512_6x64, has_avx512),
    CLAIMBENCH_SGEMM_VARIANT("own.sgemm.12x32.avx512", "avx512", kAvx512_12x32, has_avx512),
    CLAIMBENCH_SGEMM_VARIANT("own.sgemm.8x48.avx512", "avx512", kAvx512_8x48, has_avx512),
    CLAIMBENCH_SGEMM_VARIANT("own.sgemm.6x16.avx2", "avx2", kAvx2_6x16, has_avx2),
#endif
    CLAIMBENCH_SGEMM_VARIANT("own.sgemm.4x8.scalar", "scalar", kScalar_4x8, always),
};
#undef CLAIMBENCH_SGEMM_VARIANT

}  // namespace
}  // namespace detail

std::span<const SgemmVariant> own_sgemm_variants() { return detail::kVariants; }

const SgemmVariant& best_own_sgemm_variant() {
  static const SgemmVariant* best = [] {
    for (const SgemmVariant& v : detail::kVariants)
      if (v.available()) return &v;
    return &detail::kVariants.back();
  }();
  return *best;
}

void own_sgemm(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
               int ldc, int threads) {
  best_own_sgemm_variant().run(M, N, K, A, lda, B, ldb, C, ldc, threads);
}

}  // namespace claimbench::dense
