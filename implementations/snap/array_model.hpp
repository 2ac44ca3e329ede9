// SNAP's PE arrays, reduction groups and two-level psum reduction, and the dense array of the
// same size, on one layer.
//
// Mapping (assumed, see data/snap/parameters.csv and docs/snap/model.md):
// * Output channels k are split across cores (k mod cores); inputs are broadcast.
// * A core has G reduction groups (PE rows) of M PEs (PE columns). One lockstep step gives each
//   group one work item: an output (k, yo, xo) and a channel tile.
// * Diagonal mode (R×S > 1): the G groups take G consecutive output rows at the same (k, xo);
//   member j of a group computes the filter rows r ≡ j (mod M), every s, over the tile's
//   channels (filter rows fold over passes when R > M). Row mode (1×1 convolution, FC): the G
//   groups take G consecutive outputs; member j takes the j-th third of the tile's channels.
// * Level-1 reduction: a PE sums its products into one psum per work item (adder tree +
//   accumulator). Level-2: the core sums the M psums of a group and writes one output-buffer
//   entry per work item (a read-modify-write from the second channel tile on). A group's
//   write waits for its slowest member (the group barrier).
//
// Every slot of every MAC over the layer's cycles is accounted for: effectual products,
// ineffectual ones (dense array: multiplications by zero), or one of the idle causes.
#pragma once

#include <cstdint>
#include <functional>

#include "snap/buffer_model.hpp"
#include "snap/index_matcher.hpp"
#include "snap/snap_parameters.hpp"
#include "snap/sparse_conv_layer.hpp"

namespace snap {

enum class ArrayKind { snap, dense };
enum class ReductionMode { diagonal, row };
ReductionMode reduction_mode(const ConvLayerShape& shape);
const char* to_string(ReductionMode mode);

struct ArrayResult {
  ReductionMode mode = ReductionMode::row;
  std::int64_t macs = 0;              // MAC units of the machine
  std::int64_t total_steps = 0;       // lockstep steps of the busiest core
  std::int64_t simulated_steps = 0;   // of which simulated (sampling), per core
  double scale = 1.0;                 // total_steps / simulated_steps
  // Exact on what was simulated:
  std::int64_t cycles = 0;
  std::int64_t effectual = 0;
  std::int64_t ineffectual = 0;       // dense array only: products with a zero operand
  std::int64_t idle_no_match = 0, idle_drain = 0, idle_compare = 0, idle_buffer = 0;
  std::int64_t idle_group_barrier = 0;     // members waiting for the group's slowest member
  std::int64_t idle_lockstep_barrier = 0;  // groups (core scope) or cores (chip scope) waiting
  std::int64_t idle_layer_barrier = 0;     // end of layer: cores/groups that finished early
  std::int64_t idle_boundary = 0;          // no work mapped: output edges, padding, R < M, empty tiles
  // Finite buffers (SNAP only; buffer_model.hpp): DRAM stall cycles, converted to simulated
  // cycles (stall / scale) and added to `cycles`, times every MAC.
  std::int64_t idle_dram_stall = 0;
  BufferTraffic buffer;               // whole layer (not scaled)
  std::int64_t window_steps = 0;
  std::int64_t weight_loads = 0, activation_loads = 0;
  std::int64_t work_items = 0;        // (output, channel tile) pairs = level-2 psum writebacks
  std::int64_t pe_psums = 0;          // level-1 psums delivered to the core reducer
  std::int64_t output_rmw_reads = 0;  // writebacks that first read the partial output back

  std::int64_t slots() const { return cycles * macs; }
  std::int64_t idle() const {
    return idle_no_match + idle_drain + idle_compare + idle_buffer + idle_group_barrier + idle_lockstep_barrier +
           idle_layer_barrier + idle_boundary + idle_dram_stall;
  }
  double utilization() const { return slots() ? static_cast<double>(effectual) / slots() : 0.0; }
  double estimated_cycles() const { return cycles * scale; }
};

// kind == snap applies the finite-buffer model (off by default); the dense array never does.
ArrayResult simulate_array(const SparseConvLayer& layer, const SnapParameters& p, ArrayKind kind);

// Calls fn(k, yo, xo, channel_lo, channel_hi) for every work item simulate_array simulates
// with these parameters (same sampling), so a checker can recount them independently.
void for_each_simulated_work_item(const ConvLayerShape& shape, const SnapParameters& p,
                                  const std::function<void(int, int, int, int, int)>& fn);

// Effectual MACs of (k, yo, xo) restricted to channels [lo, hi): popcount reference.
std::int64_t count_effectual_macs(const SparseConvLayer& layer, int k, int yo, int xo, int lo, int hi);

}  // namespace snap
