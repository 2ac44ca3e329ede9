// LUT-GEMM on the CPU: C[M×N] = Ŵ[M×K] · X[K×N] with Ŵ in binary-coding form
// (bcq_quantization.hpp), computed without ever forming Ŵ.
//
// For every token n and every chunk of μ consecutive k, a table holds the 2^μ signed sums
// Σ_j ±x[k0+j,n]; a weight row's μ sign bits of plane b index it, so
//   Σ_k s_b[m,k]·x[k,n] = Σ_chunks T_n[chunk][bits of row m, plane b, chunk]
// and y[m,n] = Σ_g Σ_b α[m,g,b]·(those sums over group g) + z[m,g]·Σ_{k∈g} x[k,n].
// (Park et al., ICLR 2024, §3: the table replaces the multiplications; the scales are applied
// once per group and plane.)
//
// On this CPU the table lives in registers: μ = 4 gives 16 fp32 entries, one zmm, and
// vpermps looks up 16 rows at once (the index is each row's 4-bit nibble). AVX2 splits the
// table into two ymm and selects with the index's bit 3. The scalar fallback keeps the
// paper's μ = 8 (256-entry tables in L1/L2, one lookup per weight byte).
//
// Packed weights: 16-row blocks; per block, per group, per plane, per 32 k ("quad"): 16 uint32
// (lane r = row r's 32 sign bits, bit j for k0+j), so one 64-byte load fills a zmm whose
// nibbles, shifted down 4 bits at a time, are the eight table indices; scales and offsets fp16.
// The group size must be a multiple of 32; K is padded to 32 with zero activations.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "lut/bcq_quantization.hpp"

namespace claimbench::lut {

struct LutWeights {
  int M = 0, K = 0, bits = 0, group = 0;
  int blocks = 0;       // ceil(M / 16)
  int quads = 0;        // ceil(K / 32)
  int groups = 0;
  int quads_per_group = 0;  // group / 32
  std::vector<uint32_t> signs;   // [block][g][b][quad in group][16]
  std::vector<uint16_t> alpha;   // [block][g][b][16], fp16 (0 for padding rows)
  std::vector<uint16_t> offset;  // [block][g][16], fp16
  std::size_t bytes() const { return 4 * signs.size() + 2 * alpha.size() + 2 * offset.size(); }
  int quads_in_group(int g) const { return std::min(quads_per_group, quads - g * quads_per_group); }
  std::size_t sign_offset(int block, int g, int b) const {
    return ((static_cast<std::size_t>(block) * groups + g) * bits + b) * quads_per_group * 16;
  }
  std::size_t scale_offset(int block, int g) const { return (static_cast<std::size_t>(block) * groups + g) * bits * 16; }
  std::size_t offset_offset(int block, int g) const { return (static_cast<std::size_t>(block) * groups + g) * 16; }
};

LutWeights pack_lut_weights(const BcqWeights& q);

struct LutGemmVariant {
  const char* name;  // lut.gemm.r32.mu4.avx512
  const char* isa;   // avx512, avx2, scalar
  int rows;          // rows per register tile
  int mu;            // table index width (bits of k per lookup)
  bool (*available)();
  // X: K×N activations (row-major, leading dimension ldx); C: M×N (leading dimension ldc).
  void (*run)(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads);
};

std::span<const LutGemmVariant> lut_gemm_variants();
const LutGemmVariant* best_lut_gemm_variant();  // never null: the scalar one always runs
const LutGemmVariant* find_lut_gemm_variant(const char* name);

// Table lookups a run performs (the work LUT-GEMM does instead of multiply-adds).
double lut_lookups(const LutWeights& w, int N, int mu);

// Dequantize-then-GEMM baseline (the OPTQ-style path): expand the packed weights into fp32
// rows. Vectorised when the CPU has AVX-512, scalar otherwise; returns the ISA used.
const char* dequantize_lut_weights(const LutWeights& w, float* out, int ld, int threads);

bool cpu_has_avx512_lut();
bool cpu_has_avx2_lut();

namespace detail {
void lut_gemm_scalar(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads);
void lut_gemm_avx2_r16(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads);
void lut_gemm_avx512_r16(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads);
void lut_gemm_avx512_r32(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads);
void dequantize_avx512(const LutWeights& w, float* out, int ld, int threads);
// The activations of one token, zero-padded to 32·quads, and its per-group sums.
void gather_token(const LutWeights& w, const float* X, int ldx, int n, float* x, float* group_sum);
}  // namespace detail

}  // namespace claimbench::lut
