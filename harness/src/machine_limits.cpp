#include "claimbench/machine_limits.hpp"

#include <immintrin.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "claimbench/cpu_features.hpp"

namespace claimbench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Each burst: `iterations` rounds of kChains independent FMA chains on full vectors. The
// chains are independent, so the loop is bound by FMA throughput, not latency.
// Returns a value that depends on every accumulator, so nothing can be optimised away.
constexpr int kChains512 = 16;  // 2 FMA ports × 4-cycle latency = 8 in flight; 16 leaves margin
constexpr int kChains256 = 12;

__attribute__((target("avx512f"))) float fma_burst_avx512(long iterations) {
  __m512 acc[kChains512];
  for (int j = 0; j < kChains512; ++j) acc[j] = _mm512_set1_ps(1.0f + 0.001f * static_cast<float>(j));
  const __m512 scale = _mm512_set1_ps(0.9999999f), add = _mm512_set1_ps(1e-7f);
  for (long i = 0; i < iterations; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < kChains512; ++j) acc[j] = _mm512_fmadd_ps(acc[j], scale, add);
  }
  __m512 sum = acc[0];
  for (int j = 1; j < kChains512; ++j) sum = _mm512_add_ps(sum, acc[j]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  float total = 0;
  for (float x : lanes) total += x;
  return total;
}

__attribute__((target("avx2,fma"))) float fma_burst_avx2(long iterations) {
  __m256 acc[kChains256];
  for (int j = 0; j < kChains256; ++j) acc[j] = _mm256_set1_ps(1.0f + 0.001f * static_cast<float>(j));
  const __m256 scale = _mm256_set1_ps(0.9999999f), add = _mm256_set1_ps(1e-7f);
  for (long i = 0; i < iterations; ++i) {
#pragma GCC unroll 12
    for (int j = 0; j < kChains256; ++j) acc[j] = _mm256_fmadd_ps(acc[j], scale, add);
  }
  __m256 sum = acc[0];
  for (int j = 1; j < kChains256; ++j) sum = _mm256_add_ps(sum, acc[j]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  float total = 0;
  for (float x : lanes) total += x;
  return total;
}

float fma_burst_scalar(long iterations) {
  float acc[8];
  for (int j = 0; j < 8; ++j) acc[j] = 1.0f + 0.001f * static_cast<float>(j);
  for (long i = 0; i < iterations; ++i)
    for (int j = 0; j < 8; ++j) acc[j] = acc[j] * 0.9999999f + 1e-7f;
  float total = 0;
  for (float x : acc) total += x;
  return total;
}

struct FmaPath {
  const char* isa;
  float (*burst)(long);
  double flops_per_iteration;
};

FmaPath fma_path() {
  const auto& f = CpuFeatures::detect();
  if (f.avx512f) return {"avx512", fma_burst_avx512, 2.0 * 16 * kChains512};
  if (f.avx2 && f.fma) return {"avx2", fma_burst_avx2, 2.0 * 8 * kChains256};
  return {"scalar", fma_burst_scalar, 2.0 * 8};
}

volatile float g_sink_f = 0;
volatile double g_sink_d = 0;

// Runs `work(thread_index)` on `threads` threads at once; returns the wall time.
double timed_parallel(int threads, const std::function<void(int)>& work) {
  const auto start = Clock::now();
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  return seconds_since(start);
}

double fp32_peak_gflops(const FmaPath& path, int threads, double budget) {
  const long iterations = path.burst == fma_burst_scalar ? (1L << 20) : (1L << 17);
  double best = 0;
  const auto start = Clock::now();
  int bursts = 0;
  while (bursts < 3 || seconds_since(start) < budget) {
    std::vector<float> out(threads);
    const double wall = timed_parallel(threads, [&](int t) { out[t] = path.burst(iterations); });
    for (float x : out) g_sink_f = g_sink_f + x;
    if (wall > 0) best = std::max(best, path.flops_per_iteration * static_cast<double>(iterations) * threads / wall / 1e9);
    if (++bursts > 10000) break;
  }
  return best;
}

std::size_t last_level_cache_bytes() {
  std::size_t best = 0;
  for (int index = 0; index < 8; ++index) {
    std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/size");
    if (!in) break;
    std::string size;
    in >> size;
    if (size.empty()) continue;
    std::size_t value = std::strtoull(size.c_str(), nullptr, 10);
    if (size.back() == 'K') value <<= 10;
    else if (size.back() == 'M') value <<= 20;
    best = std::max(best, value);
  }
  return best ? best : (32u << 20);
}

std::size_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::size_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib << 10;
  return 1ull << 30;
}

