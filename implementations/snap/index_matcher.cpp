#include "snap/index_matcher.hpp"

#include <algorithm>
#include <bit>

namespace snap {
namespace {

// Position of the n-th (1-based) set bit of `mask`; mask has at least n set bits.
inline int nth_set_bit(std::uint64_t mask, int n) {
  for (int i = 1; i < n; ++i) mask &= mask - 1;
  return std::countr_zero(mask);
}

inline std::uint64_t bits_up_to(int position) {
  return position >= 63 ? ~0ull : ((1ull << (position + 1)) - 1);
}

}  // namespace

void PeActivity::add(const PeActivity& o) {
  cycles += o.cycles;
  effectual += o.effectual;
  ineffectual += o.ineffectual;
  idle_no_match += o.idle_no_match;
  idle_drain += o.idle_drain;
  idle_compare += o.idle_compare;
  idle_buffer += o.idle_buffer;
  window_steps += o.window_steps;
  weight_loads += o.weight_loads;
  activation_loads += o.activation_loads;
}

IndexMatcher::IndexMatcher(const SnapParameters& p)
    : nw_(p.window_w),
      nia_(p.window_ia),
      p_(p.pairs_per_cycle),
      macs_(p.macs_per_pe),
      queue_cap_(p.match_queue_depth),
      bandwidth_(p.buffer_entries_per_cycle),
      lookahead_(p.lookahead),
      psum_overlap_(p.psum_overlap) {}

// One cycle of the multipliers: issue up to P queued pairs; the unused MAC slots go to
// `idle_bucket` (slots beyond P, when P < MACs, count there too).
inline void IndexMatcher::issue_cycle(std::int64_t* idle_bucket) {
  const int issued = std::min(p_, queue_);
  queue_ -= issued;
  a_.effectual += issued;
  *idle_bucket += macs_ - issued;
  ++a_.cycles;
}

void IndexMatcher::step(int matches, int loads) {
  ++a_.window_steps;
  const int refill_cycles = bandwidth_ > 0 ? std::max(1, (loads + bandwidth_ - 1) / bandwidth_) : 1;
  const bool hidden = first_step_ && psum_overlap_ && lookahead_ && refill_cycles == 1;
  first_step_ = false;
  if (hidden) {  // compared while the previous psum drained
    queue_ += matches;
    return;
  }
  if (lookahead_) {
    // Back-pressure: the step's matches must fit in the queue; the MACs are busy meanwhile.
    while (queue_ + matches > queue_cap_) issue_cycle(&a_.idle_no_match);
    for (int c = 1; c < refill_cycles; ++c) issue_cycle(&a_.idle_buffer);
    issue_cycle(&a_.idle_no_match);  // the compare cycle, overlapped with issue
    queue_ += matches;
    return;
  }
  for (int c = 1; c < refill_cycles; ++c) {
    a_.idle_buffer += macs_;
    ++a_.cycles;
  }
  if (matches == 0) {
    a_.idle_no_match += macs_;
  } else {
    a_.idle_compare += macs_;
  }
  ++a_.cycles;
  queue_ = matches;
  while (queue_ > 0) issue_cycle(&a_.idle_drain);
}

void IndexMatcher::match_chunk(std::uint64_t w, std::uint64_t a) {
  int carry_w = 0, carry_a = 0;  // entries already in the windows from the previous step
  while (w != 0 && a != 0) {
    const int left_w = std::popcount(w), left_a = std::popcount(a);
    const int win_w = std::min(nw_, left_w), win_a = std::min(nia_, left_a);
    const int last_w = win_w == left_w ? 63 - std::countl_zero(w) : nth_set_bit(w, win_w);
    const int last_a = win_a == left_a ? 63 - std::countl_zero(a) : nth_set_bit(a, win_a);
    const std::uint64_t retired = bits_up_to(std::min(last_w, last_a));
    const int matches = std::popcount(w & a & retired);
    const int loads = (win_w - carry_w) + (win_a - carry_a);
    a_.weight_loads += win_w - carry_w;
    a_.activation_loads += win_a - carry_a;
    carry_w = win_w - std::popcount(w & retired);
    carry_a = win_a - std::popcount(a & retired);
    w &= ~retired;
    a &= ~retired;
    step(matches, loads);
  }
}

PeActivity IndexMatcher::finish() {
  while (queue_ > 0) issue_cycle(&a_.idle_drain);
  PeActivity done = a_;
  a_ = PeActivity{};
  first_step_ = true;
  return done;
}

WindowStep match_window(std::span<const int> wc, std::span<const int> ac, const SnapParameters& p) {
  WindowStep step;
  if (wc.empty() || ac.empty()) return step;
  const int nw = std::min<int>(p.window_w, wc.size()), na = std::min<int>(p.window_ia, ac.size());
  step.limit = std::min(wc[nw - 1], ac[na - 1]);
  // The comparator matrix: every W slot against every IA slot.
  for (int i = 0; i < nw; ++i)
    for (int j = 0; j < na; ++j)
      if (wc[i] == ac[j] && wc[i] <= step.limit) step.matches.push_back({i, j, wc[i]});
  if (p.priority == PriorityOrder::highest_weight_slot) std::reverse(step.matches.begin(), step.matches.end());
  while (step.weights_retired < nw && wc[step.weights_retired] <= step.limit) ++step.weights_retired;
  while (step.activations_retired < na && ac[step.activations_retired] <= step.limit) ++step.activations_retired;
  return step;
}

std::vector<WindowStep> match_fibers(std::span<const int> wc, std::span<const int> ac, const SnapParameters& p) {
  std::vector<WindowStep> steps;
  while (!wc.empty() && !ac.empty()) {
    steps.push_back(match_window(wc, ac, p));
    wc = wc.subspan(steps.back().weights_retired);
    ac = ac.subspan(steps.back().activations_retired);
  }
  return steps;
}

}  // namespace snap
