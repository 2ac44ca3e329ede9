// Export of 2:4 (and tf32 1:2) structured-sparse A matrices to the operand layout of NVIDIA's
// warp-level sparse tensor-core instruction `mma.sp{::ordered_metadata}.sync.aligned.m16n8kK`,
// and a pure-C++ reference "emulator" of how that instruction reads its A operand.
// No GPU is involved anywhere: everything here is checked against the documented rules only.
//
// ---------------------------------------------------------------------------------------------
// Sources (PTX ISA, "Warp-level matrix multiply-accumulate instructions", section 9.7.14.6 in
// PTX ISA 8.x/9.x; https://docs.nvidia.com/cuda/parallel-thread-execution/):
//   [S]  9.7.14.6.1 "Sparse matrix storage"      (#warp-level-sparse-matrix-storage)
//   [F]  9.7.14.6.2 "Matrix fragments for multiply-accumulate operation with sparse matrix A"
//        (#warp-level-matrix-fragments-for-sparse-mma), sub-sections
//        .1 m16n8k16 f16/bf16 (#warp-level-matrix-fragment-sparse-mma-16816-f16bf16, Figs 118/119)
//        .2 m16n8k32 f16/bf16 (#warp-level-matrix-fragment-sparse-mma-16832-f16bf16, Figs 120/122)
//        .3 m16n8k16 tf32     (#warp-level-matrix-fragment-sparse-mma-16816-tf32,   Figs 123/125)
//        .4 m16n8k8  tf32     (#warp-level-matrix-fragment-sparse-mma-1688-tf32,    Figs 126/127)
//        .5 m16n8k32 u8/s8    (#warp-level-matrix-fragment-sparse-mma-16832-u8s8,   Figs 128/129)
//        .6 m16n8k64 u8/s8    (#warp-level-matrix-fragment-sparse-mma-16864-u8s8-fp8, 130-137)
//   Secondary (not NVIDIA documentation, used only to read figures we could not see as text):
//   [M]  LLVM/MLIR integration test mlir/test/Integration/Dialect/SparseTensor/GPU/CUDA/
//        sparse-mma-2-4-f16.mlir (runs mma.sp m16n8k32 f16 on sm_80), whose comments transcribe
//        Figure 122: lane 4g+j (j = 0,1, selector 0) holds, for K columns [16j, 16j+16),
//        row g's 16 metadata bits in bits 15..0 and row g+8's in bits 31..16. (That test uses
//        the same nibble everywhere, so its GPU run does not pin the placement down either.)
//   [R]  an open-source Rust GPU test of sparse FP8 mma.sp m16n8k64 on SM89 (NVIDIA copyright,
//        Apache-2.0; found by content search, repository not identified) that asserts, against
//        an exact host GEMM, that the A register's lower bytes are the lower compressed columns,
//        that a nibble's low 2-bit field is the position of the chunk's first kept value, and
//        that plain `mma.sp` accepts all 12 nibbles with two different fields, in either order.
//        Its metadata is the same nibble in every position, so it says nothing about placement.
//
// Documented rules implemented here (and where):
//   R1 [S] f16/bf16 (m16n8k16, m16n8k32) and u8/s8 (m16n8k32, m16n8k64): 2:4 granularity; a
//      chunk of 4 consecutive row elements keeps 2 values; their positions are two 2-bit
//      indices (one 4-bit nibble per chunk) in the metadata operand.
//   R2 [S] metadata nibbles 0b0000, 0b0101, 0b1010, 0b1111 are invalid (undefined behaviour):
//      the two indices of a chunk must differ.             -> metadata_nibble_valid()
//   R3 [S] `mma.sp::ordered_metadata`: only 0b0100, 0b1000, 0b1001, 0b1100, 0b1101, 0b1110 are
//      meaningful, i.e. low field < high field (indices in increasing order). The exporter
//      always writes this form, so its output is valid for both `mma.sp` and `::ordered`.
//   R4 [S] tf32 (m16n8k8, m16n8k16): 1:2 granularity; a chunk of 2 elements keeps 1 value; the
//      4-bit index of the chunk is 0b0100 (value at position 0) or 0b1110 (position 1); any
//      other value is undefined behaviour (both variants).
//   R5 [S] sparsity selector: m16n8k16 f16/bf16 and m16n8k8 tf32: one thread of each group of
//      four holds the metadata, selector in {0,1,2,3}; m16n8k32 f16/bf16, m16n8k16 tf32,
//      m16n8k32 u8/s8: a thread pair, selector 0 (T0,T1) or 1 (T2,T3); m16n8k64 u8/s8: all four
//      threads, selector must be 0.                         -> MmaSpParams::selector_count
//   R6 [F] A fragments: groupID = lane >> 2, threadID_in_group = lane % 4; register counts and
//      the (row, firstcol..lastcol) formulas of each sub-section, transcribed in
//      a_fragment_coord() (generic form) and, independently, in the emulator (per shape).
//      Order inside a register: the sparse tables do not spell it out ("Mapping of the
//      non-zero elements is as described in Sparse matrix storage"); we use the dense tables'
//      "low to high" convention: the lower half/byte holds the lower compressed column, i.e.
//      the chunk's first kept value, whose index is the nibble's low 2-bit field. [R] asserts
//      this for 8-bit elements on a GPU; [M]'s expected output (varying A values, every
//      nibble 0b1000) depends on it for f16.
//   R7 [F] metadata register contents: "16 2-bit vectors" (2:4 types) / "8 4-bit vectors" (tf32)
//      per .b32, `Tk: [m..n]` in cell [x][y..z] = bits m..n of lane k describe chunk x,y..z.
//
// What is confirmed and what is not (see also the `[unconfirmed]` test names):
//   * R1-R6 are quoted from the PTX text above.
//   * The per-lane metadata bit placement is only drawn in figures (119, 122, 125, 127, 129,
//     136, 137), which were not available to us as text. We implement ONE rule for all shapes:
//        the T metadata threads of group g (T = chunks per row / 4) are lanes
//        4g + T*selector + j, j = 0..T-1; thread j covers chunks [4j, 4j+4) of the 16x K tile;
//        chunk 4j+c of row g sits in bits [4c+3 .. 4c], of row g+8 in bits [16+4c+3 .. 16+4c];
//        within a nibble the low 2-bit field is the first kept value's index.
//     For f16/bf16 m16n8k32 this matches [M] (secondary transcription of Fig. 122). For
//     f16/bf16 m16n8k16 (Fig. 119) it is the same rule restricted to one thread, consistent
//     with "one thread contributes the metadata for the entire group" (R5) and the 32-bit
//     count (R7), but the bit order rows g / g+8 is UNCONFIRMED. tf32 (Figs 125, 127) and
//     u8/s8 (Figs 129, 136, 137) placements are UNCONFIRMED extrapolations of the same rule
//     (for tf32 it is byte-for-byte the f16 layout: a tf32 chunk of 2 is an f16 chunk of 4
//     halves, which is why its only valid nibbles are 0b0100 and 0b1110).
//   * The emulator checks against the rules above, so "export then emulate" proves the
//     exporter is self-consistent with OUR reading of the documentation, not with silicon.
//     The later CUDA issue must run a GPU check (e.g. distinct metadata per chunk and lane).
//
// ---------------------------------------------------------------------------------------------
// Whole-matrix layout (export_mma_sp_matrix), for a CUDA kernel:
//   A is row-major rows x cols (K = cols), padded with zeros to padded_rows = ceil(rows/16)*16
//   and padded_cols = ceil(cols/k)*k where k is the instruction's K. Tiles are 16 x k; tile
//   (tile_row, k_step) covers rows [16*tile_row, +16) and columns [k*k_step, +k); tiles are
//   numbered  tile = tile_row * k_steps + k_step  (all k-steps of one 16-row block contiguous).
//   metadata : uint32  metadata[tile*32 + lane]   -- the `e` operand of lane `lane`.
//   values   : float   values[((tile*32 + lane)*a_regs + reg)*elems_per_reg + elem]
//              -- element `elem` (low to high) of A register `reg` of lane `lane`.
//   pack_a_registers() turns `values` into uint32 words[(tile*32 + lane)*a_regs + reg] in the
//   operand's element encoding (f16/bf16 round-to-nearest-even, tf32 = fp32 bit pattern, the
//   hardware reading its top 19 bits; s8/u8 two's complement / unsigned bytes).
//   A warp computing rows [16*tr, 16*tr+16) then issues, for ks = 0..k_steps-1 (tile = tr*k_steps+ks):
//       e  = metadata[tile*32 + lane];  a[r] = words[(tile*32 + lane)*a_regs + r];
//       mma.sp{::ordered_metadata}.sync.aligned.m16n8k<k>.row.col... {d}, {a..}, {b..}, {c}, e, SEL;
//   with SEL = the selector given at export (an immediate). With MetadataFill::all_lanes (the
//   default) every lane carries the word of its thread-slot (lane 4g+x gets thread x % T's word),
//   so any valid selector works; with MetadataFill::selected_lanes only the selector's lanes
//   are nonzero (the others are 0, which the instruction does not read).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nm/compressed_nm.hpp"

