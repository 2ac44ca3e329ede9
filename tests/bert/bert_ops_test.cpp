// Each shared operator (portable and AVX-512) against a float64 computation of its definition.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "bert/bert_ops.hpp"
#include "dense/lowp_quantization.hpp"

using namespace claimbench::bert;

namespace {

std::vector<float> randn(std::size_t n, unsigned seed, float scale = 1.0f) {
  std::mt19937 g(seed);
  std::normal_distribution<float> d(0.0f, scale);
  std::vector<float> v(n);
  for (auto& x : v) x = d(g);
  return v;
}

std::vector<const BertOps*> all_ops() {
  std::vector<const BertOps*> v{&portable_bert_ops()};
  if (avx512_bert_ops()) v.push_back(avx512_bert_ops());
  return v;
}

// Odd sizes: tails of the 16-wide vectors, a leading dimension wider than the columns.
constexpr int kRows = 37, kCols = 45, kLd = 53;

}  // namespace

TEST_CASE("bias + GELU matches x/2·(1 + erf(x/√2)) in float64") {
  for (const BertOps* ops : all_ops()) {
    INFO(ops->isa);
    auto y = randn(kRows * kLd, 1, 3.0f);
    const auto bias = randn(kRows, 2);
    const auto x = y;
    for (int threads : {1, 2}) {
      auto out = x;
      ops->bias_gelu(out.data(), kRows, kCols, kLd, bias.data(), threads);
      for (int r = 0; r < kRows; ++r)
        for (int c = 0; c < kLd; ++c) {
          const std::size_t i = r * kLd + c;
          if (c >= kCols) {
            REQUIRE(out[i] == x[i]);  // outside the window: untouched
            continue;
          }
          const double u = static_cast<double>(x[i]) + bias[r];
          const double ref = 0.5 * u * (1.0 + std::erf(u / std::sqrt(2.0)));
          REQUIRE(std::fabs(out[i] - ref) <= 1e-6 + 2e-6 * std::fabs(ref));
        }
    }
  }
}

TEST_CASE("GELU of large negative inputs is tiny, not cancelled to a wrong value") {
  for (const BertOps* ops : all_ops()) {
    std::vector<float> y{-12.0f, -8.0f, -5.0f, -3.0f, 8.0f, 0.0f};
    const std::vector<float> zero(1, 0.0f);
    for (std::size_t i = 0; i < y.size(); ++i) {
      float v = y[i];
      ops->bias_gelu(&v, 1, 1, 1, zero.data(), 1);
      const double u = y[i];
      const double ref = 0.5 * u * std::erfc(-u / std::sqrt(2.0));
      REQUIRE(std::fabs(v - ref) <= 1e-6 + 1e-4 * std::fabs(ref));
    }
  }
}

TEST_CASE("bias add adds the row's bias inside the window only") {
  for (const BertOps* ops : all_ops()) {
    auto y = randn(kRows * kLd, 3);
    const auto bias = randn(kRows, 4);
    const auto x = y;
    ops->bias_add(y.data(), kRows, kCols, kLd, bias.data(), 2);
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kLd; ++c)
        REQUIRE(y[r * kLd + c] == (c < kCols ? x[r * kLd + c] + bias[r] : x[r * kLd + c]));
  }
}

