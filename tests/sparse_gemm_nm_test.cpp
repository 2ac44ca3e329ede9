// N:M sparse × dense GEMM: every available variant against the float64 oracle run on the
// decompressed (zero-filled) matrix, plus the documented NaN semantics.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel_test_support.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"

using namespace claimbench::nm;
using claimbench::test::check_gemm;
using claimbench::test::prune_smallest_nm;
using claimbench::test::random_matrix;

namespace {

struct Shape {
  int M, N, K;
};

// K not a multiple of 4 or 8, N = 1, M = 1, several column panels with a partial last one,
// K crossing the k-blocks (40..256) of every variant. Two threads split the rows on tiles of MR
// when there are fewer column panels than threads: {257, 96, 83} and {400, 20, 150} inside the
// first row block, {1000, 60, 200} crossing the 768-row blocks of the AVX-512 variants, with the
// second thread starting inside a row block and a partial last tile.
const Shape kShapes[] = {{1, 1, 1},     {1, 37, 9},    {5, 1, 13},     {17, 33, 5},
                         {33, 200, 130}, {130, 70, 300}, {7, 385, 67},  {4, 64, 4},
                         {3, 128, 64},  {2, 192, 40},  {1, 300, 4097}, {257, 96, 83},
                         {400, 20, 150}, {1000, 60, 200}};

std::vector<float> dense_of(const CompressedNM& c) {
  std::vector<float> d(static_cast<std::size_t>(c.rows) * c.cols);
  decompress_nm(c, d.data(), c.cols);
  return d;
}

}  // namespace

TEST_CASE("sparse gemm: variant lookup", "[sparse_gemm_nm]") {
  REQUIRE(best_sparse_gemm_nm_variant(2, 4) != nullptr);
  REQUIRE(best_sparse_gemm_nm_variant(1, 2) != nullptr);
  CHECK(best_sparse_gemm_nm_variant(2, 4)->n == 2);
  CHECK(best_sparse_gemm_nm_variant(2, 4)->m == 4);
  CHECK(best_sparse_gemm_nm_variant(3, 7) == nullptr);
  // Per-shape choice: the general choice never returns a few-column variant; with a column
  // count it returns one that covers it, or the general variant that pads the columns least.
  CHECK(best_sparse_gemm_nm_variant(2, 4)->max_columns == 0);
  CHECK(best_sparse_gemm_nm_variant(2, 4, 512) == best_sparse_gemm_nm_variant(2, 4));
  for (int columns : {1, 8, 32, 33, 64, 100, 384}) {
    const SparseGemmVariant* v = best_sparse_gemm_nm_variant(2, 4, columns);
    REQUIRE(v != nullptr);
    INFO(columns << " columns: " << v->name);
    if (v->max_columns > 0) {
      CHECK(columns <= v->max_columns);
    } else {
      const long padded = (columns + v->nr - 1) / v->nr * v->nr;
      for (const SparseGemmVariant& w : sparse_gemm_nm_variants())
        if (w.n == 2 && w.m == 4 && w.max_columns == 0 && w.available())
          CHECK(padded <= (columns + w.nr - 1) / w.nr * w.nr);
    }
  }
  for (const SparseGemmVariant& v : sparse_gemm_nm_variants()) {
    INFO(v.name);
    const std::string tag = std::to_string(v.n) + "of" + std::to_string(v.m);
    CHECK(std::string(v.name).find(tag) != std::string::npos);
    CHECK(std::string(v.name).find(v.isa) != std::string::npos);
  }
}

TEST_CASE("sparse gemm: every variant matches the oracle on the decompressed matrix",
          "[sparse_gemm_nm]") {
  unsigned seed = 500;
  for (const SparseGemmVariant& v : sparse_gemm_nm_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": not supported by this CPU");
      continue;
    }
    for (const Shape& s : kShapes) {
      const int lda = s.K + 1, ldb = s.N + 3, ldc = s.N + 5;
      auto A = random_matrix(s.M, s.K, lda, seed++);
      prune_smallest_nm(A, s.M, s.K, lda, v.n, v.m);
      if (s.K >= 4 && s.M >= 2) A[static_cast<std::size_t>(lda) + 1] = 0.0f;  // filler slots
      const CompressedNM c = compress_nm(A.data(), s.M, s.K, lda, v.n, v.m);
      const NMKernelOperand rows_op = prepare_nm_operand(c);
      // The same operand with this variant's weight stream, and with another variant's stream
      // (which this variant must ignore and fall back to the row layout).
      NMKernelOperand stream_op = rows_op;
      prepack_nm_operand(stream_op, v);
      CHECK((stream_op.stream.empty() && stream_op.window_values.empty()) == (v.prepack == nullptr));
      NMKernelOperand foreign_op = rows_op;
      for (const SparseGemmVariant& w : sparse_gemm_nm_variants())
        if (&w != &v && w.n == v.n && w.m == v.m && w.prepack != nullptr) {
          prepack_nm_operand(foreign_op, w);
          break;
        }
      const auto D = dense_of(c);
      auto B = random_matrix(s.K, s.N, ldb, seed++);
      for (const NMKernelOperand* op : std::vector<const NMKernelOperand*>{&rows_op, &stream_op, &foreign_op})
      for (int threads : {1, 2}) {
        std::vector<float> C(static_cast<std::size_t>(s.M) * ldc, 999.0f);
        v.run(*op, B.data(), ldb, s.N, C.data(), ldc, threads);
        INFO(v.name << " M=" << s.M << " N=" << s.N << " K=" << s.K << " threads=" << threads
                    << (op == &stream_op ? " (own stream)" : op == &foreign_op ? " (other stream)" : " (rows)"));
        CHECK(check_gemm(s.M, s.N, s.K, D.data(), s.K, B.data(), ldb, C.data(), ldc) == "");
        bool pad_intact = true;
        for (int i = 0; i < s.M; ++i)
          for (int j = s.N; j < ldc; ++j)
            pad_intact = pad_intact && C[static_cast<std::size_t>(i) * ldc + j] == 999.0f;
        CHECK(pad_intact);
      }
    }
  }
}

