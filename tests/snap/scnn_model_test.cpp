// The SCNN-style model's products, scatter counts, halos and bank conflicts on small layers.
#include <catch2/catch.hpp>

#include "snap/array_model.hpp"
#include "snap/scnn_model.hpp"

using namespace snap;

namespace {
SparseConvLayer dense_layer(int C, int K, int H, int R, int pad) {
  ConvLayerShape sh;
  sh.C = C, sh.K = K, sh.H = sh.W = H, sh.R = sh.S = R, sh.pad = pad;
  return SparseConvLayer::from_dense_masks(sh, 64, std::vector<std::uint8_t>(static_cast<std::size_t>(K) * C * R * R, 1),
                                           std::vector<std::uint8_t>(static_cast<std::size_t>(C) * H * H, 1));
}
ScnnParameters one_pe() {
  ScnnParameters p;
  p.pe_rows = p.pe_cols = 1;
  return p;
}
}  // namespace

TEST_CASE("1x1 filter on a 3x3 plane: 9 products in 3 batches of up to 4, no conflicts") {
  const auto r = simulate_scnn(dense_layer(1, 1, 3, 1, 0), one_pe());
  CHECK(r.products == 9);
  CHECK(r.useful_products == 9);
  CHECK(r.accumulator_updates == 9);
  CHECK(r.batch_cycles == 3);
  CHECK(r.conflict_cycles == 0);
  CHECK(r.cycles == 3);
  CHECK(r.halo_updates == 0);
}

TEST_CASE("3x3 filter, pad 1, 2x2 plane: the Cartesian product is 36, edge products are discarded") {
  const auto layer = dense_layer(1, 1, 2, 3, 1);
  const auto r = simulate_scnn(layer, one_pe());
  CHECK(r.products == 9 * 4);
  CHECK(r.useful_products == count_effectual_macs_scalar(layer));
  CHECK(r.useful_products == 16);  // each of the 4 outputs sees all 4 inputs
  CHECK(r.discarded_products == 20);
}

TEST_CASE("one accumulator bank serializes every useful product of a batch") {
  auto p = one_pe();
  p.accumulator_banks = 1;
  const auto r = simulate_scnn(dense_layer(1, 1, 3, 1, 0), p);
  CHECK(r.cycles == 4 + 4 + 1);
  CHECK(r.conflict_cycles == 3 + 3);
}

TEST_CASE("halos: products for a neighbour's output tile are counted, none for 1x1 filters") {
  ScnnParameters p;
  p.pe_rows = p.pe_cols = 2;
  const auto r3 = simulate_scnn(dense_layer(2, 2, 4, 3, 1), p);
  CHECK(r3.halo_updates > 0);
  CHECK(r3.halo_updates < r3.useful_products);
  const auto r1 = simulate_scnn(dense_layer(2, 2, 4, 1, 0), p);
  CHECK(r1.halo_updates == 0);
}

TEST_CASE("on random sparse layers SCNN's scatter count equals SNAP's effectual MACs") {
  ConvLayerShape sh;
  sh.C = 40, sh.K = 12, sh.H = sh.W = 10, sh.R = sh.S = 3, sh.pad = 1, sh.stride = 2;
  for (auto pattern : {NonzeroPattern::uniform, NonzeroPattern::clustered}) {
    SparsityRecipe rec;
    rec.weight_density = 0.3, rec.activation_density = 0.5, rec.pattern = pattern, rec.seed = 5;
    const auto layer = SparseConvLayer::generate(sh, rec, 64);
    const auto s = simulate_scnn(layer, ScnnParameters{});
    const auto a = simulate_array(layer, SnapParameters{}, ArrayKind::snap);
    CHECK(s.useful_products == a.effectual);
    CHECK(s.accumulator_updates == s.useful_products);
    CHECK(s.useful_products + s.discarded_products == s.products);
    CHECK(s.utilization() <= 1.0);
    CHECK(s.accumulator_updates > a.work_items);  // scatter per product vs one writeback per output
  }
}
