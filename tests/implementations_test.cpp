// Every registered implementation, through the harness interface only: prepare → run →
// correctness gate, on awkward shapes, with 1 and 2 threads; proof of what ran; large values;
// NaN propagation.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "claimbench/correctness.hpp"
#include "claimbench/reference_gemm.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/statistics.hpp"
#include "dense/own_bf16gemm.hpp"
#include "dense/own_hgemm.hpp"
#include "dense/own_igemm.hpp"
#include "dense/own_sgemm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "nm/sparse_gemm_nm_bf16.hpp"
#include "nm/sparse_gemm_nm_fp16.hpp"
#include "nm/sparse_gemm_nm_int8.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

// CPU implementations only: the CUDA ones are registered in every build but run (and are
// checked, by tests/cuda) only where a GPU is present.
std::vector<ImplementationInfo> built_in() {
  std::vector<ImplementationInfo> out;
  for (const auto& info : Registry::global().list())
    if (info.technique != "test" && info.device == "cpu" && !Registry::global().is_task(info.name)) out.push_back(info);
  return out;
}

std::string pattern_tag(NMPattern p) { return std::to_string(p.n) + "of" + std::to_string(p.m); }

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Whether the implementation is one that CPU can run at all (a variant may need AVX-512).
bool runnable_here(const std::string& name) {
  for (const auto& v : dense::own_sgemm_variants())
    if (name == std::string("dense.") + v.name) return v.available();
  for (const auto& v : nm::sparse_gemm_nm_variants())
    if (name == v.name) return v.available();
  // Low-precision implementations need their ISA (VNNI, VBMI, BF16).
  for (const auto& v : dense::own_igemm_variants())
    if (name == std::string("dense.") + v.name) return v.available();
  for (const auto& v : nm::nm24_int8_variants())
    if (name == v.name) return v.available();
  if (name == "dense.own.int8") return dense::best_own_igemm_variant() != nullptr;
  if (name == "nm.2of4.int8") return nm::best_nm24_int8_variant() != nullptr;
  for (const auto& v : dense::own_bf16gemm_variants())
    if (name == std::string("dense.") + v.name) return v.available();
  for (const auto& v : nm::nm24_bf16_variants())
    if (name == v.name) return v.available();
  if (name == "dense.own.bf16") return dense::best_own_bf16gemm_variant() != nullptr;
  if (name == "nm.2of4.bf16") return nm::best_nm24_bf16_variant() != nullptr;
  for (const auto& v : nm::nm24_fp16_variants())
    if (name == v.name) return v.available();
  if (name == "nm.2of4.fp16") return nm::best_nm24_fp16_variant() != nullptr;
  for (const auto& v : dense::own_hgemm_variants())
    if (name == std::string("dense.") + v.name) return v.available();
  if (name == "dense.own.fp16") return dense::best_own_hgemm_variant() != nullptr;
  // Whether this oneDNN build has an f16 matmul: the adapter probes it and says so.
  if (name == "dense.onednn.fp16") {
    auto o = make_owned_problem(2, 2, 2, NMPattern{}, 1);
    return Registry::global().create(name)->supports(o.problem(), ExecutionConfig{1}).ok;
  }
  return true;
}

// Low-precision implementations dispatching to their best kernel (name is not a kernel name).
bool lowp_dispatcher(const std::string& name) {
  return name == "dense.own.int8" || name == "nm.2of4.int8" || name == "dense.own.bf16" || name == "nm.2of4.bf16" ||
         name == "dense.own.fp16" || name == "nm.2of4.fp16";
}

// The gate on the operands the implementation really multiplied (implementation.hpp).
CorrectnessResult check_effective(const Implementation& impl, const GemmProblem& problem, std::uint64_t seed) {
  GemmProblem checked = problem;
  double epsilon = 1.1920928955078125e-07;
  if (const auto e = impl.effective_operands()) {
    checked.A = e->A;
    checked.lda = e->lda;
    checked.B = e->B;
    checked.ldb = e->ldb;
    epsilon = e->accumulation_epsilon;
  }
  return check_gemm_result(checked, impl.result(), seed, 1 << 27, epsilon);
}

}  // namespace

