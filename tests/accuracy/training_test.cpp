// Training with libtorch on a small synthetic data set (seconds): masks stay applied, and our
// kernels reproduce libtorch's predictions for the trained weights.
#include <catch2/catch.hpp>

#include <random>

#include "accuracy/libtorch_training.hpp"
#include "accuracy/own_kernel_inference.hpp"
#include "accuracy/weight_masks.hpp"

using namespace claimbench::accuracy;

namespace {

// Ten "classes" of 28×28 images: class c brightens a band of rows, plus noise, so a few steps
// learn something and predictions are not all ties.
FashionMnist synthetic(int train_count, int test_count) {
  FashionMnist data;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> noise(0, 60);
  auto fill = [&](LabeledImages& split, int count) {
    split.count = count;
    split.rows = split.cols = 28;
    split.pixels.resize(static_cast<std::size_t>(count) * 784);
    split.labels.resize(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      const int label = i % 10;
      split.labels[i] = static_cast<std::uint8_t>(label);
      for (int p = 0; p < 784; ++p) {
        const int row = p / 28;
        const bool band = row >= label * 2 + 4 && row < label * 2 + 7;
        split.pixels[static_cast<std::size_t>(i) * 784 + p] = static_cast<std::uint8_t>(noise(rng) + (band ? 180 : 0));
      }
    }
  };
  fill(data.train, train_count);
  fill(data.test, test_count);
  data.checksum = "synthetic";
  return data;
}

TrainingSchedule tiny_schedule() {
  TrainingSchedule s;
  s.epochs = 1;
  s.batch_size = 32;
  s.learning_rate = 0.05;
  return s;
}

double max_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, static_cast<double>(std::fabs(a[i] - b[i])));
  return worst;
}

}  // namespace

TEST_CASE("Training: masks stay applied to weights and gradients through training") {
  const auto data = synthetic(320, 50);
  for (const std::string model : {"mlp", "cnn"}) {
    Network net = make_architecture(model);
    train_network(net, data, tiny_schedule(), 1, false);
    prune_network(net, *PruningSpec::parse("2:4", 0.0));
    const Network before = net;
    const auto log = train_network(net, data, tiny_schedule(), 2, true);
    CHECK(log.steps == 10);
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
      const Layer& l = net.layers[i];
      INFO(model << " layer " << l.name);
      CHECK(l.mask == before.layers[i].mask);
      if (l.mask.empty()) continue;
      CHECK(claimbench::satisfies_nm(l.weight.data(), l.out, l.k(), l.k(), {2, 4}));
      std::size_t moved = 0;
      for (std::size_t j = 0; j < l.weight.size(); ++j) {
        if (l.mask[j] == 0.0f) REQUIRE(l.weight[j] == 0.0f);
        moved += l.mask[j] != 0.0f && l.weight[j] != before.layers[i].weight[j];
      }
      CHECK(moved > l.kept_count() / 2);  // the kept weights did train
    }
  }
}

TEST_CASE("Training: the same seed gives the same weights") {
  const auto data = synthetic(96, 10);
  Network a = make_architecture("mlp"), b = make_architecture("mlp");
  train_network(a, data, tiny_schedule(), 3, false);
  train_network(b, data, tiny_schedule(), 3, false);
  CHECK(a.layers[0].weight == b.layers[0].weight);
  Network c = make_architecture("mlp");
  train_network(c, data, tiny_schedule(), 4, false);
  CHECK(a.layers[0].weight != c.layers[0].weight);
}

TEST_CASE("Inference: a libtorch-trained model gives identical predictions through our dense kernel") {
  const auto data = synthetic(320, 200);
  for (const std::string model : {"mlp", "cnn"}) {
    Network net = make_architecture(model);
    train_network(net, data, tiny_schedule(), 5, false);
    const auto reference = libtorch_logits(net, data.test);
    PreparedInference ours(net, InferenceKernel::own_dense);
    std::vector<float> logits;
    ours.logits(normalize_images(net, data.test), data.test.count, logits);
    INFO(model << ": " << ours.kernels());
    REQUIRE(logits.size() == reference.size());
    CHECK(max_abs_difference(logits, reference) < 1e-3);
    CHECK(argmax_rows(logits) == argmax_rows(reference));
    CHECK(ours.sparse_layers() == 0);
  }
}

TEST_CASE("Inference: a 2:4 model gives libtorch's predictions through the 2:4 kernel") {
  const auto data = synthetic(320, 200);
  for (const std::string model : {"mlp", "cnn"}) {
    Network net = make_architecture(model);
    train_network(net, data, tiny_schedule(), 6, false);
    prune_network(net, *PruningSpec::parse("2:4", 0.0));
    const auto reference = libtorch_logits(net, data.test);
    PreparedInference ours(net, InferenceKernel::own_nm, {2, 4});
    std::vector<float> logits;
    ours.logits(normalize_images(net, data.test), data.test.count, logits);
    INFO(model << ": " << ours.kernels());
    CHECK(ours.sparse_layers() == static_cast<int>(net.layers.size()) - (model == "cnn" ? 1 : 0));
    CHECK(max_abs_difference(logits, reference) < 1e-3);
    CHECK(argmax_rows(logits) == argmax_rows(reference));
  }
  // A dense model has no 2:4 layer for the sparse kernel to run.
  Network dense = make_architecture("mlp");
  train_network(dense, data, tiny_schedule(), 6, false);
  CHECK_THROWS_AS(PreparedInference(dense, InferenceKernel::own_nm, {2, 4}), std::invalid_argument);
}
