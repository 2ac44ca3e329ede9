// The associative index-matching unit (AIM) of one PE and the multipliers it feeds.
//
// Per window step the matcher holds up to N_W compressed weight entries and N_IA activation
// entries of the current chunk (sorted by channel), compares all N_W × N_IA channel indices
// at once, and retires every entry up to lim = min(last W channel, last IA channel) in the
// window. Each channel occurs at most once per fiber, so the step's matches are exactly the
// channels ≤ lim present in both, and no match is ever found twice or missed (two-pointer
// merge). The priority encoder emits them P per cycle.
//
// Look-ahead on: the matcher runs ahead of the multipliers through a queue of matched pairs
// (depth Q), so a window step overlaps the issue of earlier matches; the multipliers idle only
// when the queue is empty. Look-ahead off: each step compares (one cycle, multipliers idle)
// and then drains its own matches before the next compare.
//
// A PE's queue persists across the fiber pairs and chunks of one output psum (the PE's adder
// tree and accumulator take products of any of them) and drains at the end of the psum.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "snap/snap_parameters.hpp"

namespace snap {

// Where a PE's MAC slots went. slots = macs × cycles = effectual + every idle field.
struct PeActivity {
  std::int64_t cycles = 0;
  std::int64_t effectual = 0;        // products issued (matched pairs)
  std::int64_t ineffectual = 0;      // dense array only: products with a zero operand
  std::int64_t idle_no_match = 0;    // queue empty while matching: the window found fewer than P
  std::int64_t idle_drain = 0;       // last cycles of a psum with fewer than P pairs left
  std::int64_t idle_compare = 0;     // look-ahead off: the compare cycle of each window step
  std::int64_t idle_buffer = 0;      // matcher waiting for window refill bandwidth
  std::int64_t window_steps = 0;
  std::int64_t weight_loads = 0;     // compressed W entries read into the window
  std::int64_t activation_loads = 0; // compressed IA entries read into the window
  void add(const PeActivity& o);
  std::int64_t idle() const { return idle_no_match + idle_drain + idle_compare + idle_buffer; }
  std::int64_t slots(int macs) const { return cycles * macs; }
};

class IndexMatcher {
 public:
  explicit IndexMatcher(const SnapParameters& p);
  // One chunk pair of the current psum: bit i of each mask = channel i of the chunk is nonzero.
  void match_chunk(std::uint64_t weights, std::uint64_t activations);
  // End of the psum: drain the queue. Returns the activity of the psum and resets.
  PeActivity finish();
  // Slots of a PE that has no work at all: the caller attributes them.
  int macs() const { return macs_; }

 private:
  void step(int matches, int loads);
  void issue_cycle(std::int64_t* idle_bucket);
  int nw_, nia_, p_, macs_, queue_cap_, bandwidth_;
  bool lookahead_, psum_overlap_;
  bool first_step_ = true;  // no window step of the current psum yet
  int queue_ = 0;
  PeActivity a_;
};

// One window step on explicit sorted channel lists, as the hardware sees it: which pairs the
// comparator matrix finds and in what order the priority encoder emits them. Used by the
// tests to check hand-worked cases and to cross-check the mask-based matcher.
struct MatchedPair {
  int weight_slot;      // position in the W window
  int activation_slot;  // position in the IA window
  int channel;
};
struct WindowStep {
  std::vector<MatchedPair> matches;  // in priority order
  int limit = -1;                    // lim: last channel retired this step
  int weights_retired = 0, activations_retired = 0;
};
// Windows are the first N_W / N_IA entries of the remaining lists.
WindowStep match_window(std::span<const int> weight_channels, std::span<const int> activation_channels,
                        const SnapParameters& p);
// Runs the lists to exhaustion, one WindowStep per window step.
std::vector<WindowStep> match_fibers(std::span<const int> weight_channels, std::span<const int> activation_channels,
                                     const SnapParameters& p);

}  // namespace snap