TEST_CASE("every implementation computes the right product on awkward shapes", "[implementations]") {
  struct Shape {
    int M, N, K;
  };
  std::vector<Shape> shapes{{1, 1, 1},   {1, 9, 5},    {7, 1, 9},     {5, 9, 1},   {13, 17, 19},
                            {33, 65, 63}, {6, 64, 128}, {19, 48, 257}, {3, 130, 6}, {2, 3, 4097}};
  Bootstrap dims(2024);  // plus a few seeded random shapes
  for (int i = 0; i < 6; ++i)
    shapes.push_back({1 + static_cast<int>(dims.next() % 70), 1 + static_cast<int>(dims.next() % 70),
                      1 + static_cast<int>(dims.next() % 150)});
  const int n_shapes = static_cast<int>(shapes.size());
  const NMPattern patterns[] = {NMPattern{}, NMPattern{2, 4}, NMPattern{1, 2}, NMPattern{4, 8}, NMPattern{1, 4}};
  const auto impls = built_in();
  std::map<std::string, int> ran;
  std::uint64_t seed = 1;
  for (const auto& shape : shapes)
    for (const auto pattern : patterns) {
      const auto o = make_owned_problem(shape.M, shape.N, shape.K, pattern, seed++);
      const GemmProblem problem = o.problem();
      for (const int threads : {1, 2})
        for (const auto& info : impls) {
          auto impl = Registry::global().create(info.name);
          const ExecutionConfig config{threads};
          const Support support = impl->supports(problem, config);
          INFO(info.name << " on " << shape.M << "×" << shape.N << "×" << shape.K << " " << pattern.str() << ", "
                         << threads << " thread(s)");
          if (!support.ok) {
            CHECK_FALSE(support.reason.empty());
            continue;
          }
          impl->prepare(problem, config);
          impl->run();
          auto r = check_effective(*impl, problem, 5);
          INFO(r.detail);
          CHECK(r.passed);
          CHECK(impl->result().size() == static_cast<std::size_t>(shape.M) * shape.N);
          // A second run over the same buffers is still right (state that breaks on repeat).
          impl->run();
          CHECK(check_effective(*impl, problem, 6).passed);

          const Counters c = impl->counters();
          CHECK_FALSE(c.kernel.empty());
          CHECK_FALSE(c.isa.empty());
          CHECK(c.dense_equivalent_flops == 2.0 * shape.M * shape.N * shape.K);
          CHECK(c.useful_flops > 0);
          CHECK(c.operand_bytes > 0);
          if (starts_with(info.name, "nm.")) {
            // Proof of what ran: the sparse kernel for this very pattern.
            CHECK(c.kernel.find(pattern_tag(pattern)) != std::string::npos);
            if (shape.K % pattern.m == 0)
              CHECK(c.useful_flops == Approx(c.dense_equivalent_flops * pattern.n / pattern.m));
          }
          if (info.name == "nm.2of4") CHECK(starts_with(c.kernel, "nm.2of4."));
          if (starts_with(info.name, "nm.") && info.name.size() > 8 && !lowp_dispatcher(info.name))
            CHECK(c.kernel == info.name);  // one variant
          if (lowp_dispatcher(info.name) && starts_with(info.name, "nm.")) CHECK(starts_with(c.kernel, info.name + "."));
          if (info.name == "dense.own") CHECK(c.kernel == dense::best_own_sgemm_variant().name);
          if (info.name == "dense.own.prepacked")
            CHECK(c.kernel == std::string(dense::best_own_sgemm_variant().name) + ".prepacked");
          else if (starts_with(info.name, "dense.own.") && !lowp_dispatcher(info.name))
            CHECK(c.kernel == info.name.substr(6));
          if (info.name == "dense.own.int8") CHECK(c.kernel == dense::best_own_igemm_variant()->name);
          if (info.name == "dense.own.bf16") CHECK(c.kernel == dense::best_own_bf16gemm_variant()->name);
          if (info.name == "dense.openblas") CHECK(starts_with(c.kernel, "openblas.sgemm["));
          if (info.name == "dense.onednn") CHECK(starts_with(c.kernel, "onednn.matmul["));
          ++ran[info.name];
        }
    }
  // Nothing was skipped that this CPU can run.
  for (const auto& info : impls) {
    INFO(info.name);
    if (runnable_here(info.name)) CHECK(ran[info.name] > 0);
  }
  for (const char* name : {"dense.reference", "dense.own", "dense.openblas", "dense.onednn", "nm.2of4", "nm.1of2"}) {
    INFO(name);
    CHECK(ran[name] > 0);
  }
  // The sparse kernels ran only on their own pattern; dense ones on every pattern and both thread counts.
  CHECK(ran["nm.2of4"] == 2 * n_shapes);
  CHECK(ran["dense.own"] == 2 * n_shapes * 5);
  CHECK(ran["dense.reference"] == n_shapes * 5);  // single-threaded only
}

