// Export to / emulation of the mma.sp A-operand layout. The documented rules (R1-R7) and their
// sources are listed in sparse_tensor_core_layout.hpp; comments below refer to them.
#include "nm/sparse_tensor_core_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace claimbench::nm {

namespace {

bool nonzero(float x) { return !(x == 0.0f); }

bool is_24_type(MmaSpType t) { return t != MmaSpType::tf32; }

void check_selector(const MmaSpParams& p, int selector, const char* who) {
  if (selector < 0 || selector >= p.selector_count)
    throw std::invalid_argument(std::string(who) + ": sparsity selector " +
                                std::to_string(selector) + " is invalid for this shape (valid: 0.." +
                                std::to_string(p.selector_count - 1) + ")");
}

std::size_t value_index(const MmaSpParams& p, int lane, int reg, int elem) {
  return (static_cast<std::size_t>(lane) * p.a_regs + reg) * p.elems_per_reg + elem;
}

// Export one 16 x k tile; row0/col0 only make error messages name absolute coordinates.
MmaSpFragments export_tile_impl(MmaSpInstr instr, const float* tile, int ld, int selector,
                                MetadataFill fill, int row0, int col0) {
  const MmaSpParams p = mma_sp_params(instr);
  check_selector(p, selector, "export_mma_sp_tile");
  if (ld < p.k) throw std::invalid_argument("export_mma_sp_tile: ld < k");

  std::vector<ChunkChoice> choice(static_cast<std::size_t>(16) * p.chunks_per_row);
  for (int r = 0; r < 16; ++r)
    for (int c = 0; c < p.chunks_per_row; ++c) {
      const float* chunk = tile + static_cast<std::size_t>(r) * ld + c * p.chunk_elems;
      try {
        choice[static_cast<std::size_t>(r) * p.chunks_per_row + c] = choose_chunk(instr.type, chunk);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(
            "export " + mma_sp_name(instr) + ": row " + std::to_string(row0 + r) + ", columns " +
            std::to_string(col0 + c * p.chunk_elems) + ".." +
            std::to_string(col0 + c * p.chunk_elems + p.chunk_elems - 1) + ": " + e.what());
      }
    }

  MmaSpFragments f;
  f.instr = instr;
  f.a_values.assign(static_cast<std::size_t>(32) * p.a_regs * p.elems_per_reg, 0.0f);
  for (int lane = 0; lane < 32; ++lane)
    for (int reg = 0; reg < p.a_regs; ++reg)
      for (int elem = 0; elem < p.elems_per_reg; ++elem) {
        const AFragmentCoord at = a_fragment_coord(instr, lane, reg, elem);
        const ChunkChoice& ch = choice[static_cast<std::size_t>(at.row) * p.chunks_per_row + at.chunk];
        const int col = at.chunk * p.chunk_elems + ch.pos[at.slot];
        f.a_values[value_index(p, lane, reg, elem)] = tile[static_cast<std::size_t>(at.row) * ld + col];
      }

  for (int r = 0; r < 16; ++r)
    for (int c = 0; c < p.chunks_per_row; ++c) {
      const uint32_t nib = choice[static_cast<std::size_t>(r) * p.chunks_per_row + c].nibble;
      for (int s = 0; s < p.selector_count; ++s) {
        if (fill == MetadataFill::selected_lanes && s != selector) continue;
        const MetadataLocation loc = metadata_location(instr, s, r, c);
        f.metadata[loc.lane] |= nib << loc.bit;
      }
    }
  return f;
}

}  // namespace

const char* mma_sp_type_name(MmaSpType t) {
  switch (t) {
    case MmaSpType::f16: return "f16";
    case MmaSpType::bf16: return "bf16";
    case MmaSpType::tf32: return "tf32";
    case MmaSpType::s8: return "s8";
    case MmaSpType::u8: return "u8";
  }
  return "?";
}

std::string mma_sp_name(MmaSpInstr instr) {
  return "m16n8k" + std::to_string(instr.k) + "." + mma_sp_type_name(instr.type);
}

