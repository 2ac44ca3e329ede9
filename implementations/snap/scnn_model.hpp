// An SCNN-style machine (Parashar et al., ISCA 2017), the Cartesian-product alternative to
// SNAP, on the same layers: planar-tiled, input-stationary, Cartesian-product sparse dataflow.
//
// The input activation plane is split into pe_rows × pe_cols spatial tiles, one per PE. For
// each group of Kc output channels and each input channel c, a PE multiplies every nonzero
// weight W[k∈group][c][r][s] by every nonzero activation of its tile in channel c, F weights
// × I activations per cycle (the Cartesian product needs no index matching: every pair is
// multiplied). Each product's output coordinate (k, (y+pad−r)/stride, (x+pad−s)/stride) is
// computed from the two coordinates and the product is scattered through a crossbar to one of
// A accumulator banks, where it is added into the psum (one read-modify-write per product).
// Products whose coordinate falls outside the output plane (edges) or between strided outputs
// are discarded. Products landing outside the PE's own output tile are halo updates, sent to
// the neighbour. A bank takes one update per cycle, so a batch costs max(1, most products to
// one bank) cycles. PEs wait for each other at the end of every output-channel group.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "snap/sparse_conv_layer.hpp"

namespace snap {

struct ScnnParameters {
  int pe_rows = 8, pe_cols = 8;  // 64 PEs: SCNN paper (secondary summary)
  int weights_per_cycle = 4;     // F: SCNN paper (secondary summary)
  int activations_per_cycle = 4; // I: SCNN paper (secondary summary)
  int accumulator_banks = 32;    // A = 2·F·I: SCNN paper (secondary summary)
  int output_channel_group = 8;  // Kc: assumed (SCNN sizes it per layer to fit the accumulators)
  bool bank_conflicts = true;    // model crossbar bank conflicts: assumed on
  // Sampling: simulate at most this many output-channel groups per layer (evenly spaced); 0 = all.
  std::int64_t max_groups_per_layer = 0;
  int multipliers() const { return pe_rows * pe_cols * weights_per_cycle * activations_per_cycle; }
  void validate() const;
  std::vector<std::pair<std::string, double>> values() const;
};

struct ScnnResult {
  std::int64_t multipliers = 0;
  std::int64_t total_groups = 0, simulated_groups = 0;
  double scale = 1.0;
  // Exact on the simulated groups:
  std::int64_t cycles = 0;                 // sum over groups of the slowest PE
  std::int64_t products = 0;               // every multiplication performed
  std::int64_t useful_products = 0;        // landed on a valid output: the effectual MACs
  std::int64_t discarded_products = 0;     // edge or stride misses
  std::int64_t accumulator_updates = 0;    // read-modify-writes into the accumulator banks (= useful)
  std::int64_t halo_updates = 0;           // of which to a neighbour's output tile
  std::int64_t conflict_cycles = 0;        // cycles added by bank conflicts
  std::int64_t batch_cycles = 0;           // F×I batches issued (one cycle each without conflicts)
  std::int64_t idle_barrier_slots = 0;     // multiplier slots lost waiting at group barriers
  std::int64_t output_writes = 0;          // outputs drained from the accumulators (K×Ho×Wo, simulated groups)
  double utilization() const {
    return cycles ? static_cast<double>(useful_products) / (static_cast<double>(cycles) * multipliers) : 0.0;
  }
  double estimated_cycles() const { return cycles * scale; }
};

ScnnResult simulate_scnn(const SparseConvLayer& layer, const ScnnParameters& p);
// The output-channel groups simulate_scnn simulates (first channel of each), for checkers.
std::vector<int> scnn_simulated_groups(const ConvLayerShape& shape, const ScnnParameters& p);

}  // namespace snap
