// Internals shared by the sparselt sources: status reporting, argument checks, the strides of
// op(A), and the layout of a compressed matrix.
#pragma once

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

#include "nm/sparse_gemm_nm.hpp"
#include "sparselt/sparselt.hpp"

namespace claimbench::sparselt::detail {

inline Status fail(Handle* handle, Status status, std::string message) {
  if (handle) handle->last_error = std::string(status_name(status)) + ": " + std::move(message);
  return status;
}

inline Status succeed(Handle* handle) {
  handle->last_error.clear();
  return Status::success;
}

// Every entry point runs its body through this, so no exception crosses the API.
template <typename Body>
Status guarded(Handle* handle, const char* function, Body&& body) {
  if (!handle || !handle->initialized)
    return fail(handle, Status::not_initialized, std::string(function) + ": the handle is not initialised");
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(handle, Status::allocation_failed, std::string(function) + ": out of memory");
  } catch (const std::length_error& e) {
    return fail(handle, Status::allocation_failed, std::string(function) + ": " + e.what());
  }
}

// Element (i, k) of op(A) sits at a[i·row_stride + k·col_stride].
struct Strides {
  int64_t row = 0, col = 0;
};
inline Strides op_a_strides(const MatmulDescriptor& md) {
  const bool row_major = md.a.order == Order::row_major;
  const bool transposed = md.op_a == Operation::transpose;
  // Row-major untransposed and column-major transposed both walk K contiguously.
  if (row_major != transposed) return {md.a.ld, 1};
  return {1, md.a.ld};
}

inline bool aligned(const void* p, uint32_t alignment) {
  return reinterpret_cast<uintptr_t>(p) % alignment == 0;
}

// A compressed matrix: this header, then the kept values (fp32) and their absolute k indices
// (int32), each rows × slots_per_row, in the kernels' layout (nm::NMKernelView), each array
// starting on a 64-byte boundary (the second one skewed, see compressed_layout()); then the
// weight stream of the algorithm the plan held at compress time (nm::prepack_nm_operand), room
// for (rows + 3) × slots_per_row entries, which covers every variant's row-tile padding.
// matmul reads the stream while the plan still runs that algorithm (search may pick another,
// which then reads the row arrays).
struct CompressedHeader {
  char magic[8];
  uint64_t fingerprint;  // Plan::fingerprint of the plan it was compressed for
  int32_t rows, cols, n, m, groups_per_row, slots_per_row, k_padded, zero_row;
  uint64_t values_offset, index_offset, total_bytes;
  uint64_t stream_offset;
  int32_t stream_config;  // the config_id whose stream is stored, -1 for none
  int32_t reserved;
};
// The version digit changes whenever a kernel's stream order does (3: 768-row blocks), so that a
// buffer saved by an older build is refused, not read in the wrong order.
inline constexpr char kMagic[8] = {'S', 'P', 'L', 'T', 'c', 'm', 'p', '3'};
inline constexpr uint64_t kArrayAlignment = 64;
inline constexpr uint64_t kIndexSkew = 33 * 64;

inline uint64_t round_up(uint64_t x, uint64_t to) { return (x + to - 1) / to * to; }

struct CompressedLayout {
  int groups_per_row = 0, slots_per_row = 0;
  uint64_t values_offset = 0, index_offset = 0, stream_offset = 0, total_bytes = 0;
  uint64_t stream_capacity = 0;  // entries
};
inline CompressedLayout compressed_layout(const Plan& plan) {
  const auto& md = plan.selection.matmul;
  CompressedLayout l;
  l.groups_per_row = (md.k + md.a.pattern.m - 1) / md.a.pattern.m;
  l.slots_per_row = l.groups_per_row * md.a.pattern.n;
  const uint64_t slots = static_cast<uint64_t>(md.m) * static_cast<uint64_t>(l.slots_per_row);
  l.values_offset = round_up(sizeof(CompressedHeader), kArrayAlignment);
  // The kernels stream values[i] and k_index[i] together: at a distance that is a multiple of
  // the cache's set stride (8 MiB for BERT-Large's FFN-down) every pair lands in the same L1 and
  // L2 sets, which measured 12% slower than two separate allocations; 33 lines of skew avoid it.
  l.index_offset = l.values_offset + round_up(slots * sizeof(float), kArrayAlignment) + kIndexSkew;
  l.stream_offset = l.index_offset + round_up(slots * sizeof(int32_t), kArrayAlignment);
  l.stream_capacity = (static_cast<uint64_t>(md.m) + 3) * static_cast<uint64_t>(l.slots_per_row);
  l.total_bytes = l.stream_offset + round_up(l.stream_capacity * sizeof(nm::NMStreamEntry), kArrayAlignment);
  return l;
}

const nm::SparseGemmVariant& plan_variant(const Plan& plan);

// Checks a compressed matrix against the plan and returns the kernels' view of it.
Status read_compressed(Handle* handle, const Plan& plan, const void* a_compressed, nm::NMKernelView* view);

}  // namespace claimbench::sparselt::detail
