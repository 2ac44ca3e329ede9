// Pruning of the structured operand (strip and tile modes) and the pattern check.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sparselt/sparselt_detail.hpp"

namespace claimbench::sparselt {

using detail::fail;
using detail::guarded;
using detail::succeed;

namespace {

std::string where(int64_t i, int64_t k) {
  return "op(A) row " + std::to_string(i) + ", column " + std::to_string(k);
}

// Every m×m 0/1 matrix with n ones in each row and each column, as bit r·m + c, in increasing
// numeric order (the order breaks ties between equally good tiles). 90 for 2:4, 2 for 1:2.
std::vector<uint32_t> tile_masks(int n, int m) {
  std::vector<uint32_t> out;
  for (uint32_t mask = 0; mask < (1u << (m * m)); ++mask) {
    bool ok = true;
    for (int r = 0; r < m && ok; ++r) {
      int row = 0, col = 0;
      for (int c = 0; c < m; ++c) {
        row += (mask >> (r * m + c)) & 1u;
        col += (mask >> (c * m + r)) & 1u;
      }
      ok = row == n && col == n;
    }
    if (ok) out.push_back(mask);
  }
  return out;
}

Status check_prune_args(Handle* handle, const char* fn, const MatmulDescriptor* matmul, const void* in) {
  if (!matmul || !in) return fail(handle, Status::invalid_value, std::string(fn) + ": a pointer is null");
  if (!matmul->initialized) return fail(handle, Status::not_initialized, std::string(fn) + ": the matmul descriptor is not initialised");
  if (!detail::aligned(in, matmul->a.alignment))
    return fail(handle, Status::misaligned_pointer,
                std::string(fn) + ": A's pointer is not aligned to " + std::to_string(matmul->a.alignment) + " bytes");
  return Status::success;
}

}  // namespace

Status prune(Handle* handle, const MatmulDescriptor* matmul, const float* in, float* out, PruneMode mode) {
  return guarded(handle, "prune", [&]() -> Status {
    if (Status s = check_prune_args(handle, "prune", matmul, in); s != Status::success) return s;
    if (!out) return fail(handle, Status::invalid_value, "prune: the output pointer is null");
    if (!detail::aligned(out, matmul->a.alignment))
      return fail(handle, Status::misaligned_pointer, "prune: the output pointer is not aligned");
    if (mode != PruneMode::tile && mode != PruneMode::strip) return fail(handle, Status::invalid_value, "prune: unknown mode");
    const auto st = detail::op_a_strides(*matmul);
    const int M = matmul->m, K = matmul->k, n = matmul->a.pattern.n, m = matmul->a.pattern.m;
    auto at = [&](int64_t i, int64_t k) { return i * st.row + k * st.col; };
    for (int64_t i = 0; i < M; ++i)
      for (int64_t k = 0; k < K; ++k)
        if (std::isnan(in[at(i, k)]))
          return fail(handle, Status::invalid_value, "prune: NaN at " + where(i, k) + " (a NaN has no magnitude to rank)");

    if (mode == PruneMode::strip) {
      int idx[256];
      for (int64_t i = 0; i < M; ++i)
        for (int64_t g = 0; g < K; g += m) {
          const int len = static_cast<int>(std::min<int64_t>(m, K - g));
          for (int j = 0; j < len; ++j) idx[j] = j;
          // The n largest magnitudes; equal magnitudes keep the lower index.
          std::stable_sort(idx, idx + len, [&](int x, int y) {
            return std::fabs(in[at(i, g + x)]) > std::fabs(in[at(i, g + y)]);
          });
          bool keep[256] = {};
          for (int j = 0; j < std::min(n, len); ++j) keep[idx[j]] = true;
          for (int j = 0; j < len; ++j) out[at(i, g + j)] = keep[j] ? in[at(i, g + j)] : 0.0f;
        }
      return succeed(handle);
    }

    if (m > 4)
      return fail(handle, Status::not_supported,
                  "prune: tile mode enumerates the m×m arrangements and supports m ≤ 4; use strip mode for " +
                      std::to_string(n) + ":" + std::to_string(m));
    if (M % m != 0 || K % m != 0)
      return fail(handle, Status::wrong_shape,
                  "prune: tile mode needs op(A)'s dimensions to be multiples of " + std::to_string(m) + ", got " +
                      std::to_string(M) + "×" + std::to_string(K));
    const std::vector<uint32_t> masks = tile_masks(n, m);
    for (int64_t i0 = 0; i0 < M; i0 += m)
      for (int64_t k0 = 0; k0 < K; k0 += m) {
        float mag[16];
        for (int r = 0; r < m; ++r)
          for (int c = 0; c < m; ++c) mag[r * m + c] = std::fabs(in[at(i0 + r, k0 + c)]);
        uint32_t best = masks.front();
        double best_sum = -1.0;
        for (uint32_t mask : masks) {
          double sum = 0.0;
          for (int b = 0; b < m * m; ++b)
            if ((mask >> b) & 1u) sum += mag[b];
          if (sum > best_sum) best_sum = sum, best = mask;
        }
        for (int r = 0; r < m; ++r)
          for (int c = 0; c < m; ++c) {
            const int64_t o = at(i0 + r, k0 + c);
            out[o] = ((best >> (r * m + c)) & 1u) ? in[o] : 0.0f;
          }
      }
    return succeed(handle);
  });
}

Status prune_check(Handle* handle, const MatmulDescriptor* matmul, const float* in, int* valid) {
  return guarded(handle, "prune_check", [&]() -> Status {
    if (Status s = check_prune_args(handle, "prune_check", matmul, in); s != Status::success) return s;
    if (!valid) return fail(handle, Status::invalid_value, "prune_check: the result pointer is null");
    const auto st = detail::op_a_strides(*matmul);
    const int M = matmul->m, K = matmul->k, n = matmul->a.pattern.n, m = matmul->a.pattern.m;
    *valid = 1;
    for (int64_t i = 0; i < M; ++i)
      for (int64_t g = 0; g < K; g += m) {
        int nonzeros = 0;
        const int64_t end = std::min<int64_t>(K, g + m);
        for (int64_t k = g; k < end; ++k) nonzeros += in[i * st.row + k * st.col] != 0.0f;  // NaN counts as kept
        if (nonzeros > n) {
          *valid = 0;
          handle->last_error = "prune_check: " + where(i, g) + ".." + std::to_string(end - 1) + " keeps " +
                               std::to_string(nonzeros) + " of " + std::to_string(end - g) + " (pattern " +
                               std::to_string(n) + ":" + std::to_string(m) + ")";
          return Status::success;
        }
      }
    return succeed(handle);
  });
}

}  // namespace claimbench::sparselt
