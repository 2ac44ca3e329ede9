// Every Status of the sparselt API is reached here, each with a message that names what was
// wrong; nothing crashes on bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "sparselt/sparselt.hpp"
#include "sparselt/sparselt_setup.hpp"
#include "sparselt_fixture.hpp"

using namespace claimbench::sparselt;
using claimbench::test::SparseLtProblem;
using claimbench::test::status_text;

namespace {

bool mentions(const Handle& h, const std::string& text) { return h.last_error.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("status names are distinct and the success path leaves no message") {
  const Status all[] = {Status::success, Status::not_initialized, Status::invalid_value, Status::wrong_shape,
                        Status::pattern_violated, Status::unsupported_precision, Status::not_supported,
                        Status::misaligned_pointer, Status::buffer_mismatch, Status::allocation_failed};
  for (std::size_t i = 0; i < std::size(all); ++i)
    for (std::size_t j = i + 1; j < std::size(all); ++j)
      CHECK(std::string(status_name(all[i])) != status_name(all[j]));
  SparseLtProblem p(8, 8, 16);
  CHECK(p.h.last_error.empty());
}

TEST_CASE("not-initialized: calls on a handle, descriptor or plan that was never set up or was destroyed") {
  Handle h;  // never initialised
  MatrixDescriptor d;
  CHECK(dense_descriptor_init(&h, &d, 4, 4, 4, 4, Precision::fp32, Order::row_major) == Status::not_initialized);
  CHECK(dense_descriptor_init(nullptr, &d, 4, 4, 4, 4, Precision::fp32, Order::row_major) == Status::not_initialized);
  CHECK(destroy(&h) == Status::not_initialized);

  SparseLtProblem p(8, 8, 16);
  // A matmul descriptor from an uninitialised matrix descriptor.
  MatrixDescriptor blank;
  MatmulDescriptor md;
  CHECK(matmul_descriptor_init(&p.h, &md, Operation::none, Operation::none, &p.s.a, &blank, &p.s.c,
                               ComputeType::fp32) == Status::not_initialized);
  CHECK(mentions(p.h, "B's descriptor"));
  // A destroyed plan cannot run.
  Plan plan = p.s.plan;
  REQUIRE(plan_destroy(&p.h, &plan) == Status::success);
  std::vector<float> d_out(64);
  CHECK(matmul(&p.h, &plan, 1.0f, p.compressed.get(), p.B.data(), 0.0f, nullptr, d_out.data()) == Status::not_initialized);
  CHECK(mentions(p.h, "plan is not initialised"));
  CHECK(plan_destroy(&p.h, &plan) == Status::not_initialized);
  // A destroyed handle refuses everything.
  Handle gone;
  REQUIRE(init(&gone) == Status::success);
  REQUIRE(destroy(&gone) == Status::success);
  CHECK(matmul(&gone, &p.s.plan, 1.0f, p.compressed.get(), p.B.data(), 0.0f, nullptr, d_out.data()) ==
        Status::not_initialized);
}

TEST_CASE("invalid-value: null pointers, sizes, leading dimensions, alignment, config ids, NaN to prune") {
  Handle h;
  REQUIRE(init(&h) == Status::success);
  MatrixDescriptor d;
  CHECK(dense_descriptor_init(&h, nullptr, 4, 4, 4, 4, Precision::fp32, Order::row_major) == Status::invalid_value);
  CHECK(dense_descriptor_init(&h, &d, 0, 4, 4, 4, Precision::fp32, Order::row_major) == Status::invalid_value);
  CHECK(dense_descriptor_init(&h, &d, 4, 8, 7, 4, Precision::fp32, Order::row_major) == Status::invalid_value);
  CHECK(mentions(h, "leading dimension 7 < 8"));
  CHECK(dense_descriptor_init(&h, &d, 8, 4, 7, 4, Precision::fp32, Order::column_major) == Status::invalid_value);
  CHECK(dense_descriptor_init(&h, &d, 4, 4, 4, 3, Precision::fp32, Order::row_major) == Status::invalid_value);
  CHECK(dense_descriptor_init(&h, &d, 4, 4, 4, 2, Precision::fp32, Order::row_major) == Status::invalid_value);
  CHECK(structured_descriptor_init(&h, &d, 4, 4, 4, 4, Precision::fp32, Order::row_major, {4, 4}) == Status::invalid_value);
  CHECK(structured_descriptor_init(&h, &d, 4, 4, 4, 4, Precision::fp32, Order::row_major, {0, 4}) == Status::invalid_value);
  CHECK(set_threads(&h, 0) == Status::invalid_value);
  CHECK(destroy(&h) == Status::success);

  SparseLtProblem p(8, 8, 16);
  CHECK(alg_set_config(&p.h, &p.s.selection, -1) == Status::invalid_value);
  int count = 0;
  REQUIRE(alg_config_count(&p.h, &p.s.selection, &count) == Status::success);
  CHECK(count >= 1);
  CHECK(alg_set_config(&p.h, &p.s.selection, count) == Status::invalid_value);
  CHECK(mentions(p.h, "config id"));
  CHECK(alg_set_search_iterations(&p.h, &p.s.selection, 0) == Status::invalid_value);
  std::vector<float> d_out(64);
  CHECK(matmul(&p.h, &p.s.plan, 1.0f, nullptr, p.B.data(), 0.0f, nullptr, d_out.data()) == Status::invalid_value);
  CHECK(matmul(&p.h, &p.s.plan, 1.0f, p.compressed.get(), nullptr, 0.0f, nullptr, d_out.data()) == Status::invalid_value);
  CHECK(matmul(&p.h, &p.s.plan, 1.0f, p.compressed.get(), p.B.data(), 0.5f, nullptr, d_out.data()) == Status::invalid_value);
  CHECK(mentions(p.h, "C (beta"));
  std::vector<float> a = p.A;
  a[21] = std::numeric_limits<float>::quiet_NaN();
  CHECK(prune(&p.h, &p.s.matmul, a.data(), a.data(), PruneMode::strip) == Status::invalid_value);
  CHECK(mentions(p.h, "NaN at op(A) row 1, column 5"));
}

TEST_CASE("wrong-shape: B, C and op(A) that do not agree, and tile pruning of partial tiles") {
  Handle h;
  REQUIRE(init(&h) == Status::success);
  MatrixDescriptor a, b, c, b_bad, c_bad;
  REQUIRE(structured_descriptor_init(&h, &a, 8, 16, 16, 4, Precision::fp32, Order::row_major, {2, 4}) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &b, 16, 6, 6, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &c, 8, 6, 6, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &b_bad, 12, 6, 6, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &c_bad, 8, 5, 5, 4, Precision::fp32, Order::row_major) == Status::success);
  MatmulDescriptor md;
  CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &a, &b_bad, &c, ComputeType::fp32) ==
        Status::wrong_shape);
  CHECK(mentions(h, "op(A) is 8×16 but B is 12×6"));
  CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &a, &b, &c_bad, ComputeType::fp32) ==
        Status::wrong_shape);
  // Transposed, A (8×16) is op(A) 16×8: B's 16 rows no longer match.
  CHECK(matmul_descriptor_init(&h, &md, Operation::transpose, Operation::none, &a, &b, &c, ComputeType::fp32) ==
        Status::wrong_shape);
  // A plan from a selection made for another descriptor.
  MatrixDescriptor b2, c2;
  REQUIRE(dense_descriptor_init(&h, &b2, 16, 12, 12, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &c2, 8, 12, 12, 4, Precision::fp32, Order::row_major) == Status::success);
  MatmulDescriptor md1, md2;
  REQUIRE(matmul_descriptor_init(&h, &md1, Operation::none, Operation::none, &a, &b, &c, ComputeType::fp32) == Status::success);
  REQUIRE(matmul_descriptor_init(&h, &md2, Operation::none, Operation::none, &a, &b2, &c2, ComputeType::fp32) == Status::success);
  AlgorithmSelection sel;
  REQUIRE(alg_selection_init(&h, &sel, &md1, Algorithm::default_heuristic) == Status::success);
  Plan plan;
  CHECK(plan_init(&h, &plan, &md2, &sel) == Status::wrong_shape);
  // Tile pruning needs whole 4×4 tiles.
  MatrixDescriptor a6, b6, c6;
  REQUIRE(structured_descriptor_init(&h, &a6, 6, 16, 16, 4, Precision::fp32, Order::row_major, {2, 4}) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &b6, 16, 4, 4, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &c6, 6, 4, 4, 4, Precision::fp32, Order::row_major) == Status::success);
  MatmulDescriptor md6;
  REQUIRE(matmul_descriptor_init(&h, &md6, Operation::none, Operation::none, &a6, &b6, &c6, ComputeType::fp32) == Status::success);
  std::vector<float> w(6 * 16, 1.0f);
  CHECK(prune(&h, &md6, w.data(), w.data(), PruneMode::tile) == Status::wrong_shape);
  CHECK(prune(&h, &md6, w.data(), w.data(), PruneMode::strip) == Status::success);
}

