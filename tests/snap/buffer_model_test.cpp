// Finite buffers: footprints, refills and DRAM stalls on hand-worked layers (fits / does not fit).
#include <catch2/catch.hpp>

#include <vector>

#include "snap/array_model.hpp"
#include "snap/buffer_model.hpp"

using namespace snap;

namespace {

// All-nonzero layer: every footprint is a closed form.
SparseConvLayer dense_layer(int C, int K, int H, int R, int pad) {
  ConvLayerShape sh;
  sh.C = C, sh.K = K, sh.H = sh.W = H, sh.R = sh.S = R, sh.pad = pad;
  std::vector<std::uint8_t> w(static_cast<std::size_t>(K) * C * R * R, 1), a(static_cast<std::size_t>(C) * H * H, 1);
  return SparseConvLayer::from_dense_masks(sh, 64, w, a);
}

// 2 cores × 2 groups, so filters split 4 + 4 and a row-mode pass covers 2 outputs.
SnapParameters small_machine() {
  SnapParameters p;
  p.cores = 2;
  p.groups_per_core = 2;
  return p;
}

}  // namespace

// 1×1 layer, C = 64, K = 8, 4×4 input, dense. Entry = 16 + 6 = 22 bits.
// Filter: 64 × 22 = 1408 bits = 176 B; per core 4 filters = 704 B; input 16 × 64 × 22 bits = 2816 B.
// Row mode with 2 groups: a filter is swept ceil(16 / 2) = 8 times; a core walks 4 filters.
TEST_CASE("buffers: everything a sweep needs fits, so DRAM traffic is compulsory only") {
  const auto layer = dense_layer(64, 8, 4, 1, 0);
  SnapParameters p = small_machine();
  p.weight_buffer_bytes = 176;  // one filter exactly (less than the core's 704 B: no refill either)
  p.activation_buffer_bytes = 2816;
  const BufferTraffic t = model_buffers(layer, p, 0.0);
  CHECK(t.modeled);
  CHECK(t.entry_bits == 22);
  CHECK(t.largest_filter_bits == 1408);
  CHECK(t.weight_footprint_bits == 4 * 1408);
  CHECK(t.activation_footprint_bits == 2816 * 8);
  CHECK(t.filter_tiles == 4);  // one filter per tile
  CHECK(t.weight_refills == 0);
  CHECK(t.activation_refills == 0);
  CHECK(t.weight_dram_bits == 8 * 1408);
  CHECK(t.activation_dram_bits == 2816 * 8);
  CHECK(t.dram_bytes() == 1408.0 + 2816.0);
  CHECK(t.refill_bytes() == 0.0);
  CHECK(t.stall_cycles == 0.0);  // no bandwidth limit
}

TEST_CASE("buffers: a filter and the input that do not fit are streamed again on every later sweep") {
  const auto layer = dense_layer(64, 8, 4, 1, 0);
  SnapParameters p = small_machine();
  p.weight_buffer_bytes = 160;        // 16 B short of a filter: 7 later sweeps × 16 B, × 8 filters
  p.activation_buffer_bytes = 2048;   // 768 B short of the input: 3 later filters × 768 B
  const BufferTraffic t = model_buffers(layer, p, 0.0);
  CHECK(t.weight_refills == 8 * 7);
  CHECK(t.weight_refill_bits == 8 * 7 * 16 * 8);
  CHECK(t.activation_refills == 3);
  CHECK(t.activation_refill_bits == 3 * 768 * 8);
  CHECK(t.dram_bytes() == 1408.0 + 896.0 + 2816.0 + 2304.0);
  CHECK(t.refill_bytes() == 896.0 + 2304.0);
}

TEST_CASE("buffers: a weight buffer that holds two filters halves the input sweeps") {
  const auto layer = dense_layer(64, 8, 4, 1, 0);
  SnapParameters p = small_machine();
  p.weight_buffer_bytes = 2 * 176 + 100;  // two filters per tile, not three: 2 tiles per core
  p.activation_buffer_bytes = 2048;
  const BufferTraffic t = model_buffers(layer, p, 0.0);
  CHECK(t.filter_tiles == 2);
  CHECK(t.weight_refills == 0);
  CHECK(t.activation_refills == 1);
  CHECK(t.activation_refill_bits == 768 * 8);
  p.weight_buffer_bytes = 4 * 176;  // the core's four filters: one input sweep, no refill
  CHECK(model_buffers(layer, p, 0.0).activation_refills == 0);
}

