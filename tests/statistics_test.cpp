// Sample statistics and the deterministic bootstrap.
#include <catch2/catch.hpp>
#include <cmath>

#include <chrono>

#include "claimbench/statistics.hpp"
#include "claimbench/timing.hpp"

using namespace claimbench;

TEST_CASE("median and quantile on known inputs", "[statistics]") {
  CHECK(median({3.0, 1.0, 2.0}) == 2.0);
  CHECK(median({4.0, 1.0, 3.0, 2.0}) == 2.5);
  CHECK(median({7.0}) == 7.0);
  const std::vector<double> v{5, 1, 4, 2, 3};
  CHECK(quantile(v, 0.0) == 1.0);
  CHECK(quantile(v, 1.0) == 5.0);
  CHECK(quantile(v, 0.25) == 2.0);
  CHECK(quantile(v, 0.5) == 3.0);
  CHECK(quantile({0.0, 10.0}, 0.3) == Approx(3.0).epsilon(1e-15));
  CHECK(quantile({1.0, 2.0, 3.0, 4.0}, 0.9) == Approx(3.7).epsilon(1e-15));
  CHECK_THROWS_AS(median({}), std::invalid_argument);
  CHECK_THROWS_AS(quantile({}, 0.5), std::invalid_argument);
}

TEST_CASE("geometric mean on known inputs", "[statistics]") {
  const std::vector<double> a{1.0, 4.0}, b{2.0, 8.0}, c{1.0, 2.0, 4.0}, d{3.0};
  CHECK(geometric_mean(a) == Approx(2.0).epsilon(1e-14));
  CHECK(geometric_mean(b) == Approx(4.0).epsilon(1e-14));
  CHECK(geometric_mean(c) == Approx(2.0).epsilon(1e-14));
  CHECK(geometric_mean(d) == Approx(3.0).epsilon(1e-14));
  CHECK_THROWS_AS(geometric_mean(std::span<const double>{}), std::invalid_argument);
}

TEST_CASE("summarize: moments, and a median interval that brackets the median", "[statistics]") {
  const std::vector<double> s{1.0, 2.0, 3.0, 4.0, 10.0};
  const auto r = summarize(s, 0.95, 42);
  CHECK(r.median == 3.0);
  CHECK(r.mean == 4.0);
  CHECK(r.min == 1.0);
  CHECK(r.max == 10.0);
  CHECK(r.stddev == Approx(std::sqrt(50.0 / 4.0)).epsilon(1e-14));  // sample (n-1) deviation
  CHECK(r.median_ci_low <= r.median);
  CHECK(r.median_ci_high >= r.median);
  CHECK(r.median_ci_low >= r.min);
  CHECK(r.median_ci_high <= r.max);
  CHECK(r.median_ci_low < r.median_ci_high);  // a spread sample gives a real interval

  // A wider confidence never narrows the interval.
  const auto wide = summarize(s, 0.99, 42);
  CHECK(wide.median_ci_low <= r.median_ci_low);
  CHECK(wide.median_ci_high >= r.median_ci_high);

  // Constant samples: a zero-width interval.
  const std::vector<double> flat{2.5, 2.5, 2.5};
  const auto f = summarize(flat, 0.95, 1);
  CHECK(f.median_ci_low == 2.5);
  CHECK(f.median_ci_high == 2.5);
  CHECK(f.stddev == 0.0);

  // One sample: no spread.
  const std::vector<double> one{0.5};
  const auto o = summarize(one, 0.95, 1);
  CHECK(o.median == 0.5);
  CHECK(o.stddev == 0.0);
  CHECK(o.median_ci_low == 0.5);
  CHECK(o.median_ci_high == 0.5);

  const auto empty = summarize(std::span<const double>{}, 0.95, 1);
  CHECK(empty.median == 0.0);
}

TEST_CASE("the bootstrap is deterministic for a seed", "[statistics]") {
  std::vector<double> s;
  for (int i = 0; i < 25; ++i) s.push_back(1.0 + 0.01 * ((i * 7919) % 23));
  const auto a = summarize(s, 0.95, 12345);
  const auto b = summarize(s, 0.95, 12345);
  CHECK(a.median_ci_low == b.median_ci_low);
  CHECK(a.median_ci_high == b.median_ci_high);
  CHECK(a.mean == b.mean);

  Bootstrap x(99), y(99), z(100);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto vx = x.next();
    CHECK(vx == y.next());
    differs = differs || vx != z.next();
  }
  CHECK(differs);
  // splitmix64 from state 0 gives this well-known first output (seed 0 is remapped, so use 1's).
  Bootstrap one(1);
  CHECK(one.next() == 0x910a2dec89025cc1ull);

  Bootstrap p(7), q(7);
  CHECK(p.resampled_median(s) == q.resampled_median(s));
}

TEST_CASE("stable_seed is stable", "[statistics]") {
  CHECK(stable_seed("claim/check") == stable_seed(std::string("claim/") + "check"));
  CHECK(stable_seed("claim/check-1") != stable_seed("claim/check-2"));
  CHECK(stable_seed("ab") != stable_seed("ba"));
  // Every byte counts (a 1-bit change in the input changes the seed).
  CHECK(stable_seed("claim/check-a") != stable_seed("claim/check-c"));
  CHECK(stable_seed("x") != stable_seed(std::string_view("x\0", 2)));
}

TEST_CASE("stable_seed is FNV-1a 64, as statistics.hpp says", "[statistics]") {
  // The published FNV-1a 64 test vectors. The implementation uses the offset basis
  // 1469598103934665603 (a digit short of 14695981039346656037 = 0xcbf29ce484222325).
  CHECK(stable_seed("") == 0xcbf29ce484222325ull);
  CHECK(stable_seed("a") == 0xaf63dc4c8601ec8cull);
  CHECK(stable_seed("foobar") == 0x85944171f73967e8ull);
}

TEST_CASE("timing: one sample per repetition, per-iteration seconds", "[timing]") {
  int calls = 0;
  const auto busy = [&] {
    ++calls;
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    while (std::chrono::steady_clock::now() < until) {
    }
  };
  const TimingResult r = time_with_google_benchmark("test/busy-200us", busy, TimingOptions{3, 0.002, 0.0});
  CHECK(r.error.empty());
  REQUIRE(r.seconds.size() == 3);
  REQUIRE(r.iterations.size() == 3);
  for (std::size_t i = 0; i < r.seconds.size(); ++i) {
    CHECK(r.seconds[i] >= 200e-6);
    CHECK(r.seconds[i] < 5e-3);
    CHECK(r.iterations[i] >= 1);
  }
  std::int64_t total = 0;
  for (auto n : r.iterations) total += n;
  CHECK(calls >= total);  // plus the engine's own estimation runs

  // Twice in one process works (the engine is initialised once).
  const TimingResult again = time_with_google_benchmark("test/busy-again", busy, TimingOptions{2, 0.001, 0.0});
  CHECK(again.seconds.size() == 2);
}