TEST_CASE("layer norm over each column, with bias and residual fused, matches float64") {
  for (const BertOps* ops : all_ops()) {
    INFO(ops->isa);
    // A large common offset tests the variance's numerical stability.
    auto acc = randn(kRows * kLd, 5, 2.0f);
    for (auto& a : acc) a += 50.0f;
    const auto res = randn(kRows * kLd, 6);
    const auto bias = randn(kRows, 7), gamma = randn(kRows, 8), beta = randn(kRows, 9);
    for (bool fused : {false, true}) {
      std::vector<float> out(kRows * kLd, -7.0f);
      ops->layer_norm(acc.data(), fused ? bias.data() : nullptr, fused ? res.data() : nullptr, gamma.data(),
                      beta.data(), out.data(), kRows, kCols, kLd, 1e-12f, 2);
      for (int c = 0; c < kCols; ++c) {
        std::vector<double> z(kRows);
        double mean = 0, var = 0;
        for (int r = 0; r < kRows; ++r) {
          z[r] = acc[r * kLd + c] + (fused ? static_cast<double>(bias[r]) + res[r * kLd + c] : 0.0);
          mean += z[r];
        }
        mean /= kRows;
        for (int r = 0; r < kRows; ++r) var += (z[r] - mean) * (z[r] - mean);
        var /= kRows;
        for (int r = 0; r < kRows; ++r) {
          const double ref = (z[r] - mean) / std::sqrt(var + 1e-12) * gamma[r] + beta[r];
          REQUIRE(std::fabs(out[r * kLd + c] - ref) <= 2e-4 * (1 + std::fabs(ref)));
        }
      }
      for (int r = 0; r < kRows; ++r)
        for (int c = kCols; c < kLd; ++c) REQUIRE(out[r * kLd + c] == -7.0f);
    }
  }
}

TEST_CASE("layer norm in place (out aliases acc)") {
  for (const BertOps* ops : all_ops()) {
    auto x = randn(kRows * kLd, 10);
    const auto copy = x;
    const std::vector<float> one(kRows, 1.0f), zero(kRows, 0.0f);
    std::vector<float> separate(kRows * kLd);
    ops->layer_norm(copy.data(), nullptr, nullptr, one.data(), zero.data(), separate.data(), kRows, kCols, kLd, 1e-12f, 1);
    ops->layer_norm(x.data(), nullptr, nullptr, one.data(), zero.data(), x.data(), kRows, kCols, kLd, 1e-12f, 1);
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) REQUIRE(x[r * kLd + c] == separate[r * kLd + c]);
  }
}

TEST_CASE("softmax over each column's rows matches float64 and sums to one") {
  for (const BertOps* ops : all_ops()) {
    INFO(ops->isa);
    auto s = randn(kRows * kLd, 11, 8.0f);  // wide logits: exp over a large range
    const auto x = s;
    ops->softmax_columns(s.data(), kRows, kCols, kLd, 2);
    for (int c = 0; c < kCols; ++c) {
      double mx = -INFINITY, sum = 0, got = 0;
      for (int r = 0; r < kRows; ++r) mx = std::max(mx, static_cast<double>(x[r * kLd + c]));
      for (int r = 0; r < kRows; ++r) sum += std::exp(x[r * kLd + c] - mx);
      for (int r = 0; r < kRows; ++r) {
        const double ref = std::exp(x[r * kLd + c] - mx) / sum;
        REQUIRE(std::fabs(s[r * kLd + c] - ref) <= 1e-6 + 1e-5 * ref);
        got += s[r * kLd + c];
      }
      REQUIRE(std::fabs(got - 1.0) < 1e-5);
    }
  }
}

TEST_CASE("transpose with scale") {
  for (const BertOps* ops : all_ops()) {
    const auto src = randn(kRows * kLd, 12);
    std::vector<float> dst(kCols * 40, 0.0f);
    ops->transpose_scale(src.data(), kRows, kCols, kLd, dst.data(), 40, 0.125f);
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) REQUIRE(dst[c * 40 + r] == 0.125f * src[r * kLd + c]);
  }
}

TEST_CASE("activation quantization matches lowp::quantize_tensor_s8 exactly") {
  for (const BertOps* ops : all_ops()) {
    INFO(ops->isa);
    const auto x = randn(kRows * kLd, 13, 4.0f);
    std::vector<float> window(kRows * kCols);
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) window[r * kCols + c] = x[r * kLd + c];
    const auto ref = claimbench::lowp::quantize_tensor_s8(window.data(), kRows, kCols, kCols);
    const float mx = ops->max_abs(x.data(), kRows, kCols, kLd, 2);
    const float scale = claimbench::lowp::int8_scale(mx);
    REQUIRE(scale == ref.scale);
    std::vector<std::uint8_t> u8(kRows * kCols);
    ops->quantize_u8(x.data(), kRows, kCols, kLd, scale, u8.data(), 2);
    REQUIRE(u8 == ref.u8);
  }
}
