// Own bf16 GEMM driver: weight packing, activation packing, dispatch (baseline ISA).
#include "dense/own_bf16gemm.hpp"

#include <array>
#include <cstring>
#include <stdexcept>

#include "dense/own_igemm.hpp"
#include "dense/own_igemm_driver.hpp"

namespace claimbench::dense {

Bf16Weights pack_bf16_weights(const uint16_t* a, int M, int K, int mr) {
  Bf16Weights w;
  w.M = M;
  w.K = K;
  w.mr = mr;
  w.kp = 2 * ((K + 3) / 4);
  const int panels = (M + mr - 1) / mr;
  w.packed.assign(static_cast<std::size_t>(panels) * w.kp * mr, 0u);
  for (int i = 0; i < M; ++i)
    for (int q = 0; q < w.kp; ++q) {
      const int k = 2 * q;
      const uint32_t lo = k < K ? a[static_cast<std::size_t>(i) * K + k] : 0;
      const uint32_t hi = k + 1 < K ? a[static_cast<std::size_t>(i) * K + k + 1] : 0;
      w.packed[(static_cast<std::size_t>(i / mr) * w.kp + q) * mr + i % mr] = lo | (hi << 16);
    }
  return w;
}

namespace lowp_detail {
void pack_b_bf16(const uint16_t* B, long ldb, int K, int units, int G, int j0, int nr, int NR, uint16_t* dst) {
  for (int u = 0; u < units; ++u) {
    uint16_t* d = dst + static_cast<std::size_t>(u) * NR * G;
    for (int t = 0; t < G; ++t) {
      const int k = u * G + t;
      if (k < K) {
        const uint16_t* b = B + static_cast<long>(k) * ldb + j0;
        for (int c = 0; c < nr; ++c) d[c * G + t] = b[c];
      } else {
        for (int c = 0; c < nr; ++c) d[c * G + t] = 0;
      }
    }
    if (nr < NR) std::memset(d + static_cast<std::size_t>(nr) * G, 0, static_cast<std::size_t>(NR - nr) * G * 2);
  }
}
}  // namespace lowp_detail

namespace bf16_detail {

using Ukr = void (*)(int mr, int np, const uint32_t* Ap, const uint16_t* Bp, float* C, long ldc, int ncols,
                     int accumulate);
#if defined(__x86_64__) || defined(__i386__)
void bf16_ukr_avx512_6x64(int, int, const uint32_t*, const uint16_t*, float*, long, int, int);
void bf16_ukr_avx512_8x48(int, int, const uint32_t*, const uint16_t*, float*, long, int, int);
#endif

namespace {

template <int MR, int NR, Ukr U>
void run_with(const Bf16Weights& w, const uint16_t* B, int ldb, int N, float* C, int ldc, int threads) {
  if (w.mr != MR) throw std::invalid_argument("bf16 weights were packed for a different register tile");
  constexpr int KCP = 128;  // 256 k per block
  constexpr int MC = MR * 32;
  const std::size_t panel_bytes = static_cast<std::size_t>(w.kp) * NR * 4;
  lowp_detail::lowp_driver(
      w.M, N, w.kp, MR, NR, KCP, MC, panel_bytes, C, ldc, threads,
      [&](int j0, int nr, unsigned char* dst) {
        lowp_detail::pack_b_bf16(B, ldb, w.K, w.kp, 2, j0, nr, NR, reinterpret_cast<uint16_t*>(dst));
      },
      [&](int i, int mr, int q0, int q1, const unsigned char* bp, float* c, int nc, bool first) {
        U(mr, q1 - q0, w.packed.data() + (static_cast<std::size_t>(i / MR) * w.kp + q0) * MR,
          reinterpret_cast<const uint16_t*>(bp) + static_cast<std::size_t>(q0) * NR * 2, c, ldc, nc, !first);
      });
}

#if defined(__x86_64__) || defined(__i386__)
constexpr std::array kVariants{
    Bf16GemmVariant{"own.bf16gemm.6x64.avx512bf16", "avx512bf16", 6, 64, cpu_has_avx512_bf16,
                    run_with<6, 64, bf16_ukr_avx512_6x64>},
    Bf16GemmVariant{"own.bf16gemm.8x48.avx512bf16", "avx512bf16", 8, 48, cpu_has_avx512_bf16,
                    run_with<8, 48, bf16_ukr_avx512_8x48>},
};
#else
constexpr std::array<Bf16GemmVariant, 0> kVariants{};
#endif

}  // namespace
}  // namespace bf16_detail

std::span<const Bf16GemmVariant> own_bf16gemm_variants() { return bf16_detail::kVariants; }
const Bf16GemmVariant* best_own_bf16gemm_variant() {
  for (const auto& v : bf16_detail::kVariants)
    if (v.available()) return &v;
  return nullptr;
}

}  // namespace claimbench::dense
