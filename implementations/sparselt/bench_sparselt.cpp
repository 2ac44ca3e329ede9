// sparselt on BERT-Large linear layers (128 tokens; M×N×K = out × tokens × in, 2:4 fp32, one thread):
//   kernel/<layer>            the heuristic's kernel called directly on its operand
//   api.default/<layer>       the same kernel through sparselt::matmul (the library's overhead)
//   api.searched/<layer>      matmul with the plan's searched kernel
//   api.rebuild/<layer>       descriptors + plan rebuilt around every matmul (PyTorch's old path)
//   setup/<layer>, search/<layer>, compress/<layer>: the one-off costs alone
//   overhead/kernel, overhead/api: an 8×16×16 product, where the library's fixed per-call cost
//     (argument checks, reading the compressed header) is not hidden by the kernel's time;
//     dividing the difference by a layer's matmul time bounds the overhead more tightly than
//     comparing two noisy millisecond medians
//   claimbench_bench_sparselt --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "sparselt/sparselt.hpp"
#include "sparselt/sparselt_setup.hpp"

namespace {

using namespace claimbench;

struct Layer {
  const char* name;
  int M, N, K;
};
// Devlin et al. 2019: hidden 1024, feed-forward 4096; QKV fused (as in data/workloads/bert-large-linear.csv).
constexpr Layer kLayers[] = {{"qkv", 3072, 128, 1024},
                             {"attn-out", 1024, 128, 1024},
                             {"ffn-up", 4096, 128, 1024},
                             {"ffn-down", 1024, 128, 4096}};

struct Operands {
  std::vector<float> A, B, D;
  Operands(const Layer& l) : A(static_cast<std::size_t>(l.M) * l.K), B(static_cast<std::size_t>(l.K) * l.N),
                             D(static_cast<std::size_t>(l.M) * l.N) {
    std::mt19937 rng(7);
    std::normal_distribution<float> dist;
    for (float& x : A) x = dist(rng);
    for (float& x : B) x = dist(rng);
    // 2:4 by magnitude along K.
    for (int i = 0; i < l.M; ++i)
      for (int g = 0; g < l.K; g += 4) {
        float* p = &A[static_cast<std::size_t>(i) * l.K + g];
        for (int drop = 0; drop < 2; ++drop) {
          int s = -1;
          for (int j = 0; j < 4; ++j)
            if (p[j] != 0.0f && (s < 0 || std::fabs(p[j]) < std::fabs(p[s]))) s = j;
          p[s] = 0.0f;
        }
      }
  }
};

void die(sparselt::Handle& h, const char* what) {
  std::fprintf(stderr, "sparselt %s failed: %s\n", what, h.last_error.c_str());
  std::exit(1);
}
#define OK(call) \
  if ((call) != sparselt::Status::success) die(h, #call)

struct Library {
  sparselt::Handle h;
  sparselt::RowMajorSetup s;
  sparselt::AlignedBytes compressed;
  Library(const Layer& l, Operands& o, bool do_search) {
    OK(sparselt::init(&h));
    OK(sparselt::setup_row_major(&h, &s, l.M, l.N, l.K, l.K, l.N, l.N, {2, 4}));
    std::size_t bytes = 0, ws = 0;
    OK(sparselt::compressed_size(&h, &s.plan, &bytes, &ws));
    compressed = sparselt::allocate_aligned(bytes);
    OK(sparselt::compress(&h, &s.plan, o.A.data(), compressed.get(), nullptr));
    if (do_search) OK(sparselt::search(&h, &s.plan, compressed.get(), o.B.data()));
  }
  ~Library() {
    sparselt::teardown(&h, &s);
    sparselt::destroy(&h);
  }
};

void gflops(benchmark::State& state, const Layer& l) {
  state.counters["GFLOPs"] =
      benchmark::Counter(2.0 * l.M * l.N * l.K * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void bench_kernel(benchmark::State& state, Layer l) {
  Operands o(l);
  const auto* v = nm::best_sparse_gemm_nm_variant(2, 4);
  const auto op = nm::prepare_nm_operand(nm::compress_nm(o.A.data(), l.M, l.K, l.K, 2, 4));
  for (auto _ : state) {
    v->run(op, o.B.data(), l.N, l.N, o.D.data(), l.N, 1);
    benchmark::ClobberMemory();
  }
  state.SetLabel(v->name);
  gflops(state, l);
}

void bench_api(benchmark::State& state, Layer l, bool do_search) {
  Operands o(l);
  Library lib(l, o, do_search);
  auto& h = lib.h;
  for (auto _ : state) {
    OK(sparselt::matmul(&h, &lib.s.plan, 1.0f, lib.compressed.get(), o.B.data(), 0.0f, nullptr, o.D.data()));
    benchmark::ClobberMemory();
  }
  std::string name;
  OK(sparselt::plan_kernel_name(&h, &lib.s.plan, &name));
  state.SetLabel(name);
  gflops(state, l);
}

void bench_rebuild(benchmark::State& state, Layer l) {
  Operands o(l);
  Library lib(l, o, false);
  auto& h = lib.h;
  OK(sparselt::teardown(&h, &lib.s));
  for (auto _ : state) {
    OK(sparselt::setup_row_major(&h, &lib.s, l.M, l.N, l.K, l.K, l.N, l.N, {2, 4}));
    OK(sparselt::matmul(&h, &lib.s.plan, 1.0f, lib.compressed.get(), o.B.data(), 0.0f, nullptr, o.D.data()));
    OK(sparselt::teardown(&h, &lib.s));
    benchmark::ClobberMemory();
  }
  gflops(state, l);
}

void bench_setup(benchmark::State& state, Layer l) {
  sparselt::Handle h;
  OK(sparselt::init(&h));
  sparselt::RowMajorSetup s;
  for (auto _ : state) {
    OK(sparselt::setup_row_major(&h, &s, l.M, l.N, l.K, l.K, l.N, l.N, {2, 4}));
    OK(sparselt::teardown(&h, &s));
  }
}

void bench_compress(benchmark::State& state, Layer l) {
  Operands o(l);
  Library lib(l, o, false);
  auto& h = lib.h;
  for (auto _ : state) OK(sparselt::compress(&h, &lib.s.plan, o.A.data(), lib.compressed.get(), nullptr));
}

void bench_search(benchmark::State& state, Layer l) {
  Operands o(l);
  Library lib(l, o, false);
  auto& h = lib.h;
  for (auto _ : state) OK(sparselt::search(&h, &lib.s.plan, lib.compressed.get(), o.B.data()));
}

constexpr Layer kTiny{"tiny", 8, 16, 16};

const bool registered = [] {
  benchmark::RegisterBenchmark("overhead/kernel", bench_kernel, kTiny)->Unit(benchmark::kNanosecond);
  benchmark::RegisterBenchmark("overhead/api", bench_api, kTiny, false)->Unit(benchmark::kNanosecond);
  for (const Layer& l : kLayers) {
    const std::string n = l.name;
    benchmark::RegisterBenchmark(("kernel/" + n).c_str(), bench_kernel, l)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("api.default/" + n).c_str(), bench_api, l, false)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("api.searched/" + n).c_str(), bench_api, l, true)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("api.rebuild/" + n).c_str(), bench_rebuild, l)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("setup/" + n).c_str(), bench_setup, l)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("compress/" + n).c_str(), bench_compress, l)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("search/" + n).c_str(), bench_search, l)->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
