#include <catch2/catch.hpp>

#include "accuracy/memory_reference_model.hpp"

using namespace claimbench::accuracy;

namespace {

// A network of one 3×3 convolution (2 → 2 channels, 4×4 input, pad 1) and a classifier.
Network tiny(const std::vector<float>& conv_mask) {
  Network net;
  net.model = "tiny";
  Layer stem;  // a first convolution stays dense; give it one weight so it barely counts
  stem.name = "stem";
  stem.conv = true;
  stem.out = 2;
  stem.in = 1;
  stem.in_h = stem.in_w = 4;
  stem.weight.assign(2, 1.0f);
  stem.bias.assign(2, 0.0f);
  stem.relu_after = true;
  Layer conv;
  conv.name = "conv";
  conv.conv = true;
  conv.out = 2;
  conv.in = 2;
  conv.kh = conv.kw = 3;
  conv.pad = 1;
  conv.in_h = conv.in_w = 4;
  conv.weight.assign(36, 1.0f);
  conv.bias.assign(2, 0.0f);
  conv.mask = conv_mask;
  for (std::size_t i = 0; i < conv_mask.size(); ++i) conv.weight[i] *= conv_mask[i];
  Layer fc;
  fc.name = "fc";
  fc.out = 2;
  fc.in = 4;
  fc.weight.assign(8, 1.0f);
  fc.bias.assign(2, 0.0f);
  fc.relu_after = false;
  net.layers = {stem, conv, fc};
  return net;
}

}  // namespace

TEST_CASE("Memory model: hand-counted references and bytes of kernel vs fine grains") {
  // Keep kernel (o=0, i=0) only: 9 weights of 36.
  std::vector<float> mask(36, 0.0f);
  for (int j = 0; j < 9; ++j) mask[j] = 1.0f;
  const Network net = tiny(mask);
  const auto kernel = model_memory(net, PruningSpec{Granularity::kernel, 0.75, {}});
  const auto fine = model_memory(net, PruningSpec{Granularity::fine, 0.75, {}});
  // Stem (dense, 1×1 kernel, 4×4 output): 2 weights, 2·1·16 inputs, 2·16 outputs written.
  const double stem = 2 + 32 + 32;
  // Classifier under both: fine-grained, 8 weights kept, K = 4: 8 weights, 8 indices, 8 inputs, 16 psums.
  const double classifier = 8 + 8 + 8 + 16;
  // Conv, kernel grain: 1 grain: 9 values, 1 index, (4+2)·(4+2) = 36 inputs, 2·16 psums.
  CHECK(kernel.references.total() == Approx(stem + classifier + 9 + 1 + 36 + 32));
  // Conv, fine: 9 weights: 9 values, 9 indices, 9·16 inputs, 9·32 psums.
  CHECK(fine.references.total() == Approx(stem + classifier + 9 + 9 + 144 + 288));
  // Bytes: values 4 each; kernel index ceil(log2 2) = 1 bit, fine index ceil(log2 18) = 5 bits,
  // both with a 32-bit pointer per output row.
  CHECK(kernel.footprint.value_bytes == Approx(4.0 * (2 + 9 + 8)));
  // conv: 1 byte + 2 pointers of 4 bytes; classifier: 8 indices of 2 bits + 2 pointers.
  CHECK(kernel.footprint.index_bytes == Approx((1 + 8) + (2 + 8)));
  CHECK(fine.footprint.index_bytes == Approx((6 + 8) + (2 + 8)));
  CHECK(kernel.footprint.dense_bytes == Approx(4.0 * (2 + 36 + 8)));
}

TEST_CASE("Memory model: N:M stores n values per group and ceil(log2 m) bits per kept value") {
  std::vector<float> mask(36, 0.0f);
  for (int o = 0; o < 2; ++o)
    for (int g = 0; g < 18 / 4 + 1; ++g) mask[o * 18 + g * 4] = 1.0f;  // one per group of 4 (1:4)
  const Network net = tiny(mask);
  PruningSpec spec{Granularity::nm, 0.75, {1, 4}};
  const auto m = model_memory(net, spec);
  // conv: 2 rows × ceil(18/4) = 5 groups × 1 slot, 2 bits each → 2 bytes per row.
  // classifier at 1:4: K = 4 → 1 group × 1 slot per row.
  CHECK(m.footprint.value_bytes == Approx(4.0 * (2 + 10 + 2)));
  CHECK(m.footprint.index_bytes == Approx(2 * 2 + 2 * 1));
}
