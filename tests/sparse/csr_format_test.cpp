// CSR storage: build from a pruned dense matrix, exact bytes, round trip, edge cases; and the
// blocked kernel operand built from it (every stored weight appears once, fillers are zeros
// pointing at the zero row, rows ordered by length).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "kernel_test_support.hpp"
#include "sparse/csr_matrix.hpp"
#include "sparse/sparse_gemm_csr.hpp"
#include "sparse_test_support.hpp"

using namespace claimbench::sparse;
using claimbench::test::prune_random;
using claimbench::test::random_matrix;

TEST_CASE("csr: hand-worked 3x4 matrix", "[csr]") {
  // row 0: 1 0 0 2 | row 1: all zero | row 2: 0 3 -0 4   (-0 is a pruned zero too)
  const std::vector<float> A{1, 0, 0, 2, 0, 0, 0, 0, 0, 3, -0.0f, 4};
  const CsrMatrix c = csr_from_dense(A.data(), 3, 4, 4);
  CHECK(c.row_ptr == std::vector<int32_t>{0, 2, 2, 4});
  CHECK(c.col_index == std::vector<int32_t>{0, 3, 1, 3});
  CHECK(c.values == std::vector<float>{1, 2, 3, 4});
  CHECK(c.nnz() == 4);
  CHECK(c.row_nnz(1) == 0);
  CHECK(c.bytes() == 4 * 4 + 4 * 4 + 4 * 4);  // values + column indices + 4 row pointers
}

TEST_CASE("csr: round trip on random pruned matrices with padding, NaN kept", "[csr]") {
  for (double sparsity : {0.0, 0.5, 0.9, 0.99, 1.0}) {
    const int rows = 37, cols = 53, ld = 60;
    auto A = random_matrix(rows, cols, ld, 7);  // NaN beyond column 53: must never be read
    prune_random(A, rows, cols, ld, sparsity, 8);
    if (sparsity == 0.5) A[5 * ld + 9] = std::numeric_limits<float>::quiet_NaN();
    const CsrMatrix c = csr_from_dense(A.data(), rows, cols, ld);
    std::vector<float> back(static_cast<std::size_t>(rows) * cols, -1.0f);
    csr_to_dense(c, back.data(), cols);
    std::size_t nonzero = 0;
    bool same = true;
    for (int r = 0; r < rows; ++r)
      for (int k = 0; k < cols; ++k) {
        const float a = A[static_cast<std::size_t>(r) * ld + k], b = back[static_cast<std::size_t>(r) * cols + k];
        nonzero += a != 0.0f;
        same = same && (std::isnan(a) ? std::isnan(b) : a == b);
      }
    INFO("sparsity " << sparsity);
    CHECK(same);
    CHECK(c.nnz() == nonzero);
    CHECK(c.bytes() == 8 * nonzero + 4 * (rows + 1));
    for (int r = 0; r < rows; ++r)
      CHECK(std::is_sorted(c.col_index.begin() + c.row_ptr[r], c.col_index.begin() + c.row_ptr[r + 1]));
  }
}

TEST_CASE("csr: empty shapes and bad leading dimension", "[csr]") {
  const CsrMatrix none = csr_from_dense(nullptr, 0, 0, 0);
  CHECK(none.row_ptr == std::vector<int32_t>{0});
  CHECK(none.nnz() == 0);
  std::vector<float> A(6, 1.0f);
  CHECK_THROWS_AS(csr_from_dense(A.data(), 2, 3, 2), std::invalid_argument);
}

