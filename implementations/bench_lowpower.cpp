// Google Benchmark of the low-power kernels through the harness interface (prepare untimed,
// run() timed), with the problem and seed fixed per shape:
//   decode: LUT-GEMM vs dequantize-then-GEMM vs fp32 GEMV, one token, 4096×4096, 2/3/4 bits
//   bert:   own int8 VNNI GEMM vs OpenBLAS sgemm at BERT-Large linear shapes (128 tokens)
// Run with OPENBLAS_CORETYPE set for this CPU (e.g. SkylakeX), else OpenBLAS falls back to
// its slow generic kernels. Each benchmark reports dense-equivalent GOP/s and the kernel that ran.
//   claimbench_bench_lowpower [--threads T] [google benchmark flags]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "claimbench/registry.hpp"

using namespace claimbench;

namespace {

struct Operands {
  int M, N, K;
  std::vector<float> A, B;
};

const Operands& operands(int M, int N, int K) {
  static std::map<std::string, std::unique_ptr<Operands>> cache;
  const std::string key = std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K);
  auto& slot = cache[key];
  if (!slot) {
    slot = std::make_unique<Operands>(Operands{M, N, K, {}, {}});
    std::mt19937 rng(1234 + M + N + K);
    std::normal_distribution<float> d(0.0f, 1.0f);
    slot->A.resize(static_cast<std::size_t>(M) * K);
    slot->B.resize(static_cast<std::size_t>(K) * N);
    for (float& x : slot->A) x = d(rng);
    for (float& x : slot->B) x = d(rng);
  }
  return *slot;
}

void run_impl(benchmark::State& state, const std::string& name, int M, int N, int K, int threads) {
  const Operands& o = operands(M, N, K);
  GemmProblem p;
  p.M = M, p.N = N, p.K = K, p.A = o.A.data(), p.lda = K, p.B = o.B.data(), p.ldb = N;
  auto impl = Registry::global().create(name);
  const Support s = impl->supports(p, ExecutionConfig{threads});
  if (!s.ok) {
    state.SkipWithError(("unsupported: " + s.reason).c_str());
    return;
  }
  impl->prepare(p, ExecutionConfig{threads});
  impl->run();
  for (auto _ : state) {
    impl->run();
    benchmark::DoNotOptimize(impl->result().data());
  }
  const Counters c = impl->counters();
  state.counters["GOPs"] = benchmark::Counter(2.0 * M * N * static_cast<double>(K) * state.iterations() / 1e9,
                                              benchmark::Counter::kIsRate);
  if (c.extra.count("modeled_energy_j")) state.counters["modeled_uJ"] = c.extra.at("modeled_energy_j") * 1e6;
  state.SetLabel(c.kernel);
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1;
  std::vector<char*> rest{argv[0]};
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--threads") == 0 && a + 1 < argc) threads = std::atoi(argv[++a]);
    else rest.push_back(argv[a]);
  }
  for (int bits : {2, 3, 4})
    for (const std::string& name : {"lut.w" + std::to_string(bits) + "g128",
                                    "lut.dequant-gemm.w" + std::to_string(bits) + "g128",
                                    "lut.dequant-fused.w" + std::to_string(bits) + "g128"})
      benchmark::RegisterBenchmark(("decode/4096x1x4096/" + name).c_str(),
                                   [=](benchmark::State& s) { run_impl(s, name, 4096, 1, 4096, threads); })
          ->Unit(benchmark::kMicrosecond)->UseRealTime();
  for (const char* name : {"dense.openblas.gemv", "dense.openblas"})
    benchmark::RegisterBenchmark((std::string("decode/4096x1x4096/") + name).c_str(),
                                 [=](benchmark::State& s) { run_impl(s, name, 4096, 1, 4096, threads); })
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
  struct Shape { const char* tag; int M, N, K; };
  for (const Shape& sh : {Shape{"qkv", 3072, 128, 1024}, Shape{"attn-out", 1024, 128, 1024},
                          Shape{"ffn-up", 4096, 128, 1024}, Shape{"ffn-down", 1024, 128, 4096}})
    for (const char* name : {"dense.own.int8", "dense.openblas"})
      benchmark::RegisterBenchmark((std::string("bert-large/") + sh.tag + "/" + name).c_str(),
                                   [=](benchmark::State& s) { run_impl(s, name, sh.M, sh.N, sh.K, threads); })
          ->Unit(benchmark::kMicrosecond)->UseRealTime();
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
