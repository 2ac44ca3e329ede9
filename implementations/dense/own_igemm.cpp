// Own int8 GEMM driver: weight packing, dispatch. VNNI microkernels in own_igemm_avx512.cpp.
#include "dense/own_igemm.hpp"

#include <array>
#include <stdexcept>

#include "dense/own_igemm_driver.hpp"

namespace claimbench::dense {

#if defined(__x86_64__) || defined(__i386__)
bool cpu_has_avx512_vnni() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vnni");
}
bool cpu_has_avx512_vbmi() { return cpu_has_avx512_vnni() && __builtin_cpu_supports("avx512vbmi"); }
bool cpu_has_avx512_bf16() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bf16");
}
#else
bool cpu_has_avx512_vnni() { return false; }
bool cpu_has_avx512_vbmi() { return false; }
bool cpu_has_avx512_bf16() { return false; }
#endif

IgemmWeights pack_igemm_weights(const int8_t* q, int M, int K, const float* scale, float s_x, int mr) {
  IgemmWeights w;
  w.M = M;
  w.K = K;
  w.mr = mr;
  w.kq = 2 * ((K + 7) / 8);
  const int panels = (M + mr - 1) / mr;
  w.packed.assign(static_cast<std::size_t>(panels) * w.kq * mr, 0);
  w.row_scale.assign(static_cast<std::size_t>(panels) * mr, 0.0f);
  w.comp.assign(static_cast<std::size_t>(panels) * mr, 0);
  for (int i = 0; i < M; ++i) {
    const int8_t* row = q + static_cast<std::size_t>(i) * K;
    int32_t sum = 0;
    int32_t* dst = w.packed.data() + static_cast<std::size_t>(i / mr) * w.kq * mr + (i % mr);
    for (int qd = 0; qd < w.kq; ++qd) {
      uint32_t word = 0;
      for (int t = 0; t < 4; ++t) {
        const int k = 4 * qd + t;
        const int8_t v = k < K ? row[k] : 0;
        sum += v;
        word |= static_cast<uint32_t>(static_cast<uint8_t>(v)) << (8 * t);
      }
      dst[static_cast<std::size_t>(qd) * mr] = static_cast<int32_t>(word);
    }
    w.row_scale[i] = scale[i] * s_x;
    w.comp[i] = 128 * sum;
  }
  return w;
}

namespace igemm_detail {

using Ukr = void (*)(int mr, int nq, const int32_t* Ap, const uint8_t* Bp, float* C, long ldc, int ncols,
                     const float* scale, const int32_t* comp);
#if defined(__x86_64__) || defined(__i386__)
void igemm_ukr_avx512vnni_6x64(int, int, const int32_t*, const uint8_t*, float*, long, int, const float*,
                               const int32_t*);
void igemm_ukr_avx512vnni_8x48(int, int, const int32_t*, const uint8_t*, float*, long, int, const float*,
                               const int32_t*);
void igemm_ukr_avx512vnni_12x32(int, int, const int32_t*, const uint8_t*, float*, long, int, const float*,
                                const int32_t*);
#endif

namespace {

template <int MR, int NR, Ukr U>
void run_with(const IgemmWeights& w, const uint8_t* B, int ldb, int N, float* C, int ldc, int threads) {
  if (w.mr != MR) throw std::invalid_argument("int8 weights were packed for a different register tile");
  constexpr int KCQ = 64;       // 256 k: a KC×NR panel of activations stays in L1
  constexpr int MC = MR * 32;   // rows per block: MC×KC weights stay in L2
  const std::size_t panel_bytes = static_cast<std::size_t>(w.kq) * NR * 4;
  lowp_detail::lowp_driver(
      w.M, N, w.kq, MR, NR, KCQ, MC, panel_bytes, C, ldc, threads,
      [&](int j0, int nr, unsigned char* dst) { lowp_detail::pack_b_quads_u8(B, ldb, w.K, w.kq, j0, nr, NR, dst); },
      [&](int i, int mr, int q0, int q1, const unsigned char* bp, float* c, int nc, bool first) {
        const int panel = i / MR;
        U(mr, q1 - q0, w.packed.data() + (static_cast<std::size_t>(panel) * w.kq + q0) * MR,
          bp + static_cast<std::size_t>(q0) * NR * 4, c, ldc, nc, w.row_scale.data() + i,
          first ? w.comp.data() + i : nullptr);
      });
}

#if defined(__x86_64__) || defined(__i386__)
constexpr std::array kVariants{
    IgemmVariant{"own.igemm.6x64.avx512vnni", "avx512vnni", 6, 64, cpu_has_avx512_vnni,
                 run_with<6, 64, igemm_ukr_avx512vnni_6x64>},
    IgemmVariant{"own.igemm.8x48.avx512vnni", "avx512vnni", 8, 48, cpu_has_avx512_vnni,
                 run_with<8, 48, igemm_ukr_avx512vnni_8x48>},
    IgemmVariant{"own.igemm.12x32.avx512vnni", "avx512vnni", 12, 32, cpu_has_avx512_vnni,
                 run_with<12, 32, igemm_ukr_avx512vnni_12x32>},
};
#else
constexpr std::array<IgemmVariant, 0> kVariants{};
#endif

}  // namespace
}  // namespace igemm_detail

std::span<const IgemmVariant> own_igemm_variants() { return igemm_detail::kVariants; }

const IgemmVariant* best_own_igemm_variant() {
  for (const IgemmVariant& v : igemm_detail::kVariants)
    if (v.available()) return &v;
  return nullptr;
}

}  // namespace claimbench::dense
