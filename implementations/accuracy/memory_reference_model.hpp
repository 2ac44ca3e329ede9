// An analytical model (evidence: modeled) of what a pruned network costs to store and to
// stream, per sparsity granularity, to test Mao et al. 2017's "coarse-grained sparsity saves
// about 2× memory references" on our own pruned models. It is our model, not Mao's SCNN
// simulation; what it counts is stated here so the figure can be judged.
//
// Storage (fp32 values):
//   dense      4 bytes per weight, no index.
//   fine/vector/kernel/filter   every kept grain stores its grain_size values (4 bytes each) and
//              one index of ceil(log2(grain positions)) bits (positions per output row: K for
//              fine, in·kh for vector, in for kernel; filter indexes the kept filters among out),
//              plus a 32-bit pointer per output row (none for filter: a list of kept filters).
//   n:m        kept values (n per group) and ceil(log2 m) bits per kept value, no pointers.
// Memory references of one image, in a dataflow where each kept grain is one unit of work: its
// index and values are fetched once, the input activations it touches are fetched once for the
// grain (reused across the grain's weights), and the outputs it contributes to are read and
// written once per grain (only written when the grain covers a whole filter):
//   fine, n:m  per weight: Ho·Wo inputs, 2·Ho·Wo partial sums
//   vector     per kernel row: Ho·(Wo+kw−1) inputs, 2·Ho·Wo partial sums
//   kernel     per kernel: (Ho+kh−1)·(Wo+kw−1) inputs, 2·Ho·Wo partial sums
//   filter     per filter: in·(Ho+kh−1)·(Wo+kw−1) inputs, Ho·Wo outputs written
//   dense      as filter over every filter, no index
// A fully connected layer is a 1×1 convolution on a 1×1 map (Ho = Wo = 1).
#pragma once

#include <string>

#include "accuracy/network.hpp"
#include "accuracy/weight_masks.hpp"

namespace claimbench::accuracy {

struct MemoryFootprint {
  double value_bytes = 0.0;
  double index_bytes = 0.0;
  double dense_bytes = 0.0;  // 4 bytes per weight of the unpruned network
  double total() const { return value_bytes + index_bytes; }
};

struct MemoryReferences {
  double weights = 0.0;  // value fetches
  double indices = 0.0;
  double inputs = 0.0;
  double partial_sums = 0.0;  // reads and writes of outputs
  double total() const { return weights + indices + inputs + partial_sums; }
};

struct MemoryModel {
  MemoryFootprint footprint;
  MemoryReferences references;  // per image
};

// The network's masks as they are, each layer counted at the granularity layer_spec() gives it
// under `spec` (dense layers count as dense).
MemoryModel model_memory(const Network& net, const PruningSpec& spec);

}  // namespace claimbench::accuracy