TEST_CASE("pattern-violated: compressing a matrix that keeps too many names the row and the group") {
  SparseLtProblem p(8, 8, 16);
  std::vector<float> dense(8 * 16, 1.0f);
  CHECK(compress(&p.h, &p.s.plan, dense.data(), p.compressed.get(), nullptr) == Status::pattern_violated);
  CHECK(mentions(p.h, "row 0"));
  int valid = 1;
  CHECK(prune_check(&p.h, &p.s.matmul, dense.data(), &valid) == Status::success);
  CHECK(valid == 0);
  CHECK(mentions(p.h, "keeps 4 of 4"));
}

TEST_CASE("unsupported-precision: fp16, bf16, int8, tf32 operands and non-fp32 compute on the CPU backend") {
  Handle h;
  REQUIRE(init(&h) == Status::success);
  MatrixDescriptor a16, a, b, c;
  REQUIRE(structured_descriptor_init(&h, &a16, 8, 16, 16, 2, Precision::fp16, Order::row_major, {2, 4}) == Status::success);
  REQUIRE(structured_descriptor_init(&h, &a, 8, 16, 16, 4, Precision::fp32, Order::row_major, {2, 4}) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &b, 16, 8, 8, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &c, 8, 8, 8, 4, Precision::fp32, Order::row_major) == Status::success);
  MatmulDescriptor md;
  CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &a16, &b, &c, ComputeType::fp32) ==
        Status::unsupported_precision);
  CHECK(mentions(h, "A is fp16"));
  for (Precision p : {Precision::bf16, Precision::int8, Precision::tf32}) {
    MatrixDescriptor bp;
    REQUIRE(dense_descriptor_init(&h, &bp, 16, 8, 8, 4, p, Order::row_major) == Status::success);
    CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &a, &bp, &c, ComputeType::fp32) ==
          Status::unsupported_precision);
  }
  CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &a, &b, &c, ComputeType::fp16) ==
        Status::unsupported_precision);
}

