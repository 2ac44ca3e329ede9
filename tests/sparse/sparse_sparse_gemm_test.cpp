// Sparse × sparse by fiber intersection: the matcher on hand-worked fiber pairs (empty fibers,
// no matches, all matches, matches on 16-entry window boundaries, the query side longer than
// the window side), the fiber formats, and every variant against the oracle on random
// weights and ReLU activations with the match count checked by an independent merge.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernel_test_support.hpp"
#include "sparse/csr_matrix.hpp"
#include "sparse/sparse_sparse_gemm.hpp"
#include "sparse_test_support.hpp"

using namespace claimbench::sparse;
using claimbench::test::check_gemm;
using claimbench::test::prune_random;
using claimbench::test::random_matrix;

namespace {

struct Entry {
  int k;
  float v;
};

struct Outcome {
  float c;
  IntersectCounts counts;
};

// One output: a 1×K weight row against a K×1 activation column.
Outcome intersect_one(const IntersectVariant& variant, int K, const std::vector<Entry>& w, const std::vector<Entry>& x) {
  std::vector<float> A(K, 0.0f), B(K, 0.0f);
  for (const Entry& e : w) A[e.k] = e.v;
  for (const Entry& e : x) B[e.k] = e.v;
  const Fibers wf = weight_fibers(csr_from_dense(A.data(), 1, K, K));
  Fibers xf;
  compress_activations(B.data(), K, 1, 1, xf);
  Outcome o{-1.0f, {}};
  variant.run(wf, xf, &o.c, 1, 1, &o.counts);
  return o;
}

std::vector<Entry> run_of(int from, int to, int step, float value) {
  std::vector<Entry> out;
  for (int k = from; k < to; k += step) out.push_back({k, value});
  return out;
}

}  // namespace

TEST_CASE("fibers: padding to 16 with sentinels, exact bytes", "[sparse_sparse]") {
  // B is 3×2 (ldb 3, the third column is NaN padding that must not be read).
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> B{0, 5, nan, 7, 0, nan, 8, 9, nan};
  Fibers x;
  compress_activations(B.data(), 3, 2, 3, x);
  CHECK(x.count == 2);
  CHECK(x.extent == 3);
  CHECK(x.length == std::vector<int32_t>{2, 2});
  CHECK(x.start == std::vector<int64_t>{0, 16});
  CHECK(x.index[0] == 1);
  CHECK(x.index[1] == 2);
  CHECK(x.value[0] == 7.0f);
  CHECK(x.value[1] == 8.0f);
  CHECK(x.index[16] == 0);
  CHECK(x.index[17] == 2);
  for (int s = 2; s < 16; ++s) CHECK(x.index[s] == Fibers::kSentinel);
  CHECK(x.nonzeros() == 4);
  CHECK(x.bytes() == 2 * 8 + 2 * 4 + 32 * 4 + 32 * 4);
  // Reuse with a smaller matrix keeps nothing stale.
  const std::vector<float> B2{0, 0};
  compress_activations(B2.data(), 2, 1, 1, x);
  CHECK(x.length == std::vector<int32_t>{0});
  CHECK(x.index.empty());
}

