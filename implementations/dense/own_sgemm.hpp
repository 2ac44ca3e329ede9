// Own dense SGEMM: a packed, cache-blocked (BLIS-style) single-precision GEMM with
// register-blocked microkernels for AVX-512, AVX2+FMA and a portable scalar fallback.
//
//   C[M×N] = A[M×K] · B[K×N]   (row-major, leading dimensions lda/ldb/ldc, C overwritten)
//
// A is the weight matrix (M = output features), B the activations (N = tokens).
// Any M, N, K >= 1 is accepted; edge tiles are handled by zero-padded packing and a
// staging tile, so nothing outside the M×N window of C is written.
//
// Numerics: fp32 multiply-add (fused on the SIMD variants), accumulation order is by
// K-block then ascending k inside a block, so results differ from a float64 oracle by
// rounding only. NaN and Inf follow IEEE rules: a NaN anywhere in row i of A makes row i
// of C NaN (when B is finite); Inf·0 gives NaN exactly as it would in the plain sum.
// Zero-padding used for edge tiles never meets a real element of A or B, so padding
// cannot create NaNs.
//
// Threading: threads == 1 runs on the calling thread (no parallel region). threads > 1
// opens one OpenMP parallel region with num_threads(threads) and splits C into disjoint
// blocks of rows (or of columns when N > M), each thread packing its own operands.
//
// Packing buffers are thread-local, 64-byte aligned and reused between calls (freed at
// thread exit); calls from different threads are independent.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace claimbench::dense {

struct SgemmVariant;

// Weights packed once into a variant's A-panel layout, as an inference engine keeps constant
// weights: for each KC-deep block of k, MR-row panels, k-major, rows padded to MR with zeros.
// The 2:4 kernels prepare their weights once too, so this is the like-for-like dense baseline.
struct PackedWeights {
  const SgemmVariant* variant = nullptr;
  int M = 0, K = 0;
  int mr = 0, kc = 0;        // the variant's register rows and depth block
  std::vector<float> panels;  // ceil(M/mr)·mr × K floats
  std::size_t bytes() const { return panels.size() * sizeof(float); }
};

struct SgemmVariant {
  const char* name;     // e.g. "own.sgemm.6x64.avx512": microtile MR×NR and ISA
  const char* isa;      // "avx512", "avx2", "scalar"
  int mr, nr;           // register tile (rows of A × columns of B)
  bool (*available)();  // run-time CPU check (__builtin_cpu_supports)
  void (*run)(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
              int ldc, int threads);
  // Pack A (M×K, lda) once; then C = A·B from the packed weights (B and C as for run).
  void (*pack_weights)(int M, int K, const float* A, int lda, PackedWeights& out);
  void (*run_packed)(const PackedWeights& a, int N, const float* B, int ldb, float* C, int ldc, int threads);
};

// All compiled variants, best first (fastest measured on an AVX-512 machine first).
std::span<const SgemmVariant> own_sgemm_variants();

// The first variant whose available() is true (the scalar one always is).
const SgemmVariant& best_own_sgemm_variant();

// Convenience: best_own_sgemm_variant().run(...).
void own_sgemm(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
               int ldc, int threads = 1);

}  // namespace claimbench::dense
