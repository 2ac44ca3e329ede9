#include "nm/compressed_nm.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace claimbench::nm {

int nm_bits_per_index(int m) {
  int bits = 1;
  while ((1 << bits) < m) ++bits;
  return bits;
}

void validate_nm(int n, int m) {
  if (m < 1 || m > 256 || n < 1 || n > m)
    throw std::invalid_argument("N:M pattern " + std::to_string(n) + ":" + std::to_string(m) +
                                " is invalid (need 1 <= n <= m <= 256)");
}

int CompressedNM::bits_per_index() const { return nm_bits_per_index(m); }

std::size_t CompressedNM::metadata_row_bytes() const {
  return (static_cast<std::size_t>(slots_per_row()) * bits_per_index() + 7) / 8;
}
std::size_t CompressedNM::value_bytes() const { return values.size() * sizeof(float); }
std::size_t CompressedNM::metadata_bytes() const {
  return static_cast<std::size_t>(rows) * metadata_row_bytes();
}

int CompressedNM::position(int row, int slot) const {
  const int b = bits_per_index();
  const uint8_t* meta = metadata.data() + static_cast<std::size_t>(row) * metadata_row_bytes();
  const std::size_t bit0 = static_cast<std::size_t>(slot) * b;
  int pos = 0;
  for (int i = 0; i < b; ++i) {
    const std::size_t bit = bit0 + i;
    pos |= ((meta[bit / 8] >> (bit % 8)) & 1) << i;
  }
  return pos;
}

CompressedNM compress_nm(const float* A, int rows, int cols, int lda, int n, int m) {
  validate_nm(n, m);
  if (rows < 0 || cols < 0 || lda < cols)
    throw std::invalid_argument("compress_nm: invalid shape rows=" + std::to_string(rows) +
                                " cols=" + std::to_string(cols) + " lda=" + std::to_string(lda));
  CompressedNM c;
  c.rows = rows;
  c.cols = cols;
  c.n = n;
  c.m = m;
  c.groups_per_row = (cols + m - 1) / m;
  const int spr = c.slots_per_row();
  const int b = c.bits_per_index();
  const std::size_t row_bytes = c.metadata_row_bytes();
  c.values.assign(static_cast<std::size_t>(rows) * spr, 0.0f);
  c.metadata.assign(static_cast<std::size_t>(rows) * row_bytes, 0);

  std::vector<char> kept(static_cast<std::size_t>(m));
  for (int r = 0; r < rows; ++r) {
    const float* a = A + static_cast<std::size_t>(r) * lda;
    float* vals = c.values.data() + static_cast<std::size_t>(r) * spr;
    uint8_t* meta = c.metadata.data() + static_cast<std::size_t>(r) * row_bytes;
    for (int g = 0; g < c.groups_per_row; ++g) {
      const int c0 = g * m;
      const int len = std::min(m, cols - c0);
      int count = 0;
      for (int p = 0; p < m; ++p) {
        kept[p] = p < len && !(a[c0 + p] == 0.0f);
        count += kept[p];
      }
      if (count > n)
        throw std::invalid_argument(
            "compress_nm: row " + std::to_string(r) + ", group " + std::to_string(g) +
            " (columns " + std::to_string(c0) + ".." + std::to_string(c0 + len - 1) + ") has " +
            std::to_string(count) + " nonzeros, more than " + std::to_string(n) +
            " allowed by the " + std::to_string(n) + ":" + std::to_string(m) + " pattern");
      // Filler slots take the smallest positions no kept value uses.
      int fillers = n - count;
      for (int p = 0; p < m && fillers > 0; ++p)
        if (!kept[p]) {
          kept[p] = 2;  // filler
          --fillers;
        }
      int s = g * n;
      for (int p = 0; p < m; ++p) {
        if (!kept[p]) continue;
        vals[s] = kept[p] == 1 ? a[c0 + p] : 0.0f;
        const std::size_t bit0 = static_cast<std::size_t>(s) * b;
        for (int i = 0; i < b; ++i)
          if ((p >> i) & 1) meta[(bit0 + i) / 8] |= static_cast<uint8_t>(1u << ((bit0 + i) % 8));
        ++s;
      }
    }
  }
  return c;
}

void decompress_nm(const CompressedNM& c, float* out, int ld) {
  if (ld < c.cols) throw std::invalid_argument("decompress_nm: ld < cols");
  const int spr = c.slots_per_row();
  for (int r = 0; r < c.rows; ++r) {
    float* o = out + static_cast<std::size_t>(r) * ld;
    for (int j = 0; j < c.cols; ++j) o[j] = 0.0f;
    const float* vals = c.values.data() + static_cast<std::size_t>(r) * spr;
    for (int s = 0; s < spr; ++s) {
      const int col = c.column(r, s);
      if (col < c.cols && (s / c.n) * c.m <= col) o[col] = vals[s];
    }
  }
}

std::size_t compressed_footprint_bytes(int rows, int cols, int n, int m,
                                       std::size_t bytes_per_value) {
  validate_nm(n, m);
  const std::size_t groups = (static_cast<std::size_t>(cols) + m - 1) / m;
  const std::size_t slots = groups * n;
  return static_cast<std::size_t>(rows) * slots * bytes_per_value +
         static_cast<std::size_t>(rows) * ((slots * nm_bits_per_index(m) + 7) / 8);
}

}  // namespace claimbench::nm
