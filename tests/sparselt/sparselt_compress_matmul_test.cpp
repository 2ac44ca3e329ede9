// Compression against the N:M reference (implementations/nm), matmul against the float64
// oracle, plan reuse, alpha/beta, and the algorithm search.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "kernel_test_support.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "sparselt/sparselt.hpp"
#include "sparselt/sparselt_detail.hpp"
#include "sparselt/sparselt_setup.hpp"
#include "sparselt_fixture.hpp"

using namespace claimbench::sparselt;
using claimbench::test::check_gemm;
using claimbench::test::SparseLtProblem;
using claimbench::test::status_text;

TEST_CASE("the compressed matrix holds exactly the reference's kept values and k indices") {
  for (Pattern p : {Pattern{2, 4}, Pattern{1, 2}, Pattern{4, 8}, Pattern{1, 4}}) {
    for (int K : {32, 37}) {
      INFO(p.n << ":" << p.m << " K=" << K);
      SparseLtProblem prob(9, 5, K, p);
      const auto ref = claimbench::nm::prepare_nm_operand(claimbench::nm::compress_nm(prob.A.data(), 9, K, K, p.n, p.m));
      detail::CompressedHeader h;
      std::memcpy(&h, prob.compressed.get(), sizeof h);
      const auto* base = static_cast<const unsigned char*>(prob.compressed.get());
      REQUIRE(h.slots_per_row == ref.slots_per_row);
      REQUIRE(h.zero_row == ref.zero_row);
      CHECK(std::memcmp(base + h.values_offset, ref.values.data(), ref.values.size() * sizeof(float)) == 0);
      CHECK(std::memcmp(base + h.index_offset, ref.k_index.data(), ref.k_index.size() * sizeof(int32_t)) == 0);
      std::size_t footprint = 0;
      REQUIRE(storage_footprint(&prob.h, &prob.s.plan, &footprint) == Status::success);
      CHECK(footprint == claimbench::nm::compressed_footprint_bytes(9, K, p.n, p.m, sizeof(float)));
      const auto d = prob.multiply(prob.B);
      CHECK(check_gemm(9, 5, K, prob.A.data(), K, prob.B.data(), 5, d.data(), 5) == "");
    }
  }
}

TEST_CASE("column-major and transposed A compress, through the workspace, to the same bytes as row-major") {
  SparseLtProblem ref(12, 6, 20);
  for (auto [order, op] : {std::pair{Order::column_major, Operation::none}, std::pair{Order::row_major, Operation::transpose}}) {
    Handle& h = ref.h;
    RowMajorSetup s;
    const int rows = op == Operation::none ? 12 : 20, cols = op == Operation::none ? 20 : 12;
    REQUIRE(structured_descriptor_init(&h, &s.a, rows, cols, order == Order::row_major ? cols : rows, 4, Precision::fp32,
                                       order, {2, 4}) == Status::success);
    REQUIRE(dense_descriptor_init(&h, &s.b, 20, 6, 6, 4, Precision::fp32, Order::row_major) == Status::success);
    REQUIRE(dense_descriptor_init(&h, &s.c, 12, 6, 6, 4, Precision::fp32, Order::row_major) == Status::success);
    REQUIRE(matmul_descriptor_init(&h, &s.matmul, op, Operation::none, &s.a, &s.b, &s.c, ComputeType::fp32) == Status::success);
    REQUIRE(alg_selection_init(&h, &s.selection, &s.matmul, Algorithm::default_heuristic) == Status::success);
    REQUIRE(plan_init(&h, &s.plan, &s.matmul, &s.selection) == Status::success);
    std::size_t bytes = 0, ws = 0;
    REQUIRE(compressed_size(&h, &s.plan, &bytes, &ws) == Status::success);
    CHECK(bytes == ref.compressed_bytes);
    CHECK(ws == 12 * 20 * sizeof(float));
    std::vector<float> stored(12 * 20);  // the transpose of ref.A in both cases
    for (int i = 0; i < 12; ++i)
      for (int k = 0; k < 20; ++k) stored[k * 12 + i] = ref.A[i * 20 + k];
    auto out = allocate_aligned(bytes);
    CHECK(compress(&h, &s.plan, stored.data(), out.get(), nullptr) == Status::invalid_value);
    std::vector<float> workspace(ws / sizeof(float));
    REQUIRE(compress(&h, &s.plan, stored.data(), out.get(), workspace.data()) == Status::success);
    CHECK(std::memcmp(out.get(), ref.compressed.get(), bytes) == 0);
    REQUIRE(teardown(&h, &s) == Status::success);
  }
}

