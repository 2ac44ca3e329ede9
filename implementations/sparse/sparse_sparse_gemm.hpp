// Sparse × sparse GEMM by fiber intersection, the software counterpart of SNAP's
// associative index matching:  C[i, j] = Σ_{k ∈ W_i ∩ X_j} a(i, k) · b(k, j)
// where W_i is row i of the pruned weights and X_j column j of the activations, both stored as
// compressed fibers (ascending k index + value), as SNAP stores channel-first fibers.
//
// Matching (AVX-512 variant): for every output the shorter fiber is the query side and the
// longer one is held in a 16-entry window register, like a CAM: each query index is broadcast
// and compared with all 16 window indices at once (vpcmpeqd into a mask register); the match
// mask drives a masked FMA of the window's values with the broadcast query value, so a match
// costs no branch. The window slides by 16 when the query index passes its last entry.
// Fibers are padded to a multiple of 16 with sentinel indices (INT32_MAX, value 0), so a window
// never reads past its fiber and a sentinel never matches. The scalar variant is the classic
// two-pointer merge.
//
// Activations are compressed per call (they change every inference); the weights once.
// NaN / Inf: only products of two stored nonzeros are formed; a NaN stored on either side
// reaches C only through a match.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sparse/csr_matrix.hpp"

namespace claimbench::sparse {

// `count` fibers over indices [0, extent). Fiber f holds length[f] entries from start[f],
// followed by sentinels up to the next multiple of 16.
struct Fibers {
  static constexpr int32_t kSentinel = std::numeric_limits<int32_t>::max();
  int count = 0, extent = 0;
  std::vector<int64_t> start;   // count
  std::vector<int32_t> length;  // count: stored nonzeros
  std::vector<int32_t> index;   // padded
  std::vector<float> value;     // padded
  std::size_t nonzeros() const;
  // Exact bytes of the stored (padded) format.
  std::size_t bytes() const {
    return start.size() * sizeof(int64_t) + length.size() * sizeof(int32_t) +
           index.size() * sizeof(int32_t) + value.size() * sizeof(float);
  }
};
using ActivationFibers = Fibers;

// Rows of A as weight fibers (built once, untimed).
Fibers weight_fibers(const CsrMatrix& a);
// Columns of B (K×N, ldb) as activation fibers; keeps every element that is not ±0. `out`
// is reused between calls (its buffers only grow).
void compress_activations(const float* B, int K, int N, int ldb, Fibers& out);

// What an intersection run did, summed over all outputs.
struct IntersectCounts {
  std::uint64_t matches = 0;  // index pairs found equal = effectual multiply-adds
  std::uint64_t queries = 0;  // query indices searched (each one broadcast + compare, or one merge step)
  std::uint64_t windows = 0;  // 16-entry windows loaded (AVX-512) / 0 for the merge
};

struct IntersectVariant {
  const char* name;  // "sparse-sparse.cam16.avx512", "sparse-sparse.merge.scalar"
  const char* isa;
  bool (*available)();
  // C (weights.count × activations.count, ldc) is overwritten. When `counts` is non-null the
  // run also counts (slower); the sums are added to *counts.
  void (*run)(const Fibers& weights, const Fibers& activations, float* C, int ldc, int threads,
              IntersectCounts* counts);
};

std::span<const IntersectVariant> intersect_variants();
const IntersectVariant& best_intersect_variant();

// Matches counted by a plain scalar merge, independent of any variant (for checks).
std::uint64_t count_matches(const Fibers& weights, const Fibers& activations);

}  // namespace claimbench::sparse