TEST_CASE("intersection: hand-worked fiber pairs", "[sparse_sparse]") {
  for (const IntersectVariant& v : intersect_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": not supported by this CPU");
      continue;
    }
    INFO(v.name);
    SECTION("two matches out of four") {
      const auto o = intersect_one(v, 10, {{1, 1}, {3, 2}, {5, 3}, {7, 4}}, {{0, 10}, {3, 20}, {7, 30}, {9, 40}});
      CHECK(o.c == 2 * 20 + 4 * 30);
      CHECK(o.counts.matches == 2);
    }
    SECTION("empty weight fiber") {
      const auto o = intersect_one(v, 8, {}, {{1, 1}, {2, 2}});
      CHECK(o.c == 0.0f);
      CHECK(o.counts.matches == 0);
    }
    SECTION("empty activation fiber") {
      const auto o = intersect_one(v, 8, {{1, 1}, {2, 2}}, {});
      CHECK(o.c == 0.0f);
      CHECK(o.counts.matches == 0);
    }
    SECTION("no matches (interleaved indices)") {
      const auto o = intersect_one(v, 40, run_of(0, 40, 2, 1.0f), run_of(1, 40, 2, 1.0f));
      CHECK(o.c == 0.0f);
      CHECK(o.counts.matches == 0);
    }
    SECTION("all match, across three windows") {
      const auto o = intersect_one(v, 40, run_of(0, 40, 1, 0.5f), run_of(0, 40, 1, 2.0f));
      CHECK(o.c == 40.0f);
      CHECK(o.counts.matches == 40);
    }
    SECTION("matches on window boundaries") {
      // Activations at even k in [0, 80): windows hold k = 0..30, 32..62, 64..78.
      // Weights hit the last entry of window 1 (30), the first of window 2 (32), the edges of
      // window 3 (62, 64), the last entry of the fiber (78), then miss past it (79, 99).
      std::vector<Entry> x;
      for (int k = 0; k < 80; k += 2) x.push_back({k, static_cast<float>(k)});
      const auto o = intersect_one(v, 100, {{30, 1}, {32, 1}, {62, 1}, {64, 1}, {78, 1}, {79, 5}, {99, 7}}, x);
      CHECK(o.c == 30 + 32 + 62 + 64 + 78);
      CHECK(o.counts.matches == 5);
    }
    SECTION("weight fiber longer than the activation fiber (roles swap)") {
      const auto o = intersect_one(v, 100, run_of(0, 100, 1, 1.0f), {{15, 1}, {16, 2}, {17, 3}, {31, 4}, {32, 5}, {33, 6}, {99, 7}});
      CHECK(o.c == 28.0f);
      CHECK(o.counts.matches == 7);
    }
    SECTION("a single shared index at the end of long fibers") {
      std::vector<Entry> w = run_of(0, 63, 1, 1.0f), x = run_of(63, 127, 1, 1.0f);
      w.push_back({127, 3.0f});
      x.push_back({127, 4.0f});
      const auto o = intersect_one(v, 128, w, x);
      CHECK(o.c == 12.0f);
      CHECK(o.counts.matches == 1);
    }
  }
}

TEST_CASE("intersection: every variant matches the oracle, and its matches equal an independent merge",
          "[sparse_sparse]") {
  struct Case {
    int M, N, K;
    double weight_sparsity;
  };
  const Case cases[] = {{1, 1, 1, 0.0}, {13, 7, 33, 0.5}, {40, 19, 200, 0.9}, {9, 50, 1000, 0.7}, {30, 30, 64, 1.0}};
  unsigned seed = 300;
  for (const Case& s : cases) {
    const int ldb = s.N + 2, ldc = s.N + 1;
    auto A = random_matrix(s.M, s.K, s.K, seed++);
    prune_random(A, s.M, s.K, s.K, s.weight_sparsity, seed++);
    auto B = random_matrix(s.K, s.N, ldb, seed++);
    for (int k = 0; k < s.K; ++k)
      for (int j = 0; j < s.N; ++j) {
        float& b = B[static_cast<std::size_t>(k) * ldb + j];
        b = std::max(0.0f, b);  // ReLU: about half zero
      }
    const Fibers w = weight_fibers(csr_from_dense(A.data(), s.M, s.K, s.K));
    Fibers x;
    compress_activations(B.data(), s.K, s.N, ldb, x);
    const std::uint64_t expected = count_matches(w, x);
    std::uint64_t brute = 0;
    for (int i = 0; i < s.M; ++i)
      for (int j = 0; j < s.N; ++j)
        for (int k = 0; k < s.K; ++k)
          brute += A[static_cast<std::size_t>(i) * s.K + k] != 0.0f && B[static_cast<std::size_t>(k) * ldb + j] != 0.0f;
    CHECK(expected == brute);
    for (const IntersectVariant& v : intersect_variants()) {
      if (!v.available()) continue;
      for (int threads : {1, 2}) {
        INFO(v.name << " M=" << s.M << " N=" << s.N << " K=" << s.K << " threads=" << threads);
        std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, 999.0f);
        IntersectCounts counts;
        v.run(w, x, C.data(), ldc, threads, &counts);
        CHECK(check_gemm(s.M, s.N, s.K, A.data(), s.K, B.data(), ldb, C.data(), ldc) == "");
        CHECK(counts.matches == expected);
        CHECK(counts.queries >= counts.matches);
        std::vector<float> C2(static_cast<std::size_t>(s.M) * ldc, 999.0f);
        v.run(w, x, C2.data(), ldc, threads, nullptr);  // the uncounted (timed) path
        CHECK(C2 == C);
      }
    }
  }
}

TEST_CASE("intersection: fibers over different extents are rejected", "[sparse_sparse]") {
  std::vector<float> A(4 * 5, 1.0f), B(6 * 2, 1.0f), C(8);
  const Fibers w = weight_fibers(csr_from_dense(A.data(), 4, 5, 5));
  Fibers x;
  compress_activations(B.data(), 6, 2, 2, x);
  for (const IntersectVariant& v : intersect_variants())
    if (v.available()) CHECK_THROWS_AS(v.run(w, x, C.data(), 2, 1, nullptr), std::invalid_argument);
}
