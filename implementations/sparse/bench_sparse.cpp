// Kernel microbenchmark for unstructured sparsity: every CSR variant, the sparse × sparse
// intersection kernel, XNNPACK's sparse path (when built) and the dense baselines (OpenBLAS,
// own prepacked SGEMM) at 50–95% weight sparsity, on the platform-notes shape (512×512
// weights × 256 columns), a ResNet-50 1×1 convolution and three BERT-base linears.
//   OPENBLAS_CORETYPE=SkylakeX claimbench_bench_sparse --benchmark_repetitions=5
//     --benchmark_report_aggregates_only=true
// Counters: GFLOPs = dense-equivalent 2·M·N·K / time; nz_GFLOPs = 2·nnz(A)·N / time.
// OPENBLAS_CORETYPE must be in the environment before the process starts (platform notes):
// the active OpenBLAS core is printed in the context so a Prescott fallback shows.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "dense/own_sgemm.hpp"
#include "sparse/csr_matrix.hpp"
#include "sparse/sparse_gemm_csr.hpp"
#include "sparse/sparse_sparse_gemm.hpp"
#ifdef CLAIMBENCH_HAVE_XNNPACK
#include "sparse/xnnpack_spmm.hpp"
#endif

namespace {

namespace sp = claimbench::sparse;

struct Shape {
  const char* name;
  int M, N, K;
};
// Platform-notes shape; a ResNet-50 conv4 1×1 (256→1024 channels, 14×14) and the BERT-base
// linears of the unstructured-sweep table (128 tokens).
constexpr Shape kShapes[] = {{"platform", 512, 256, 512},
                             {"rn50.conv4.expand", 1024, 196, 256},
                             {"bert-base.attn-out", 768, 128, 768},
                             {"bert-base.ffn-up", 3072, 128, 768},
                             {"bert-base.ffn-down", 768, 128, 3072}};
// 30% and 40% bracket the break-even with the dense baselines.
constexpr double kSparsities[] = {0.3, 0.4, 0.5, 0.7, 0.8, 0.9, 0.95};

struct Data {
  std::vector<float> A, B, C;
  std::size_t nnz = 0;
};

// A: N(0,1) pruned by magnitude to the fraction; B: N(0,1) or ReLU(N(0,1)).
Data make_data(const Shape& s, double sparsity, bool relu_b) {
  Data d;
  std::mt19937 rng(42);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  d.A.resize(static_cast<std::size_t>(s.M) * s.K);
  d.B.resize(static_cast<std::size_t>(s.K) * s.N);
  for (float& x : d.A) x = normal(rng);
  for (float& x : d.B) x = relu_b ? std::max(0.0f, normal(rng)) : normal(rng);
  std::vector<float> mag(d.A.size());
  for (std::size_t i = 0; i < mag.size(); ++i) mag[i] = std::abs(d.A[i]);
  const std::size_t drop = static_cast<std::size_t>(std::llround(sparsity * mag.size()));
  if (drop > 0) {
    std::nth_element(mag.begin(), mag.begin() + (drop - 1), mag.end());
    const float t = mag[drop - 1];
    std::size_t zeroed = 0;
    for (float& x : d.A)
      if (std::abs(x) <= t && zeroed < drop) x = 0.0f, ++zeroed;
  }
  for (float x : d.A) d.nnz += x != 0.0f;
  d.C.assign(static_cast<std::size_t>(s.M) * s.N, 0.0f);
  return d;
}

void set_counters(benchmark::State& state, const Shape& s, std::size_t nnz) {
  state.counters["GFLOPs"] = benchmark::Counter(2.0 * s.M * s.N * s.K * 1e-9,
                                                benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nz_GFLOPs"] = benchmark::Counter(2.0 * static_cast<double>(nnz) * s.N * 1e-9,
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

template <typename F>
void loop(benchmark::State& state, Data& d, F&& f) {
  for (auto _ : state) {
    f();
    benchmark::DoNotOptimize(d.C.data());
    benchmark::ClobberMemory();
  }
}

struct Tuning {
  int kc = 0, sweep = 0;  // 0: the variant's own
};

void bench_csr(benchmark::State& state, const sp::CsrVariant* v, Shape s, double sparsity, int threads,
               Tuning tune) {
  Data d = make_data(s, sparsity, false);
  const auto op = sp::prepare_csr_operand(sp::csr_from_dense(d.A.data(), s.M, s.K, s.K), *v, tune.kc, tune.sweep);
  loop(state, d, [&] { v->run(op, d.B.data(), s.N, s.N, d.C.data(), s.N, threads); });
  set_counters(state, s, d.nnz);
  // Padding the microkernel multiplies (filler entries per stored weight).
  state.counters["fill"] = static_cast<double>(op.filler_entries()) / static_cast<double>(std::max<std::size_t>(1, op.nonzeros));
}

// "csr": the variant the adapter picks for this density.
void bench_csr_auto(benchmark::State& state, Shape s, double sparsity, int threads) {
  Data d = make_data(s, sparsity, false);
  const auto c = sp::csr_from_dense(d.A.data(), s.M, s.K, s.K);
  const sp::CsrVariant& v = sp::best_csr_variant(static_cast<double>(c.nnz()) / (static_cast<double>(s.M) * s.K));
  const auto op = sp::prepare_csr_operand(c, v);
  loop(state, d, [&] { v.run(op, d.B.data(), s.N, s.N, d.C.data(), s.N, threads); });
  set_counters(state, s, d.nnz);
  state.SetLabel(v.name);
}

void bench_sparse_sparse(benchmark::State& state, const sp::IntersectVariant* v, Shape s,
                         double sparsity, int threads) {
  Data d = make_data(s, sparsity, true);
  const auto w = sp::weight_fibers(sp::csr_from_dense(d.A.data(), s.M, s.K, s.K));
  sp::ActivationFibers x;
  loop(state, d, [&] {
    sp::compress_activations(d.B.data(), s.K, s.N, s.N, x);
    v->run(w, x, d.C.data(), s.N, threads, nullptr);
  });
  set_counters(state, s, d.nnz);
}

void bench_openblas(benchmark::State& state, Shape s, double sparsity, int threads) {
  Data d = make_data(s, sparsity, false);
  openblas_set_num_threads(threads);
  loop(state, d, [&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.M, s.N, s.K, 1.0f, d.A.data(), s.K,
                d.B.data(), s.N, 0.0f, d.C.data(), s.N);
  });
  set_counters(state, s, d.nnz);
}

void bench_own_prepacked(benchmark::State& state, Shape s, double sparsity, int threads) {
  Data d = make_data(s, sparsity, false);
  const auto& v = claimbench::dense::best_own_sgemm_variant();
  claimbench::dense::PackedWeights pw;
  v.pack_weights(s.M, s.K, d.A.data(), s.K, pw);
  loop(state, d, [&] { v.run_packed(pw, s.N, d.B.data(), s.N, d.C.data(), s.N, threads); });
  set_counters(state, s, d.nnz);
}

#ifdef CLAIMBENCH_HAVE_XNNPACK
void bench_xnnpack(benchmark::State& state, Shape s, double sparsity, int threads) {
  Data d = make_data(s, sparsity, false);
  sp::XnnpackSpmm op(s.M, s.K, d.A.data(), s.K, threads);
  loop(state, d, [&] { op.run(d.B.data(), s.N, d.C.data()); });
  set_counters(state, s, d.nnz);
}
#endif

std::string name(const char* impl, const Shape& s, double sparsity, int threads) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s/%s/s%02d/t%d", impl, s.name, static_cast<int>(std::lround(sparsity * 100)),
                threads);
  return buf;
}

