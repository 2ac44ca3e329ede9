// Every knob of the SNAP cycle model. The defaults are the values in data/snap/parameters.csv,
// whose `provenance` column says which are stated by the SNAP papers, which come from a
// secondary source, and which are this project's assumptions (a test keeps the two in step).
// Results record every value (counters param.*), so a number is never separated from the
// assumptions that produced it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace snap {

// Who waits for whom. group: a reduction group waits only for its own members (groups run
// ahead independently); core: the 7 groups of a core advance in lockstep (IA broadcast);
// chip: all cores advance in lockstep.
enum class BarrierScope { group, core, chip };
// Which matched pair leaves the priority encoder first. Changes the issue order, never a count.
enum class PriorityOrder { lowest_weight_slot, highest_weight_slot };

struct SnapParameters {
  int cores = 4;                 // secondary (CANDLES, HPCA'22, background section)
  int groups_per_core = 7;       // PE rows: secondary (7×3 PEs per core)
  int pes_per_group = 3;         // PE columns: secondary
  int macs_per_pe = 3;           // secondary
  int window_w = 16;             // N_W: assumed
  int window_ia = 16;            // N_IA: assumed
  int pairs_per_cycle = 3;       // P: assumed (= macs_per_pe)
  bool lookahead = true;         // assumed on (C.-E. Lee: "look-ahead index matching unit")
  int match_queue_depth = 32;    // matched pairs buffered between matcher and MACs: assumed
  // The first window step of a psum overlaps the previous psum's drain (the matcher runs ahead
  // across psums; needs a psum tag per queued pair). Off: every psum pays one compare cycle
  // with an empty queue. Assumed off.
  bool psum_overlap = false;
  int channel_chunk = 64;        // channels per compressed chunk (6-bit index): assumed
  int channel_tile = 0;          // channels reduced on chip before a psum writeback; 0 = all C: assumed
  BarrierScope barrier_scope = BarrierScope::core;  // assumed
  PriorityOrder priority = PriorityOrder::lowest_weight_slot;  // assumed
  int buffer_entries_per_cycle = 0;  // window refill bandwidth per PE (W + IA entries); 0 = unlimited: assumed
  // Finite buffers (buffer_model.hpp): per-core capacities of the compressed weight and
  // activation buffers in bytes, 0 = unlimited (the default: SNAP's sizes are not public).
  std::int64_t weight_buffer_bytes = 0;      // assumed
  std::int64_t activation_buffer_bytes = 0;  // assumed
  int value_bits = 16;                       // stated (16-bit arithmetic, JSSC 2021 abstract)
  double dram_bytes_per_cycle = 0.0;         // off-chip bandwidth; 0 = never stalls: assumed
  double clock_mhz = 480.0;      // stated (ResNet-50 point, 0.80 V)
  // Sampling: simulate at most this many lockstep steps per layer (evenly spaced) and scale
  // cycles by the fraction simulated; 0 = every step. Invariants are exact on what was simulated.
  std::int64_t max_steps_per_layer = 0;

  int total_macs() const { return cores * groups_per_core * pes_per_group * macs_per_pe; }
  void validate() const;  // throws std::invalid_argument naming the parameter
  // (name, value) of every parameter, names as in data/snap/parameters.csv.
  std::vector<std::pair<std::string, double>> values() const;
  // Sets one parameter by its CSV name; throws std::invalid_argument for an unknown name or value.
  void set(const std::string& name, double value);
};

const char* to_string(BarrierScope scope);
BarrierScope parse_barrier_scope(const std::string& text);

}  // namespace snap
