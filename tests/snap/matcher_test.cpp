// The associative index matcher on hand-worked cases, and its mask-based fast path against
// the explicit comparator-matrix trace.
#include <bit>
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "snap/index_matcher.hpp"

using snap::IndexMatcher;
using snap::match_fibers;
using snap::SnapParameters;

namespace {
SnapParameters window(int n) {
  SnapParameters p;
  p.window_w = p.window_ia = n;
  p.match_queue_depth = std::max(32, 2 * n);
  return p;
}
std::uint64_t mask_of(const std::vector<int>& channels) {
  std::uint64_t m = 0;
  for (int c : channels) m |= 1ull << c;
  return m;
}
}  // namespace

TEST_CASE("empty fibers produce no window step and no cycle") {
  const auto p = window(16);
  CHECK(match_fibers({}, std::vector<int>{1, 2}, p).empty());
  CHECK(match_fibers(std::vector<int>{1, 2}, {}, p).empty());
  IndexMatcher m(p);
  m.match_chunk(0, mask_of({1, 2, 3}));
  m.match_chunk(mask_of({4}), 0);
  const auto a = m.finish();
  CHECK(a.cycles == 0);
  CHECK(a.window_steps == 0);
  CHECK(a.effectual == 0);
}

TEST_CASE("no matches: one step retires everything up to the smaller window end") {
  const auto p = window(16);
  const std::vector<int> w{0, 2, 4}, ia{1, 3, 5};
  const auto steps = match_fibers(w, ia, p);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].matches.empty());
  CHECK(steps[0].limit == 4);
  CHECK(steps[0].weights_retired == 3);
  CHECK(steps[0].activations_retired == 2);
  IndexMatcher m(p);
  m.match_chunk(mask_of(w), mask_of(ia));
  const auto a = m.finish();
  CHECK(a.window_steps == 1);
  CHECK(a.effectual == 0);
  CHECK(a.cycles == 1);            // the compare cycle
  CHECK(a.idle_no_match == 3);     // all three MACs idle
}

TEST_CASE("all matches: windows of 4 over 10 common channels, in priority order") {
  auto p = window(4);
  std::vector<int> ch(10);
  for (int i = 0; i < 10; ++i) ch[i] = i;
  auto steps = match_fibers(ch, ch, p);
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].matches.size() == 4);
  CHECK(steps[1].matches.size() == 4);
  CHECK(steps[2].matches.size() == 2);
  CHECK(steps[0].matches.front().weight_slot == 0);
  CHECK(steps[0].matches.back().weight_slot == 3);
  p.priority = snap::PriorityOrder::highest_weight_slot;
  steps = match_fibers(ch, ch, p);
  CHECK(steps[0].matches.front().weight_slot == 3);  // the order changes, the counts do not
  CHECK(steps[0].matches.size() == 4);
}

TEST_CASE("window boundary: a match beyond the weight window is found, once, when the window reaches it") {
  const auto p = window(4);
  std::vector<int> w(20);
  for (int i = 0; i < 20; ++i) w[i] = i;
  const std::vector<int> ia{19};
  const auto steps = match_fibers(w, ia, p);
  REQUIRE(steps.size() == 5);
  for (int s = 0; s < 4; ++s) CHECK(steps[s].matches.empty());
  REQUIRE(steps[4].matches.size() == 1);
  CHECK(steps[4].matches[0].channel == 19);
  CHECK(steps[4].matches[0].weight_slot == 3);
  IndexMatcher m(p);
  m.match_chunk(mask_of(w), mask_of(ia));
  const auto a = m.finish();
  CHECK(a.window_steps == 5);
  CHECK(a.effectual == 1);
  CHECK(a.weight_loads == 20);
  CHECK(a.activation_loads == 1);
}

TEST_CASE("cycle accounting of one window with 7 matches, look-ahead off and on") {
  auto p = window(16);
  const std::uint64_t seven = mask_of({0, 1, 2, 3, 4, 5, 6});
  p.lookahead = false;
  IndexMatcher off(p);
  off.match_chunk(seven, seven);
  auto a = off.finish();
  CHECK(a.cycles == 4);  // compare, then 3 + 3 + 1
  CHECK(a.effectual == 7);
  CHECK(a.idle_compare == 3);
  CHECK(a.idle_drain == 2);
  p.lookahead = true;
  IndexMatcher on(p);
  on.match_chunk(seven, seven);
  a = on.finish();
  CHECK(a.cycles == 4);  // compare overlapped with an (empty) issue, then 3 + 3 + 1
  CHECK(a.idle_no_match == 3);
  CHECK(a.idle_drain == 2);
  CHECK(a.cycles * 3 == a.effectual + a.idle());
}

TEST_CASE("look-ahead keeps the multipliers busy on dense fibers") {
  const auto p = window(16);
  IndexMatcher m(p);
  m.match_chunk(~0ull, ~0ull);
  const auto a = m.finish();
  CHECK(a.effectual == 64);
  CHECK(a.cycles <= 22 + 1);  // ceil(64 / 3) issue cycles plus the first compare
  CHECK(a.cycles * 3 == a.effectual + a.idle());
}

TEST_CASE("mask matcher equals the comparator-matrix trace on random fibers") {
  std::mt19937_64 rng(7);
  for (int n : {1, 3, 8, 16, 32}) {
    const auto p = window(n);
    for (int trial = 0; trial < 200; ++trial) {
      const std::uint64_t w = rng() & rng(), a = rng() | (trial % 3 ? 0 : rng());
      std::vector<int> wc, ac;
      for (int c = 0; c < 64; ++c) {
        if (w >> c & 1) wc.push_back(c);
        if (a >> c & 1) ac.push_back(c);
      }
      const auto steps = match_fibers(wc, ac, p);
      std::int64_t traced = 0;
      for (const auto& s : steps) traced += static_cast<std::int64_t>(s.matches.size());
      IndexMatcher m(p);
      m.match_chunk(w, a);
      const auto act = m.finish();
      REQUIRE(traced == std::popcount(w & a));
      REQUIRE(act.effectual == traced);
      REQUIRE(act.window_steps == static_cast<std::int64_t>(steps.size()));
      REQUIRE(act.cycles * 3 == act.effectual + act.idle());
    }
  }
}

TEST_CASE("psum overlap hides the first compare cycle of every psum, and only that") {
  auto p = window(16);
  const std::uint64_t seven = mask_of({0, 1, 2, 3, 4, 5, 6});
  p.psum_overlap = true;
  IndexMatcher m(p);
  for (int psum = 0; psum < 2; ++psum) {
    m.match_chunk(seven, seven);
    const auto a = m.finish();
    CHECK(a.cycles == 3);  // 3 + 3 + 1, the compare hidden behind the previous drain
    CHECK(a.idle_no_match == 0);
    CHECK(a.idle_drain == 2);
    CHECK(a.cycles * 3 == a.effectual + a.idle());
  }
}
