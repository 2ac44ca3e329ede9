#include "claimbench/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace claimbench {

double quantile(std::vector<double> values, double q) {
  if (values.empty()) throw std::invalid_argument("quantile of an empty sample");
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const auto upper = std::min(lower + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return values[lower] + (values[upper] - values[lower]) * fraction;
}

double median(std::vector<double> values) { return quantile(std::move(values), 0.5); }

double geometric_mean(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("geometric mean of an empty sample");
  double log_sum = 0.0;
  for (double v : values) log_sum += std::log(v);
  return std::exp(log_sum / static_cast<double>(values.size()));
}

std::uint64_t stable_seed(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64 offset basis
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

Bootstrap::Bootstrap(std::uint64_t seed) : state_(seed ? seed : 0x9e3779b97f4a7c15ull) {}

// splitmix64: small, fast, and identical on every platform (std:: distributions are not).
std::uint64_t Bootstrap::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

double Bootstrap::resampled_median(std::span<const double> samples) {
  std::vector<double> draw(samples.size());
  for (auto& d : draw) d = samples[next() % samples.size()];
  return median(std::move(draw));
}

SampleSummary summarize(std::span<const double> samples, double confidence, std::uint64_t seed) {
  SampleSummary s;
  if (samples.empty()) return s;
  std::vector<double> v(samples.begin(), samples.end());
  s.median = median(v);
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double squares = 0.0;
  for (double x : v) squares += (x - s.mean) * (x - s.mean);
  s.stddev = v.size() > 1 ? std::sqrt(squares / static_cast<double>(v.size() - 1)) : 0.0;
  s.min = *std::min_element(v.begin(), v.end());
  s.max = *std::max_element(v.begin(), v.end());
  Bootstrap bootstrap(seed);
  std::vector<double> medians(kBootstrapReplicates);
  for (auto& m : medians) m = bootstrap.resampled_median(v);
  const double alpha = (1.0 - confidence) / 2.0;
  s.median_ci_low = quantile(medians, alpha);
  s.median_ci_high = quantile(medians, 1.0 - alpha);
  return s;
}

}  // namespace claimbench