namespace claimbench::nm {

enum class MmaSpType { f16, bf16, tf32, s8, u8 };

// One mma.sp instruction: M = 16, N = 8, K = k. Supported: f16/bf16 k16,k32; tf32 k8,k16;
// s8/u8 k32,k64 (everything else throws std::invalid_argument from mma_sp_params()).
struct MmaSpInstr {
  MmaSpType type = MmaSpType::f16;
  int k = 32;
};

enum class MetadataMode { standard, ordered };       // mma.sp vs mma.sp::ordered_metadata
enum class MetadataFill { all_lanes, selected_lanes };

struct MmaSpParams {
  int k = 0;
  int element_bits = 0;        // 16, 32 (tf32 in a .b32) or 8
  int chunk_elems = 0;         // 4 (2:4) or 2 (tf32 1:2)
  int kept_per_chunk = 0;      // 2 or 1
  int chunks_per_row = 0;      // k / chunk_elems
  int a_regs = 0;              // .b32 registers of A per lane
  int elems_per_reg = 0;       // 32 / element_bits
  int chunks_per_reg = 0;      // elems_per_reg / kept_per_chunk (1, or 2 for 8-bit types)
  int meta_threads = 0;        // T: lanes per group of four holding metadata (1, 2 or 4)
  int selector_count = 0;      // valid selectors are 0 .. selector_count-1 (= 4 / T)
};

MmaSpParams mma_sp_params(MmaSpInstr instr);  // throws std::invalid_argument if unsupported
std::string mma_sp_name(MmaSpInstr instr);    // e.g. "m16n8k32.f16"
// The PTX type suffix of the A operand: "f16", "bf16", "tf32", "s8", "u8".
const char* mma_sp_type_name(MmaSpType t);

// --- Metadata nibbles (one per chunk) --------------------------------------------------------
// 2:4 types: nibble = i0 | (i1 << 2), i0 = position of the first kept value (lower half/byte of
// the A register), i1 = position of the second. tf32: 0b0100 (position 0) or 0b1110 (1).
uint32_t metadata_nibble_24(int i0, int i1);
// R2/R3/R4: whether `nibble` is a defined value for this instruction type and mode.
bool metadata_nibble_valid(MmaSpType type, uint32_t nibble, MetadataMode mode);

// The exporter's choice for one chunk (R3): given the chunk's elements, the ascending position
// pair (i0 < i1) covering every nonzero; missing slots take the smallest unused positions
// (same filler rule as compress_nm). tf32: the nonzero's position, 0 if the chunk is all zero.
// Throws std::invalid_argument if the chunk has more nonzeros than kept_per_chunk.
// Nonzero = does not compare equal to 0.0f (NaN and ±Inf are kept; -0.0f is zero).
struct ChunkChoice {
  int pos[2] = {0, 1};  // pos[0] < pos[1] (2:4); only pos[0] used for tf32
  uint32_t nibble = 0;
};
ChunkChoice choose_chunk(MmaSpType type, const float* chunk);

// --- Per-lane fragment mapping (R6, R7, and the metadata rule described above) ---------------
struct AFragmentCoord {
  int row = 0;        // 0..15 within the 16 x k tile
  int chunk = 0;      // 0..chunks_per_row-1 (dense columns chunk*chunk_elems ..)
  int slot = 0;       // which kept value of the chunk (0 = first/lower, 1 = second)
};
// Where element `elem` (low to high) of A register `reg` of lane `lane` comes from.
AFragmentCoord a_fragment_coord(MmaSpInstr instr, int lane, int reg, int elem);

struct MetadataLocation {
  int lane = 0;       // lane whose metadata register holds the chunk's nibble
  int bit = 0;        // lowest bit of the nibble in that register
};
// Which lane/bits hold the nibble of (row, chunk) for `selector` ([unconfirmed] except
// f16/bf16 m16n8k32, see the header). Throws std::invalid_argument for an invalid selector.
MetadataLocation metadata_location(MmaSpInstr instr, int selector, int row, int chunk);

// --- One 16 x k instruction tile ---------------------------------------------------------------
struct MmaSpFragments {
  MmaSpInstr instr;
  std::array<uint32_t, 32> metadata{};  // the `e` operand of each lane
  std::vector<float> a_values;          // 32 x a_regs x elems_per_reg, [lane][reg][elem]
};

// Export the 16 x k tile at `tile` (row-major, leading dimension ld >= k; every chunk must
// satisfy the pattern, else std::invalid_argument naming row and chunk).
MmaSpFragments export_mma_sp_tile(MmaSpInstr instr, const float* tile, int ld, int selector = 0,
                                  MetadataFill fill = MetadataFill::all_lanes);

// Reference emulator of how mma.sp reads its A operand (R1-R7): rebuilds the dense 16 x k tile
// (row-major, 16*k floats) from the lane fragments. It is written from the per-shape formulas
// of [F] independently of a_fragment_coord()/metadata_location(). Throws std::invalid_argument
// for everything the documentation calls undefined behaviour: invalid selector, an invalid
// nibble (R2/R4), an out-of-order nibble with MetadataMode::ordered (R3).
std::vector<float> emulate_mma_sp_a(const MmaSpFragments& frag, int selector,
                                    MetadataMode mode = MetadataMode::standard);

// --- Whole matrix ------------------------------------------------------------------------------
struct MmaSpMatrix {
  MmaSpInstr instr;
  int rows = 0, cols = 0;                 // logical A: rows x cols (cols = K)
  int padded_rows = 0, padded_cols = 0;   // multiples of 16 and of instr.k
  int tile_rows = 0, k_steps = 0;         // padded_rows / 16, padded_cols / instr.k
  int selector = 0;
  MetadataFill fill = MetadataFill::all_lanes;
  std::vector<uint32_t> metadata;         // tiles x 32
  std::vector<float> values;              // tiles x 32 x a_regs x elems_per_reg

