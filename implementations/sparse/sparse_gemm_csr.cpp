// CSR sparse GEMM driver: blocked operand, B panel packing, the k-block sweep, threading and
// run-time dispatch. Compiled for the baseline ISA; the SIMD microkernels live in
// sparse_gemm_csr_avx512.cpp / sparse_gemm_csr_avx2.cpp.
#include "sparse/sparse_gemm_csr.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <stdexcept>
#include <string>

#include "common/aligned_scratch.hpp"

namespace claimbench::sparse {

namespace detail {

// C rows rows[0..MR) (a -1 row is skipped), columns [0, ncols): (+)= Σ_slot value · Bp[offset].
using CsrUkr = void (*)(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                        const int32_t* rows, int ncols, int accumulate);

#if defined(__x86_64__) || defined(__i386__)
void csr_ukr_avx512_4x64(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
void csr_ukr_avx512_2x128(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
void csr_ukr_avx512_6x64(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
void csr_ukr_avx512_3x128(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
void csr_ukr_avx512_2x192(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
void csr_ukr_avx512_4x32(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
void csr_ukr_avx512_6x32(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
void csr_ukr_avx2_4x24(const CsrEntry*, long, const float*, float*, long, const int32_t*, int, int);
#endif

namespace {

constexpr int kScalarMR = 4, kScalarNR = 16;

void csr_ukr_scalar_4x16(const CsrEntry* e, long len, const float* Bp, float* C, long ldc,
                         const int32_t* rows, int ncols, int accumulate) {
  float c[kScalarMR][kScalarNR] = {};
  const char* base = reinterpret_cast<const char*>(Bp);
  for (long s = 0; s < len; ++s)
    for (int r = 0; r < kScalarMR; ++r) {
      const CsrEntry& x = e[s * kScalarMR + r];
      const float* b = reinterpret_cast<const float*>(base + x.offset);
      for (int j = 0; j < kScalarNR; ++j) c[r][j] += x.value * b[j];
    }
  for (int r = 0; r < kScalarMR; ++r) {
    if (rows[r] < 0) continue;
    float* out = C + rows[r] * ldc;
    for (int j = 0; j < ncols; ++j) out[j] = accumulate ? out[j] + c[r][j] : c[r][j];
  }
}

struct Blocking {
  int mr, nr, kc;
  CsrUkr ukr;
};

kernels::AlignedScratch<float>& panel_buffer() {
  thread_local kernels::AlignedScratch<float> buf;
  return buf;
}

// B[0..K) × [j0, j0+nc) into (K+1) rows of NR floats; columns past nc and row K are zero.
void pack_panel(const float* B, long ldb, int K, int j0, int nc, int NR, float* Bp) {
  if (nc == NR) {
    // A plain loop, not memcpy: rows are short (NR floats) and a call per row costs more
    // than the copy.
    for (int k = 0; k < K; ++k) {
      float* __restrict d = Bp + static_cast<std::size_t>(k) * NR;
      const float* __restrict b = B + k * ldb + j0;
      for (int j = 0; j < NR; ++j) d[j] = b[j];
    }
  } else {
    for (int k = 0; k < K; ++k) {
      float* d = Bp + static_cast<std::size_t>(k) * NR;
      const float* b = B + k * ldb + j0;
      for (int j = 0; j < nc; ++j) d[j] = b[j];
      for (int j = nc; j < NR; ++j) d[j] = 0.0f;
    }
  }
  std::fill(Bp + static_cast<std::size_t>(K) * NR, Bp + static_cast<std::size_t>(K + 1) * NR, 0.0f);
}

// Panels [p0, p1) and row blocks [b0, b1).
void run_range(const Blocking& bl, const CsrKernelOperand& a, const float* B, long ldb, int N,
               float* C, long ldc, int p0, int p1, int b0, int b1) {
  const int NR = bl.nr;
  const int sweep = a.sweep_blocks;
  float* Bp = panel_buffer().get(static_cast<std::size_t>(a.cols + 1) * NR);
  for (int p = p0; p < p1; ++p) {
    const int j0 = p * NR;
    const int nc = std::min(NR, N - j0);
    pack_panel(B, ldb, a.cols, j0, nc, NR, Bp);
    for (int s0 = b0; s0 < b1; s0 += sweep) {
      const int s1 = std::min(b1, s0 + sweep);
      for (int kb = 0; kb < a.k_blocks; ++kb)
        for (int b = s0; b < s1; ++b) {
          const std::size_t seg = static_cast<std::size_t>(b) * a.k_blocks + kb;
          bl.ukr(a.entries.data() + a.segment_start[seg], a.segment_slots[seg], Bp, C + j0, ldc,
                 a.rows_of(b, kb), nc, kb > 0);
        }
    }
  }
}

void csr_gemm(const Blocking& bl, const CsrKernelOperand& a, const float* B, int ldb, int N,
              float* C, int ldc, int threads) {
  if (a.rows <= 0 || N <= 0) return;
  const int panels = (N + bl.nr - 1) / bl.nr;
  const bool split_cols = panels >= threads;
  // Row splits are in whole row groups (see CsrKernelOperand).
  constexpr int G = CsrKernelOperand::kGroupBlocks;
  const int groups = (a.row_blocks + G - 1) / G;
  threads = std::max(1, std::min(threads, split_cols ? panels : groups));
  if (threads == 1) {
    run_range(bl, a, B, ldb, N, C, ldc, 0, panels, 0, a.row_blocks);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const long t = omp_get_thread_num(), nt = omp_get_num_threads();
    if (split_cols)
      run_range(bl, a, B, ldb, N, C, ldc, static_cast<int>(panels * t / nt),
                static_cast<int>(panels * (t + 1) / nt), 0, a.row_blocks);
    else
      run_range(bl, a, B, ldb, N, C, ldc, 0, panels, std::min(a.row_blocks, static_cast<int>(groups * t / nt) * G),
                std::min(a.row_blocks, static_cast<int>(groups * (t + 1) / nt) * G));
  }
}

bool always() { return true; }
#if defined(__x86_64__) || defined(__i386__)
bool has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("fma");
}
bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

// KC keeps the KC×NR slab of packed B within 32–36 KiB of the 48 KiB L1, except 4x32's 64 KiB
// (for very sparse weights, where longer segments matter more than L1 hits).
constexpr Blocking kAvx512_4x64{4, 64, 128, csr_ukr_avx512_4x64};
constexpr Blocking kAvx512_2x128{2, 128, 64, csr_ukr_avx512_2x128};
constexpr Blocking kAvx512_6x64{6, 64, 128, csr_ukr_avx512_6x64};
constexpr Blocking kAvx512_3x128{3, 128, 64, csr_ukr_avx512_3x128};
constexpr Blocking kAvx512_2x192{2, 192, 48, csr_ukr_avx512_2x192};
constexpr Blocking kAvx512_4x32{4, 32, 512, csr_ukr_avx512_4x32};
constexpr Blocking kAvx512_6x32{6, 32, 256, csr_ukr_avx512_6x32};
constexpr Blocking kAvx2_4x24{4, 24, 320, csr_ukr_avx2_4x24};
#endif
constexpr Blocking kScalar_4x16{kScalarMR, kScalarNR, 256, csr_ukr_scalar_4x16};

template <const Blocking& BL>
void run_with(const CsrKernelOperand& a, const float* B, int ldb, int N, float* C, int ldc,
              int threads) {
  if (a.mr != BL.mr || a.nr != BL.nr)
    throw std::invalid_argument("CSR kernel " + std::to_string(BL.mr) + "x" + std::to_string(BL.nr) +
                                " given an operand blocked for " + std::to_string(a.mr) + "x" +
                                std::to_string(a.nr));
  csr_gemm(BL, a, B, ldb, N, C, ldc, threads);
}

constexpr double kNever = 0.0, kAll = 2.0;
constexpr std::array kVariants{
#if defined(__x86_64__) || defined(__i386__)
    CsrVariant{"csr.4x64.avx512", "avx512", 4, 64, 128, 0.075, kAll, has_avx512, run_with<kAvx512_4x64>},
    CsrVariant{"csr.4x32.avx512", "avx512", 4, 32, 512, 0.0, 0.075, has_avx512, run_with<kAvx512_4x32>},
    CsrVariant{"csr.6x32.avx512", "avx512", 6, 32, 256, kNever, kNever, has_avx512, run_with<kAvx512_6x32>},
    CsrVariant{"csr.6x64.avx512", "avx512", 6, 64, 128, kNever, kNever, has_avx512, run_with<kAvx512_6x64>},
    CsrVariant{"csr.3x128.avx512", "avx512", 3, 128, 64, kNever, kNever, has_avx512, run_with<kAvx512_3x128>},
    CsrVariant{"csr.2x192.avx512", "avx512", 2, 192, 48, kNever, kNever, has_avx512, run_with<kAvx512_2x192>},
    CsrVariant{"csr.2x128.avx512", "avx512", 2, 128, 64, kNever, kNever, has_avx512, run_with<kAvx512_2x128>},
    CsrVariant{"csr.4x24.avx2", "avx2", 4, 24, 320, 0.0, kAll, has_avx2, run_with<kAvx2_4x24>},
#endif
    CsrVariant{"csr.4x16.scalar", "scalar", kScalarMR, kScalarNR, 256, 0.0, kAll, always, run_with<kScalar_4x16>},
};

}  // namespace
}  // namespace detail

std::span<const CsrVariant> csr_variants() { return detail::kVariants; }

const CsrVariant& best_csr_variant(double density) {
  for (const CsrVariant& v : detail::kVariants)
    if (v.available() && density >= v.auto_from && density < v.auto_to) return v;
  return detail::kVariants.back();
}

const CsrVariant* find_csr_variant(const char* name) {
  for (const CsrVariant& v : detail::kVariants)
    if (std::string(v.name) == name) return &v;
  return nullptr;
}

CsrKernelOperand prepare_csr_operand(const CsrMatrix& a, const CsrVariant& variant, int kc,
                                     int sweep_blocks) {
  if (kc < 0) throw std::invalid_argument("prepare_csr_operand: negative k-block depth");
  if (sweep_blocks < 0) throw std::invalid_argument("prepare_csr_operand: negative sweep");
  CsrKernelOperand op;
  op.variant = &variant;
  op.rows = a.rows;
  op.cols = a.cols;
  op.mr = variant.mr;
  op.nr = variant.nr;
  op.kc = kc > 0 ? kc : variant.kc;
  op.nonzeros = a.nnz();
  const int MR = op.mr;
  op.row_blocks = (a.rows + MR - 1) / MR;
  op.k_blocks = std::max(1, (a.cols + op.kc - 1) / op.kc);
  // Even k-blocks (K = 768 with depth 512 gives two of 384, not 512 + 256).
  op.kc = std::max(1, (a.cols + op.k_blocks - 1) / op.k_blocks);
  // Longest rows first; equal lengths keep their order, so the layout is deterministic.
  std::vector<int32_t> order(static_cast<std::size_t>(a.rows));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t x, int32_t y) { return a.row_nnz(x) > a.row_nnz(y); });
  std::vector<int32_t> global(static_cast<std::size_t>(op.row_blocks) * MR, -1);
  std::copy(order.begin(), order.end(), global.begin());

  const int64_t row_bytes = static_cast<int64_t>(op.nr) * sizeof(float);
  if (static_cast<int64_t>(a.cols) * row_bytes > INT32_MAX)
    throw std::length_error("CSR kernel operand: K·NR·4 exceeds 32-bit byte offsets");
  const int32_t zero_row = static_cast<int32_t>(a.cols * row_bytes);
  auto k_begin = [&](int kb) { return std::min(a.cols, kb * op.kc); };

  // first[kb][r]: the first stored entry of row r at or after column k_begin(kb).
  std::vector<int32_t> first(static_cast<std::size_t>(op.k_blocks + 1) * a.rows);
  for (int r = 0; r < a.rows; ++r) {
    int32_t s = a.row_ptr[r];
    for (int kb = 0; kb <= op.k_blocks; ++kb) {
      const int32_t k0 = kb == op.k_blocks ? a.cols : k_begin(kb);
      while (s < a.row_ptr[r + 1] && a.col_index[s] < k0) ++s;
      first[static_cast<std::size_t>(kb) * a.rows + r] = s;
    }
  }
  auto count = [&](int kb, int32_t r) {
    return r < 0 ? -1 : first[static_cast<std::size_t>(kb + 1) * a.rows + r] - first[static_cast<std::size_t>(kb) * a.rows + r];
  };

  // Per k-block, each row group re-sorted by that k-block's counts (absent rows last).
  constexpr int G = CsrKernelOperand::kGroupBlocks;
  op.row_order.resize(static_cast<std::size_t>(op.k_blocks) * global.size());
  for (int kb = 0; kb < op.k_blocks; ++kb) {
    int32_t* dst = op.row_order.data() + static_cast<std::size_t>(kb) * global.size();
    std::copy(global.begin(), global.end(), dst);
    for (std::size_t g0 = 0; g0 < global.size(); g0 += static_cast<std::size_t>(G) * MR) {
      const std::size_t g1 = std::min(global.size(), g0 + static_cast<std::size_t>(G) * MR);
      std::stable_sort(dst + g0, dst + g1, [&](int32_t x, int32_t y) { return count(kb, x) > count(kb, y); });
    }
  }

  // Row blocks swept per k-block: their C tiles (sweep·MR×NR floats) stay in L2. Whole row
  // groups only: a group's rows change blocks from one k-block to the next.
  op.sweep_blocks = std::max(G, (256 * 1024) / (MR * op.nr * static_cast<int>(sizeof(float))) / G * G);
  if (sweep_blocks > 0) op.sweep_blocks = std::max(G, sweep_blocks / G * G);
  const std::size_t segments = static_cast<std::size_t>(op.row_blocks) * op.k_blocks;
  op.segment_start.assign(segments, 0);
  op.segment_slots.assign(segments, 0);
  op.entries.reserve(a.nnz() + a.nnz() / 16);
  for (int s0 = 0; s0 < op.row_blocks; s0 += op.sweep_blocks)
    for (int kb = 0; kb < op.k_blocks; ++kb)
      for (int b = s0; b < std::min(op.row_blocks, s0 + op.sweep_blocks); ++b) {
        const std::size_t seg = static_cast<std::size_t>(b) * op.k_blocks + kb;
        op.segment_start[seg] = static_cast<int64_t>(op.entries.size());
        const int32_t* rows = op.rows_of(b, kb);
        int len = 0;
        for (int r = 0; r < MR; ++r) len = std::max(len, count(kb, rows[r]));
        op.segment_slots[seg] = len;
        for (int slot = 0; slot < len; ++slot)
          for (int r = 0; r < MR; ++r) {
            if (slot < count(kb, rows[r])) {
              const int32_t s = first[static_cast<std::size_t>(kb) * a.rows + rows[r]] + slot;
              op.entries.push_back({a.values[s], static_cast<int32_t>(a.col_index[s] * row_bytes)});
            } else {
              op.entries.push_back({0.0f, zero_row});
            }
          }
      }
  return op;
}

}  // namespace claimbench::sparse