TEST_CASE("not-supported: column-major or transposed B, a dense A, a pattern without a kernel, tile mode for m > 4") {
  Handle h;
  REQUIRE(init(&h) == Status::success);
  MatrixDescriptor a, b, bc, c, dense_a, a48;
  REQUIRE(structured_descriptor_init(&h, &a, 8, 16, 16, 4, Precision::fp32, Order::row_major, {2, 4}) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &b, 16, 8, 8, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &bc, 16, 8, 16, 4, Precision::fp32, Order::column_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &c, 8, 8, 8, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &dense_a, 8, 16, 16, 4, Precision::fp32, Order::row_major) == Status::success);
  MatmulDescriptor md;
  CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &a, &bc, &c, ComputeType::fp32) ==
        Status::not_supported);
  CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::transpose, &a, &b, &c, ComputeType::fp32) ==
        Status::not_supported);
  CHECK(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &dense_a, &b, &c, ComputeType::fp32) ==
        Status::not_supported);
  MatrixDescriptor d;
  CHECK(structured_descriptor_init(&h, &d, 8, 16, 16, 4, Precision::fp32, Order::row_major, {3, 8}) ==
        Status::not_supported);
  CHECK(mentions(h, "3:8"));
  REQUIRE(structured_descriptor_init(&h, &a48, 8, 16, 16, 4, Precision::fp32, Order::row_major, {4, 8}) == Status::success);
  REQUIRE(matmul_descriptor_init(&h, &md, Operation::none, Operation::none, &a48, &b, &c, ComputeType::fp32) == Status::success);
  std::vector<float> w(8 * 16, 1.0f);
  CHECK(prune(&h, &md, w.data(), w.data(), PruneMode::tile) == Status::not_supported);
}