TEST_CASE("nm.2of4 accepts only 2:4 problems", "[implementations]") {
  const auto dense_problem = make_owned_problem(8, 8, 16, NMPattern{}, 21);
  auto impl = Registry::global().create("nm.2of4");
  const auto no = impl->supports(dense_problem.problem(), ExecutionConfig{1});
  CHECK_FALSE(no.ok);
  CHECK(no.reason.find("2:4") != std::string::npos);
  CHECK_FALSE(impl->supports(make_owned_problem(8, 8, 16, NMPattern{1, 2}, 22).problem(), ExecutionConfig{1}).ok);
  CHECK_FALSE(impl->supports(make_owned_problem(8, 8, 16, NMPattern{4, 8}, 23).problem(), ExecutionConfig{1}).ok);
  CHECK(impl->supports(make_owned_problem(8, 8, 16, NMPattern{2, 4}, 24).problem(), ExecutionConfig{2}).ok);

  // A problem labelled 2:4 whose weights were never pruned cannot be compressed: prepare
  // refuses instead of computing something else.
  auto unpruned = make_owned_problem(8, 8, 16, NMPattern{}, 25);
  unpruned.pattern = NMPattern{2, 4};
  auto fresh = Registry::global().create("nm.2of4");
  REQUIRE(fresh->supports(unpruned.problem(), ExecutionConfig{1}).ok);
  CHECK_THROWS_AS(fresh->prepare(unpruned.problem(), ExecutionConfig{1}), std::invalid_argument);
}

TEST_CASE("large values (1e15 scale) pass relative to the bound", "[implementations]") {
  auto o = make_owned_problem(17, 13, 40, NMPattern{2, 4}, 31);
  for (auto& a : o.A) a *= 1e15f;
  for (auto& b : o.B) b *= 1e15f;
  int ran = 0;
  for (const auto& info : built_in()) {
    auto impl = Registry::global().create(info.name);
    if (!impl->supports(o.problem(), ExecutionConfig{1}).ok) continue;
    INFO(info.name);
    impl->prepare(o.problem(), ExecutionConfig{1});
    impl->run();
    const auto r = check_effective(*impl, o.problem(), 3);
    INFO(r.detail);
    CHECK(r.passed);
    float biggest = 0;
    for (float v : impl->result()) biggest = std::max(biggest, std::fabs(v));
    CHECK(biggest > 1e29f);
    CHECK(std::isfinite(biggest));
    ++ran;
  }
  CHECK(ran >= 5);
}

TEST_CASE("a NaN in a row of A makes that row of C NaN", "[implementations]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const int M = 6, N = 10, K = 12, bad_row = 2;

  // Dense implementations, on a dense problem (own_sgemm.hpp documents this).
  auto dense = make_owned_problem(M, N, K, NMPattern{}, 41);
  dense.A[static_cast<std::size_t>(bad_row) * K + 5] = nan;
  int dense_ran = 0;
  for (const auto& info : built_in()) {
    // XNNPACK's fully-connected operator clamps its output with vmaxps/vminps against ±∞, which
    // returns the finite operand for a NaN: a library behaviour we record, not one we can fix.
    // The correctness gate refuses such an output (a NaN reference needs a NaN result).
    if (info.technique != "dense" || info.name.rfind("xnnpack.", 0) == 0) continue;
    auto impl = Registry::global().create(info.name);
    if (!impl->supports(dense.problem(), ExecutionConfig{1}).ok) continue;
    INFO(info.name);
    impl->prepare(dense.problem(), ExecutionConfig{1});
    impl->run();
    const auto c = impl->result();
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) {
        INFO("C[" << i << "][" << j << "]");
        CHECK(std::isnan(c[static_cast<std::size_t>(i) * N + j]) == (i == bad_row));
      }
    CHECK(check_gemm_result(dense.problem(), c, 1).passed);
    ++dense_ran;
  }
  CHECK(dense_ran >= 4);

  // The sparse kernel (sparse_gemm_nm.hpp): a NaN in a KEPT weight propagates like in a
  // dense product, so the row is NaN as well.
  auto sparse = make_owned_problem(M, N, K, NMPattern{2, 4}, 42);
  float* row = sparse.A.data() + static_cast<std::size_t>(bad_row) * K;
  const auto kept = std::find_if(row, row + K, [](float v) { return v != 0.0f; });
  REQUIRE(kept != row + K);
  *kept = nan;
  auto impl = Registry::global().create("nm.2of4");
  REQUIRE(impl->supports(sparse.problem(), ExecutionConfig{1}).ok);
  impl->prepare(sparse.problem(), ExecutionConfig{1});
  impl->run();
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) CHECK(std::isnan(impl->result()[static_cast<std::size_t>(i) * N + j]) == (i == bad_row));
  CHECK(check_gemm_result(sparse.problem(), impl->result(), 1).passed);
}

