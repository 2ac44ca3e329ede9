// Pruning through the API against the harness's N:M magnitude pruning (the project's reference),
// and tile mode's transposable 2:4 against an independent enumeration.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "claimbench/pruning.hpp"
#include "kernel_test_support.hpp"
#include "sparselt/sparselt.hpp"
#include "sparselt_fixture.hpp"

using namespace claimbench::sparselt;
using claimbench::test::status_text;

namespace {

// Descriptors for op(A) = M×K with A stored in `order` under `op`; B is K×1, C is M×1.
struct Prob {
  Handle h;
  MatrixDescriptor a, b, c;
  MatmulDescriptor md;
  Prob(int M, int K, Pattern p, Order order = Order::row_major, Operation op = Operation::none) {
    REQUIRE(init(&h) == Status::success);
    const int rows = op == Operation::none ? M : K, cols = op == Operation::none ? K : M;
    const int ld = order == Order::row_major ? cols : rows;
    REQUIRE(structured_descriptor_init(&h, &a, rows, cols, ld, 4, Precision::fp32, order, p) == Status::success);
    REQUIRE(dense_descriptor_init(&h, &b, K, 1, 1, 4, Precision::fp32, Order::row_major) == Status::success);
    REQUIRE(dense_descriptor_init(&h, &c, M, 1, 1, 4, Precision::fp32, Order::row_major) == Status::success);
    const Status s = matmul_descriptor_init(&h, &md, op, Operation::none, &a, &b, &c, ComputeType::fp32);
    INFO(status_text(s, h));
    REQUIRE(s == Status::success);
  }
};

std::vector<float> transpose(const std::vector<float>& x, int rows, int cols) {
  std::vector<float> t(x.size());
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) t[static_cast<std::size_t>(j) * rows + i] = x[static_cast<std::size_t>(i) * cols + j];
  return t;
}

}  // namespace

TEST_CASE("strip pruning equals the N:M magnitude reference for every compiled pattern, short last groups included") {
  for (Pattern p : {Pattern{2, 4}, Pattern{1, 2}, Pattern{4, 8}, Pattern{1, 4}}) {
    for (int K : {16, 19}) {
      const int M = 7;
      INFO(p.n << ":" << p.m << " K=" << K);
      Prob prob(M, K, p);
      const auto a = claimbench::test::random_matrix(M, K, K, 11);
      auto expected = a;
      claimbench::prune_nm_by_magnitude(expected.data(), M, K, K, claimbench::NMPattern{p.n, p.m});
      std::vector<float> out(a.size(), 99.0f);
      REQUIRE(prune(&prob.h, &prob.md, a.data(), out.data(), PruneMode::strip) == Status::success);
      CHECK(out == expected);
      auto in_place = a;
      REQUIRE(prune(&prob.h, &prob.md, in_place.data(), in_place.data(), PruneMode::strip) == Status::success);
      CHECK(in_place == expected);
      int valid = 0;
      REQUIRE(prune_check(&prob.h, &prob.md, out.data(), &valid) == Status::success);
      CHECK(valid == 1);
      REQUIRE(prune_check(&prob.h, &prob.md, a.data(), &valid) == Status::success);
      CHECK(valid == 0);
    }
  }
}

TEST_CASE("strip pruning ties keep the lower index, as the reference does") {
  Prob prob(1, 8, {2, 4});
  const std::vector<float> a{1, -1, 1, 1, 0.5f, 2, -2, 0.5f};
  std::vector<float> out(8);
  REQUIRE(prune(&prob.h, &prob.md, a.data(), out.data(), PruneMode::strip) == Status::success);
  CHECK(out == std::vector<float>{1, -1, 0, 0, 0, 2, -2, 0});
}

TEST_CASE("pruning and the check follow op(A): column-major and transposed storage prune along K") {
  const int M = 6, K = 12;
  const auto a = claimbench::test::random_matrix(M, K, K, 5);  // op(A), row-major
  auto expected = a;
  claimbench::prune_nm_by_magnitude(expected.data(), M, K, K, claimbench::NMPattern{2, 4});
  // Column-major M×K storage is the row-major transpose; so is a row-major K×M matrix transposed.
  for (auto [order, op] : {std::pair{Order::column_major, Operation::none}, std::pair{Order::row_major, Operation::transpose}}) {
    Prob prob(M, K, {2, 4}, order, op);
    auto stored = transpose(a, M, K);
    REQUIRE(prune(&prob.h, &prob.md, stored.data(), stored.data(), PruneMode::strip) == Status::success);
    CHECK(transpose(stored, K, M) == expected);
    int valid = 0;
    REQUIRE(prune_check(&prob.h, &prob.md, stored.data(), &valid) == Status::success);
    CHECK(valid == 1);
  }
}

TEST_CASE("tile pruning keeps n per row and per column of every m×m tile, with the largest total magnitude") {
  for (Pattern p : {Pattern{2, 4}, Pattern{1, 2}, Pattern{1, 4}}) {
    const int M = 8, K = 16, m = p.m;
    INFO(p.n << ":" << p.m);
    Prob prob(M, K, p);
    auto a = claimbench::test::random_matrix(M, K, K, 3);
    for (float& x : a)
      if (x == 0.0f) x = 0.25f;  // no zeros: every kept position shows
    std::vector<float> out(a.size());
    REQUIRE(prune(&prob.h, &prob.md, a.data(), out.data(), PruneMode::tile) == Status::success);
    // Every arrangement with n per row and column is a union of n disjoint permutation
    // matrices; enumerate those directly (not by bit masks, as the library does).
    std::array<int, 4> perm{0, 1, 2, 3};
    std::vector<std::array<int, 4>> perms;
    do perms.push_back(perm);
    while (std::next_permutation(perm.begin(), perm.begin() + m));
    for (int i0 = 0; i0 < M; i0 += m)
      for (int k0 = 0; k0 < K; k0 += m) {
        double kept = 0.0;
        for (int r = 0; r < m; ++r) {
          int row_count = 0, col_count = 0;
          for (int c = 0; c < m; ++c) {
            const float x = out[(i0 + r) * K + k0 + c];
            row_count += x != 0.0f;
            col_count += out[(i0 + c) * K + k0 + r] != 0.0f;
            if (x != 0.0f) {
              CHECK(x == a[(i0 + r) * K + k0 + c]);
              kept += std::fabs(x);
            }
          }
          CHECK(row_count == p.n);
          CHECK(col_count == p.n);
        }
        double best = 0.0;
        for (const auto& p1 : perms) {
          if (p.n == 1) {
            double s = 0.0;
            for (int r = 0; r < m; ++r) s += std::fabs(a[(i0 + r) * K + k0 + p1[r]]);
            best = std::max(best, s);
            continue;
          }
          for (const auto& p2 : perms) {
            bool disjoint = true;
            double s = 0.0;
            for (int r = 0; r < m; ++r) {
              disjoint = disjoint && p1[r] != p2[r];
              s += std::fabs(a[(i0 + r) * K + k0 + p1[r]]) + std::fabs(a[(i0 + r) * K + k0 + p2[r]]);
            }
            if (disjoint) best = std::max(best, s);
          }
        }
        CHECK(kept == Approx(best).epsilon(1e-6));
      }
    // Transposable: the transpose passes the check too.
    Prob t(K, M, p);
    const auto out_t = transpose(out, M, K);
    int valid = 0;
    REQUIRE(prune_check(&t.h, &t.md, out_t.data(), &valid) == Status::success);
    CHECK(valid == 1);
  }
}