TEST_CASE("misaligned-pointer: operands below the descriptor's alignment, compressed buffers off 64 bytes") {
  Handle h;
  REQUIRE(init(&h) == Status::success);
  RowMajorSetup s;
  REQUIRE(structured_descriptor_init(&h, &s.a, 8, 16, 16, 4, Precision::fp32, Order::row_major, {2, 4}) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &s.b, 16, 8, 8, 32, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(dense_descriptor_init(&h, &s.c, 8, 8, 8, 4, Precision::fp32, Order::row_major) == Status::success);
  REQUIRE(matmul_descriptor_init(&h, &s.matmul, Operation::none, Operation::none, &s.a, &s.b, &s.c, ComputeType::fp32) ==
          Status::success);
  REQUIRE(alg_selection_init(&h, &s.selection, &s.matmul, Algorithm::default_heuristic) == Status::success);
  REQUIRE(plan_init(&h, &s.plan, &s.matmul, &s.selection) == Status::success);
  std::vector<float> a(8 * 16, 0.0f);
  std::size_t bytes = 0, ws = 0;
  REQUIRE(compressed_size(&h, &s.plan, &bytes, &ws) == Status::success);
  auto buffer = allocate_aligned(bytes + 64);
  auto* raw = static_cast<unsigned char*>(buffer.get());
  CHECK(compress(&h, &s.plan, a.data(), raw + 16, nullptr) == Status::misaligned_pointer);
  REQUIRE(compress(&h, &s.plan, a.data(), raw, nullptr) == Status::success);
  auto b_buffer = allocate_aligned((16 * 8 + 8) * sizeof(float));
  float* b = static_cast<float*>(b_buffer.get());
  std::vector<float> d(64);
  CHECK(matmul(&h, &s.plan, 1.0f, raw, b + 1, 0.0f, nullptr, d.data()) == Status::misaligned_pointer);
  CHECK(mentions(h, "B is not aligned to 32 bytes"));
  CHECK(matmul(&h, &s.plan, 1.0f, raw + 4, b, 0.0f, nullptr, d.data()) == Status::misaligned_pointer);
  CHECK(matmul(&h, &s.plan, 1.0f, raw, b, 0.0f, nullptr, d.data()) == Status::success);
}

TEST_CASE("buffer-mismatch: a compressed matrix from another shape, or bytes compress() never wrote") {
  SparseLtProblem p(8, 8, 16);
  SparseLtProblem q(16, 8, 16);
  std::vector<float> d(8 * 8);
  CHECK(matmul(&p.h, &p.s.plan, 1.0f, q.compressed.get(), p.B.data(), 0.0f, nullptr, d.data()) == Status::buffer_mismatch);
  CHECK(mentions(p.h, "compressed A is 16×16 2:4; this plan needs 8×16 2:4"));
  auto zeros = allocate_aligned(p.compressed_bytes);
  std::memset(zeros.get(), 0, p.compressed_bytes);
  CHECK(matmul(&p.h, &p.s.plan, 1.0f, zeros.get(), p.B.data(), 0.0f, nullptr, d.data()) == Status::buffer_mismatch);
  CHECK(search(&p.h, &p.s.plan, zeros.get(), p.B.data()) == Status::buffer_mismatch);
}

TEST_CASE("allocation-failed: a search whose scratch product cannot be allocated reports it, not a crash") {
  Handle h;
  REQUIRE(init(&h) == Status::success);
  RowMajorSetup s;
  const int big = 1 << 30;  // M×N floats = 4 EiB
  REQUIRE(setup_row_major(&h, &s, big, big, 4, 4, big, big, {2, 4}) == Status::success);
  std::vector<float> b(16);
  auto fake = allocate_aligned(256);
  std::memset(fake.get(), 0, 256);
  const Status st = search(&h, &s.plan, fake.get(), b.data());
  INFO(status_text(st, h));
  CHECK(st == Status::allocation_failed);
  CHECK(mentions(h, "search"));
}
