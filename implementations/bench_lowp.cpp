// Side-by-side microbenchmark of registered implementations (any precision) on the BERT-Large
// linear shapes, through the harness interface: prepare once, then R rounds in which every
// implementation runs once in turn (interleaved, so machine noise hits all alike); reports the
// median over rounds (each round times `inner` runs) as dense-equivalent GOP/s and ratios.
//   claimbench_bench_lowp [--reps R] [--threads 1,2] [--impls a,b,c] [--shapes MxNxK,...]
// Ratios ("vs first") are against the first implementation listed: put the baseline first,
// e.g. --impls dense.own.fp16,nm.2of4.fp16 or --impls dense.own.int8,nm.2of4.int8.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "claimbench/pruning.hpp"
#include "claimbench/registry.hpp"

using namespace claimbench;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, sep);)
    if (!item.empty()) out.push_back(item);
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 7;
  std::vector<int> threads_list{1, 2};
  std::vector<std::string> impls{"dense.own",         "dense.onednn",   "dense.own.int8", "dense.onednn.int8",
                                 "nm.2of4.int8",      "dense.own.fp16", "dense.onednn.fp16", "nm.2of4.fp16"};
  std::vector<std::string> shapes{"1024x512x1024", "4096x512x1024", "1024x512x4096"};
  for (int a = 1; a + 1 < argc; a += 2) {
    const std::string k = argv[a], v = argv[a + 1];
    if (k == "--reps") reps = std::atoi(v.c_str());
    else if (k == "--threads") {
      threads_list.clear();
      for (const auto& t : split(v, ',')) threads_list.push_back(std::atoi(t.c_str()));
    } else if (k == "--impls") impls = split(v, ',');
    else if (k == "--shapes") shapes = split(v, ',');
  }
  std::printf("| shape MxNxK | threads | implementation | kernel | GOP/s (dense-eq., median of %d) | min..max | vs first |\n|---|---|---|---|---|---|---|\n", reps);
  for (const auto& shape : shapes) {
    int M, N, K;
    if (std::sscanf(shape.c_str(), "%dx%dx%d", &M, &N, &K) != 3) return 2;
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N);
    for (float& x : A) x = dist(rng);
    for (float& x : B) x = dist(rng);
    prune_nm_by_magnitude(A.data(), M, K, K, NMPattern{2, 4});  // every implementation sees the pruned weights
    GemmProblem p;
    p.M = M, p.N = N, p.K = K, p.A = A.data(), p.lda = K, p.B = B.data(), p.ldb = N, p.pattern = NMPattern{2, 4};
    const double flops = 2.0 * M * N * K;
    for (const int threads : threads_list) {
      std::vector<std::unique_ptr<Implementation>> objs;
      std::vector<std::string> names;
      for (const auto& name : impls) {
        auto impl = Registry::global().create(name);
        const auto s = impl->supports(p, ExecutionConfig{threads});
        if (!s.ok) {
          std::printf("| %s | %d | %s | unsupported: %s | | | |\n", shape.c_str(), threads, name.c_str(), s.reason.c_str());
          continue;
        }
        impl->prepare(p, ExecutionConfig{threads});
        for (int w = 0; w < 2; ++w) impl->run();
        objs.push_back(std::move(impl));
        names.push_back(name);
      }
      // inner runs per timed sample: about 50 ms of the first implementation
      const auto t0 = std::chrono::steady_clock::now();
      objs[0]->run();
      const double one = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const int inner = std::max(1, static_cast<int>(0.05 / one));
      std::vector<std::vector<double>> samples(objs.size());
      for (int r = 0; r < reps; ++r)
        for (std::size_t i = 0; i < objs.size(); ++i) {
          const auto s0 = std::chrono::steady_clock::now();
          for (int k = 0; k < inner; ++k) objs[i]->run();
          samples[i].push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count() / inner);
        }
      const double base = median(samples[0]);
      for (std::size_t i = 0; i < objs.size(); ++i) {
        const double med = median(samples[i]);
        const auto [lo, hi] = std::minmax_element(samples[i].begin(), samples[i].end());
        std::printf("| %s | %d | %s | %s | %.1f | %.1f..%.1f | %.2f |\n", shape.c_str(), threads, names[i].c_str(),
                    objs[i]->counters().kernel.c_str(), flops / med * 1e-9, flops / *hi * 1e-9, flops / *lo * 1e-9,
                    base / med);
      }
      std::fflush(stdout);
    }
  }
  return 0;
}
