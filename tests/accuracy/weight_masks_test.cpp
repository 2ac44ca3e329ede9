#include <catch2/catch.hpp>

#include <random>

#include "accuracy/weight_masks.hpp"
#include "claimbench/pruning.hpp"

using namespace claimbench::accuracy;

namespace {

Layer random_layer(bool conv, int out, int in, int k, unsigned seed) {
  Layer l;
  l.name = conv ? "conv" : "fc";
  l.conv = conv;
  l.out = out;
  l.in = in;
  l.kh = l.kw = conv ? k : 1;
  l.in_h = l.in_w = conv ? 8 : 1;
  l.pad = conv ? k / 2 : 0;
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  l.weight.resize(static_cast<std::size_t>(out) * l.k());
  for (auto& w : l.weight) w = normal(rng);
  l.bias.assign(static_cast<std::size_t>(out), 0.0f);
  return l;
}

std::size_t zeros(const std::vector<float>& mask) {
  return static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 0.0f));
}

}  // namespace

TEST_CASE("Masks: every granularity removes exactly round(sparsity x grains) whole grains") {
  const Layer conv = random_layer(true, 8, 6, 3, 1);
  for (auto g : {Granularity::fine, Granularity::vector, Granularity::kernel, Granularity::filter}) {
    for (double sparsity : {0.5, 0.75, 0.9}) {
      Layer l = conv;
      l.mask = magnitude_mask(l, PruningSpec{g, sparsity, {}});
      const int size = grain_size(l, g);
      const std::size_t grains = l.weight.size() / size;
      INFO(to_string(g) << " at " << sparsity);
      CHECK(zeros(l.mask) == static_cast<std::size_t>(std::llround(sparsity * grains)) * size);
      for (std::size_t i = 0; i < l.weight.size(); ++i)
        if (l.mask[i] == 0.0f) l.weight[i] = 0.0f;
      CHECK(mask_has_structure(l, g));
    }
  }
  CHECK(grain_size(conv, Granularity::vector) == 3);
  CHECK(grain_size(conv, Granularity::kernel) == 9);
  CHECK(grain_size(conv, Granularity::filter) == 54);
}

TEST_CASE("Masks: the removed grains are the smallest by L1 norm") {
  Layer l = random_layer(true, 4, 2, 3, 2);
  // Make kernel (o=1, i=0) clearly the smallest and (o=3, i=1) clearly the largest.
  for (int j = 0; j < 9; ++j) {
    l.weight[(1 * 2 + 0) * 9 + j] = 1e-3f;
    l.weight[(3 * 2 + 1) * 9 + j] = 50.0f;
  }
  const auto mask = magnitude_mask(l, PruningSpec{Granularity::kernel, 1.0 / 8.0, {}});
  CHECK(zeros(mask) == 9);
  CHECK(mask[(1 * 2 + 0) * 9] == 0.0f);
  const auto most = magnitude_mask(l, PruningSpec{Granularity::kernel, 7.0 / 8.0, {}});
  CHECK(zeros(most) == 63);
  CHECK(most[(3 * 2 + 1) * 9] == 1.0f);
}

TEST_CASE("Masks: fine grains agree with the harness's unstructured pruning") {
  const Layer l = random_layer(false, 12, 40, 1, 3);
  const auto mask = magnitude_mask(l, PruningSpec{Granularity::fine, 0.75, {}});
  std::vector<float> pruned = l.weight;
  claimbench::prune_unstructured_by_magnitude(pruned.data(), 12, 40, 40, 0.75);
  for (std::size_t i = 0; i < pruned.size(); ++i) CHECK((pruned[i] != 0.0f) == (mask[i] != 0.0f));
}

TEST_CASE("Masks: N:M masks satisfy the pattern along K with exactly n kept per group") {
  const Layer conv = random_layer(true, 8, 8, 3, 4);  // K = 72
  for (auto [n, m] : {std::pair{2, 4}, std::pair{1, 4}, std::pair{2, 8}}) {
    Layer l = conv;
    const auto spec = PruningSpec::parse(std::to_string(n) + ":" + std::to_string(m), 0.0);
    REQUIRE(spec);
    l.mask = magnitude_mask(l, *spec);
    for (std::size_t i = 0; i < l.weight.size(); ++i) l.weight[i] *= l.mask[i];
    INFO(n << ":" << m);
    CHECK(claimbench::satisfies_nm(l.weight.data(), l.out, l.k(), l.k(), spec->pattern));
    CHECK(zeros(l.mask) == l.weight.size() - l.weight.size() / m * n);
    CHECK(spec->nominal_sparsity() == Approx(1.0 - static_cast<double>(n) / m));
  }
}

TEST_CASE("Masks: the CNN's first convolution stays dense and its classifier is pruned fine-grained") {
  Network net = make_architecture("cnn");
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (auto& l : net.layers)
    for (auto& w : l.weight) w = normal(rng);
  prune_network(net, PruningSpec{Granularity::filter, 0.75, {}});
  CHECK(net.layers[0].mask.empty());
  CHECK(mask_has_structure(net.layers[1], Granularity::filter));
  CHECK(mask_has_structure(net.layers[2], Granularity::filter));
  // Classifier: fine-grained, so no class loses all its weights.
  const Layer& classifier = net.layers.back();
  for (int o = 0; o < classifier.out; ++o) {
    bool any = false;
    for (int j = 0; j < classifier.k(); ++j) any = any || classifier.mask[o * classifier.k() + j] != 0.0f;
    CHECK(any);
  }
  CHECK(zeros(classifier.mask) == static_cast<std::size_t>(std::llround(0.75 * classifier.weight.size())));
  for (const auto& l : net.layers)
    for (std::size_t i = 0; i < l.mask.size(); ++i)
      if (l.mask[i] == 0.0f) CHECK(l.weight[i] == 0.0f);
}

TEST_CASE("Masks: pruning specifications parse and reject nonsense") {
  CHECK(PruningSpec::parse("dense", 0.0)->granularity == Granularity::dense);
  CHECK(PruningSpec::parse("vector", 0.75)->str() == "vector@0.75");
  CHECK(PruningSpec::parse("2:8", 0.0)->nominal_sparsity() == Approx(0.75));
  CHECK_FALSE(PruningSpec::parse("block", 0.5));
  CHECK_FALSE(PruningSpec::parse("fine", 1.0));
  CHECK_FALSE(PruningSpec::parse("fine", -0.1));
}
