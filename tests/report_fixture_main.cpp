// claimbench_report_fixture OUT.sqlite [SAMPLES_TOTAL]: writes the synthetic report database
// (two runs, every chart kind) for the browser and scale tests. With SAMPLES_TOTAL, adds
// workloads until the database holds at least that many samples (100 per measurement).
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "report_fixture.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT.sqlite [SAMPLES_TOTAL]\n", argv[0]);
    return 2;
  }
  try {
    claimbench::test::SyntheticReportOptions options;
    if (argc > 2) {
      const long total = std::atol(argv[2]);
      options.samples = 100;
      options.second_run = false;
      // Per extra workload: 3 implementations × 2 thread counts × 100 samples.
      const long base = (4 * 6 + 10 + 8) * 100L;
      options.extra_workloads = total > base ? static_cast<int>((total - base + 599) / 600) : 0;
    }
    const auto db = claimbench::test::make_synthetic_report_db(argv[1], options);
    std::printf("wrote %s: runs %lld and %lld, %lld samples\n", argv[1], static_cast<long long>(db.run_a),
                static_cast<long long>(db.run_b), static_cast<long long>(db.samples));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
