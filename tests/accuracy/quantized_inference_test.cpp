// The CSR and quantized inference paths on models with random weights (no libtorch needed):
// a pruned model through the CSR kernel gives the own dense kernel's logits, and every
// quantized kernel gives the logits of its float64 reference on the same quantized operands,
// while differing from the fp32 forward pass by more than rounding (so the quantization ran).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "accuracy/network.hpp"
#include "accuracy/own_kernel_inference.hpp"
#include "accuracy/weight_masks.hpp"

using namespace claimbench;
using namespace claimbench::accuracy;

namespace {

Network random_network(const std::string& model, unsigned seed) {
  Network net = make_architecture(model);
  std::mt19937 rng(seed);
  for (auto& l : net.layers) {
    std::normal_distribution<float> w(0.0f, std::sqrt(2.0f / static_cast<float>(l.k())));
    l.weight.resize(static_cast<std::size_t>(l.out) * l.k());
    for (auto& v : l.weight) v = w(rng);
    std::uniform_real_distribution<float> b(-0.1f, 0.1f);
    l.bias.resize(static_cast<std::size_t>(l.out));
    for (auto& v : l.bias) v = b(rng);
  }
  return net;
}

std::vector<float> random_inputs(const Network& net, int count, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> x(0.0f, 1.0f);
  std::vector<float> in(static_cast<std::size_t>(count) * net.in_channels * net.in_h * net.in_w);
  for (auto& v : in) v = x(rng);
  return in;
}

// Largest |a − b| over an image's logits, relative to max(1, the image's largest |b|).
double max_relative_logit_error(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0.0;
  for (std::size_t image = 0; image < b.size() / 10; ++image) {
    double scale = 1.0;
    for (int c = 0; c < 10; ++c) scale = std::max(scale, std::fabs(static_cast<double>(b[image * 10 + c])));
    for (int c = 0; c < 10; ++c)
      worst = std::max(worst, std::fabs(static_cast<double>(a[image * 10 + c]) - b[image * 10 + c]) / scale);
  }
  return worst;
}

std::vector<float> run(const Network& net, InferenceKernel kernel, const std::vector<float>& in, int count,
                       bool reference = false) {
  PreparedInference p(net, kernel, {2, 4}, 1, reference);
  std::vector<float> logits;
  p.logits(in, count, logits);
  return logits;
}

}  // namespace

TEST_CASE("Inference: a pruned model gives the dense kernel's predictions through the CSR kernel") {
  for (const std::string model : {"mlp", "cnn"}) {
    Network net = random_network(model, 11);
    prune_network(net, *PruningSpec::parse("fine", 0.9));
    const int count = 300;  // more than one batch of kBatch images
    const auto in = random_inputs(net, count, 12);
    PreparedInference csr(net, InferenceKernel::own_csr);
    std::vector<float> sparse_logits;
    csr.logits(in, count, sparse_logits);
    const auto dense_logits = run(net, InferenceKernel::own_dense, in, count);
    INFO(model << ": " << csr.kernels());
    CHECK(csr.sparse_layers() == static_cast<int>(net.layers.size()) - (model == "cnn" ? 1 : 0));
    CHECK(csr.kernels().find("csr.") != std::string::npos);
    CHECK(max_relative_logit_error(sparse_logits, dense_logits) < 1e-5);
    CHECK(argmax_rows(sparse_logits) == argmax_rows(dense_logits));
  }
  // A dense model has no pruned layer for the CSR kernel.
  CHECK_THROWS_AS(PreparedInference(random_network("mlp", 3), InferenceKernel::own_csr), std::invalid_argument);
}

TEST_CASE("Inference: every quantized kernel matches its float64 reference on the quantized operands") {
  struct Case {
    InferenceKernel kernel;
    double to_reference;  // bound on the relative logit error vs the float64 reference
    double from_fp32;     // the quantization must move the logits at least this much
  };
  // The bounds are those of PreparedInference::reference_tolerance: LUT (weight-only, fp32
  // activations) agrees to fp32 rounding; the paths that round activations can see a layer
  // output that differs from the reference by one fp32 ulp land on the other side of a rounding
  // boundary (one int8 step or one bf16/fp16 ulp of that input); fp16 also accumulates in fp16.
  const Case cases[] = {{InferenceKernel::int8, reference_tolerance(InferenceKernel::int8), 1e-3},
                        {InferenceKernel::lut4, reference_tolerance(InferenceKernel::lut4), 1e-2},
                        {InferenceKernel::lut3, reference_tolerance(InferenceKernel::lut3), 1e-2},
                        {InferenceKernel::bf16, reference_tolerance(InferenceKernel::bf16), 1e-3},
                        {InferenceKernel::fp16, reference_tolerance(InferenceKernel::fp16), 1e-4}};
  for (const std::string model : {"mlp", "cnn"}) {
    const Network net = random_network(model, 21);
    const int count = 300;
    const auto in = random_inputs(net, count, 22);
    const auto fp32 = run(net, InferenceKernel::own_dense, in, count);
    for (const auto& c : cases) {
      INFO(model << ", " << to_string(c.kernel));
      const auto reference = run(net, c.kernel, in, count, true);
      CHECK(max_relative_logit_error(reference, fp32) > c.from_fp32);
      if (!kernel_unavailable(c.kernel).empty()) {
        WARN("skipped on this CPU: " << kernel_unavailable(c.kernel));
        continue;
      }
      const auto ours = run(net, c.kernel, in, count);
      const double error = max_relative_logit_error(ours, reference);
      INFO("relative logit error vs reference " << error << ", vs fp32 " << max_relative_logit_error(ours, fp32));
      CHECK(error < c.to_reference);
    }
  }
}
