// Packing, dispatch, the scalar μ = 8 kernel and the scalar dequantizer (baseline ISA).
#include "lut/lut_gemm.hpp"

#include <omp.h>

#include <cstring>
#include <stdexcept>

#include "common/half_float.hpp"

namespace claimbench::lut {
using namespace claimbench::fp16;

bool cpu_has_avx512_lut() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("f16c");
}
bool cpu_has_avx2_lut() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

namespace {
bool always() { return true; }

const LutGemmVariant kVariants[] = {
    {"lut.gemm.r32.mu4.avx512", "avx512", 32, 4, cpu_has_avx512_lut, detail::lut_gemm_avx512_r32},
    {"lut.gemm.r16.mu4.avx512", "avx512", 16, 4, cpu_has_avx512_lut, detail::lut_gemm_avx512_r16},
    {"lut.gemm.r16.mu4.avx2", "avx2", 16, 4, cpu_has_avx2_lut, detail::lut_gemm_avx2_r16},
    {"lut.gemm.r1.mu8.scalar", "scalar", 1, 8, always, detail::lut_gemm_scalar},
};
}  // namespace

std::span<const LutGemmVariant> lut_gemm_variants() { return kVariants; }

const LutGemmVariant* best_lut_gemm_variant() {
  for (const auto& v : kVariants)
    if (v.available()) return &v;
  return &kVariants[std::size(kVariants) - 1];
}

const LutGemmVariant* find_lut_gemm_variant(const char* name) {
  for (const auto& v : kVariants)
    if (std::strcmp(v.name, name) == 0) return &v;
  return nullptr;
}

LutWeights pack_lut_weights(const BcqWeights& q) {
  if (q.group % 32 != 0)
    throw std::invalid_argument("LUT-GEMM packing needs a group size that is a multiple of 32, got " +
                                std::to_string(q.group));
  LutWeights w;
  w.M = q.M, w.K = q.K, w.bits = q.bits, w.group = q.group;
  w.blocks = (q.M + 15) / 16;
  w.quads = (q.K + 31) / 32;
  w.groups = q.groups();
  w.quads_per_group = q.group / 32;
  w.signs.assign(static_cast<std::size_t>(w.blocks) * w.groups * w.bits * w.quads_per_group * 16, 0);
  w.alpha.assign(static_cast<std::size_t>(w.blocks) * w.groups * w.bits * 16, 0);
  w.offset.assign(static_cast<std::size_t>(w.blocks) * w.groups * 16, 0);
  const int rb = q.row_bytes();
  for (int m = 0; m < q.M; ++m) {
    const int block = m / 16, r = m % 16;
    for (int g = 0; g < w.groups; ++g) {
      w.offset[w.offset_offset(block, g) + r] = q.offset[static_cast<std::size_t>(m) * w.groups + g];
      for (int b = 0; b < w.bits; ++b) {
        w.alpha[w.scale_offset(block, g) + b * 16 + r] = q.alpha[(static_cast<std::size_t>(m) * w.groups + g) * w.bits + b];
        const uint8_t* plane = &q.planes[(static_cast<std::size_t>(b) * q.M + m) * rb];
        for (int qd = 0; qd < w.quads_in_group(g); ++qd) {
          const int byte0 = (g * w.quads_per_group + qd) * 4;
          uint32_t v = 0;
          for (int i = 0; i < 4 && byte0 + i < rb; ++i) v |= static_cast<uint32_t>(plane[byte0 + i]) << (8 * i);
          w.signs[w.sign_offset(block, g, b) + qd * 16 + r] = v;
        }
      }
    }
  }
  return w;
}

double lut_lookups(const LutWeights& w, int N, int mu) {
  // Every padded row, every μ-chunk of padded K, every plane, every token.
  return static_cast<double>(w.blocks) * 16 * (w.quads * 32.0 / mu) * w.bits * N;
}