MmaSpParams mma_sp_params(MmaSpInstr instr) {
  MmaSpParams p;
  p.k = instr.k;
  bool ok = false;
  switch (instr.type) {
    case MmaSpType::f16:
    case MmaSpType::bf16:  // R1: 2:4, 16-bit elements, m16n8k16 / m16n8k32
      ok = instr.k == 16 || instr.k == 32;
      p.element_bits = 16;
      p.chunk_elems = 4;
      p.kept_per_chunk = 2;
      break;
    case MmaSpType::tf32:  // R4: 1:2, m16n8k8 / m16n8k16
      ok = instr.k == 8 || instr.k == 16;
      p.element_bits = 32;
      p.chunk_elems = 2;
      p.kept_per_chunk = 1;
      break;
    case MmaSpType::s8:
    case MmaSpType::u8:  // R1: 2:4, 8-bit elements, m16n8k32 / m16n8k64
      ok = instr.k == 32 || instr.k == 64;
      p.element_bits = 8;
      p.chunk_elems = 4;
      p.kept_per_chunk = 2;
      break;
  }
  if (!ok)
    throw std::invalid_argument("mma.sp shape m16n8k" + std::to_string(instr.k) + " with ." +
                                mma_sp_type_name(instr.type) +
                                " is not supported (f16/bf16: k16,k32; tf32: k8,k16; s8/u8: k32,k64)");
  p.chunks_per_row = p.k / p.chunk_elems;
  p.elems_per_reg = 32 / p.element_bits;
  // 16 rows x k/2 kept values spread over 32 lanes: k/4 values per lane.
  p.a_regs = (p.k / 4) / p.elems_per_reg;
  p.chunks_per_reg = p.elems_per_reg / p.kept_per_chunk;
  // Rows g and g+8 of a group need 2 * chunks_per_row nibbles = 8 * chunks_per_row bits.
  p.meta_threads = p.chunks_per_row / 4;
  p.selector_count = 4 / p.meta_threads;  // R5
  return p;
}

uint32_t metadata_nibble_24(int i0, int i1) {
  if (i0 < 0 || i0 > 3 || i1 < 0 || i1 > 3)
    throw std::invalid_argument("metadata_nibble_24: index outside 0..3");
  return static_cast<uint32_t>(i0) | (static_cast<uint32_t>(i1) << 2);
}

bool metadata_nibble_valid(MmaSpType type, uint32_t nibble, MetadataMode mode) {
  if (nibble > 0xF) return false;
  if (!is_24_type(type)) return nibble == 0b0100 || nibble == 0b1110;  // R4
  const uint32_t i0 = nibble & 3, i1 = nibble >> 2;
  if (i0 == i1) return false;                                // R2: 0b0000 0b0101 0b1010 0b1111
  if (mode == MetadataMode::ordered && i0 > i1) return false;  // R3
  return true;
}

ChunkChoice choose_chunk(MmaSpType type, const float* chunk) {
  ChunkChoice c;
  if (!is_24_type(type)) {
    const bool nz0 = nonzero(chunk[0]), nz1 = nonzero(chunk[1]);
    if (nz0 && nz1) throw std::invalid_argument("2 nonzeros in a 1:2 chunk (tf32 allows 1)");
    c.pos[0] = nz1 ? 1 : 0;
    c.pos[1] = c.pos[0];  // unused
    c.nibble = nz1 ? 0b1110u : 0b0100u;
    return c;
  }
  bool used[4];
  int count = 0;
  for (int p = 0; p < 4; ++p) {
    used[p] = nonzero(chunk[p]);
    count += used[p];
  }
  if (count > 2)
    throw std::invalid_argument(std::to_string(count) + " nonzeros in a 2:4 chunk (at most 2)");
  for (int p = 0; p < 4 && count < 2; ++p)  // fillers: smallest unused positions
    if (!used[p]) {
      used[p] = true;
      ++count;
    }
  int s = 0;
  for (int p = 0; p < 4; ++p)
    if (used[p]) c.pos[s++] = p;  // ascending, hence valid for ::ordered_metadata (R3)
  c.nibble = metadata_nibble_24(c.pos[0], c.pos[1]);
  return c;
}

