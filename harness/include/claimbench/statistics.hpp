// Sample statistics and the deterministic bootstrap used for intervals. The bootstrap seed is
// derived from stable text (run, claim, check), so recomputing verdicts from the database
// gives the same intervals every time.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace claimbench {

struct SampleSummary {
  double median = 0, mean = 0, stddev = 0, min = 0, max = 0;
  double median_ci_low = 0, median_ci_high = 0;  // bootstrap percentile interval of the median
};

double median(std::vector<double> values);
double quantile(std::vector<double> values, double q);  // linear interpolation, q in [0,1]
double geometric_mean(std::span<const double> values);
SampleSummary summarize(std::span<const double> samples, double confidence, std::uint64_t seed);

std::uint64_t stable_seed(std::string_view text);  // FNV-1a 64

// One bootstrap replicate: the median of `samples` resampled with replacement.
class Bootstrap {
 public:
  explicit Bootstrap(std::uint64_t seed);
  double resampled_median(std::span<const double> samples);
  std::uint64_t next();

 private:
  std::uint64_t state_;
};

constexpr int kBootstrapReplicates = 2000;

}  // namespace claimbench
