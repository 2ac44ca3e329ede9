#include "accuracy/memory_reference_model.hpp"

#include <cmath>

namespace claimbench::accuracy {
namespace {

double index_bits(double positions) { return positions <= 1.0 ? 1.0 : std::ceil(std::log2(positions)); }

// Kept grains of a layer: grains whose mask is nonzero anywhere.
double kept_grains(const Layer& l, int size) {
  if (l.mask.empty()) return static_cast<double>(l.weight.size()) / size;
  double kept = 0.0;
  for (std::size_t g = 0; g < l.mask.size(); g += static_cast<std::size_t>(size)) {
    bool any = false;
    for (int j = 0; j < size; ++j) any = any || l.mask[g + j] != 0.0f;
    kept += any;
  }
  return kept;
}

void add_layer(const Layer& l, const std::optional<PruningSpec>& spec, MemoryModel& m) {
  const double ho = l.conv ? l.out_h() : 1.0, wo = l.conv ? l.out_w() : 1.0;
  const double window_h = l.conv ? ho + l.kh - 1 : 1.0, window_w = l.conv ? wo + l.kw - 1 : 1.0;
  const double outputs = ho * wo;
  m.footprint.dense_bytes += 4.0 * static_cast<double>(l.weight.size());
  auto& r = m.references;
  if (!spec || spec->granularity == Granularity::dense) {
    m.footprint.value_bytes += 4.0 * static_cast<double>(l.weight.size());
    r.weights += static_cast<double>(l.weight.size());
    r.inputs += l.out * l.in * window_h * window_w;
    r.partial_sums += l.out * outputs;
    return;
  }
  if (spec->granularity == Granularity::nm) {
    const double groups = std::ceil(static_cast<double>(l.k()) / spec->pattern.m);
    const double slots = l.out * groups * spec->pattern.n;
    m.footprint.value_bytes += 4.0 * slots;
    m.footprint.index_bytes += l.out * std::ceil(groups * spec->pattern.n * index_bits(spec->pattern.m) / 8.0);
    const double kept = static_cast<double>(l.kept_count());
    r.weights += slots;
    r.indices += slots;
    r.inputs += kept * outputs;
    r.partial_sums += 2.0 * kept * outputs;
    return;
  }
  const int size = grain_size(l, spec->granularity);
  const double kept = kept_grains(l, size);
  m.footprint.value_bytes += 4.0 * kept * size;
  r.weights += kept * size;
  r.indices += kept;
  switch (spec->granularity) {
    case Granularity::fine:
      m.footprint.index_bytes += std::ceil(kept * index_bits(l.k()) / 8.0) + 4.0 * l.out;
      r.inputs += kept * outputs;
      r.partial_sums += 2.0 * kept * outputs;
      break;
    case Granularity::vector:
      m.footprint.index_bytes += std::ceil(kept * index_bits(static_cast<double>(l.in) * l.kh) / 8.0) + 4.0 * l.out;
      r.inputs += kept * ho * window_w;
      r.partial_sums += 2.0 * kept * outputs;
      break;
    case Granularity::kernel:
      m.footprint.index_bytes += std::ceil(kept * index_bits(l.in) / 8.0) + 4.0 * l.out;
      r.inputs += kept * window_h * window_w;
      r.partial_sums += 2.0 * kept * outputs;
      break;
    default:  // filter
      m.footprint.index_bytes += std::ceil(kept * index_bits(l.out) / 8.0);
      r.inputs += kept * l.in * window_h * window_w;
      r.partial_sums += kept * outputs;
      break;
  }
}

}  // namespace

MemoryModel model_memory(const Network& net, const PruningSpec& spec) {
  MemoryModel m;
  for (std::size_t i = 0; i < net.layers.size(); ++i) add_layer(net.layers[i], layer_spec(net, i, spec), m);
  return m;
}

}  // namespace claimbench::accuracy