AFragmentCoord a_fragment_coord(MmaSpInstr instr, int lane, int reg, int elem) {
  const MmaSpParams p = mma_sp_params(instr);
  if (lane < 0 || lane > 31 || reg < 0 || reg >= p.a_regs || elem < 0 || elem >= p.elems_per_reg)
    throw std::invalid_argument("a_fragment_coord: lane/reg/elem out of range for " + mma_sp_name(instr));
  // R6, all shapes: groupID = lane >> 2 selects rows g (even registers) and g+8 (odd
  // registers); threadID_in_group t selects the t-th span of chunks_per_reg chunks, and the
  // upper register pair (reg >= 2) the same span shifted by 4 * chunks_per_reg chunks
  // (f16 k32: +16 columns, tf32 k16: +8, s8/u8 k64: +32).
  const int g = lane >> 2, t = lane & 3;
  AFragmentCoord c;
  c.row = g + 8 * (reg & 1);
  c.chunk = t * p.chunks_per_reg + (reg / 2) * 4 * p.chunks_per_reg + elem / p.kept_per_chunk;
  c.slot = elem % p.kept_per_chunk;
  return c;
}

MetadataLocation metadata_location(MmaSpInstr instr, int selector, int row, int chunk) {
  const MmaSpParams p = mma_sp_params(instr);
  check_selector(p, selector, "metadata_location");
  if (row < 0 || row > 15 || chunk < 0 || chunk >= p.chunks_per_row)
    throw std::invalid_argument("metadata_location: row/chunk out of range");
  MetadataLocation loc;
  loc.lane = 4 * (row & 7) + p.meta_threads * selector + chunk / 4;
  loc.bit = (row >= 8 ? 16 : 0) + 4 * (chunk % 4);
  return loc;
}

MmaSpFragments export_mma_sp_tile(MmaSpInstr instr, const float* tile, int ld, int selector,
                                  MetadataFill fill) {
  return export_tile_impl(instr, tile, ld, selector, fill, 0, 0);
}

// The emulator: written from the per-shape text of [F] (the `i` conditions of each
// sub-section), not from a_fragment_coord(), so that the two can check each other.
std::vector<float> emulate_mma_sp_a(const MmaSpFragments& f, int selector, MetadataMode mode) {
  const MmaSpInstr in = f.instr;
  (void)mma_sp_params(in);  // validates the shape
  const int k = in.k;
  const int per_lane = k / 4;  // a_i, i = 0 .. per_lane-1, low to high across the registers
  if (f.a_values.size() != static_cast<std::size_t>(32) * per_lane)
    throw std::invalid_argument("emulate_mma_sp_a: a_values has the wrong size");

  // R5: threads of a group of four that contribute metadata.
  int T = 0;
  switch (in.type) {
    case MmaSpType::f16:
    case MmaSpType::bf16: T = k == 16 ? 1 : 2; break;
    case MmaSpType::tf32: T = k == 8 ? 1 : 2; break;
    case MmaSpType::s8:
    case MmaSpType::u8: T = k == 32 ? 2 : 4; break;
  }
  const int max_selector = T == 1 ? 3 : (T == 2 ? 1 : 0);
  if (selector < 0 || selector > max_selector)
    throw std::invalid_argument("emulate_mma_sp_a: sparsity selector " + std::to_string(selector) +
                                " is undefined behaviour for " + mma_sp_name(in));

  std::vector<float> dense(static_cast<std::size_t>(16) * k, 0.0f);
  for (int lane = 0; lane < 32; ++lane) {
    const int groupID = lane >> 2, tig = lane % 4;
    for (int i = 0; i < per_lane; ++i) {
      const float v = f.a_values[static_cast<std::size_t>(lane) * per_lane + i];
      // firstcol..lastcol is the span of the register holding a_i; in_span: index of a_i among
      // that span's kept values.
      int row = 0, firstcol = 0, in_span = 0;
      switch (in.type) {
        case MmaSpType::f16:
        case MmaSpType::bf16:
          in_span = i % 2;
          if (k == 16) {  // 9.7.14.6.2.1: a0,a1 row g; a2,a3 row g+8; firstcol = tig*4
            row = i < 2 ? groupID : groupID + 8;
            firstcol = tig * 4;
          } else {  // 9.7.14.6.2.2: row g for 0<=i<2 || 4<=i<6; firstcol +16 for i >= 4
            row = (i < 2 || (i >= 4 && i < 6)) ? groupID : groupID + 8;
            firstcol = i < 4 ? tig * 4 : tig * 4 + 16;
          }
          break;
        case MmaSpType::tf32:
          in_span = 0;
          if (k == 8) {  // 9.7.14.6.2.4: a0 row g, a1 row g+8; firstcol = tig*2
            row = i == 0 ? groupID : groupID + 8;
            firstcol = tig * 2;
          } else {  // 9.7.14.6.2.3: a0,a2 row g; a1,a3 row g+8; firstcol +8 for a2,a3
            row = (i == 0 || i == 2) ? groupID : groupID + 8;
            firstcol = i < 2 ? tig * 2 : tig * 2 + 8;
          }
          break;
        case MmaSpType::s8:
        case MmaSpType::u8:
          in_span = i % 4;
          if (k == 32) {  // 9.7.14.6.2.5: row g for 0<=i<4; firstcol = tig*8
            row = i < 4 ? groupID : groupID + 8;
            firstcol = tig * 8;
          } else {  // 9.7.14.6.2.6: row g for 0<=i<4 || 8<=i<12; firstcol +32 for i >= 8
            row = (i < 4 || (i >= 8 && i < 12)) ? groupID : groupID + 8;
            firstcol = i < 8 ? tig * 8 : tig * 8 + 32;
          }
          break;
      }
      // Which chunk of the span and which kept value of that chunk (lower value first, R6).
      const int kept = is_24_type(in.type) ? 2 : 1;
      const int chunk_elems = is_24_type(in.type) ? 4 : 2;
      const int chunk = firstcol / chunk_elems + in_span / kept;
      const int slot = in_span % kept;

      // Metadata (R7 + the placement rule of the header): lane 4g + T*selector + chunk/4,
      // bits 4*(chunk%4) (+16 for rows 8..15).
      const int meta_lane = 4 * (row % 8) + T * selector + chunk / 4;
      const int bit = (row < 8 ? 0 : 16) + 4 * (chunk % 4);
      const uint32_t nib = (f.metadata[meta_lane] >> bit) & 0xFu;
      if (!metadata_nibble_valid(in.type, nib, mode))
        throw std::invalid_argument(
            "emulate_mma_sp_a: metadata nibble " + std::to_string(nib) + " (lane " +
            std::to_string(meta_lane) + ", bits " + std::to_string(bit + 3) + ".." +
            std::to_string(bit) + ") for row " + std::to_string(row) + ", chunk " +
            std::to_string(chunk) + " is undefined behaviour" +
            (mode == MetadataMode::ordered ? " with ::ordered_metadata" : ""));
      int pos = 0;
      if (is_24_type(in.type))
        pos = static_cast<int>(slot == 0 ? (nib & 3u) : (nib >> 2));
      else
        pos = nib == 0b0100u ? 0 : 1;
      dense[static_cast<std::size_t>(row) * k + chunk * chunk_elems + pos] = v;
    }
  }
  return dense;
}