  int tiles() const { return tile_rows * k_steps; }
  int tile_index(int tile_row, int k_step) const { return tile_row * k_steps + k_step; }
  MmaSpFragments tile(int index) const;  // copy of one tile's fragments
};

// From a dense row-major matrix (lda >= cols) that satisfies the instruction's pattern.
MmaSpMatrix export_mma_sp_matrix(MmaSpInstr instr, const float* A, int rows, int cols, int lda,
                                 int selector = 0, MetadataFill fill = MetadataFill::all_lanes);
// From the project's compressed form: 2:4 types take n:m = 2:4 or 1:4, tf32 takes 1:2.
MmaSpMatrix export_mma_sp_matrix(MmaSpInstr instr, const CompressedNM& c, int selector = 0,
                                 MetadataFill fill = MetadataFill::all_lanes);

// Emulate every tile and return the rows x cols matrix (padding dropped; the padding is
// checked to decode to zeros, else std::logic_error).
std::vector<float> emulate_mma_sp_matrix(const MmaSpMatrix& m,
                                         MetadataMode mode = MetadataMode::standard);

// Register words in the element encoding (see the layout comment above). Throws
// std::invalid_argument for s8/u8 values that are not integers in range.
std::vector<uint32_t> pack_a_registers(const MmaSpMatrix& m);
// Inverse of pack_a_registers (tf32: the fp32 bit pattern as stored).
std::vector<float> unpack_a_registers(MmaSpType type, const std::vector<uint32_t>& words);

// Element encodings used by pack_a_registers.
uint16_t float_to_f16_bits(float x);   // IEEE binary16, round to nearest even, overflow -> inf
float f16_bits_to_float(uint16_t h);
uint16_t float_to_bf16_bits(float x);  // round to nearest even; NaN stays NaN
float bf16_bits_to_float(uint16_t h);

}  // namespace claimbench::nm
