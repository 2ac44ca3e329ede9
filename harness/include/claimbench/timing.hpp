// Google Benchmark as the timing engine: warm-up, repetitions and minimum time come from it;
// a custom reporter hands every repetition's per-iteration time back as one sample.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace claimbench {

struct TimingOptions {
  int repetitions = 10;     // samples per measurement
  double min_time_s = 0.2;  // per repetition
  double warmup_s = 0.1;    // before the first repetition, excluded from everything
};

struct TimingResult {
  std::vector<double> seconds;  // per-iteration wall time, one per repetition
  std::vector<std::int64_t> iterations;
  std::string error;  // non-empty when the benchmark reported an error
};

TimingResult time_with_google_benchmark(const std::string& name, const std::function<void()>& body,
                                        const TimingOptions& options);

}  // namespace claimbench