MmaSpFragments MmaSpMatrix::tile(int index) const {
  const MmaSpParams p = mma_sp_params(instr);
  if (index < 0 || index >= tiles()) throw std::out_of_range("MmaSpMatrix::tile");
  MmaSpFragments f;
  f.instr = instr;
  std::copy_n(metadata.begin() + static_cast<std::ptrdiff_t>(index) * 32, 32, f.metadata.begin());
  const std::size_t per_tile = static_cast<std::size_t>(32) * p.a_regs * p.elems_per_reg;
  f.a_values.assign(values.begin() + static_cast<std::ptrdiff_t>(index * per_tile),
                    values.begin() + static_cast<std::ptrdiff_t>((index + 1) * per_tile));
  return f;
}

MmaSpMatrix export_mma_sp_matrix(MmaSpInstr instr, const float* A, int rows, int cols, int lda,
                                 int selector, MetadataFill fill) {
  const MmaSpParams p = mma_sp_params(instr);
  check_selector(p, selector, "export_mma_sp_matrix");
  if (rows < 0 || cols < 0 || lda < cols)
    throw std::invalid_argument("export_mma_sp_matrix: invalid shape rows=" + std::to_string(rows) +
                                " cols=" + std::to_string(cols) + " lda=" + std::to_string(lda));
  MmaSpMatrix m;
  m.instr = instr;
  m.rows = rows;
  m.cols = cols;
  m.padded_rows = (rows + 15) / 16 * 16;
  m.padded_cols = (cols + p.k - 1) / p.k * p.k;
  m.tile_rows = m.padded_rows / 16;
  m.k_steps = m.padded_cols / p.k;
  m.selector = selector;
  m.fill = fill;
  const std::size_t per_tile = static_cast<std::size_t>(32) * p.a_regs * p.elems_per_reg;
  m.metadata.reserve(static_cast<std::size_t>(m.tiles()) * 32);
  m.values.reserve(static_cast<std::size_t>(m.tiles()) * per_tile);

  std::vector<float> tile(static_cast<std::size_t>(16) * p.k);
  for (int tr = 0; tr < m.tile_rows; ++tr)
    for (int ks = 0; ks < m.k_steps; ++ks) {
      std::fill(tile.begin(), tile.end(), 0.0f);  // zero padding
      for (int r = 0; r < 16; ++r) {
        const int gr = tr * 16 + r;
        if (gr >= rows) break;
        for (int c = 0; c < p.k; ++c) {
          const int gc = ks * p.k + c;
          if (gc >= cols) break;
          tile[static_cast<std::size_t>(r) * p.k + c] = A[static_cast<std::size_t>(gr) * lda + gc];
        }
      }
      const MmaSpFragments f = export_tile_impl(instr, tile.data(), p.k, selector, fill, tr * 16, ks * p.k);
      m.metadata.insert(m.metadata.end(), f.metadata.begin(), f.metadata.end());
      m.values.insert(m.values.end(), f.a_values.begin(), f.a_values.end());
    }
  return m;
}