TEST_CASE("csr operand: every weight once, fillers are zero-row zeros, rows longest first", "[csr]") {
  const int rows = 150, cols = 700;  // several row groups for every tile
  auto A = random_matrix(rows, cols, cols, 11);
  prune_random(A, rows, cols, cols, 0.8, 12);
  for (int k = 0; k < cols; ++k) A[3 * cols + k] = 0.0f;  // an empty row
  const CsrMatrix c = csr_from_dense(A.data(), rows, cols, cols);
  // The default sweep (one sweep at this size) and one-group sweeps (several).
  for (const CsrVariant& v : csr_variants())
  for (int sweep : {0, CsrKernelOperand::kGroupBlocks}) {
    INFO(v.name << " sweep=" << sweep);
    const CsrKernelOperand op = prepare_csr_operand(c, v, 0, sweep);
    if (sweep > 0) CHECK(op.sweep_blocks == sweep);
    CHECK(op.mr == v.mr);
    CHECK(op.nr == v.nr);
    CHECK(op.k_blocks == (cols + v.kc - 1) / v.kc);
    CHECK(op.nonzeros == c.nnz());
    CHECK(op.entries.size() % v.mr == 0);
    CHECK(op.segment_start.size() == static_cast<std::size_t>(op.row_blocks) * op.k_blocks);
    CHECK(op.segment_slots.size() == op.segment_start.size());
    CHECK(op.sweep_blocks % CsrKernelOperand::kGroupBlocks == 0);
    const int32_t row_bytes = v.nr * 4, zero_row = cols * row_bytes;
    // Rebuild each row from the operand and compare with the CSR rows.
    std::map<std::pair<int, int>, float> seen;
    std::size_t fillers = 0;
    bool fillers_ok = true, in_block = true;
    for (int b = 0; b < op.row_blocks; ++b)
      for (int kb = 0; kb < op.k_blocks; ++kb) {
        const auto seg = static_cast<std::size_t>(b) * op.k_blocks + kb;
        for (int64_t e = op.segment_start[seg]; e < op.segment_start[seg] + int64_t{op.segment_slots[seg]} * v.mr; ++e) {
          const CsrEntry& x = op.entries[e];
          const int row = op.rows_of(b, kb)[(e - op.segment_start[seg]) % v.mr];
          if (x.offset == zero_row) {
            ++fillers;
            fillers_ok = fillers_ok && x.value == 0.0f;
            continue;
          }
          const int k = x.offset / row_bytes;
          in_block = in_block && x.offset % row_bytes == 0 && k >= kb * op.kc && k < (kb + 1) * op.kc;
          seen[{row, k}] = x.value;
        }
      }
    CHECK(fillers_ok);
    CHECK(in_block);
    // Storage follows the one-thread read order (sweep, k-block, block) with no gaps: the
    // operand is one forward stream.
    int64_t next = 0;
    bool streamed = true;
    for (int s0 = 0; s0 < op.row_blocks; s0 += op.sweep_blocks)
      for (int kb = 0; kb < op.k_blocks; ++kb)
        for (int b = s0; b < std::min(op.row_blocks, s0 + op.sweep_blocks); ++b) {
          const auto seg = static_cast<std::size_t>(b) * op.k_blocks + kb;
          streamed = streamed && op.segment_start[seg] == next;
          next += int64_t{op.segment_slots[seg]} * v.mr;
        }
    CHECK(streamed);
    CHECK(next == static_cast<int64_t>(op.entries.size()));
    CHECK(fillers == op.filler_entries());
    CHECK(seen.size() == c.nnz());
    bool values_ok = true;
    for (int r = 0; r < rows; ++r)
      for (int s = c.row_ptr[r]; s < c.row_ptr[r + 1]; ++s) {
        auto it = seen.find({r, c.col_index[s]});
        values_ok = values_ok && it != seen.end() && it->second == c.values[s];
      }
    CHECK(values_ok);
    // Per k-block: a permutation of the rows; inside each row group, rows by their count in
    // that k-block, longest first; across groups, longer rows (in total) come first.
    const std::size_t slots = static_cast<std::size_t>(op.row_blocks) * v.mr;
    const std::size_t group = static_cast<std::size_t>(CsrKernelOperand::kGroupBlocks) * v.mr;
    CHECK(op.row_order.size() == slots * op.k_blocks);
    auto in_kblock = [&](int r, int kb) {
      if (r < 0) return -1;
      int n = 0;
      for (int s = c.row_ptr[r]; s < c.row_ptr[r + 1]; ++s)
        n += c.col_index[s] >= kb * op.kc && c.col_index[s] < (kb + 1) * op.kc;
      return n;
    };
    for (int kb = 0; kb < op.k_blocks; ++kb) {
      const int32_t* order = op.rows_of(0, kb);
      std::vector<int32_t> sorted(order, order + slots);
      std::sort(sorted.begin(), sorted.end());
      std::vector<int32_t> expected(slots - rows, -1);
      for (int r = 0; r < rows; ++r) expected.push_back(r);
      CHECK(sorted == expected);
      bool grouped = true;
      int min_total_before = 1 << 30;
      for (std::size_t g0 = 0; g0 < slots; g0 += group) {
        const std::size_t g1 = std::min(slots, g0 + group);
        int max_total = -1, min_total = 1 << 30;
        for (std::size_t i = g0; i < g1; ++i) {
          if (i > g0) grouped = grouped && in_kblock(order[i - 1], kb) >= in_kblock(order[i], kb);
          if (order[i] >= 0) {
            max_total = std::max(max_total, c.row_nnz(order[i]));
            min_total = std::min(min_total, c.row_nnz(order[i]));
          }
        }
        grouped = grouped && max_total <= min_total_before;
        min_total_before = min_total;
      }
      CHECK(grouped);
    }
  }
}
