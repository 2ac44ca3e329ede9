// Unstructured-sparse × dense GEMM:  C[M×N] = A_sparse[M×K] · B[K×N]
// A comes as a CsrMatrix; B is dense row-major (ldb); C is overwritten (ldc).
//
// Design. The weights are the broadcast operand: for every nonzero a(i, k) the kernel
// broadcasts a(i, k) and FMAs it into NR/16 (AVX-512) vectors of an MR×NR register tile of C,
// loading row k of a packed panel of B. Per nonzero that is one broadcast, one offset load and
// NR/16 vector loads feeding NR/16 FMAs, so wide tiles amortise the per-value overhead.
// The blocked operand (CsrKernelOperand, built once per variant, untimed) is what makes an
// unstructured matrix look regular to the microkernel:
//   * rows are sorted by nonzero count (longest first) and cut into row groups of
//     kGroupBlocks·MR rows; inside a group, every k-block re-sorts the rows by their count in
//     that k-block before taking them MR at a time, so the rows of a block have nearly equal
//     lengths there and padding them to a common length costs little (C is accumulated in
//     memory across k-blocks, so a row may sit in a different block in each k-block; groups
//     are what threads and cache sweeps split on, so they never share a row);
//   * each block is cut into KC-deep k-blocks so that the KC×NR slab of packed B it reads
//     stays in L1 while every row block of the panel sweeps it;
//   * a block's entries are interleaved by slot ([slot][row]: value, byte offset), and the
//     segments are stored in the order a one-thread run reads them (sweep, k-block, block), so
//     the whole operand is one forward stream that the hardware prefetcher follows;
//   * column indices are stored as byte offsets into the packed panel (k·NR·4), so the
//     microkernel adds them to the panel base with no shift;
//   * filler entries (value 0) point at an all-zero row appended to the panel.
// Per call, B is packed once per NR-column panel ((K+1)×NR floats, zero-padded columns).
//
// NaN / Inf: a NaN or Inf kept weight propagates as in a dense product; a NaN/Inf in row k of
// B reaches C[i, :] only when row i stores a weight at column k (pruned zeros are never
// multiplied, unlike the dense oracle on the zero-filled matrix).
//
// Threading: threads == 1 runs on the calling thread; threads > 1 opens one OpenMP region,
// splitting the NR-column panels between threads, or the row blocks when there are fewer
// panels than threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sparse/csr_matrix.hpp"

namespace claimbench::sparse {

struct CsrEntry {
  float value;     // 0 for a filler
  int32_t offset;  // byte offset of row k in the packed panel: k·NR·sizeof(float)
};

struct CsrVariant;

struct CsrKernelOperand {
  const CsrVariant* variant = nullptr;
  int rows = 0, cols = 0;
  int mr = 0, nr = 0, kc = 0;
  static constexpr int kGroupBlocks = 16;  // row blocks per row group
  int row_blocks = 0;                 // ceil(rows / mr)
  int k_blocks = 0;                   // ceil(cols / kc), at least 1
  // k_blocks × row_blocks·mr: the original row of each slot in each k-block, -1 = none.
  std::vector<int32_t> row_order;
  // Segment (block, kblock) is index block·k_blocks + kblock: its first entry and its length in
  // slots (length·mr entries). Storage follows the kernel's sweep order, not the index.
  std::vector<int64_t> segment_start;
  std::vector<int32_t> segment_slots;
  int sweep_blocks = 0;               // row blocks per cache sweep (a multiple of kGroupBlocks)

  const int32_t* rows_of(int block, int kblock) const {
    return row_order.data() + (static_cast<std::size_t>(kblock) * row_blocks + block) * mr;
  }
  std::vector<CsrEntry> entries;      // per segment: length·mr entries, [slot][row]
  std::size_t nonzeros = 0;           // stored weights (excluding fillers)

  std::size_t filler_entries() const { return entries.size() - nonzeros; }
  std::size_t bytes() const {
    return entries.size() * sizeof(CsrEntry) + row_order.size() * sizeof(int32_t) +
           segment_start.size() * sizeof(int64_t) + segment_slots.size() * sizeof(int32_t);
  }
};

struct CsrVariant {
  const char* name;  // e.g. "csr.4x64.avx512": register tile MR×NR and ISA
  const char* isa;   // "avx512", "avx2", "scalar"
  int mr, nr, kc;    // register tile and k-block depth
  // Weight densities (nonzeros / (M·K)) for which best_csr_variant picks this variant when it
  // is available: [auto_from, auto_to). An empty range: only run when named.
  double auto_from, auto_to;
  bool (*available)();
  // Throws std::invalid_argument when the operand was built for another variant.
  void (*run)(const CsrKernelOperand& a, const float* B, int ldb, int N, float* C, int ldc,
              int threads);
};

// All compiled variants, best first (as measured on an AVX-512 machine).
std::span<const CsrVariant> csr_variants();
// The first available variant whose density range holds `density` (the scalar one always
// qualifies). Wide tiles win on denser weights; at high sparsity a narrower panel with deep
// k-blocks (fewer, longer segments and less padding) is faster (measured on this project's
// AVX-512 machine, see bench_sparse.cpp).
const CsrVariant& best_csr_variant(double density = 1.0);
// Variant by name, nullptr when unknown.
const CsrVariant* find_csr_variant(const char* name);

// kc > 0 overrides the variant's k-block depth and sweep_blocks > 0 the row blocks per cache
// sweep (rounded down to whole row groups); the microkernel depends on neither (tuning aids).
CsrKernelOperand prepare_csr_operand(const CsrMatrix& a, const CsrVariant& variant, int kc = 0,
                                     int sweep_blocks = 0);

}  // namespace claimbench::sparse