namespace detail {

void gather_token(const LutWeights& w, const float* X, int ldx, int n, float* x, float* group_sum) {
  const int padded = w.quads * 32;
  for (int k = 0; k < padded; ++k) x[k] = k < w.K ? X[static_cast<std::size_t>(k) * ldx + n] : 0.0f;
  for (int g = 0; g < w.groups; ++g) {
    float s = 0.0f;
    const int end = std::min(w.K, (g + 1) * w.group);
    for (int k = g * w.group; k < end; ++k) s += x[k];
    group_sum[g] = s;
  }
}

// The paper's form: 256-entry tables per 8 k (μ = 8), one lookup per sign byte.
void lut_gemm_scalar(const LutWeights& w, const float* X, int ldx, int N, float* C, int ldc, int threads) {
  const int chunks = w.quads * 4;
  thread_local std::vector<float> scratch;
  scratch.resize(static_cast<std::size_t>(chunks) * 256 + w.quads * 32 + w.groups);
  float* table = scratch.data();
  float* x = table + static_cast<std::size_t>(chunks) * 256;
  float* group_sum = x + w.quads * 32;
  for (int n = 0; n < N; ++n) {
    gather_token(w, X, ldx, n, x, group_sum);
    for (int c = 0; c < chunks; ++c) {
      float* t = table + static_cast<std::size_t>(c) * 256;
      float all_minus = 0.0f;
      for (int j = 0; j < 8; ++j) all_minus -= x[8 * c + j];
      t[0] = all_minus;
      for (int i = 1; i < 256; ++i) {
        const int low = __builtin_ctz(static_cast<unsigned>(i));
        t[i] = t[i & (i - 1)] + 2.0f * x[8 * c + low];
      }
    }
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int m = 0; m < w.M; ++m) {
      const int block = m / 16, r = m % 16;
      float acc = 0.0f;
      for (int g = 0; g < w.groups; ++g) {
        for (int b = 0; b < w.bits; ++b) {
          const uint32_t* s = &w.signs[w.sign_offset(block, g, b)];
          float sum = 0.0f;
          for (int qd = 0; qd < w.quads_in_group(g); ++qd) {
            const uint32_t bits = s[qd * 16 + r];
            const float* t = table + static_cast<std::size_t>((g * w.quads_per_group + qd) * 4) * 256;
            sum += t[bits & 0xffu] + t[256 + (bits >> 8 & 0xffu)] + t[512 + (bits >> 16 & 0xffu)] + t[768 + (bits >> 24)];
          }
          acc += half_to_float(w.alpha[w.scale_offset(block, g) + b * 16 + r]) * sum;
        }
        acc += half_to_float(w.offset[w.offset_offset(block, g) + r]) * group_sum[g];
      }
      C[static_cast<std::size_t>(m) * ldc + n] = acc;
    }
  }
}

void dequantize_scalar(const LutWeights& w, float* out, int ld, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int m = 0; m < w.M; ++m) {
    const int block = m / 16, r = m % 16;
    for (int k = 0; k < w.K; ++k) {
      const int g = k / w.group, qd = (k % w.group) / 32, bit = k % 32;
      float v = half_to_float(w.offset[w.offset_offset(block, g) + r]);
      for (int b = 0; b < w.bits; ++b) {
        const float a = half_to_float(w.alpha[w.scale_offset(block, g) + b * 16 + r]);
        v += (w.signs[w.sign_offset(block, g, b) + qd * 16 + r] >> bit & 1u) ? a : -a;
      }
      out[static_cast<std::size_t>(m) * ld + k] = v;
    }
  }
}

}  // namespace detail

const char* dequantize_lut_weights(const LutWeights& w, float* out, int ld, int threads) {
  if (cpu_has_avx512_lut()) {
    detail::dequantize_avx512(w, out, ld, threads);
    return "avx512";
  }
  detail::dequantize_scalar(w, out, ld, threads);
  return "scalar";
}

}  // namespace claimbench::lut
