// Own int8 GEMM for AVX512-VNNI (vpdpbusd): C[M×N] (fp32) = diag(s_w·s_x) · (q_w[M×K] · q_x[K×N]).
//
// Operands (see lowp_quantization.hpp): q_w int8 per-row symmetric, packed once into
// MR-row panels of int32 "quads" (4 consecutive k of one row), K padded with zero weights to
// a multiple of 8; activations as u8 = q_x + 128 (row-major K×N), packed at run time (timed)
// into NR-column panels [quad][column][4 bytes] so one zmm holds 16 columns × 4 k.
// The microkernel broadcasts one weight quad per row and vpdpbusd's it against NR/16
// activation vectors; int32 accumulation is exact (K <= 65536), the zero point is removed
// with the precomputed 128·Σq_w, and the scale s_w[i]·s_x is applied once per K block when
// the tile is written (C = scale·(acc − comp) on the first block, C += scale·acc after).
//
// Threading: threads > 1 splits NR-column panels between threads (rows when there are fewer
// panels than threads); each thread packs its own activation panels.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace claimbench::dense {

struct IgemmWeights {
  int M = 0, K = 0, mr = 0;
  int kq = 0;                      // quads per row: 2·ceil(K/8)
  std::vector<int32_t> packed;     // panels × kq × mr
  std::vector<float> row_scale;    // panels·mr: s_w[i]·s_x (0 for padding rows)
  std::vector<int32_t> comp;       // panels·mr: 128·Σ_k q_w[i,k]
  std::size_t bytes() const { return packed.size() * 4 + row_scale.size() * 4 + comp.size() * 4; }
};

// q: M×K int8 (row-major, ld K), scale: M per-row weight scales, s_x the activation scale.
IgemmWeights pack_igemm_weights(const int8_t* q, int M, int K, const float* scale, float s_x, int mr);

struct IgemmVariant {
  const char* name;  // own.igemm.6x64.avx512vnni
  const char* isa;   // avx512vnni
  int mr, nr;
  bool (*available)();
  // Bu8: K×N activations (u8, zero point 128), row-major with leading dimension ldb.
  void (*run)(const IgemmWeights& w, const uint8_t* Bu8, int ldb, int N, float* C, int ldc, int threads);
};

std::span<const IgemmVariant> own_igemm_variants();
// First available variant, nullptr when this CPU has no VNNI.
const IgemmVariant* best_own_igemm_variant();

bool cpu_has_avx512_vnni();
bool cpu_has_avx512_vbmi();
bool cpu_has_avx512_bf16();

}  // namespace claimbench::dense
