// N:M compressed storage of a weight matrix: at most n nonzeros in every group of m
// consecutive elements along each row (K = cols is the reduction dimension). The last
// group of a row is shorter when cols % m != 0 (its length is cols - g·m).
//
// Layout (one row after another):
//   values   rows × groups_per_row × n floats. Within a group the n slots are ordered by
//            ascending position-in-group, so the kept values appear in ascending position
//            order. A group with fewer than n nonzeros is topped up with *filler* slots that
//            hold +0.0f.
//   metadata the position-in-group of every slot, bits_per_index() bits each, packed
//            LSB-first (slot s of a row occupies bits [s·b, s·b + b) of the row's bytes, bit 0
//            being the least significant bit of the first byte); every row starts on a byte
//            boundary (metadata_row_bytes() bytes per row, unused high bits are 0).
//
// Filler rule (so that a hardware-style layout stays valid): the filler slots of a group take
// the smallest positions 0, 1, 2, ... that no kept value of that group uses; all n positions
// of a group are then distinct and strictly ascending across the slots. They are all
// < group length whenever the group is at least n long; only a short last group (length < n)
// gets filler positions >= its length (still < m). decompress_nm ignores slots whose
// position is >= the group length.
//
// What counts as a nonzero: any element that does not compare equal to 0.0f, so NaN and
// ±Inf are nonzero (kept) and -0.0f is pruned like +0.0f (it decompresses to +0.0f).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace claimbench::nm {

struct CompressedNM {
  int rows = 0, cols = 0, n = 0, m = 0;
  int groups_per_row = 0;         // ceil(cols / m)
  std::vector<float> values;      // rows × groups_per_row × n
  std::vector<uint8_t> metadata;  // rows × metadata_row_bytes()

  int slots_per_row() const { return groups_per_row * n; }
  // ceil(log2(m)), at least 1: 1 bit for 1:2, 2 bits for 2:4 and 1:4, 3 bits for 4:8.
  int bits_per_index() const;
  std::size_t metadata_row_bytes() const;
  std::size_t value_bytes() const;     // values.size() · sizeof(float)
  std::size_t metadata_bytes() const;  // rows · metadata_row_bytes()
  std::size_t footprint_bytes() const { return value_bytes() + metadata_bytes(); }

  // Position-in-group of slot `slot` (0 .. slots_per_row()-1) of row `row`.
  int position(int row, int slot) const;
  // Absolute column of that slot (group·m + position); may be >= cols for a filler slot of
  // a short last group.
  int column(int row, int slot) const { return (slot / n) * m + position(row, slot); }
};

// ceil(log2(m)), at least 1 (m >= 1).
int nm_bits_per_index(int m);

// Throws std::invalid_argument unless 1 <= n <= m <= 256.
void validate_nm(int n, int m);

// Compress a rows×cols row-major matrix (leading dimension lda >= cols). Throws
// std::invalid_argument if n/m are invalid, if rows/cols < 0 or lda < cols, or if a group
// holds more than n nonzeros; that message names the row and the group (and its columns).
// Weights a row can keep: n per full group of m, min(n, length) in a short last group. The
// work a sparse kernel really does is 2·M·N times this.
inline int kept_positions_per_row(int cols, int n, int m) { return cols / m * n + (cols % m < n ? cols % m : n); }

CompressedNM compress_nm(const float* A, int rows, int cols, int lda, int n, int m);

// Exact inverse: writes the full rows×cols matrix (zeros where nothing was kept) into out
// with leading dimension ld >= cols.
void decompress_nm(const CompressedNM& c, float* out, int ld);

// Closed-form footprint of the format for any value width:
//   rows·ceil(cols/m)·n·bytes_per_value + rows·ceil(ceil(cols/m)·n·bits_per_index / 8).
// Example: 64×64 at 2:4 is 9/16 of dense fp16 (bytes_per_value 2), 10/16 of dense int8.
std::size_t compressed_footprint_bytes(int rows, int cols, int n, int m,
                                       std::size_t bytes_per_value);

}  // namespace claimbench::nm
