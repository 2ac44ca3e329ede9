#include "accuracy/weight_masks.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace claimbench::accuracy {

const char* to_string(Granularity g) {
  switch (g) {
    case Granularity::dense: return "dense";
    case Granularity::fine: return "fine";
    case Granularity::vector: return "vector";
    case Granularity::kernel: return "kernel";
    case Granularity::filter: return "filter";
    case Granularity::nm: return "nm";
  }
  return "?";
}

std::optional<PruningSpec> PruningSpec::parse(const std::string& granularity, double sparsity) {
  PruningSpec s;
  if (granularity == "dense") return s;
  if (auto p = NMPattern::parse(granularity); p && !p->is_dense()) {
    s.granularity = Granularity::nm;
    s.pattern = *p;
    s.sparsity = 1.0 - static_cast<double>(p->n) / p->m;
    return s;
  }
  if (!(sparsity >= 0.0 && sparsity < 1.0)) return std::nullopt;
  s.sparsity = sparsity;
  for (Granularity g : {Granularity::fine, Granularity::vector, Granularity::kernel, Granularity::filter})
    if (granularity == to_string(g)) {
      s.granularity = g;
      return s;
    }
  return std::nullopt;
}

std::string PruningSpec::str() const {
  if (granularity == Granularity::dense) return "dense";
  if (granularity == Granularity::nm) return pattern.str();
  char text[64];
  std::snprintf(text, sizeof text, "%s@%g", to_string(granularity), sparsity);
  return text;
}

double PruningSpec::nominal_sparsity() const {
  if (granularity == Granularity::nm) return 1.0 - static_cast<double>(pattern.n) / pattern.m;
  return granularity == Granularity::dense ? 0.0 : sparsity;
}

int grain_size(const Layer& layer, Granularity g) {
  switch (g) {
    case Granularity::vector: return layer.kw;
    case Granularity::kernel: return layer.kh * layer.kw;
    case Granularity::filter: return layer.k();
    default: return 1;
  }
}

std::vector<float> magnitude_mask(const Layer& layer, const PruningSpec& spec) {
  const std::size_t total = layer.weight.size();
  std::vector<float> mask(total, 1.0f);
  if (spec.granularity == Granularity::dense) return mask;
  if (spec.granularity == Granularity::nm) {
    std::vector<float> kept = layer.weight;
    prune_nm_by_magnitude(kept.data(), layer.out, layer.k(), layer.k(), spec.pattern);
    // An exact-zero weight reads as pruned: the group still satisfies n:m.
    for (std::size_t i = 0; i < total; ++i) mask[i] = kept[i] != 0.0f ? 1.0f : 0.0f;
    return mask;
  }
  // Grains are contiguous runs of grain_size weights in out × in × kh × kw order.
  const int size = grain_size(layer, spec.granularity);
  const std::size_t grains = total / static_cast<std::size_t>(size);
  std::vector<double> score(grains, 0.0);
  for (std::size_t g = 0; g < grains; ++g)
    for (int j = 0; j < size; ++j) {
      const float w = layer.weight[g * size + j];
      if (std::isnan(w)) throw std::invalid_argument("layer " + layer.name + " holds a NaN weight");
      score[g] += std::fabs(w);
    }
  const auto removed = static_cast<std::size_t>(std::llround(spec.sparsity * static_cast<double>(grains)));
  std::vector<std::size_t> order(grains);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Smallest score first; among equals the higher index is removed first.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return score[a] < score[b] || (score[a] == score[b] && a > b);
  });
  for (std::size_t r = 0; r < removed && r < grains; ++r)
    std::fill_n(mask.begin() + static_cast<std::ptrdiff_t>(order[r] * size), size, 0.0f);
  return mask;
}

std::optional<PruningSpec> layer_spec(const Network& net, std::size_t layer_index, const PruningSpec& spec) {
  if (spec.granularity == Granularity::dense) return std::nullopt;
  const Layer& layer = net.layers.at(layer_index);
  if (layer.conv && layer_index == 0) return std::nullopt;
  const bool classifier = layer_index + 1 == net.layers.size();
  if (classifier && spec.granularity != Granularity::nm && spec.granularity != Granularity::fine) {
    PruningSpec fine = spec;
    fine.granularity = Granularity::fine;
    return fine;
  }
  return spec;
}

void prune_network(Network& net, const PruningSpec& spec) {
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    Layer& layer = net.layers[i];
    const auto s = layer_spec(net, i, spec);
    if (!s) {
      layer.mask.clear();
      continue;
    }
    layer.mask = magnitude_mask(layer, *s);
  }
  apply_masks(net);
}

void apply_masks(Network& net) {
  for (auto& layer : net.layers)
    if (!layer.mask.empty())
      for (std::size_t i = 0; i < layer.weight.size(); ++i)
        if (layer.mask[i] == 0.0f) layer.weight[i] = 0.0f;
}

bool mask_has_structure(const Layer& layer, Granularity g) {
  if (layer.mask.empty()) return true;
  for (std::size_t i = 0; i < layer.weight.size(); ++i)
    if (layer.mask[i] == 0.0f && layer.weight[i] != 0.0f) return false;
  if (g == Granularity::nm || g == Granularity::fine || g == Granularity::dense) return true;
  const int size = grain_size(layer, g);
  for (std::size_t start = 0; start < layer.mask.size(); start += static_cast<std::size_t>(size))
    for (int j = 1; j < size; ++j)
      if (layer.mask[start + j] != layer.mask[start]) return false;
  return true;
}

}  // namespace claimbench::accuracy
