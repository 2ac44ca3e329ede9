// Synthetic results databases for the report tests, the browser test and the scale benchmark:
// every chart kind gets rows (speedups with a crossover, a SNAP simulator, accuracy and modeled
// energy counters), and a second run differs from the first in known ways.
#pragma once

#include <cstdint>
#include <filesystem>

namespace claimbench::test {

struct SyntheticReportOptions {
  int samples = 12;         // per measurement
  int extra_workloads = 0;  // more 2:4 workloads, to reach a sample count
  bool later_charts = true;  // SNAP, accuracy and energy rows
  bool machine_limits = true;
  bool second_run = true;  // run 2: nm.2of4 on syn.w0 (1 thread) faster, dense.openblas on syn.w0 (1 thread) slower
};

struct SyntheticReportDb {
  std::int64_t run_a = 0, run_b = 0;  // run_b is 0 without a second run
  std::int64_t samples = 0;           // stored in all runs
};

SyntheticReportDb make_synthetic_report_db(const std::filesystem::path& file, const SyntheticReportOptions& options = {});

}  // namespace claimbench::test
