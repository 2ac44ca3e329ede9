// N:M sparse × dense GEMM:  C[M×N] = A_sparse[M×K] · B[K×N]
// A is given in CompressedNM form (any n:m; variants are registered for 2:4, 1:2, 4:8, 1:4),
// B is dense row-major (leading dimension ldb), C is overwritten (leading dimension ldc).
//
// Design (weights as the broadcast operand): B is packed, one NR-column panel at a time,
// into a contiguous (K_padded + 1) × NR block whose last row is all zeros. For each kept
// weight a(i, k) the kernel broadcasts a(i, k) and FMAs it against NR/16 vectors of packed
// row k of B, holding an MR×NR tile of C in registers over a KC-deep block of k (the KC×NR
// block of packed B stays in L1) and sweeping row blocks of A across it. Only kept weights
// are multiplied, so the FMA count is n/m of the dense one.
//
// NaN / Inf semantics (differ from the dense oracle on the zero-filled matrix):
//   * A NaN (or Inf) in a KEPT weight propagates to C like in a dense product (NaN·x = NaN,
//     Inf·0 = NaN, Inf·x = ±Inf).
//   * A NaN or Inf in row k of B propagates to C[i, :] only if row i of A keeps a weight at
//     column k.
//   * Pruned (zero) weights are skipped, never multiplied: filler slots of the compressed
//     format (value 0) are redirected to the all-zero row of packed B, so a NaN/Inf in B
//     that meets only pruned weights does NOT reach C. (The dense oracle would give NaN.)
//
// Weight stream (prepack_nm_operand): with the row layout each microkernel call reads a short
// piece of each of its MR rows from two arrays, which the hardware prefetcher follows badly.
// A variant can re-lay the weights once, at prepare time, as one stream of (value, byte offset
// into the packed panel) pairs in exactly the order its blocking reads them, so a whole panel
// sweep reads the weights front to back. Measured on this project's machine (BERT-Large FFN,
// one thread): 1.29-1.33x the row layout's dense-equivalent GFLOP/s. A view without a stream,
// or with one built for another blocking, runs the row layout. The few-column (decode)
// variants read a third layout, the window layout (docs/nm/cpu-kernels.md).
//
// Threading: threads == 1 runs on the calling thread without a parallel region; threads > 1
// opens one OpenMP region with num_threads(threads), splitting the NR-column panels of C
// between threads (or tiles of MR rows when there are fewer panels than threads).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nm/compressed_nm.hpp"
#include "nm/nm_stream_entry.hpp"

namespace claimbench::nm {

// What the kernels read: the operand's arrays without owning them, so a caller that keeps the
// operand in its own buffer (the sparselt library's compressed matrix) runs the kernels with no
// copy. Same fields and meaning as NMKernelOperand below.
struct NMKernelView {
  int rows = 0, cols = 0, n = 0, m = 0;
  int groups_per_row = 0;
  int slots_per_row = 0;
  int k_padded = 0;
  int zero_row = 0;
  const float* values = nullptr;     // rows × slots_per_row
  const int32_t* k_index = nullptr;  // rows × slots_per_row
  // Optional weight stream and the blocking it was laid out for (opaque; see prepack_nm_operand).
  const NMStreamEntry* stream = nullptr;
  const void* stream_layout = nullptr;
  // Optional window layout for the few-column variants (see build in sparse_gemm_nm.cpp).
  const float* window_values = nullptr;
  const uint8_t* window_index = nullptr;
};

// Kernel operand built once from a CompressedNM ("prepare cost"): metadata expanded to
// absolute k indices, one per value slot.
struct NMKernelOperand {
  int rows = 0, cols = 0, n = 0, m = 0;
  int groups_per_row = 0;
  int slots_per_row = 0;         // groups_per_row · n
  int k_padded = 0;              // groups_per_row · m (packed B rows K..k_padded-1 are zero)
  int zero_row = 0;              // == k_padded: the all-zero packed row fillers point at
  std::vector<float> values;     // rows × slots_per_row (fillers hold 0.0f)
  std::vector<int32_t> k_index;  // rows × slots_per_row: absolute k, or zero_row for fillers
  std::vector<NMStreamEntry> stream;  // empty unless prepack_nm_operand built one
  const void* stream_layout = nullptr;
  std::vector<float> window_values;   // few-column variants: 16 rows × kept slots per k window
  std::vector<uint8_t> window_index;  // two 4-bit window positions per byte

  std::size_t bytes() const {
    return values.size() * sizeof(float) + k_index.size() * sizeof(int32_t) +
           stream.size() * sizeof(NMStreamEntry) + window_values.size() * sizeof(float) +
           window_index.size();
  }
  // Implicit so that every variant's run() takes an owned operand as well as a view.
  operator NMKernelView() const {
    return {rows,          cols,           n,           m,
            groups_per_row, slots_per_row, k_padded,    zero_row,
            values.data(), k_index.data(), stream.empty() ? nullptr : stream.data(),
            stream.empty() ? nullptr : stream_layout,
            window_values.empty() ? nullptr : window_values.data(),
            window_index.empty() ? nullptr : window_index.data()};
  }
};

NMKernelOperand prepare_nm_operand(const CompressedNM& a);

struct SparseGemmVariant;
// Adds the weight stream that variant v reads (a no-op for variants that only read the row
// layout). Part of the prepare cost: weights are constant across calls.
void prepack_nm_operand(NMKernelOperand& op, const SparseGemmVariant& v);

struct SparseGemmVariant {
  const char* name;  // e.g. "nm.2of4.3x128.avx512": pattern, register tile MR×NR, ISA
  const char* isa;   // "avx512", "avx2", "scalar"
  int n, m;          // the pattern this variant is registered for
  int mr, nr;        // register tile
  bool (*available)();
  // Throws std::invalid_argument if a.n/a.m differ from the variant's pattern.
  void (*run)(const NMKernelView& a, const float* B, int ldb, int N, float* C, int ldc,
              int threads);
  // Builds the variant's weight stream into op (nullptr: the variant reads the row layout only).
  void (*prepack)(NMKernelOperand& op) = nullptr;
  // > 0: a variant for at most this many columns of B (decode shapes); it still computes any N
  // correctly, in chunks, but slower than the general variants beyond this.
  int max_columns = 0;
  // The tag prepack leaves in NMKernelOperand::stream_layout (nullptr: no stream), so that a
  // caller keeping the stream in its own buffer can hand it back in a view.
  const void* stream_layout = nullptr;
};

// All compiled variants, best first within each pattern.
std::span<const SparseGemmVariant> sparse_gemm_nm_variants();

// First available general variant for the pattern n:m, nullptr if none.
const SparseGemmVariant* best_sparse_gemm_nm_variant(int n, int m);
// The same, for a product with `columns` columns of B: a few-column variant when one is
// available for that many columns, otherwise the general one.
const SparseGemmVariant* best_sparse_gemm_nm_variant(int n, int m, int columns);

}  // namespace claimbench::nm
