// PE arrays, reduction groups and the model invariants.
#include <catch2/catch.hpp>

#include "snap/array_model.hpp"

using namespace snap;

namespace {
SparseConvLayer make(int C, int K, int H, int R, int stride, int pad, double wd, double ad,
                     NonzeroPattern pattern = NonzeroPattern::uniform, std::uint64_t seed = 3) {
  ConvLayerShape sh;
  sh.C = C, sh.K = K, sh.H = sh.W = H, sh.R = sh.S = R, sh.stride = stride, sh.pad = pad;
  SparsityRecipe rec;
  rec.weight_density = wd, rec.activation_density = ad, rec.pattern = pattern, rec.seed = seed;
  return SparseConvLayer::generate(sh, rec, 64);
}

std::int64_t recount(const SparseConvLayer& layer, const SnapParameters& p) {
  std::int64_t n = 0;
  for_each_simulated_work_item(layer.shape(), p, [&](int k, int yo, int xo, int lo, int hi) {
    n += count_effectual_macs(layer, k, yo, xo, lo, hi);
  });
  return n;
}
}  // namespace

TEST_CASE("the popcount reference equals the channel-by-channel count") {
  for (auto pattern : {NonzeroPattern::uniform, NonzeroPattern::clustered}) {
    const auto layer = make(70, 5, 7, 3, 2, 1, 0.4, 0.6, pattern);
    std::int64_t pop = 0;
    for (int k = 0; k < 5; ++k)
      for (int y = 0; y < layer.shape().out_h(); ++y)
        for (int x = 0; x < layer.shape().out_w(); ++x) pop += count_effectual_macs(layer, k, y, x);
    CHECK(pop == count_effectual_macs_scalar(layer));
    CHECK(pop > 0);
  }
}

TEST_CASE("reduction groups: diagonal mode gives each member one filter row, row mode a third of the channels") {
  SnapParameters p;
  const auto conv3 = make(64, 8, 14, 3, 1, 1, 1.0, 1.0);
  auto r = simulate_array(conv3, p, ArrayKind::snap);
  CHECK(r.mode == ReductionMode::diagonal);
  CHECK(r.work_items == 8 * 14 * 14);               // one level-2 writeback per output
  // Edge outputs lose the padded filter row: 14·14 outputs, of which 2·14 rows have one member unmapped.
  CHECK(r.pe_psums == 8 * (14 * 14 * 3 - 2 * 14));
  const auto conv1 = make(64, 8, 7, 1, 1, 0, 1.0, 1.0);
  r = simulate_array(conv1, p, ArrayKind::snap);
  CHECK(r.mode == ReductionMode::row);
  CHECK(r.work_items == 8 * 49);
  CHECK(r.pe_psums == 3 * 8 * 49);
  const auto narrow = make(2, 4, 7, 1, 1, 0, 1.0, 1.0);  // two channels for three members
  r = simulate_array(narrow, p, ArrayKind::snap);
  CHECK(r.pe_psums == 2 * 4 * 49);
  CHECK(r.idle_boundary > 0);
  const auto conv5 = make(16, 4, 9, 5, 1, 2, 1.0, 1.0);  // R = 5 folds over 3 members: rows {0,3}, {1,4}, {2}
  r = simulate_array(conv5, p, ArrayKind::snap);
  CHECK(r.work_items == 4 * 81);
  CHECK(r.effectual == count_effectual_macs_scalar(conv5));
}

TEST_CASE("invariants: effectual MACs equal the recount and every slot is accounted for") {
  for (auto pattern : {NonzeroPattern::uniform, NonzeroPattern::clustered})
    for (auto scope : {BarrierScope::group, BarrierScope::core, BarrierScope::chip})
      for (bool lookahead : {true, false})
        for (int R : {1, 3}) {
          SnapParameters p;
          p.barrier_scope = scope;
          p.lookahead = lookahead;
          const auto layer = make(96, 10, 9, R, R == 3 ? 2 : 1, R == 3 ? 1 : 0, 0.3, 0.5, pattern, 11 + R);
          for (auto kind : {ArrayKind::snap, ArrayKind::dense}) {
            const auto r = simulate_array(layer, p, kind);
            INFO("R=" << R << " scope=" << to_string(scope) << " lookahead=" << lookahead);
            REQUIRE(r.effectual == count_effectual_macs_scalar(layer));
            REQUIRE(r.slots() == r.effectual + r.ineffectual + r.idle());
            REQUIRE(r.utilization() <= 1.0);
            if (kind == ArrayKind::snap) REQUIRE(r.ineffectual == 0);
          }
        }
}

