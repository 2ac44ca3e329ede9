// One entry of an N:M kernel's weight stream (see sparse_gemm_nm.hpp). Kept in its own
// header with no standard-library templates so that the per-ISA microkernel files can include
// it: a std:: inline function instantiated under AVX-512 flags could otherwise be the copy the
// linker keeps for the baseline code.
#pragma once

#include <cstdint>

namespace claimbench::nm {

struct NMStreamEntry {
  float value;       // 0.0f for fillers and for the padding rows of a short last row tile
  int32_t b_offset;  // byte offset of the kept k's row in the packed B panel (NR floats per row)
};

}  // namespace claimbench::nm