TEST_CASE("a NaN in B that meets only pruned weights: dense gives NaN, the sparse kernel skips it",
          "[implementations]") {
  // Documented in sparse_gemm_nm.hpp: pruned (zero) weights are never multiplied, so the
  // sparse result differs from the dense oracle (0·NaN = NaN) and fails the gate. This is
  // what the header promises, recorded here so that a change in either shows up.
  const int M = 4, N = 5, K = 8, k = 3, j0 = 2;
  auto o = make_owned_problem(M, N, K, NMPattern{2, 4}, 51);
  o.B[static_cast<std::size_t>(k) * N + j0] = std::numeric_limits<float>::quiet_NaN();
  std::vector<bool> keeps_k(M);
  for (int i = 0; i < M; ++i) keeps_k[i] = o.A[static_cast<std::size_t>(i) * K + k] != 0.0f;
  REQUIRE(std::count(keeps_k.begin(), keeps_k.end(), false) > 0);

  auto sparse = Registry::global().create("nm.2of4");
  sparse->prepare(o.problem(), ExecutionConfig{1});
  sparse->run();
  for (int i = 0; i < M; ++i) {
    INFO("row " << i << (keeps_k[i] ? " keeps" : " prunes") << " k=" << k);
    CHECK(std::isnan(sparse->result()[static_cast<std::size_t>(i) * N + j0]) == keeps_k[i]);
  }
  CHECK_FALSE(check_gemm_result(o.problem(), sparse->result(), 1).passed);

  for (const char* name : {"dense.own", "dense.reference"}) {
    INFO(name);
    auto d = Registry::global().create(name);
    d->prepare(o.problem(), ExecutionConfig{1});
    d->run();
    for (int i = 0; i < M; ++i) CHECK(std::isnan(d->result()[static_cast<std::size_t>(i) * N + j0]));
    CHECK(check_gemm_result(o.problem(), d->result(), 1).passed);
  }
}

TEST_CASE("the wrong-result test implementation really is wrong", "[implementations]") {
  const auto o = make_owned_problem(16, 8, 32, NMPattern{2, 4}, 61);
  auto impl = Registry::global().create(kWrongResultName);
  impl->prepare(o.problem(), ExecutionConfig{1});
  impl->run();
  CHECK_FALSE(check_gemm_result(o.problem(), impl->result(), 1).passed);
}

TEST_CASE("nm useful_flops counts kept values only, also in a short last group", "[implementations]") {
  // implementation.hpp: useful_flops = "multiply-adds on kept values × 2". A row of K = 5 at
  // 2:4 keeps 2 + min(2, 1) = 3 values, not 4 (the filler slot of the short group is no work).
  for (const int K : {1, 5, 9, 6}) {
    INFO("K = " << K);
    const int M = 3, N = 7;
    const auto o = make_owned_problem(M, N, K, NMPattern{2, 4}, 70 + K);
    auto impl = Registry::global().create("nm.2of4");
    impl->prepare(o.problem(), ExecutionConfig{1});
    impl->run();
    const int kept_per_row = K / 4 * 2 + std::min(2, K % 4);
    const Counters c = impl->counters();
    CHECK(c.useful_flops == 2.0 * M * N * kept_per_row);
    CHECK(c.useful_flops <= c.dense_equivalent_flops);
  }
}
