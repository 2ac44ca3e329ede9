// N:M sparse GEMM driver: operand preparation, B panel packing, blocking, threading and
// run-time dispatch. Compiled for the baseline ISA; SIMD microkernels live in
// sparse_gemm_nm_avx512.cpp / sparse_gemm_nm_avx2.cpp.
#include "nm/sparse_gemm_nm.hpp"

#include "common/aligned_scratch.hpp"
#include "common/few_column_tiles.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

namespace claimbench::nm {

NMKernelOperand prepare_nm_operand(const CompressedNM& a) {
  NMKernelOperand op;
  op.rows = a.rows;
  op.cols = a.cols;
  op.n = a.n;
  op.m = a.m;
  op.groups_per_row = a.groups_per_row;
  op.slots_per_row = a.slots_per_row();
  op.k_padded = a.groups_per_row * a.m;
  op.zero_row = op.k_padded;
  op.values = a.values;
  op.k_index.resize(a.values.size());
  const int spr = op.slots_per_row;
  for (int r = 0; r < a.rows; ++r) {
    const std::size_t base = static_cast<std::size_t>(r) * spr;
    for (int s = 0; s < spr; ++s) {
      const int col = a.column(r, s);
      // Fillers (value exactly 0: kept values are nonzero by construction) and any slot
      // outside the row are redirected to the zero row, so they never touch real B data.
      const bool filler = a.values[base + s] == 0.0f || col >= a.cols;
      op.k_index[base + s] = filler ? op.zero_row : col;
    }
  }
  return op;
}

namespace detail {

using Ukr = void (*)(int mr, int s0, int s1, const float* vals, const int32_t* kidx, long stride,
                     const float* Bp, float* C, long ldc, int ncols, int accumulate);
// Reads ns slots of an MR-row tile from the weight stream; stores the first mr rows.
// Csum (leading dimension ldsum), when not null, holds partial sums to add instead of C's own.
using StreamUkr = void (*)(int mr, int ns, const NMStreamEntry* e, const char* Bp, float* C,
                           long ldc, int ncols, int accumulate, const float* Csum, long ldsum);

#if defined(__x86_64__) || defined(__i386__)
void nm_ukr_avx512_4x64(int, int, int, const float*, const int32_t*, long, const float*, float*,
                        long, int, int);
void nm_ukr_avx512_3x128(int, int, int, const float*, const int32_t*, long, const float*,
                         float*, long, int, int);
void nm_ukr_avx512_2x192(int, int, int, const float*, const int32_t*, long, const float*,
                         float*, long, int, int);
void nm_ukr_avx512_4x96(int, int, int, const float*, const int32_t*, long, const float*, float*,
                        long, int, int);
void nm_stream_ukr_avx512_4x64(int, int, const NMStreamEntry*, const char*, float*, long, int, int,
                                const float*, long);
void nm_stream_ukr_avx512_3x128(int, int, const NMStreamEntry*, const char*, float*, long, int, int,
                                const float*, long);
void nm_stream_ukr_avx512_2x192(int, int, const NMStreamEntry*, const char*, float*, long, int, int,
                                const float*, long);
void nm_stream_ukr_avx512_4x96(int, int, const NMStreamEntry*, const char*, float*, long, int, int,
                                const float*, long);
void nm_window_tile_avx512(int columns, int windows, int slots_per_window, const float* values,
                           const uint8_t* index, const float* Bt, long ldbt, float* C, long ldc,
                           int rows);
void nm_ukr_avx2_4x24(int, int, int, const float*, const int32_t*, long, const float*, float*,
                      long, int, int);
#endif

namespace {

// Portable microkernel, up to 4 rows × 16 columns.
void nm_ukr_scalar_4x16(int mr, int s0, int s1, const float* vals, const int32_t* kidx,
                        long stride, const float* Bp, float* C, long ldc, int ncols,
                        int accumulate) {
  constexpr int NR = 16;
  for (int r = 0; r < mr; ++r) {
    float c[NR] = {};
    const float* v = vals + r * stride;
    const int32_t* k = kidx + r * stride;
    for (int s = s0; s < s1; ++s) {
      const float a = v[s];
      const float* b = Bp + static_cast<long>(k[s]) * NR;
      for (int j = 0; j < NR; ++j) c[j] += a * b[j];
    }
    for (int j = 0; j < ncols; ++j) C[r * ldc + j] = accumulate ? C[r * ldc + j] + c[j] : c[j];
  }
}

struct SpBlocking {
  int mr, nr;
  int kc;  // depth of a block of k (rounded down to a multiple of m, at least m)
  int mb;  // rows swept per block of k (C sub-panel mb×nr stays in L2); a multiple of mr
  Ukr ukr;
  StreamUkr stream_ukr = nullptr;  // reads the weight stream; nullptr: row layout only
};

// Slots per block of k for an n:m operand.
int slots_per_kblock(const SpBlocking& bl, int n, int m) { return std::max(1, bl.kc / m) * n; }

using AlignedBuffer = kernels::AlignedScratch<float>;

AlignedBuffer& panel_buffer() {
  thread_local AlignedBuffer buf;
  return buf;
}

AlignedBuffer& c_block_buffer() {
  thread_local AlignedBuffer buf;
  return buf;
}

// Pack B[0..K) × [j0, j0+nr) into (k_padded+1) rows of NR floats, zero-padded.
void pack_panel(const NMKernelView& a, const float* B, long ldb, int j0, int nr, int NR,
                float* Bp) {
  // Rows of B lie ldb floats apart, usually more than a page for many tokens, where the
  // hardware prefetcher stops following: fetch a few rows ahead by hand.
  constexpr int kPrefetchRows = 8;
  for (int k = 0; k < a.cols; ++k) {
    const float* b = B + k * ldb + j0;
    if (k + kPrefetchRows < a.cols)
      for (int j = 0; j < nr; j += 16) __builtin_prefetch(b + static_cast<long>(kPrefetchRows) * ldb + j);
    float* d = Bp + static_cast<std::size_t>(k) * NR;
    for (int j = 0; j < nr; ++j) d[j] = b[j];
    for (int j = nr; j < NR; ++j) d[j] = 0.0f;
  }
  for (int k = a.cols; k <= a.zero_row; ++k) {
    float* d = Bp + static_cast<std::size_t>(k) * NR;
    for (int j = 0; j < NR; ++j) d[j] = 0.0f;
  }
}

// Stream order: row blocks of mb rows; within one, blocks of k; within those, row tiles of MR
// rows (the last padded); within a tile, slot by slot, one entry per row. Every row block but
// the last holds exactly mb rows, so row block b starts at entry b·mb·slots_per_row.
void build_stream(const SpBlocking& bl, NMKernelOperand& op) {
  const int MR = bl.mr, spr = op.slots_per_row, sb = slots_per_kblock(bl, op.n, op.m);
  const int32_t row_bytes = bl.nr * static_cast<int32_t>(sizeof(float));
  const std::size_t tiles = (static_cast<std::size_t>(op.rows) + MR - 1) / MR;
  op.stream.assign(tiles * MR * spr, NMStreamEntry{0.0f, op.zero_row * row_bytes});
  std::size_t e = 0;
  for (int i0 = 0; i0 < op.rows; i0 += bl.mb) {
    const int i1 = std::min(op.rows, i0 + bl.mb);
    for (int s0 = 0; s0 < spr; s0 += sb) {
      const int s1 = std::min(spr, s0 + sb);
      for (int t = i0; t < i1; t += MR)
        for (int s = s0; s < s1; ++s)
          for (int r = t; r < t + MR; ++r, ++e) {
            if (r >= i1) continue;  // padding row: keeps the zero entry
            const std::size_t at = static_cast<std::size_t>(r) * spr + s;
            op.stream[e] = NMStreamEntry{op.values[at], op.k_index[at] * row_bytes};
          }
    }
  }
  op.stream_layout = &bl;
}

// Rows [r0, r1) of one packed panel (columns [j0, j0 + nr)) from the weight stream; r0 is a
// multiple of MR, so a thread may start inside a row block (sparse_gemm splits on tiles).
void run_stream_rows(const SpBlocking& bl, const NMKernelView& a, const char* panel, float* C,
                     long ldc, int j0, int nr, int r0, int r1) {
  const int NR = bl.nr, MR = bl.mr;
  const int spr = a.slots_per_row;
  const int sb = slots_per_kblock(bl, a.n, a.m);
  // With several k blocks the rows' block of C is summed in a contiguous buffer and written
  // once: rows of C lie ldc apart, and at ldc a multiple of 1 KiB (thousands of tokens) they
  // all fall in the same few L1 sets, so summing in place thrashes.
  const bool in_buffer = spr > sb;
  float* Cb = in_buffer ? c_block_buffer().get(static_cast<std::size_t>(bl.mb) * NR) : nullptr;
  for (int b0 = r0 / bl.mb * bl.mb; b0 < r1; b0 += bl.mb) {
    const int b1 = std::min(a.rows, b0 + bl.mb);  // the row block as the stream lays it out
    const int i0 = std::max(r0, b0), i1 = std::min(r1, b1);
    const std::size_t block_tiles = (b1 - b0 + MR - 1) / MR;
    const NMStreamEntry* block = a.stream + static_cast<std::size_t>(b0) * spr;
    for (int s0 = 0; s0 < spr; s0 += sb) {
      const int ns = std::min(sb, spr - s0);
      // k blocks before this one are full (sb slots); tiles before i0 hold ns slots each.
      const NMStreamEntry* e = block + block_tiles * MR * s0 +
                               static_cast<std::size_t>((i0 - b0) / MR) * MR * ns;
      // The last k block adds the buffer's sums and writes C itself (no separate copy pass).
      const bool to_c = !in_buffer || s0 + sb >= spr;
      for (int i = i0; i < i1; i += MR, e += static_cast<std::size_t>(MR) * ns) {
        float* buf = in_buffer ? Cb + static_cast<std::size_t>(i - i0) * NR : nullptr;
        float* dst = to_c ? C + i * ldc + j0 : buf;
        bl.stream_ukr(std::min(MR, i1 - i), ns, e, panel, dst, to_c ? ldc : NR, to_c ? nr : NR, s0 > 0,
                      in_buffer && to_c ? buf : nullptr, NR);
      }
    }
  }
}

// Columns [p0·NR, p1·NR) ∩ [0, N) and rows [r0, r1) of C.
void run_range(const SpBlocking& bl, const NMKernelView& a, const float* B, long ldb, int N,
               float* C, long ldc, int p0, int p1, int r0, int r1) {
  const int NR = bl.nr, MR = bl.mr;
  const int spr = a.slots_per_row;
  const int gb = std::max(1, bl.kc / a.m);  // groups per k block
  float* Bp = panel_buffer().get(static_cast<std::size_t>(a.zero_row + 1) * NR);
  for (int p = p0; p < p1; ++p) {
    const int j0 = p * NR;
    const int nr = std::min(NR, N - j0);
    pack_panel(a, B, ldb, j0, nr, NR, Bp);
    if (a.stream != nullptr && a.stream_layout == &bl) {
      run_stream_rows(bl, a, reinterpret_cast<const char*>(Bp), C, ldc, j0, nr, r0, r1);
      continue;
    }
    for (int i0 = r0; i0 < r1; i0 += bl.mb) {
      const int i1 = std::min(r1, i0 + bl.mb);
      for (int g0 = 0; g0 < a.groups_per_row; g0 += gb) {
        const int s0 = g0 * a.n;
        const int s1 = std::min(a.groups_per_row, g0 + gb) * a.n;
        const int acc = g0 > 0;
        for (int i = i0; i < i1; i += MR) {
          const std::size_t off = static_cast<std::size_t>(i) * spr;
          bl.ukr(std::min(MR, i1 - i), s0, s1, a.values + off, a.k_index + off, spr,
                 Bp, C + i * ldc + j0, ldc, nr, acc);
        }
      }
    }
  }
}

void sparse_gemm(const SpBlocking& bl, const NMKernelView& a, const float* B, int ldb, int N,
                 float* C, int ldc, int threads) {
  const int M = a.rows;
  if (M <= 0 || N <= 0) return;
  if (a.groups_per_row == 0) {  // K == 0
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[static_cast<long>(i) * ldc + j] = 0.0f;
    return;
  }
  const int panels = (N + bl.nr - 1) / bl.nr;
  // Rows are split on tiles of MR, not on row blocks: a row block is up to 768 rows deep.
  const int tiles = (M + bl.mr - 1) / bl.mr;
  const bool split_cols = panels >= threads;
  threads = std::max(1, std::min(threads, split_cols ? panels : tiles));
  if (threads == 1) {
    run_range(bl, a, B, ldb, N, C, ldc, 0, panels, 0, M);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int nt = omp_get_num_threads();
    if (split_cols) {
      const int p0 = static_cast<int>(static_cast<long>(panels) * t / nt);
      const int p1 = static_cast<int>(static_cast<long>(panels) * (t + 1) / nt);
      run_range(bl, a, B, ldb, N, C, ldc, p0, p1, 0, M);
    } else {
      const int u0 = static_cast<int>(static_cast<long>(tiles) * t / nt);
      const int u1 = static_cast<int>(static_cast<long>(tiles) * (t + 1) / nt);
      const int r0 = u0 * bl.mr, r1 = std::min(M, u1 * bl.mr);
      if (r1 > r0) run_range(bl, a, B, ldb, N, C, ldc, 0, panels, r0, r1);
    }
  }
}

// Window layout (few-column variants), for patterns with m dividing 16: rows in blocks of 16
// (the lanes), k in windows of 16 holding 16/m groups, so slots_per_window = 16/m·n kept slots.
// Per (row block, window): slots_per_window vectors of 16 values, then in window_index
// slots_per_window/2 vectors of 16 bytes, byte = position of slot 2q | position of slot 2q+1
// << 4. Padding rows and slots hold value 0.
struct WindowShape {
  int row_blocks, windows, slots_per_window;
};

WindowShape window_shape(const NMKernelView& a) {
  const int groups_per_window = 16 / a.m;
  return {(a.rows + 15) / 16, (a.groups_per_row + groups_per_window - 1) / groups_per_window,
          groups_per_window * a.n};
}

void build_window(const NMKernelView& a, std::vector<float>& values, std::vector<uint8_t>& index) {
  const WindowShape w = window_shape(a);
  const std::size_t per_window = static_cast<std::size_t>(w.slots_per_window) * 16;
  values.assign(static_cast<std::size_t>(w.row_blocks) * w.windows * per_window, 0.0f);
  index.assign(values.size() / 2, 0);
  const int spr = a.slots_per_row;
  for (int rb = 0; rb < w.row_blocks; ++rb)
    for (int win = 0; win < w.windows; ++win) {
      const std::size_t base = (static_cast<std::size_t>(rb) * w.windows + win) * per_window;
      for (int q = 0; q < w.slots_per_window; ++q) {
        const int s = win * w.slots_per_window + q;
        if (s >= spr) break;
        for (int lane = 0; lane < 16; ++lane) {
          const int r = rb * 16 + lane;
          if (r >= a.rows) break;
          const std::size_t at = static_cast<std::size_t>(r) * spr + s;
          const bool filler = a.k_index[at] == a.zero_row;
          const int pos = filler ? 0 : a.k_index[at] - win * 16;
          values[base + static_cast<std::size_t>(q) * 16 + lane] = filler ? 0.0f : a.values[at];
          index[base / 2 + static_cast<std::size_t>(q / 2) * 16 + lane] |=
              static_cast<uint8_t>(pos << (4 * (q % 2)));
        }
      }
    }
}

AlignedBuffer& transposed_buffer() {
  thread_local AlignedBuffer buf;
  return buf;
}

#if defined(__x86_64__) || defined(__i386__)
void window_gemm(const NMKernelView& a, const float* B, int ldb, int N, float* C, int ldc,
                 int threads) {
  const int M = a.rows;
  if (M <= 0 || N <= 0) return;
  std::vector<float> own_values;
  std::vector<uint8_t> own_index;
  const float* values = a.window_values;
  const uint8_t* index = a.window_index;
  if (values == nullptr || index == nullptr) {  // a view without the layout: build it per call
    build_window(a, own_values, own_index);
    values = own_values.data();
    index = own_index.data();
  }
  const WindowShape w = window_shape(a);
  const long ldbt = 16L * std::max(1, w.windows);
  const std::size_t block_values = static_cast<std::size_t>(w.windows) * w.slots_per_window * 16;
  constexpr int kChunk = kernels::kFewColumnChunk;
  float* Bt = transposed_buffer().get(static_cast<std::size_t>(kChunk) * ldbt);
  for (int j0 = 0; j0 < N; j0 += kChunk) {
    const int cols = std::min(kChunk, N - j0);
    kernels::transpose_column_chunk(B, ldb, a.cols, j0, cols, Bt, ldbt);
    const int nt = std::max(1, std::min(threads, w.row_blocks));
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
    for (int rb = 0; rb < w.row_blocks; ++rb)
      nm_window_tile_avx512(cols, w.windows, w.slots_per_window, values + rb * block_values,
                            index + rb * block_values / 2, Bt, ldbt,
                            C + static_cast<long>(rb) * 16 * ldc + j0, ldc, std::min(16, M - rb * 16));
  }
}
#endif

#if defined(__x86_64__) || defined(__i386__)
bool has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("fma");
}
bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

constexpr SpBlocking kAvx512_3x128{3, 128, 64, 768, nm_ukr_avx512_3x128, nm_stream_ukr_avx512_3x128};
constexpr SpBlocking kAvx512_4x64{4, 64, 128, 768, nm_ukr_avx512_4x64, nm_stream_ukr_avx512_4x64};
constexpr SpBlocking kAvx512_2x192{2, 192, 40, 768, nm_ukr_avx512_2x192, nm_stream_ukr_avx512_2x192};
constexpr SpBlocking kAvx512_4x96{4, 96, 80, 768, nm_ukr_avx512_4x96, nm_stream_ukr_avx512_4x96};
constexpr SpBlocking kAvx2_4x24{4, 24, 256, 128, nm_ukr_avx2_4x24};
#endif
constexpr SpBlocking kScalar_4x16{4, 16, 256, 128, nm_ukr_scalar_4x16};

bool always() { return true; }

// Most columns for which the window variant is chosen (measured crossover, see bench_kernels).
constexpr int kWindowMaxColumns = 32;

template <int N_, int M_, const SpBlocking& BL>
void run_with(const NMKernelView& a, const float* B, int ldb, int N, float* C, int ldc,
              int threads) {
  if (a.n != N_ || a.m != M_)
    throw std::invalid_argument("sparse GEMM variant for " + std::to_string(N_) + ":" +
                                std::to_string(M_) + " given a " + std::to_string(a.n) + ":" +
                                std::to_string(a.m) + " operand");
  sparse_gemm(BL, a, B, ldb, N, C, ldc, threads);
}

template <const SpBlocking& BL>
void prepack_with(NMKernelOperand& op) {
  if (BL.stream_ukr != nullptr) build_stream(BL, op);
}

#if defined(__x86_64__) || defined(__i386__)
template <int N_, int M_>
void run_window(const NMKernelView& a, const float* B, int ldb, int N, float* C, int ldc,
                int threads) {
  static_assert(16 % M_ == 0, "the window layout needs m to divide 16");
  if (a.n != N_ || a.m != M_)
    throw std::invalid_argument("sparse GEMM variant for " + std::to_string(N_) + ":" +
                                std::to_string(M_) + " given a " + std::to_string(a.n) + ":" +
                                std::to_string(a.m) + " operand");
  if (a.groups_per_row == 0) {
    sparse_gemm(kScalar_4x16, a, B, ldb, N, C, ldc, 1);  // K == 0: zero C
    return;
  }
  window_gemm(a, B, ldb, N, C, ldc, threads);
}

void prepack_window(NMKernelOperand& op) {
  build_window(op, op.window_values, op.window_index);
}
#endif

#if defined(__x86_64__) || defined(__i386__)
#define CB_NM_SIMD_VARIANTS(N_, M_, TAG)                                                     \
  SparseGemmVariant{"nm." TAG ".3x128.avx512", "avx512", N_, M_, 3, 128, has_avx512,         \
                    run_with<N_, M_, kAvx512_3x128>, prepack_with<kAvx512_3x128>, 0, &kAvx512_3x128},                                        \
      SparseGemmVariant{"nm." TAG ".4x96.avx512", "avx512", N_, M_, 4, 96, has_avx512,       \
                        run_with<N_, M_, kAvx512_4x96>, prepack_with<kAvx512_4x96>, 0, &kAvx512_4x96},                                     \
      SparseGemmVariant{"nm." TAG ".2x192.avx512", "avx512", N_, M_, 2, 192, has_avx512,     \
                        run_with<N_, M_, kAvx512_2x192>, prepack_with<kAvx512_2x192>, 0, &kAvx512_2x192},                                    \
      SparseGemmVariant{"nm." TAG ".4x64.avx512", "avx512", N_, M_, 4, 64, has_avx512,       \
                        run_with<N_, M_, kAvx512_4x64>, prepack_with<kAvx512_4x64>, 0, &kAvx512_4x64},                                     \
      SparseGemmVariant{"nm." TAG ".4x24.avx2", "avx2", N_, M_, 4, 24, has_avx2,             \
                        run_with<N_, M_, kAvx2_4x24>},                                       \
      SparseGemmVariant{"nm." TAG ".16x8.window.avx512", "avx512", N_, M_, 16, 8, has_avx512, \
                        run_window<N_, M_>, prepack_window, kWindowMaxColumns},
#else
#define CB_NM_SIMD_VARIANTS(N_, M_, TAG)
#endif
#define CB_NM_VARIANTS(N_, M_, TAG)                                                          \
  CB_NM_SIMD_VARIANTS(N_, M_, TAG)                                                           \
  SparseGemmVariant {                                                                        \
    "nm." TAG ".4x16.scalar", "scalar", N_, M_, 4, 16, always, run_with<N_, M_, kScalar_4x16> \
  }

constexpr std::array kVariants{
    CB_NM_VARIANTS(2, 4, "2of4"),
    CB_NM_VARIANTS(1, 2, "1of2"),
    CB_NM_VARIANTS(4, 8, "4of8"),
    CB_NM_VARIANTS(1, 4, "1of4"),
};
#undef CB_NM_VARIANTS
#undef CB_NM_SIMD_VARIANTS

}  // namespace
}  // namespace detail

