// Kernel microbenchmark: OpenBLAS sgemm, own SGEMM variants and N:M sparse GEMM variants on
// the BERT-Large linear shapes (M×N×K with N = 512 tokens). Reports GFLOP/s as a counter; for
// sparse kernels it is dense-equivalent (2·M·N·K / time). stream:1 runs a variant on its
// prepacked weight stream, stream:0 on the row layout. OpenBLAS picks slow kernels on some
// CPUs unless OPENBLAS_CORETYPE is set before the program starts (the context line says which).
//   OPENBLAS_CORETYPE=SkylakeX claimbench_bench_kernels --benchmark_repetitions=5
//     --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "dense/own_sgemm.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"

namespace {

struct Shape {
  int M, N, K;
};
// The last three: the BERT-Large encoder's linears at batch 8, sequence 384 (3072 tokens).
constexpr Shape kShapes[] = {{1024, 1024, 1024}, {1024, 512, 1024}, {4096, 512, 1024},
                             {1024, 512, 4096}, {1024, 3072, 1024}, {4096, 3072, 1024},
                             {1024, 3072, 4096}};
// Decode: a few tokens through BERT-Large and LLaMA-7B linears (weights stream from memory).
constexpr Shape kDecodeShapes[] = {{4096, 1, 1024},  {4096, 8, 1024},  {4096, 16, 1024},
                                   {4096, 1, 4096},  {4096, 4, 4096},  {4096, 8, 4096},
                                   {4096, 16, 4096}, {4096, 32, 4096}, {11008, 1, 4096},
                                   {11008, 8, 4096}};

std::vector<Shape> all_shapes() {
  std::vector<Shape> v(std::begin(kShapes), std::end(kShapes));
  v.insert(v.end(), std::begin(kDecodeShapes), std::end(kDecodeShapes));
  return v;
}

std::vector<float> random_matrix(std::size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng);
  return v;
}

// Keep the n largest-magnitude values of every group of m (ties: lower index).
void prune(std::vector<float>& a, int rows, int cols, int n, int m) {
  for (int r = 0; r < rows; ++r)
    for (int g = 0; g < cols; g += m) {
      const int len = std::min(m, cols - g);
      float* p = a.data() + static_cast<std::size_t>(r) * cols + g;
      for (int drop = 0; drop < len - n; ++drop) {
        int best = -1;
        for (int j = 0; j < len; ++j)
          if (p[j] != 0.0f && (best < 0 || std::abs(p[j]) < std::abs(p[best]))) best = j;
        if (best >= 0) p[best] = 0.0f;
      }
    }
}

void set_counters(benchmark::State& state, const Shape& s) {
  state.counters["GFLOPs"] = benchmark::Counter(2.0 * s.M * s.N * s.K * 1e-9,
                                                benchmark::Counter::kIsIterationInvariantRate);
}

// Seeded operands of one shape and the timing loop every benchmark here shares: `product`
// computes C from A and B once per iteration.
struct Operands {
  explicit Operands(const Shape& s)
      : A(random_matrix(static_cast<std::size_t>(s.M) * s.K, 1)),
        B(random_matrix(static_cast<std::size_t>(s.K) * s.N, 2)),
        C(static_cast<std::size_t>(s.M) * s.N) {}
  std::vector<float> A, B, C;
};

template <typename Product>
void time_product(benchmark::State& state, const Shape& s, Operands& o, Product product) {
  for (auto _ : state) {
    product();
    benchmark::DoNotOptimize(o.C.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, s);
}

// packed:1 packs the weights once outside the timing loop, as dense.own does in the harness
// (and as the sparse variants' stream:1 does); packed:0 packs them in every call.
void bench_dense(benchmark::State& state, const claimbench::dense::SgemmVariant* v, Shape s,
                 int threads) {
  Operands o(s);
  if (state.range(0) == 1) {
    claimbench::dense::PackedWeights w;
    v->pack_weights(s.M, s.K, o.A.data(), s.K, w);
    time_product(state, s, o, [&] { v->run_packed(w, s.N, o.B.data(), s.N, o.C.data(), s.N, threads); });
    return;
  }
  time_product(state, s, o, [&] {
    v->run(s.M, s.N, s.K, o.A.data(), s.K, o.B.data(), s.N, o.C.data(), s.N, threads);
  });
}

void bench_openblas(benchmark::State& state, Shape s, int threads) {
  Operands o(s);
  openblas_set_num_threads(threads);
  time_product(state, s, o, [&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.M, s.N, s.K, 1.0f, o.A.data(), s.K,
                o.B.data(), s.N, 0.0f, o.C.data(), s.N);
  });
}

// Decode shapes: one cblas_sgemv per column of B (reads the weights once per column, no packing).
void bench_openblas_gemv(benchmark::State& state, Shape s, int threads) {
  Operands o(s);
  openblas_set_num_threads(threads);
  time_product(state, s, o, [&] {
    for (int j = 0; j < s.N; ++j)
      cblas_sgemv(CblasRowMajor, CblasNoTrans, s.M, s.K, 1.0f, o.A.data(), s.K, o.B.data() + j,
                  s.N, 0.0f, o.C.data() + j, s.N);
  });
}

void bench_sparse(benchmark::State& state, const claimbench::nm::SparseGemmVariant* v, Shape s,
                  int threads) {
  Operands o(s);
  prune(o.A, s.M, s.K, v->n, v->m);
  auto op = claimbench::nm::prepare_nm_operand(
      claimbench::nm::compress_nm(o.A.data(), s.M, s.K, s.K, v->n, v->m));
  if (state.range(0) == 1) claimbench::nm::prepack_nm_operand(op, *v);
  time_product(state, s, o, [&] { v->run(op, o.B.data(), s.N, s.N, o.C.data(), s.N, threads); });
}

std::string bench_name(const char* variant, const Shape& s, int threads) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s/%dx%dx%d/t%d", variant, s.M, s.N, s.K, threads);
  return buf;
}

const int registered = [] {
  benchmark::AddCustomContext("openblas_core", openblas_get_corename());
  for (const Shape& s : all_shapes())
    for (int t : {1, 2})
      benchmark::RegisterBenchmark(bench_name("openblas.sgemm", s, t).c_str(), bench_openblas, s, t)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  for (const Shape& s : kDecodeShapes)
    for (int t : {1, 2})
      benchmark::RegisterBenchmark(bench_name("openblas.sgemv", s, t).c_str(), bench_openblas_gemv, s, t)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  for (const auto& v : claimbench::dense::own_sgemm_variants()) {
    if (!v.available() || std::string(v.isa) == "scalar") continue;
    for (const Shape& s : kShapes)
      for (int t : {1, 2})
        benchmark::RegisterBenchmark(bench_name(v.name, s, t).c_str(),
                                     bench_dense, &v, s, t)
            ->ArgName("packed")
            ->Arg(0)
            ->Arg(1)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
  }
  for (const auto& v : claimbench::nm::sparse_gemm_nm_variants()) {
    if (!v.available() || std::string(v.isa) == "scalar") continue;
    if (!((v.n == 2 && v.m == 4) || (v.n == 1 && v.m == 2))) continue;
    for (const Shape& s : all_shapes())
      for (int t : {1, 2})
        benchmark::RegisterBenchmark(bench_name(v.name, s, t).c_str(),
                                     bench_sparse, &v, s, t)
            ->ArgName("stream")
            ->Arg(0)
            ->Arg(1)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
