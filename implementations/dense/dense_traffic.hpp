// Compulsory traffic and work of a dense GEMM, shared by the dense adapters.
#pragma once

#include "claimbench/implementation.hpp"

namespace claimbench::dense {

inline Counters dense_gemm_counters(const GemmProblem& p) {
  Counters c;
  c.useful_flops = 2.0 * p.M * static_cast<double>(p.N) * p.K;
  c.dense_equivalent_flops = c.useful_flops;
  c.bytes_moved = 4.0 * (static_cast<double>(p.M) * p.K + static_cast<double>(p.K) * p.N + static_cast<double>(p.M) * p.N);
  c.operand_bytes = 4.0 * p.M * static_cast<double>(p.K);
  return c;
}

}  // namespace claimbench::dense