template <typename F, typename... Args>
void add(const std::string& n, F f, Args... args) {
  benchmark::RegisterBenchmark(n.c_str(), f, args...)->Unit(benchmark::kMicrosecond)->UseRealTime();
}

// Tuning aid: CLAIMBENCH_CSR_TUNE="kc:sweep,kc:sweep,..." adds every CSR variant once more per
// pair (0 = the variant's own value), named <variant>@kc<kc>:sw<sweep>, so that blockings are
// compared side by side in one interleaved run.
std::vector<Tuning> tunings() {
  std::vector<Tuning> t{{}};
  const char* env = std::getenv("CLAIMBENCH_CSR_TUNE");
  for (const char* p = env; p && *p;) {
    Tuning x;
    if (std::sscanf(p, "%d:%d", &x.kc, &x.sweep) != 2) {
      std::fprintf(stderr, "CLAIMBENCH_CSR_TUNE: expected kc:sweep pairs, got '%s'\n", env);
      std::exit(2);
    }
    t.push_back(x);
    p = std::strchr(p, ',');
    if (p) ++p;
  }
  return t;
}

std::string tuned(const char* variant, Tuning t) {
  if (t.kc == 0 && t.sweep == 0) return variant;
  return std::string(variant) + "@kc" + std::to_string(t.kc) + ":sw" + std::to_string(t.sweep);
}

const int registered = [] {
  benchmark::AddCustomContext("openblas_core", openblas_get_corename());
  for (const Shape& s : kShapes)
    for (int t : {1, 2})
      for (double sp_ : kSparsities) {
        add(name("dense.openblas", s, sp_, t), bench_openblas, s, sp_, t);
        add(name(claimbench::dense::best_own_sgemm_variant().name, s, sp_, t), bench_own_prepacked, s, sp_, t);
        add(name("csr", s, sp_, t), bench_csr_auto, s, sp_, t);
        for (const Tuning& tune : tunings())
          for (const auto& v : sp::csr_variants())
            if (v.available() && std::string(v.isa) != "scalar")
              add(name(tuned(v.name, tune).c_str(), s, sp_, t), bench_csr, &v, s, sp_, t, tune);
        for (const auto& v : sp::intersect_variants())
          if (v.available() && std::string(v.isa) != "scalar")
            add(name(v.name, s, sp_, t), bench_sparse_sparse, &v, s, sp_, t);
#ifdef CLAIMBENCH_HAVE_XNNPACK
        add(name("xnnpack.sparse", s, sp_, t), bench_xnnpack, s, sp_, t);
#endif
      }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
