// Magnitude masks at the granularities of Mao et al. 2017 ("Exploring the Regularity of Sparse
// Structure in CNNs", arXiv 1705.08922) and at N:M.
//
// A layer's weights are out × in × kh × kw. A grain is the unit that is kept or removed whole:
//   fine    one weight (0-D)
//   vector  one kernel row (o, i, r, :), kw weights (1-D)
//   kernel  one kernel (o, i, :, :), kh·kw weights (2-D)
//   filter  one output filter (o, :, :, :), in·kh·kw weights (3-D)
// A fully connected layer is a 1×1 convolution, so there vector and kernel grains are single
// weights and a filter is one output neuron. Grains are ranked by the sum of |w| (L1 norm, the
// criterion Mao et al. use), and exactly round(sparsity · grains) of the smallest are removed;
// ties remove the higher index first, as prune_unstructured_by_magnitude does for fine grains.
//   N:M     the n largest of every m consecutive weights along K = in·kh·kw of each output row,
//           by claimbench::prune_nm_by_magnitude (the project's 2:4 semantics).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accuracy/network.hpp"
#include "claimbench/pruning.hpp"

namespace claimbench::accuracy {

enum class Granularity { dense, fine, vector, kernel, filter, nm };

struct PruningSpec {
  Granularity granularity = Granularity::dense;
  double sparsity = 0.0;  // fraction of grains removed (fine..filter); n:m implies 1 - n/m
  NMPattern pattern;      // granularity nm only

  // "dense", "fine", "vector", "kernel", "filter" (with `sparsity`), or an N:M pattern "2:4".
  // nullopt when the text or the sparsity (outside [0, 1)) is invalid.
  static std::optional<PruningSpec> parse(const std::string& granularity, double sparsity);
  std::string str() const;  // "fine@0.75", "2:4", "dense"
  double nominal_sparsity() const;
};

const char* to_string(Granularity g);

// Weights per grain and number of grains of a layer at a granularity (fine..filter).
int grain_size(const Layer& layer, Granularity g);

// The 0/1 mask of one layer (same size as layer.weight). Granularity dense gives all ones.
std::vector<float> magnitude_mask(const Layer& layer, const PruningSpec& spec);

// Which layers a recipe prunes, and at what granularity: the first convolution of the CNN
// (1 input channel, 144 weights, under 1% of the weights) stays dense, as is usual (Gale et al.
// 2019 "The State of Sparsity in Deep Neural Networks" keep the first layer dense); the
// classifier is pruned fine-grained when the granularity would remove whole outputs or
// kernels (a filter of the classifier is a class). Returns nullopt for a layer left dense.
std::optional<PruningSpec> layer_spec(const Network& net, std::size_t layer_index, const PruningSpec& spec);

// Sets every layer's mask from its current weights and zeroes the pruned weights.
void prune_network(Network& net, const PruningSpec& spec);

// Zeroes the masked weights (after a training step, or to check a mask holds).
void apply_masks(Network& net);

// True when every masked-out weight is zero and the mask's zeros form whole grains of `g`.
bool mask_has_structure(const Layer& layer, Granularity g);

}  // namespace claimbench::accuracy