MmaSpMatrix export_mma_sp_matrix(MmaSpInstr instr, const CompressedNM& c, int selector,
                                 MetadataFill fill) {
  const bool ok = is_24_type(instr.type) ? (c.m == 4 && (c.n == 2 || c.n == 1))
                                         : (c.m == 2 && c.n == 1);
  if (!ok)
    throw std::invalid_argument("export_mma_sp_matrix: a " + std::to_string(c.n) + ":" +
                                std::to_string(c.m) + " matrix cannot feed " + mma_sp_name(instr) +
                                (is_24_type(instr.type) ? " (needs 2:4 or 1:4)" : " (needs 1:2)"));
  std::vector<float> dense(static_cast<std::size_t>(c.rows) * c.cols);
  if (!dense.empty()) decompress_nm(c, dense.data(), c.cols);
  return export_mma_sp_matrix(instr, dense.data(), c.rows, c.cols, c.cols, selector, fill);
}

std::vector<float> emulate_mma_sp_matrix(const MmaSpMatrix& m, MetadataMode mode) {
  const int k = m.instr.k;
  std::vector<float> padded(static_cast<std::size_t>(m.padded_rows) * m.padded_cols, 0.0f);
  for (int tr = 0; tr < m.tile_rows; ++tr)
    for (int ks = 0; ks < m.k_steps; ++ks) {
      const std::vector<float> t = emulate_mma_sp_a(m.tile(m.tile_index(tr, ks)), m.selector, mode);
      for (int r = 0; r < 16; ++r)
        std::copy_n(t.begin() + static_cast<std::ptrdiff_t>(r) * k, k,
                    padded.begin() + static_cast<std::ptrdiff_t>(tr * 16 + r) * m.padded_cols + ks * k);
    }
  std::vector<float> out(static_cast<std::size_t>(m.rows) * m.cols);
  for (int r = 0; r < m.padded_rows; ++r)
    for (int c = 0; c < m.padded_cols; ++c) {
      const float v = padded[static_cast<std::size_t>(r) * m.padded_cols + c];
      if (r < m.rows && c < m.cols)
        out[static_cast<std::size_t>(r) * m.cols + c] = v;
      else if (nonzero(v))
        throw std::logic_error("emulate_mma_sp_matrix: padding decodes to a nonzero at (" +
                               std::to_string(r) + ", " + std::to_string(c) + ")");
    }
  return out;
}

