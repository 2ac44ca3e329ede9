#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "claimbench/channel_permutation.hpp"
#include "claimbench/problem_data.hpp"
#include "claimbench/reference_gemm.hpp"
#include "claimbench/workload.hpp"

using namespace claimbench;

namespace {

std::vector<float> random_matrix(int rows, int cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<float> a(static_cast<std::size_t>(rows) * cols);
  for (auto& v : a) v = normal(rng);
  return a;
}

}  // namespace

TEST_CASE("kept magnitude: identity order equals magnitude pruning", "[channel_permutation]") {
  const int rows = 7, cols = 13;
  auto a = random_matrix(rows, cols, 1);
  double total = 0;
  for (float v : a) total += std::fabs(v);
  CHECK(kept_magnitude(a.data(), rows, cols, cols, NMPattern{}) == Approx(total));
  auto pruned = a;
  prune_nm_by_magnitude(pruned.data(), rows, cols, cols, NMPattern{2, 4});
  double kept = 0;
  for (float v : pruned) kept += std::fabs(v);
  CHECK(kept_magnitude(a.data(), rows, cols, cols, NMPattern{2, 4}) == Approx(kept));
}

TEST_CASE("the permutation search never loses magnitude and finds the obvious swap", "[channel_permutation]") {
  // Two groups of 4: the first holds four large columns, the second four small ones. 2:4 keeps
  // only two of the large ones; moving two large columns into the second group keeps all four.
  const int rows = 3, cols = 8;
  std::vector<float> a(rows * cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) a[r * cols + c] = c < 4 ? 10.0f + c : 0.1f * (c + 1);
  const auto result = search_channel_permutation(a.data(), rows, cols, cols, NMPattern{2, 4}, 50, 7);
  CHECK(result.kept_permuted > result.kept_identity);
  CHECK(result.kept_permuted == Approx(rows * (10 + 11 + 12 + 13)));
  std::vector<int> sorted = result.order;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> identity(cols);
  std::iota(identity.begin(), identity.end(), 0);
  CHECK(sorted == identity);  // a permutation

  for (unsigned seed : {1u, 2u, 3u}) {
    auto r = random_matrix(16, 64, seed);
    const auto s = search_channel_permutation(r.data(), 16, 64, 64, NMPattern{2, 4}, 200, seed);
    CHECK(s.kept_permuted >= s.kept_identity);
    CHECK(s.kept_permuted <= s.total_magnitude);
    CHECK(kept_magnitude(r.data(), 16, 64, 64, NMPattern{2, 4}, s.order) == Approx(s.kept_permuted));
  }
}

TEST_CASE("a +perm workload keeps more magnitude and the same product", "[channel_permutation]") {
  Workload w;
  w.id = "p";
  w.m = 32;
  w.n = 5;
  w.k = 64;
  w.pattern = "2:4+perm";
  w.distribution = "normal";
  w.seed = 11;
  const auto permuted = make_problem_data(w);
  CHECK(permuted.permuted);
  CHECK(permuted.kept_magnitude_fraction > permuted.kept_magnitude_fraction_identity);
  CHECK(permuted.kept_magnitude_fraction <= 1.0);
  CHECK(satisfies_nm(permuted.A.data(), w.m, w.k, w.k, NMPattern{2, 4}));

  bool permute = false;
  CHECK(NMPattern::parse_workload_pattern("2:4+perm", permute).has_value());
  CHECK(permute);
  CHECK(NMPattern::parse_workload_pattern("2:4", permute).has_value());
  CHECK_FALSE(permute);
  CHECK_FALSE(NMPattern::parse_workload_pattern("dense+perm", permute).has_value());
  CHECK_FALSE(NMPattern::parse_workload_pattern("2:4+", permute).has_value());
}

TEST_CASE("permuting W's columns and X's rows alike leaves the product unchanged", "[channel_permutation]") {
  const int M = 9, K = 24, N = 5;
  const auto a = random_matrix(M, K, 3), b = random_matrix(K, N, 4);
  const auto search = search_channel_permutation(a.data(), M, K, K, NMPattern{2, 4}, 100, 5);
  REQUIRE(search.swaps > 0);
  std::vector<float> ap(a.size()), bp(b.size());
  permute_columns(a.data(), M, K, K, search.order, ap.data(), K);
  permute_rows(b.data(), K, N, N, search.order, bp.data(), N);
  std::vector<double> c(M * N), cp(M * N);
  reference_gemm_f64(M, N, K, a.data(), K, b.data(), N, c.data(), N);
  reference_gemm_f64(M, N, K, ap.data(), K, bp.data(), N, cp.data(), N);
  for (int i = 0; i < M * N; ++i) CHECK(cp[i] == Approx(c[i]).margin(1e-9));
}