TEST_CASE("one plan serves many matmuls and one compressed weight serves plans for other token counts") {
  SparseLtProblem p(24, 10, 64);
  for (unsigned seed : {21u, 22u, 23u}) {
    const auto b = claimbench::test::random_matrix(64, 10, 10, seed);
    const auto d = p.multiply(b);
    CHECK(check_gemm(24, 10, 64, p.A.data(), 64, b.data(), 10, d.data(), 10) == "");
  }
  // The same compressed A under a plan for N = 3 (a decode-like shape) and two threads.
  REQUIRE(set_threads(&p.h, 2) == Status::success);
  RowMajorSetup s3;
  REQUIRE(setup_row_major(&p.h, &s3, 24, 3, 64, 64, 3, 3, {2, 4}) == Status::success);
  CHECK(s3.plan.threads == 2);
  const auto b3 = claimbench::test::random_matrix(64, 3, 3, 30);
  std::vector<float> d3(24 * 3);
  REQUIRE(matmul(&p.h, &s3.plan, 1.0f, p.compressed.get(), b3.data(), 0.0f, nullptr, d3.data()) == Status::success);
  CHECK(check_gemm(24, 3, 64, p.A.data(), 64, b3.data(), 3, d3.data(), 3) == "");
  REQUIRE(teardown(&p.h, &s3) == Status::success);
}

TEST_CASE("alpha and beta: D = alpha·A·B + beta·C, C read before D is written when they alias") {
  SparseLtProblem p(8, 6, 16);
  const auto ab = p.multiply(p.B);
  const auto c = claimbench::test::random_matrix(8, 6, 6, 40);
  std::vector<float> d(48);
  REQUIRE(matmul(&p.h, &p.s.plan, 2.0f, p.compressed.get(), p.B.data(), 0.5f, c.data(), d.data()) == Status::success);
  for (std::size_t i = 0; i < d.size(); ++i) CHECK(d[i] == Approx(2.0f * ab[i] + 0.5f * c[i]).margin(1e-5));
  auto cd = c;
  REQUIRE(matmul(&p.h, &p.s.plan, 2.0f, p.compressed.get(), p.B.data(), 0.5f, cd.data(), cd.data()) == Status::success);
  for (std::size_t i = 0; i < d.size(); ++i) CHECK(cd[i] == Approx(d[i]).margin(1e-6));
}

TEST_CASE("the default plan runs the heuristic kernel and the search times every candidate and keeps a valid one") {
  SparseLtProblem p(48, 40, 128);
  int id = -1;
  REQUIRE(plan_config_id(&p.h, &p.s.plan, &id) == Status::success);
  CHECK(id == 0);
  std::string name;
  REQUIRE(plan_kernel_name(&p.h, &p.s.plan, &name) == Status::success);
  CHECK(name == claimbench::nm::best_sparse_gemm_nm_variant(2, 4)->name);

  int count = 0;
  REQUIRE(alg_config_count(&p.h, &p.s.selection, &count) == Status::success);
  REQUIRE(alg_set_search_iterations(&p.h, &p.s.plan.selection, 2) == Status::success);
  const Status st = search(&p.h, &p.s.plan, p.compressed.get(), p.B.data());
  INFO(status_text(st, p.h));
  REQUIRE(st == Status::success);
  REQUIRE(plan_config_id(&p.h, &p.s.plan, &id) == Status::success);
  CHECK(id >= 0);
  CHECK(id < count);
  REQUIRE(p.s.plan.search_timings.size() == static_cast<std::size_t>(count));
  CHECK(p.s.plan.search_seconds > 0.0);
  double fastest = 1e30;
  for (const auto& t : p.s.plan.search_timings) {
    CHECK(t.median_seconds > 0.0);
    fastest = std::min(fastest, t.median_seconds);
    std::string config_name;
    REQUIRE(alg_config_name(&p.h, &p.s.plan.selection, t.config_id, &config_name) == Status::success);
    CHECK(config_name == t.kernel);
  }
  CHECK(p.s.plan.search_timings[static_cast<std::size_t>(id)].median_seconds == fastest);
  REQUIRE(plan_kernel_name(&p.h, &p.s.plan, &name) == Status::success);
  CHECK(name == p.s.plan.search_timings[static_cast<std::size_t>(id)].kernel);
  const auto d = p.multiply(p.B);
  CHECK(check_gemm(48, 40, 128, p.A.data(), 128, p.B.data(), 40, d.data(), 40) == "");

  // Every configuration, chosen by hand, computes the same product.
  for (int c = 0; c < count; ++c) {
    REQUIRE(alg_set_config(&p.h, &p.s.plan.selection, c) == Status::success);
    const auto dc = p.multiply(p.B);
    CHECK(check_gemm(48, 40, 128, p.A.data(), 128, p.B.data(), 40, dc.data(), 40) == "");
  }
}