void prepack_nm_operand(NMKernelOperand& op, const SparseGemmVariant& v) {
  op.stream.clear();
  op.stream_layout = nullptr;
  op.window_values.clear();
  op.window_index.clear();
  if (v.prepack != nullptr && v.n == op.n && v.m == op.m) v.prepack(op);
}

std::span<const SparseGemmVariant> sparse_gemm_nm_variants() { return detail::kVariants; }

const SparseGemmVariant* best_sparse_gemm_nm_variant(int n, int m) {
  for (const SparseGemmVariant& v : detail::kVariants)
    if (v.n == n && v.m == m && v.max_columns == 0 && v.available()) return &v;
  return nullptr;
}

const SparseGemmVariant* best_sparse_gemm_nm_variant(int n, int m, int columns) {
  for (const SparseGemmVariant& v : detail::kVariants)
    if (v.n == n && v.m == m && v.max_columns > 0 && columns <= v.max_columns && v.available())
      return &v;
  // Otherwise the general variant that pads the columns least (a 64-column product on a
  // 128-column tile does twice the work); ties go to the earlier, faster-listed one.
  const SparseGemmVariant* best = nullptr;
  long best_padded = 0;
  for (const SparseGemmVariant& v : detail::kVariants) {
    if (v.n != n || v.m != m || v.max_columns != 0 || !v.available()) continue;
    const long padded = (static_cast<long>(std::max(columns, 1)) + v.nr - 1) / v.nr * v.nr;
    if (best == nullptr || padded < best_padded) {
      best = &v;
      best_padded = padded;
    }
  }
  return best;
}

}  // namespace claimbench::nm