TEST_CASE("sampling keeps the invariants exact on the simulated steps") {
  SnapParameters p;
  p.max_steps_per_layer = 37;
  const auto layer = make(128, 16, 28, 3, 1, 1, 0.2, 0.56);
  const auto r = simulate_array(layer, p, ArrayKind::snap);
  CHECK(r.simulated_steps == 37);
  CHECK(r.scale > 1.0);
  CHECK(r.effectual == recount(layer, p));
  CHECK(r.slots() == r.effectual + r.idle());
}

TEST_CASE("at density 1.0/1.0 SNAP's utilization is within 5% of the dense array's") {
  SnapParameters p;
  for (int R : {1, 3}) {
    const auto layer = make(R == 1 ? 256 : 64, 16, 14, R, 1, R == 3 ? 1 : 0, 1.0, 1.0);
    const auto s = simulate_array(layer, p, ArrayKind::snap);
    const auto d = simulate_array(layer, p, ArrayKind::dense);
    const double dense_util = static_cast<double>(d.effectual + d.ineffectual) / d.slots();
    INFO("R=" << R << " snap " << s.utilization() << " dense " << dense_util);
    CHECK(d.ineffectual == 0);
    CHECK(s.utilization() >= 0.95 * dense_util);
    CHECK(s.utilization() <= 1.0);
  }
}

TEST_CASE("channel tiles: one writeback per tile, read-modify-write from the second") {
  SnapParameters p;
  p.channel_tile = 32;
  const auto layer = make(64, 4, 7, 1, 1, 0, 0.5, 0.5);
  const auto r = simulate_array(layer, p, ArrayKind::snap);
  CHECK(r.work_items == 2 * 4 * 49);
  CHECK(r.output_rmw_reads == 4 * 49);
  CHECK(r.effectual == count_effectual_macs_scalar(layer));
}

TEST_CASE("generated densities match the recipe for both patterns, and clustered runs are longer") {
  for (auto pattern : {NonzeroPattern::uniform, NonzeroPattern::clustered}) {
    const auto layer = make(256, 64, 14, 3, 1, 1, 0.2, 0.56, pattern, 99);
    CHECK(layer.measured_weight_density() == Approx(0.2).margin(0.01));
    CHECK(layer.measured_activation_density() == Approx(0.56).margin(0.02));
  }
  auto runs = [](const SparseConvLayer& l) {
    std::int64_t starts = 0, ones = 0;
    for (int y = 0; y < 14; ++y)
      for (int x = 0; x < 14; ++x)
        for (int c = 0; c < 256; ++c) {
          const bool on = l.activation_nonzero(c, y, x);
          ones += on;
          starts += on && (c == 0 || !l.activation_nonzero(c - 1, y, x));
        }
    return static_cast<double>(ones) / starts;
  };
  CHECK(runs(make(256, 4, 14, 3, 1, 1, 0.2, 0.3, NonzeroPattern::clustered)) >
        1.5 * runs(make(256, 4, 14, 3, 1, 1, 0.2, 0.3, NonzeroPattern::uniform)));
}

TEST_CASE("the same seed gives the same tensors, and bad shapes are refused") {
  const auto a = make(32, 4, 8, 3, 1, 1, 0.3, 0.3), b = make(32, 4, 8, 3, 1, 1, 0.3, 0.3);
  CHECK(a.weight_nonzeros() == b.weight_nonzeros());
  CHECK(a.activation_nonzeros() == b.activation_nonzeros());
  ConvLayerShape bad;
  bad.R = bad.S = 3, bad.pad = 3;
  CHECK_THROWS_WITH(bad.validate(), Catch::Contains("pad"));
}

TEST_CASE("finite window refill bandwidth stalls the matcher and is accounted as buffer idle") {
  const auto layer = make(128, 8, 7, 3, 1, 1, 0.5, 0.8);
  SnapParameters p;
  const auto unlimited = simulate_array(layer, p, ArrayKind::snap);
  p.buffer_entries_per_cycle = 4;
  const auto limited = simulate_array(layer, p, ArrayKind::snap);
  CHECK(unlimited.idle_buffer == 0);
  CHECK(limited.idle_buffer > 0);
  CHECK(limited.cycles > unlimited.cycles);
  CHECK(limited.effectual == unlimited.effectual);
  CHECK(limited.slots() == limited.effectual + limited.idle());
}