uint16_t float_to_f16_bits(float x) {
  uint32_t f;
  std::memcpy(&f, &x, sizeof f);
  const uint32_t sign = (f >> 16) & 0x8000u;
  const uint32_t exp = (f >> 23) & 0xFFu;
  uint32_t man = f & 0x7FFFFFu;
  if (exp == 0xFF) return static_cast<uint16_t>(sign | 0x7C00u | (man ? 0x200u | (man >> 13) : 0u));
  const int e = static_cast<int>(exp) - 127 + 15;
  if (e >= 31) return static_cast<uint16_t>(sign | 0x7C00u);
  if (e <= 0) {  // binary16 subnormal (or zero): value = m * 2^-24
    if (e < -10) return static_cast<uint16_t>(sign);  // |x| < 2^-25: rounds to zero
    man |= 0x800000u;
    const int shift = 14 - e;  // 14..24
    uint32_t h = man >> shift;
    const uint32_t rem = man & ((1u << shift) - 1u), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1u))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = sign | (static_cast<uint32_t>(e) << 10) | (man >> 13);
  const uint32_t rem = man & 0x1FFFu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;  // a carry may reach inf: correct
  return static_cast<uint16_t>(h);
}

float f16_bits_to_float(uint16_t h) {
  const int exp = (h >> 10) & 0x1F;
  const uint32_t man = h & 0x3FFu;
  float v;
  if (exp == 0)
    v = std::ldexp(static_cast<float>(man), -24);
  else if (exp == 31)
    v = man ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  else
    v = std::ldexp(static_cast<float>(man | 0x400u), exp - 25);
  return (h & 0x8000u) ? -v : v;
}

uint16_t float_to_bf16_bits(float x) {
  uint32_t f;
  std::memcpy(&f, &x, sizeof f);
  if ((f & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<uint16_t>((f >> 16) | 0x40u);  // quiet NaN
  f += 0x7FFFu + ((f >> 16) & 1u);
  return static_cast<uint16_t>(f >> 16);
}

float bf16_bits_to_float(uint16_t h) {
  const uint32_t f = static_cast<uint32_t>(h) << 16;
  float x;
  std::memcpy(&x, &f, sizeof x);
  return x;
}

std::vector<uint32_t> pack_a_registers(const MmaSpMatrix& m) {
  const MmaSpParams p = mma_sp_params(m.instr);
  std::vector<uint32_t> words(m.values.size() / p.elems_per_reg, 0u);
  for (std::size_t w = 0; w < words.size(); ++w)
    for (int e = 0; e < p.elems_per_reg; ++e) {
      const float v = m.values[w * p.elems_per_reg + e];
      uint32_t bits = 0;
      switch (m.instr.type) {
        case MmaSpType::f16: bits = float_to_f16_bits(v); break;
        case MmaSpType::bf16: bits = float_to_bf16_bits(v); break;
        case MmaSpType::tf32: std::memcpy(&bits, &v, sizeof bits); break;
        case MmaSpType::s8:
        case MmaSpType::u8: {
          const bool s = m.instr.type == MmaSpType::s8;
          const float lo = s ? -128.0f : 0.0f, hi = s ? 127.0f : 255.0f;
          if (!(v >= lo && v <= hi) || std::nearbyint(v) != v)
            throw std::invalid_argument("pack_a_registers: " + std::to_string(v) + " is not a ." +
                                        mma_sp_type_name(m.instr.type) + " value");
          bits = static_cast<uint32_t>(static_cast<uint8_t>(static_cast<int>(v)));
          break;
        }
      }
      words[w] |= bits << (e * p.element_bits);
    }
  return words;
}

std::vector<float> unpack_a_registers(MmaSpType type, const std::vector<uint32_t>& words) {
  const int bits = type == MmaSpType::tf32 ? 32 : (type == MmaSpType::s8 || type == MmaSpType::u8 ? 8 : 16);
  const int per = 32 / bits;
  std::vector<float> out;
  out.reserve(words.size() * per);
  for (uint32_t w : words)
    for (int e = 0; e < per; ++e) {
      const uint32_t b = bits == 32 ? w : (w >> (e * bits)) & ((1u << bits) - 1u);
      switch (type) {
        case MmaSpType::f16: out.push_back(f16_bits_to_float(static_cast<uint16_t>(b))); break;
        case MmaSpType::bf16: out.push_back(bf16_bits_to_float(static_cast<uint16_t>(b))); break;
        case MmaSpType::tf32: {
          float x;
          std::memcpy(&x, &b, sizeof x);
          out.push_back(x);
          break;
        }
        case MmaSpType::s8: out.push_back(static_cast<float>(static_cast<int8_t>(static_cast<uint8_t>(b)))); break;
        case MmaSpType::u8: out.push_back(static_cast<float>(b)); break;
      }
    }
  return out;
}

}  // namespace claimbench::nm
