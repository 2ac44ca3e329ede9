// Finite on-chip buffers for the SNAP model: how much of a layer's compressed weights and
// activations each core's buffers hold, what has to be streamed again from DRAM when a layer's
// fibers do not fit, and the stall cycles when that traffic outlasts the computation.
//
// The sizes of SNAP's buffers are not public (shared/reference/snap-architecture.md §1 and §6),
// so the model is off by default (capacity 0 = unlimited, no DRAM traffic modeled) and every
// quantity below is an assumed parameter (data/snap/parameters.csv). A layer-level model on
// top of the cycle-level array, with these assumptions:
// * A compressed entry is value_bits + log2(channel_chunk) bits (a 16-bit value, stated, and a
//   6-bit channel index, assumed). A core's weight footprint is the entries of its filters
//   (k ≡ core mod cores); the activation footprint is the whole compressed input (broadcast).
// * Loop order: each core walks its filters in filter tiles, as many consecutive filters as
//   its weight buffer holds (at least one), and sweeps the whole input once per tile; inside a
//   tile every filter meets every output position. (The array model's cycles are a sum over
//   lockstep steps, so this reordering of its steps does not change them.) A filter larger
//   than the buffer is swept once per lockstep pass over the output (diagonal mode: per
//   (stripe, column); row mode: per step of `groups` outputs).
// * Buffer policy: software-managed, the first `capacity` bits of a swept footprint stay
//   resident and the rest is streamed again on every later sweep (an LRU buffer would miss the
//   whole footprint on a cyclic sweep; this is the better, compiler-scheduled case). Compulsory
//   traffic: every entry is read from DRAM once.
//   So weights are refilled only when one filter exceeds the weight buffer, and activations
//   when the input exceeds the activation buffer and a core needs more than one filter tile.
// * Activation streams are broadcast: one DRAM read feeds every core (the cores advance through
//   their filters together), so activation DRAM traffic is counted once, for the core with the
//   most filters; weight traffic is summed over the cores.
// * Transfers overlap computation (double buffering): the layer takes
//   max(compute cycles, DRAM bytes / dram_bytes_per_cycle); the excess is stall. With
//   dram_bytes_per_cycle = 0 the traffic is counted and never stalls.
// * Output writes are not part of the DRAM model (outputs are reduced on chip and written once,
//   counted by the array model as psum writebacks).
#pragma once

#include <cstdint>

#include "snap/snap_parameters.hpp"
#include "snap/sparse_conv_layer.hpp"

namespace snap {

struct BufferTraffic {
  bool modeled = false;                        // false: both capacities unlimited (the default)
  int entry_bits = 0;                          // value + channel index
  std::int64_t weight_footprint_bits = 0;      // largest per-core weight footprint
  std::int64_t largest_filter_bits = 0;        // largest single filter (what one sweep needs)
  std::int64_t activation_footprint_bits = 0;  // the compressed input
  std::int64_t weight_dram_bits = 0;           // all cores: compulsory + refills
  std::int64_t activation_dram_bits = 0;       // broadcast stream: compulsory + refills
  std::int64_t weight_refill_bits = 0, activation_refill_bits = 0;  // the part beyond compulsory
  std::int64_t weight_refills = 0;             // filter sweeps that streamed part of a filter again
  std::int64_t activation_refills = 0;         // input sweeps that streamed part of the input again
  std::int64_t filter_tiles = 0;               // of the core with the most (= input sweeps)
  double dram_cycles = 0;                      // total DRAM bits / bandwidth; 0 when unlimited
  double stall_cycles = 0;                     // whole layer: max(0, dram_cycles − compute cycles)

  double dram_bytes() const { return static_cast<double>(weight_dram_bits + activation_dram_bits) / 8.0; }
  double refill_bytes() const { return static_cast<double>(weight_refill_bits + activation_refill_bits) / 8.0; }
};

// compute_cycles: the layer's cycles without buffer stalls (whole layer, sampling scaled).
BufferTraffic model_buffers(const SparseConvLayer& layer, const SnapParameters& p, double compute_cycles);

}  // namespace snap
