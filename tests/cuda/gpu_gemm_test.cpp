// See CMakeLists.txt. Its own main: the whole program skips (exit 77) without a usable GPU.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "cuda/cuda_device.hpp"
#include "cuda/gpu_gemm.hpp"

using namespace claimbench::cuda;

namespace {

// 2:4 along K by magnitude (ties keep the lower index), values from `gen`.
template <typename Gen>
std::vector<float> sparse_24(int M, int K, Gen&& gen) {
  std::vector<float> a(static_cast<std::size_t>(M) * K);
  for (float& x : a) x = gen();
  for (int i = 0; i < M; ++i)
    for (int g = 0; g < K; g += 4) {
      const int len = std::min(4, K - g);
      float* p = &a[static_cast<std::size_t>(i) * K + g];
      for (int drop = 0; drop < len - 2; ++drop) {
        int s = -1;
        for (int j = 0; j < len; ++j)
          if (p[j] != 0.0f && (s < 0 || std::fabs(p[j]) < std::fabs(p[s]))) s = j;
        if (s >= 0) p[s] = 0.0f;
      }
    }
  return a;
}

// Max over elements of |c - ref| / (Σ|a·b| + tiny), the oracle on the rounded operands.
double worst_relative_error(GpuGemm& g, GpuPrecision p, const std::vector<float>& A, const std::vector<float>& B, int M,
                            int N, int K) {
  g.prepare(A.data(), K, B.data(), N, M, N, K);
  g.run();
  std::vector<float> C(static_cast<std::size_t>(M) * N);
  g.download(C.data());
  const auto a = round_to(p, A.data(), M, K, K);
  const auto b = round_to(p, B.data(), K, N, N);
  double worst = 0.0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double ref = 0.0, mag = 0.0;
      for (int k = 0; k < K; ++k) {
        const double t = static_cast<double>(a[static_cast<std::size_t>(i) * K + k]) * b[static_cast<std::size_t>(k) * N + j];
        ref += t;
        mag += std::fabs(t);
      }
      worst = std::max(worst, std::fabs(C[static_cast<std::size_t>(i) * N + j] - ref) / (mag + 1e-30));
    }
  return worst;
}

}  // namespace

TEST_CASE("mma.sp kernel is exact on small integers, every chunk with its own metadata (confirms the exporter's layout)") {
  // Integer operands in [-3, 3]: products and sums are exact in fp32 and in the f16 output, so
  // any misplaced metadata nibble or A register shows up as a wrong element.
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> d(-3, 3);
  auto gen = [&] {
    int v = 0;
    while (v == 0) v = d(rng);
    return static_cast<float>(v);
  };
  for (auto [M, N, K] : {std::tuple{16, 8, 32}, std::tuple{128, 64, 64}, std::tuple{144, 72, 96}, std::tuple{40, 70, 100}}) {
    INFO(M << "x" << N << "x" << K);
    const auto A = sparse_24(M, K, gen);
    std::vector<float> B(static_cast<std::size_t>(K) * N);
    for (float& x : B) x = gen();
    auto g = make_mma_sp_gemm();
    CHECK(worst_relative_error(*g, GpuPrecision::fp16, A, B, M, N, K) == 0.0);
  }
}

TEST_CASE("mma.sp kernel on random fp16 operands, BERT-Large attention-output shape") {
  std::mt19937 rng(2);
  std::normal_distribution<float> d;
  auto gen = [&] { return d(rng); };
  const int M = 1024, N = 128, K = 1024;
  const auto A = sparse_24(M, K, gen);
  std::vector<float> B(static_cast<std::size_t>(K) * N);
  for (float& x : B) x = gen();
  auto g = make_mma_sp_gemm();
  CHECK(worst_relative_error(*g, GpuPrecision::fp16, A, B, M, N, K) < std::ldexp(1.0, -10));
}

TEST_CASE("cuBLAS in fp16, bf16, fp32 and tf32 against the oracle") {
  std::mt19937 rng(3);
  std::normal_distribution<float> d;
  const int M = 256, N = 96, K = 512;
  std::vector<float> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N);
  for (float& x : A) x = d(rng);
  for (float& x : B) x = d(rng);
  for (auto [p, bound] : {std::pair{GpuPrecision::fp16, std::ldexp(1.0, -10)}, std::pair{GpuPrecision::bf16, std::ldexp(1.0, -7)},
                          std::pair{GpuPrecision::fp32, 1e-6}, std::pair{GpuPrecision::tf32, std::ldexp(1.0, -9)}}) {
    INFO(gpu_precision_name(p));
    auto g = make_cublas_gemm(p);
    CHECK(worst_relative_error(*g, p, A, B, M, N, K) < bound);
  }
}

TEST_CASE("cuSPARSELt (when built) against the oracle, and its plan costs are reported") {
  auto g = make_cusparselt_gemm();
  if (!g) {
    WARN("this build has no cuSPARSELt: vendor backend not tested");
    return;
  }
  std::mt19937 rng(4);
  std::normal_distribution<float> d;
  auto gen = [&] { return d(rng); };
  const int M = 1024, N = 128, K = 1024;
  const auto A = sparse_24(M, K, gen);
  std::vector<float> B(static_cast<std::size_t>(K) * N);
  for (float& x : B) x = gen();
  CHECK(worst_relative_error(*g, GpuPrecision::fp16, A, B, M, N, K) < std::ldexp(1.0, -10));
  const auto costs = g->costs();
  CHECK(costs.at("search_seconds") > 0.0);
  CHECK(costs.at("plan_setup_seconds") > 0.0);
}

TEST_CASE("cuSPARSELt rebuilding its plan on every call computes the same product, call after call") {
  auto g = make_cusparselt_gemm(true);
  if (!g) {
    WARN("this build has no cuSPARSELt: vendor backend not tested");
    return;
  }
  std::mt19937 rng(5);
  std::normal_distribution<float> d;
  auto gen = [&] { return d(rng); };
  const int M = 256, N = 64, K = 512;
  const auto A = sparse_24(M, K, gen);
  std::vector<float> B(static_cast<std::size_t>(K) * N);
  for (float& x : B) x = gen();
  CHECK(worst_relative_error(*g, GpuPrecision::fp16, A, B, M, N, K) < std::ldexp(1.0, -10));
  std::vector<float> first(static_cast<std::size_t>(M) * N), again(first.size());
  g->download(first.data());
  g->run();
  g->run();
  g->download(again.data());
  CHECK(first == again);
}

int main(int argc, char** argv) {
  const DeviceStatus& d = device_status();
  if (!d.usable) {
    std::printf("SKIPPED: the GPU tests need a CUDA GPU of compute capability 8.0 or newer: %s\n", d.reason.c_str());
    return 77;
  }
  std::printf("GPU: %s (%s)\n", d.name.c_str(), d.arch().c_str());
  return Catch::Session().run(argc, argv);
}
