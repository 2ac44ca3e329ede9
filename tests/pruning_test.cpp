// N:M patterns and magnitude pruning along K.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "claimbench/pruning.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

// Checks one pruned row against its original: in each group exactly min(n, len) elements
// survive unchanged, they are the largest by magnitude, ties going to the lower index.
void check_row(const float* original, const float* pruned, int cols, NMPattern p) {
  for (int g = 0; g < cols; g += p.m) {
    const int len = std::min(p.m, cols - g);
    std::vector<int> order(static_cast<std::size_t>(len));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::fabs(original[g + a]) > std::fabs(original[g + b]); });
    const int keep = std::min(p.n, len);
    for (int r = 0; r < len; ++r) {
      const int i = order[static_cast<std::size_t>(r)];
      INFO("group at " << g << ", position " << i);
      if (r < keep)
        CHECK(pruned[g + i] == original[g + i]);
      else
        CHECK(pruned[g + i] == 0.0f);
    }
  }
}

}  // namespace

TEST_CASE("NMPattern::parse accepts dense and N:M, rejects the rest", "[pruning]") {
  CHECK(NMPattern::parse("dense")->is_dense());
  CHECK(NMPattern::parse("dense")->str() == "dense");
  const auto p = NMPattern::parse("2:4");
  REQUIRE(p);
  CHECK(p->n == 2);
  CHECK(p->m == 4);
  CHECK_FALSE(p->is_dense());
  CHECK(p->str() == "2:4");
  CHECK(NMPattern::parse("1:2") == NMPattern{1, 2});
  CHECK(NMPattern::parse("4:8") == NMPattern{4, 8});
  CHECK(NMPattern::parse("63:64") == NMPattern{63, 64});
  for (const char* bad : {"4:2", "2:", ":4", "a:b", "0:4", "2:2", "1:65", "2:4x", " 2:4", "2-4", "", "Dense", "-1:4",
                          "2:4:8"}) {
    INFO(bad);
    CHECK_FALSE(NMPattern::parse(bad).has_value());
  }
}

TEST_CASE("pruning keeps exactly the n largest of every m", "[pruning]") {
  for (const NMPattern p : {NMPattern{2, 4}, NMPattern{1, 2}, NMPattern{4, 8}, NMPattern{1, 4}}) {
    for (const int cols : {p.m, 8 * p.m, 64}) {
      INFO(p.str() << " cols " << cols);
      const int rows = 5;
      const auto original = random_matrix(rows, cols, cols, 1000 + cols + p.m);
      auto a = original;
      CHECK_FALSE(satisfies_nm(a.data(), rows, cols, cols, p));
      prune_nm_by_magnitude(a.data(), rows, cols, cols, p);
      CHECK(satisfies_nm(a.data(), rows, cols, cols, p));
      for (int r = 0; r < rows; ++r) {
        const float* row = a.data() + static_cast<std::size_t>(r) * cols;
        for (int g = 0; g < cols; g += p.m) {
          int nonzero = 0;
          for (int i = 0; i < p.m; ++i) nonzero += row[g + i] != 0.0f;
          CHECK(nonzero == p.n);  // random values are nonzero, so exactly n survive
        }
        check_row(original.data() + static_cast<std::size_t>(r) * cols, row, cols, p);
      }
    }
  }
}

