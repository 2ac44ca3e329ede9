#include "dense/own_hgemm.hpp"

namespace claimbench::dense {

bool cpu_has_avx512_fp16() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512fp16");
}

namespace {
const HgemmVariant kVariants[] = {
    {"own.hgemm.6x64.avx512fp16", "avx512fp16", 6, 64, cpu_has_avx512_fp16, detail::hgemm_avx512fp16},
};
}  // namespace

std::span<const HgemmVariant> own_hgemm_variants() { return kVariants; }

const HgemmVariant* best_own_hgemm_variant() {
  for (const auto& v : kVariants)
    if (v.available()) return &v;
  return nullptr;
}

}  // namespace claimbench::dense
