// Shared by the two Eigen implementations: what Eigen was compiled for, and the threading rule.
#pragma once

#include <claimbench/plugin.hpp>

#include <Eigen/Core>
#include <memory>
#include <string>

namespace eigen_plugin {

// The SIMD instruction sets Eigen's kernels were compiled for ("SSE, SSE2, AVX, ..."): this
// plugin is compiled once, so this is what every kernel in it runs.
inline std::string eigen_isa() { return std::string("eigen:") + Eigen::SimdInstructionSetsInUse(); }

// This plugin is compiled without OpenMP, so Eigen runs every product on the calling thread;
// a measurement at more threads would be a one-thread result filed under another count.
inline claimbench::Support one_thread_only(const claimbench::ExecutionConfig& config) {
#if defined(EIGEN_HAS_OPENMP)
#error "built with OpenMP: teach supports() and counters() how many threads Eigen uses before enabling it"
#endif
  if (config.threads != 1)
    return claimbench::Support::no("this Eigen build has no OpenMP (the plugin is compiled without -fopenmp): "
                                   "one thread only");
  return claimbench::Support::yes();
}

std::unique_ptr<claimbench::Implementation> make_eigen_csr();
std::unique_ptr<claimbench::Implementation> make_eigen_gemm();

}  // namespace eigen_plugin