TEST_CASE("pruning: known groups, negative values and ties", "[pruning]") {
  std::vector<float> a{0.1f, -3.0f, 2.0f, 0.5f,   // keeps -3 and 2
                       1.0f, -1.0f, 1.0f, 0.5f,   // tie of three: the two lowest indices
                       0.5f, 1.0f, 1.0f, 1.0f,    // tie: positions 1 and 2
                       0.0f, 0.0f, 0.0f, -0.0f};  // nothing to keep
  prune_nm_by_magnitude(a.data(), 1, 16, 16, NMPattern{2, 4});
  const std::vector<float> expected{0, -3, 2, 0, 1, -1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
  CHECK(a == expected);

  std::vector<float> b{2.0f, -2.0f, 2.0f, 2.0f};
  prune_nm_by_magnitude(b.data(), 1, 4, 4, NMPattern{1, 4});
  CHECK(b == std::vector<float>{2, 0, 0, 0});

  std::vector<float> inf{1.0f, std::numeric_limits<float>::infinity(), -5.0f, 2.0f};
  prune_nm_by_magnitude(inf.data(), 1, 4, 4, NMPattern{2, 4});
  CHECK(inf == std::vector<float>{0, std::numeric_limits<float>::infinity(), -5, 0});
}

TEST_CASE("pruning: a short last group keeps min(n, length)", "[pruning]") {
  for (const int cols : {1, 2, 3, 5, 6, 7, 4097}) {
    for (const NMPattern p : {NMPattern{2, 4}, NMPattern{1, 2}, NMPattern{4, 8}, NMPattern{1, 4}}) {
      INFO(p.str() << " cols " << cols);
      const int rows = 3;
      const auto original = random_matrix(rows, cols, cols, 77 + cols);
      auto a = original;
      prune_nm_by_magnitude(a.data(), rows, cols, cols, p);
      CHECK(satisfies_nm(a.data(), rows, cols, cols, p));
      for (int r = 0; r < rows; ++r) {
        const float* row = a.data() + static_cast<std::size_t>(r) * cols;
        const int last = (cols - 1) / p.m * p.m;  // start of the last group
        const int len = cols - last;
        int nonzero = 0;
        for (int i = last; i < cols; ++i) nonzero += row[i] != 0.0f;
        CHECK(nonzero == std::min(p.n, len));
        int total = 0;
        for (int i = 0; i < cols; ++i) total += row[i] != 0.0f;
        CHECK(total == (cols / p.m) * p.n + (cols % p.m ? std::min(p.n, cols % p.m) : 0));
        if (cols <= 8 || r == 0) check_row(original.data() + static_cast<std::size_t>(r) * cols, row, cols, p);
      }
    }
  }
}

TEST_CASE("pruning respects the leading dimension and leaves padding alone", "[pruning]") {
  const int rows = 4, cols = 10, ld = 13;
  auto a = random_matrix(rows, cols, ld, 5);  // padding holds 7777
  prune_nm_by_magnitude(a.data(), rows, cols, ld, NMPattern{2, 4});
  CHECK(satisfies_nm(a.data(), rows, cols, ld, NMPattern{2, 4}));
  for (int r = 0; r < rows; ++r)
    for (int c = cols; c < ld; ++c) CHECK(a[static_cast<std::size_t>(r) * ld + c] == 7777.0f);
  // With the padding counted as columns the pattern would not hold.
  CHECK_FALSE(satisfies_nm(a.data(), rows, ld, ld, NMPattern{2, 4}));
}

TEST_CASE("pruning: NaN throws, dense is a no-op", "[pruning]") {
  auto a = random_matrix(2, 8, 8, 9);
  a[13] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(prune_nm_by_magnitude(a.data(), 2, 8, 8, NMPattern{2, 4}), std::invalid_argument);

  const auto original = random_matrix(3, 7, 7, 10);
  auto d = original;
  prune_nm_by_magnitude(d.data(), 3, 7, 7, NMPattern{});
  CHECK(d == original);
  CHECK(satisfies_nm(d.data(), 3, 7, 7, NMPattern{}));
}

TEST_CASE("satisfies_nm counts nonzeros per group", "[pruning]") {
  const std::vector<float> ok{1, 0, 2, 0, 0, 0, 0, 3};
  CHECK(satisfies_nm(ok.data(), 1, 8, 8, NMPattern{2, 4}));
  CHECK_FALSE(satisfies_nm(ok.data(), 1, 8, 8, NMPattern{1, 4}));
  CHECK(satisfies_nm(ok.data(), 1, 8, 8, NMPattern{3, 8}));
  const std::vector<float> bad{1, 1, 1, 0};
  CHECK_FALSE(satisfies_nm(bad.data(), 1, 4, 4, NMPattern{2, 4}));
  const std::vector<float> neg_zero{-0.0f, -0.0f, -0.0f, 1.0f};
  CHECK(satisfies_nm(neg_zero.data(), 1, 4, 4, NMPattern{1, 4}));
  // A short last group with too many nonzeros.
  const std::vector<float> tail{1, 0, 0, 0, 1, 1, 1};
  CHECK_FALSE(satisfies_nm(tail.data(), 1, 7, 7, NMPattern{2, 4}));
}
