// This machine's measured limits, stored with every run as provenance so a report can draw a
// roofline without trusting a spec sheet: the fp32 FMA peak (many independent FMA chains,
// AVX-512 when the CPU has it, else AVX2+FMA, else scalar; chosen at run time) and a
// STREAM-style triad bandwidth (a[i] = b[i] + s*c[i] on doubles, arrays far larger than the
// last-level cache where memory allows), each with one and two threads.
//
// Provenance keys (values are plain decimal numbers unless noted):
//   machine.limits                   "measured" or "skipped (CLAIMBENCH_SKIP_MACHINE_LIMITS=1)"
//   machine.fp32_peak_gflops.1t/.2t  best of several timed bursts, GFLOP/s (2 flops per FMA lane)
//   machine.fp32_peak_isa            avx512, avx2, scalar: the code path that ran
//   machine.triad_gbs.1t/.2t         best pass, GB/s (10^9 bytes), 24 bytes per element (STREAM's count)
//   machine.triad_array_mib          size of each of the three arrays, MiB
//   machine.limits_seconds           wall time the characterisation took
// Set CLAIMBENCH_SKIP_MACHINE_LIMITS=1 to skip it (tests); the run then records that it was skipped.
#pragma once

#include <map>
#include <string>

namespace claimbench {

struct MachineLimitsOptions {
  double peak_seconds = 0.08;   // per thread count
  double triad_seconds = 0.15;  // per thread count, after first touch
  std::size_t triad_array_bytes = 0;  // 0: chosen from the last-level cache and free memory
};

struct MachineLimits {
  double fp32_peak_gflops_1t = 0, fp32_peak_gflops_2t = 0;
  double triad_gbs_1t = 0, triad_gbs_2t = 0;
  std::string isa;
  double triad_array_mib = 0;
  double seconds = 0;
};

MachineLimits measure_machine_limits(const MachineLimitsOptions& options = {});

// The provenance keys above; honours CLAIMBENCH_SKIP_MACHINE_LIMITS. Called by capture_provenance.
std::map<std::string, std::string> machine_limits_provenance();

}  // namespace claimbench
