// Own bf16 GEMM for AVX512-BF16 (vdpbf16ps): C[M×N] (fp32) = bf16(A) · bf16(B), fp32
// accumulation. A and B are rounded to bf16 (round to nearest even) in prepare(); products
// of two bf16 are exact in fp32, so only the fp32 additions round (vdpbf16ps flushes
// denormal inputs/outputs to zero).
// Layout: weights packed once into MR-row panels of uint32 pairs (2 consecutive k), K padded
// with zeros to a multiple of 4; activations packed at run time into NR-column panels
// [pair][column][2 bf16] (dense) or [quad][column][4 bf16] (the 2:4 kernel, see
// nm/sparse_gemm_nm_bf16.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace claimbench::dense {

struct Bf16Weights {
  int M = 0, K = 0, mr = 0;
  int kp = 0;                   // pairs per row: 2·ceil(K/4)
  std::vector<uint32_t> packed; // panels × kp × mr
};

// a: M×K bf16 bit patterns (row-major, ld K).
Bf16Weights pack_bf16_weights(const uint16_t* a, int M, int K, int mr);

struct Bf16GemmVariant {
  const char* name;  // own.bf16gemm.6x64.avx512bf16
  const char* isa;
  int mr, nr;
  bool (*available)();
  // B: K×N bf16 bit patterns, row-major with leading dimension ldb.
  void (*run)(const Bf16Weights& w, const uint16_t* B, int ldb, int N, float* C, int ldc, int threads);
};

std::span<const Bf16GemmVariant> own_bf16gemm_variants();
const Bf16GemmVariant* best_own_bf16gemm_variant();

namespace lowp_detail {
// Pack B (bf16, K×N) columns [j0, j0+nr) into [unit < units][NR][G] with G = 2 (pairs) or 4
// (quads) consecutive k per column; k >= K and columns >= nr are zero.
void pack_b_bf16(const uint16_t* B, long ldb, int K, int units, int G, int j0, int nr, int NR, uint16_t* dst);
}  // namespace lowp_detail

}  // namespace claimbench::dense