TEST_CASE("sparse gemm: pattern mismatch is rejected", "[sparse_gemm_nm]") {
  auto A = random_matrix(4, 8, 8, 3);
  prune_smallest_nm(A, 4, 8, 8, 1, 2);
  const NMKernelOperand op = prepare_nm_operand(compress_nm(A.data(), 4, 8, 8, 1, 2));
  auto B = random_matrix(8, 4, 4, 4);
  std::vector<float> C(16);
  const SparseGemmVariant* v = best_sparse_gemm_nm_variant(2, 4);
  REQUIRE(v != nullptr);
  CHECK_THROWS_AS(v->run(op, B.data(), 4, 4, C.data(), 4, 1), std::invalid_argument);
}

TEST_CASE("sparse gemm: NaN semantics (kept weights propagate, pruned weights skip)",
          "[sparse_gemm_nm]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (const SparseGemmVariant& v : sparse_gemm_nm_variants()) {
    if (!v.available()) continue;
    for (int threads : {1, 2}) {
      const int M = 23, N = 150, K = 70, kbad = 33, nan_row = 5, nan_k = 12;
      auto A = random_matrix(M, K, K, 41);
      prune_smallest_nm(A, M, K, K, v.n, v.m);
      // A NaN in a kept weight of row nan_row (make sure position nan_k is kept).
      if (A[static_cast<std::size_t>(nan_row) * K + nan_k] == 0.0f) {
        const int g0 = nan_k / v.m * v.m;
        for (int j = g0; j < g0 + v.m; ++j)
          if (A[static_cast<std::size_t>(nan_row) * K + j] != 0.0f) {
            A[static_cast<std::size_t>(nan_row) * K + j] = 0.0f;
            break;
          }
      }
      A[static_cast<std::size_t>(nan_row) * K + nan_k] = nan;
      const CompressedNM c = compress_nm(A.data(), M, K, K, v.n, v.m);
      NMKernelOperand op = prepare_nm_operand(c);
      if (threads == 2) prepack_nm_operand(op, v);  // the stream layout on the two-thread pass

      // Row kbad of B: NaN in its first half, Inf in its second half.
      auto B = random_matrix(K, N, N, 42);
      for (int j = 0; j < N; ++j) B[static_cast<std::size_t>(kbad) * N + j] = j < N / 2 ? nan : inf;
      std::vector<float> C(static_cast<std::size_t>(M) * N);
      v.run(op, B.data(), N, N, C.data(), N, threads);

      // Expected: rows that keep a weight at kbad see NaN/Inf from row kbad (oracle on the
      // decompressed matrix); other rows behave as if row kbad of B were zero.
      auto D = dense_of(c);
      auto Bz = B;
      for (int j = 0; j < N; ++j) Bz[static_cast<std::size_t>(kbad) * N + j] = 0.0f;
      INFO(v.name << " threads=" << threads);
      int touched = 0, untouched = 0;
      bool ok = true;
      for (int i = 0; i < M; ++i) {
        const bool keeps = D[static_cast<std::size_t>(i) * K + kbad] != 0.0f;
        (keeps ? touched : untouched) += 1;
        const float* Brow = keeps ? B.data() : Bz.data();
        const std::string r = check_gemm(1, N, K, D.data() + static_cast<std::size_t>(i) * K, K,
                                         Brow, N, C.data() + static_cast<std::size_t>(i) * N, N);
        if (!r.empty()) {
          ok = false;
          UNSCOPED_INFO("row " << i << (keeps ? " (keeps k)" : " (pruned at k)") << ": " << r);
        }
        for (int j = 0; j < N; ++j) {
          const float x = C[static_cast<std::size_t>(i) * N + j];
          if (i == nan_row) ok = ok && std::isnan(x);
          else if (keeps) ok = ok && (j < N / 2 ? std::isnan(x) : !std::isfinite(x));
          else ok = ok && std::isfinite(x);
        }
      }
      CHECK(touched > 0);
      CHECK(untouched > 0);
      CHECK(ok);
    }
  }
}