TEST_CASE("buffers: diagonal mode sweeps a filter once per (stripe, column)") {
  // 3×3, pad 1, 5×5 input: 5×5 outputs; 2 groups → 3 stripes × 5 columns = 15 sweeps.
  // Filter: 9 × 64 × 22 = 12672 bits; 1000 B buffer = 8000 bits → 4672 bits again on 14 sweeps.
  const auto layer = dense_layer(64, 2, 5, 3, 1);
  SnapParameters p = small_machine();
  p.weight_buffer_bytes = 1000;
  const BufferTraffic t = model_buffers(layer, p, 0.0);
  CHECK(t.largest_filter_bits == 12672);
  CHECK(t.weight_refills == 2 * 14);
  CHECK(t.weight_refill_bits == 2 * 14 * 4672);
  CHECK(t.activation_refills == 0);  // unlimited activation buffer
}

TEST_CASE("buffers: DRAM time beyond the compute time is a stall, accounted as idle slots") {
  const auto layer = dense_layer(64, 8, 4, 1, 0);
  SnapParameters p = small_machine();
  const ArrayResult off = simulate_array(layer, p, ArrayKind::snap);
  CHECK_FALSE(off.buffer.modeled);
  CHECK(off.idle_dram_stall == 0);

  p.weight_buffer_bytes = 160;
  p.activation_buffer_bytes = 2048;
  const ArrayResult counted = simulate_array(layer, p, ArrayKind::snap);  // bandwidth unlimited
  CHECK(counted.buffer.modeled);
  CHECK(counted.cycles == off.cycles);
  CHECK(counted.idle_dram_stall == 0);

  p.dram_bytes_per_cycle = 1.0;  // 7424 B → 7424 cycles, far more than the compute
  const ArrayResult stalled = simulate_array(layer, p, ArrayKind::snap);
  REQUIRE(off.cycles < 7424);
  CHECK(stalled.buffer.dram_cycles == 7424.0);
  CHECK(stalled.buffer.stall_cycles == 7424.0 - static_cast<double>(off.cycles));
  CHECK(stalled.cycles == 7424);
  CHECK(stalled.idle_dram_stall == (7424 - off.cycles) * stalled.macs);
  CHECK(stalled.effectual == off.effectual);
  CHECK(stalled.slots() == stalled.effectual + stalled.idle());
  CHECK(stalled.utilization() < off.utilization());

  p.dram_bytes_per_cycle = 1e6;  // fast enough: no stall
  CHECK(simulate_array(layer, p, ArrayKind::snap).cycles == off.cycles);
  // The dense array never models buffers.
  CHECK_FALSE(simulate_array(layer, p, ArrayKind::dense).buffer.modeled);
}

TEST_CASE("buffers: parameters are validated and settable by name") {
  SnapParameters p;
  p.set("weight_buffer_bytes", 32768);
  p.set("activation_buffer_bytes", 32768);
  p.set("dram_bytes_per_cycle", 16);
  p.set("value_bits", 8);
  CHECK(p.weight_buffer_bytes == 32768);
  CHECK(p.activation_buffer_bytes == 32768);
  CHECK(p.dram_bytes_per_cycle == 16.0);
  CHECK(p.value_bits == 8);
  CHECK_THROWS_AS(p.set("weight_buffer_bytes", 1.5), std::invalid_argument);
  p.weight_buffer_bytes = -1;
  CHECK_THROWS_WITH(p.validate(), Catch::Contains("weight_buffer_bytes"));
  p.weight_buffer_bytes = 0;
  p.dram_bytes_per_cycle = -1;
  CHECK_THROWS_WITH(p.validate(), Catch::Contains("dram_bytes_per_cycle"));
}