struct FreeDeleter {
  void operator()(double* p) const { std::free(p); }
};

}  // namespace

MachineLimits measure_machine_limits(const MachineLimitsOptions& options) {
  const auto start = Clock::now();
  MachineLimits limits;
  const FmaPath path = fma_path();
  limits.isa = path.isa;
  limits.fp32_peak_gflops_1t = fp32_peak_gflops(path, 1, options.peak_seconds);
  limits.fp32_peak_gflops_2t = fp32_peak_gflops(path, 2, options.peak_seconds);

  // Three arrays together at least three times the last-level cache, within [32, 384] MiB
  // each and never more than 1/8 of the available memory in all.
  std::size_t array_bytes = options.triad_array_bytes;
  if (array_bytes == 0) {
    array_bytes = std::clamp<std::size_t>(last_level_cache_bytes(), 32u << 20, 384u << 20);
    array_bytes = std::min(array_bytes, available_memory_bytes() / 24);
  }
  const std::size_t n = std::max<std::size_t>(array_bytes / sizeof(double), 1024) / 64 * 64;
  limits.triad_array_mib = static_cast<double>(n * sizeof(double)) / (1 << 20);
  std::unique_ptr<double, FreeDeleter> a(static_cast<double*>(std::aligned_alloc(64, n * sizeof(double))));
  std::unique_ptr<double, FreeDeleter> b(static_cast<double*>(std::aligned_alloc(64, n * sizeof(double))));
  std::unique_ptr<double, FreeDeleter> c(static_cast<double*>(std::aligned_alloc(64, n * sizeof(double))));
  if (!a || !b || !c) {
    limits.seconds = seconds_since(start);
    return limits;
  }
  double* pa = a.get();
  double* pb = b.get();
  double* pc = c.get();
  auto range = [n](int t, int threads) {
    const std::size_t chunk = (n / threads) / 64 * 64;
    const std::size_t lo = chunk * t;
    return std::pair<std::size_t, std::size_t>(lo, t == threads - 1 ? n : lo + chunk);
  };
  timed_parallel(2, [&](int t) {  // first touch, split like the timed passes
    const auto [lo, hi] = range(t, 2);
    for (std::size_t i = lo; i < hi; ++i) {
      pa[i] = 0.0;
      pb[i] = 1.0;
      pc[i] = 2.0;
    }
  });
  const double scalar = 3.0;
  for (int threads : {1, 2}) {
    double best = 0;
    const auto phase = Clock::now();
    int passes = 0;
    while (passes < 2 || seconds_since(phase) < options.triad_seconds) {
      const double wall = timed_parallel(threads, [&](int t) {
        const auto [lo, hi] = range(t, threads);
        for (std::size_t i = lo; i < hi; ++i) pa[i] = pb[i] + scalar * pc[i];
      });
      g_sink_d = g_sink_d + pa[n / 2];
      if (wall > 0) best = std::max(best, 3.0 * sizeof(double) * static_cast<double>(n) / wall / 1e9);
      if (++passes > 1000) break;
    }
    (threads == 1 ? limits.triad_gbs_1t : limits.triad_gbs_2t) = best;
  }
  limits.seconds = seconds_since(start);
  return limits;
}

std::map<std::string, std::string> machine_limits_provenance() {
  std::map<std::string, std::string> p;
  const char* skip = std::getenv("CLAIMBENCH_SKIP_MACHINE_LIMITS");
  if (skip && *skip && std::strcmp(skip, "0") != 0) {
    p["machine.limits"] = "skipped (CLAIMBENCH_SKIP_MACHINE_LIMITS=" + std::string(skip) + ")";
    return p;
  }
  const MachineLimits m = measure_machine_limits();
  auto number = [](double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return std::string(buffer);
  };
  p["machine.limits"] = "measured";
  p["machine.fp32_peak_gflops.1t"] = number(m.fp32_peak_gflops_1t, 1);
  p["machine.fp32_peak_gflops.2t"] = number(m.fp32_peak_gflops_2t, 1);
  p["machine.fp32_peak_isa"] = m.isa;
  p["machine.triad_gbs.1t"] = number(m.triad_gbs_1t, 2);
  p["machine.triad_gbs.2t"] = number(m.triad_gbs_2t, 2);
  p["machine.triad_array_mib"] = number(m.triad_array_mib, 0);
  p["machine.limits_seconds"] = number(m.seconds, 2);
  return p;
}

}  // namespace claimbench
