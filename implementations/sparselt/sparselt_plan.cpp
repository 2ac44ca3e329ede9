// Stage C (plan, compressed size, compression, search) and stage D (matmul).
#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm.hpp"
#include "sparselt/sparselt_detail.hpp"

namespace claimbench::sparselt {

using detail::fail;
using detail::guarded;
using detail::succeed;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// FNV-1a over what a compressed matrix depends on: op(A)'s shape and the pattern. (Not N:
// one compressed weight serves plans for any number of activation columns.)
uint64_t fingerprint(const MatmulDescriptor& md) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (int64_t v : {int64_t{md.m}, int64_t{md.k}, int64_t{md.a.pattern.n}, int64_t{md.a.pattern.m}})
    for (int b = 0; b < 8; ++b) {
      h ^= static_cast<uint64_t>(v >> (8 * b)) & 0xffu;
      h *= 0x100000001b3ull;
    }
  return h;
}

Status check_plan(Handle* handle, const char* fn, const Plan* plan) {
  if (!plan) return fail(handle, Status::invalid_value, std::string(fn) + ": the plan pointer is null");
  if (!plan->initialized) return fail(handle, Status::not_initialized, std::string(fn) + ": the plan is not initialised");
  return Status::success;
}

}  // namespace

namespace detail {

const nm::SparseGemmVariant& plan_variant(const Plan& plan) {
  return *plan.selection.candidates[static_cast<std::size_t>(plan.selection.config_id)];
}

Status read_compressed(Handle* handle, const Plan& plan, const void* a_compressed, nm::NMKernelView* view) {
  if (!aligned(a_compressed, kArrayAlignment))
    return fail(handle, Status::misaligned_pointer, "the compressed A must be 64-byte aligned");
  CompressedHeader h;
  std::memcpy(&h, a_compressed, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
    return fail(handle, Status::buffer_mismatch, "the A buffer is not a matrix written by compress()");
  const auto& md = plan.selection.matmul;
  const CompressedLayout l = compressed_layout(plan);
  if (h.fingerprint != plan.fingerprint || h.rows != md.m || h.cols != md.k || h.total_bytes != l.total_bytes)
    return fail(handle, Status::buffer_mismatch,
                "the compressed A is " + std::to_string(h.rows) + "×" + std::to_string(h.cols) + " " +
                    std::to_string(h.n) + ":" + std::to_string(h.m) + "; this plan needs " + std::to_string(md.m) + "×" +
                    std::to_string(md.k) + " " + std::to_string(md.a.pattern.n) + ":" + std::to_string(md.a.pattern.m));
  const auto* base = static_cast<const unsigned char*>(a_compressed);
  *view = nm::NMKernelView{h.rows, h.cols, h.n, h.m, h.groups_per_row, h.slots_per_row, h.k_padded, h.zero_row,
                           reinterpret_cast<const float*>(base + h.values_offset),
                           reinterpret_cast<const int32_t*>(base + h.index_offset)};
  if (h.stream_config >= 0 && h.stream_config == plan.selection.config_id) {
    view->stream = reinterpret_cast<const nm::NMStreamEntry*>(base + h.stream_offset);
    view->stream_layout = plan_variant(plan).stream_layout;
  }
  return Status::success;
}

}  // namespace detail

Status plan_init(Handle* handle, Plan* plan, const MatmulDescriptor* matmul, const AlgorithmSelection* selection) {
  return guarded(handle, "plan_init", [&] {
    const auto t0 = Clock::now();
    if (!plan || !matmul || !selection) return fail(handle, Status::invalid_value, "plan_init: a pointer is null");
    *plan = Plan{};
    if (!matmul->initialized) return fail(handle, Status::not_initialized, "plan_init: the matmul descriptor is not initialised");
    if (!selection->initialized) return fail(handle, Status::not_initialized, "plan_init: the selection is not initialised");
    const auto& sm = selection->matmul;
    if (sm.m != matmul->m || sm.n != matmul->n || sm.k != matmul->k || sm.a.pattern.n != matmul->a.pattern.n ||
        sm.a.pattern.m != matmul->a.pattern.m)
      return fail(handle, Status::wrong_shape, "plan_init: the selection was made for another matmul descriptor");
    plan->selection = *selection;
    plan->selection.matmul = *matmul;
    plan->threads = handle->threads;
    plan->fingerprint = fingerprint(*matmul);
    plan->initialized = true;
    plan->setup_seconds = seconds_since(t0);
    return succeed(handle);
  });
}

Status plan_destroy(Handle* handle, Plan* plan) {
  return guarded(handle, "plan_destroy", [&] {
    if (Status s = check_plan(handle, "plan_destroy", plan); s != Status::success) return s;
    *plan = Plan{};
    return succeed(handle);
  });
}

Status plan_config_id(Handle* handle, const Plan* plan, int* config_id) {
  return guarded(handle, "plan_config_id", [&] {
    if (Status s = check_plan(handle, "plan_config_id", plan); s != Status::success) return s;
    if (!config_id) return fail(handle, Status::invalid_value, "plan_config_id: the result pointer is null");
    *config_id = plan->selection.config_id;
    return succeed(handle);
  });
}

Status plan_kernel_name(Handle* handle, const Plan* plan, std::string* name) {
  return guarded(handle, "plan_kernel_name", [&] {
    if (Status s = check_plan(handle, "plan_kernel_name", plan); s != Status::success) return s;
    if (!name) return fail(handle, Status::invalid_value, "plan_kernel_name: the result pointer is null");
    *name = detail::plan_variant(*plan).name;
    return succeed(handle);
  });
}

Status compressed_size(Handle* handle, const Plan* plan, std::size_t* compressed_bytes, std::size_t* workspace_bytes) {
  return guarded(handle, "compressed_size", [&] {
    if (Status s = check_plan(handle, "compressed_size", plan); s != Status::success) return s;
    if (!compressed_bytes || !workspace_bytes)
      return fail(handle, Status::invalid_value, "compressed_size: a result pointer is null");
    const auto& md = plan->selection.matmul;
    *compressed_bytes = detail::compressed_layout(*plan).total_bytes;
    const bool contiguous_k = detail::op_a_strides(md).col == 1;
    *workspace_bytes = contiguous_k ? 0 : static_cast<std::size_t>(md.m) * md.k * sizeof(float);
    return succeed(handle);
  });
}

Status storage_footprint(Handle* handle, const Plan* plan, std::size_t* bytes) {
  return guarded(handle, "storage_footprint", [&] {
    if (Status s = check_plan(handle, "storage_footprint", plan); s != Status::success) return s;
    if (!bytes) return fail(handle, Status::invalid_value, "storage_footprint: the result pointer is null");
    const auto& md = plan->selection.matmul;
    *bytes = nm::compressed_footprint_bytes(md.m, md.k, md.a.pattern.n, md.a.pattern.m, sizeof(float));
    return succeed(handle);
  });
}

Status compress(Handle* handle, const Plan* plan, const float* a_dense, void* compressed, void* workspace) {
  return guarded(handle, "compress", [&]() -> Status {
    if (Status s = check_plan(handle, "compress", plan); s != Status::success) return s;
    const auto& md = plan->selection.matmul;
    if (!a_dense || !compressed) return fail(handle, Status::invalid_value, "compress: a pointer is null");
    if (!detail::aligned(a_dense, md.a.alignment))
      return fail(handle, Status::misaligned_pointer, "compress: A is not aligned to " + std::to_string(md.a.alignment) + " bytes");
    if (!detail::aligned(compressed, detail::kArrayAlignment))
      return fail(handle, Status::misaligned_pointer, "compress: the compressed buffer must be 64-byte aligned");
    const auto st = detail::op_a_strides(md);
    const float* rows = a_dense;
    int64_t ld = st.row;
    if (st.col != 1) {
      if (!workspace)
        return fail(handle, Status::invalid_value,
                    "compress: A is walked across its leading dimension; pass the workspace compressed_size() asked for");
      if (!detail::aligned(workspace, alignof(float)))
        return fail(handle, Status::misaligned_pointer, "compress: the workspace is not aligned to 4 bytes");
      auto* w = static_cast<float*>(workspace);
      for (int64_t i = 0; i < md.m; ++i)
        for (int64_t k = 0; k < md.k; ++k) w[i * md.k + k] = a_dense[i * st.row + k * st.col];
      rows = w;
      ld = md.k;
    }
    nm::CompressedNM c;
    try {
      c = nm::compress_nm(rows, md.m, md.k, static_cast<int>(ld), md.a.pattern.n, md.a.pattern.m);
    } catch (const std::invalid_argument& e) {
      return fail(handle, Status::pattern_violated, std::string("compress: ") + e.what());
    }
    nm::NMKernelOperand op = nm::prepare_nm_operand(c);
    const nm::SparseGemmVariant& variant = detail::plan_variant(*plan);
    nm::prepack_nm_operand(op, variant);
    const detail::CompressedLayout l = detail::compressed_layout(*plan);
    const bool has_stream = !op.stream.empty() && op.stream_layout == variant.stream_layout &&
                            op.stream.size() <= l.stream_capacity;
    detail::CompressedHeader h{};
    std::memcpy(h.magic, detail::kMagic, sizeof h.magic);
    h.fingerprint = plan->fingerprint;
    h.rows = op.rows, h.cols = op.cols, h.n = op.n, h.m = op.m;
    h.groups_per_row = op.groups_per_row, h.slots_per_row = op.slots_per_row;
    h.k_padded = op.k_padded, h.zero_row = op.zero_row;
    h.values_offset = l.values_offset, h.index_offset = l.index_offset, h.total_bytes = l.total_bytes;
    h.stream_offset = l.stream_offset;
    h.stream_config = has_stream ? plan->selection.config_id : -1;
    auto* base = static_cast<unsigned char*>(compressed);
    std::memset(base, 0, l.total_bytes);
    std::memcpy(base, &h, sizeof h);
    std::memcpy(base + l.values_offset, op.values.data(), op.values.size() * sizeof(float));
    std::memcpy(base + l.index_offset, op.k_index.data(), op.k_index.size() * sizeof(int32_t));
    if (has_stream)
      std::memcpy(base + l.stream_offset, op.stream.data(), op.stream.size() * sizeof(nm::NMStreamEntry));
    return succeed(handle);
  });
}

namespace {

Status check_dense_operand(Handle* handle, const char* fn, const MatrixDescriptor& d, const void* p, const char* what) {
  if (!p) return fail(handle, Status::invalid_value, std::string(fn) + ": " + what + " is null");
  if (!detail::aligned(p, d.alignment))
    return fail(handle, Status::misaligned_pointer,
                std::string(fn) + ": " + what + " is not aligned to " + std::to_string(d.alignment) + " bytes");
  return Status::success;
}

}  // namespace

Status search(Handle* handle, Plan* plan, const void* a_compressed, const float* b) {
  return guarded(handle, "search", [&]() -> Status {
    const auto t0 = Clock::now();
    if (Status s = check_plan(handle, "search", plan); s != Status::success) return s;
    const auto& md = plan->selection.matmul;
    if (!a_compressed) return fail(handle, Status::invalid_value, "search: the compressed A is null");
    if (Status s = check_dense_operand(handle, "search", md.b, b, "B"); s != Status::success) return s;
    // The scratch product first: search never touches the caller's C or D.
    std::vector<float> scratch(static_cast<std::size_t>(md.m) * static_cast<std::size_t>(md.n));
    nm::NMKernelView view;
    if (Status s = detail::read_compressed(handle, *plan, a_compressed, &view); s != Status::success) {
      handle->last_error = "search: " + handle->last_error;
      return s;
    }
    const int ldb = static_cast<int>(md.b.ld);
    std::vector<SearchTiming> timings;
    std::vector<double> samples(static_cast<std::size_t>(plan->selection.search_iterations));
    int best = 0;
    for (std::size_t id = 0; id < plan->selection.candidates.size(); ++id) {
      const nm::SparseGemmVariant* v = plan->selection.candidates[id];
      // Warm-up (caches, packing buffers), timed too: a candidate whose warm-up already takes
      // over 4× the best median so far is not timed further (the scalar fallback would
      // otherwise dominate the search's cost).
      const auto w0 = Clock::now();
      v->run(view, b, ldb, md.n, scratch.data(), md.n, plan->threads);
      const double warm = seconds_since(w0);
      if (!timings.empty() && warm > 4.0 * timings[static_cast<std::size_t>(best)].median_seconds) {
        timings.push_back({static_cast<int>(id), v->name, warm});
        continue;
      }
      for (double& t : samples) {
        const auto s0 = Clock::now();
        v->run(view, b, ldb, md.n, scratch.data(), md.n, plan->threads);
        t = seconds_since(s0);
      }
      std::nth_element(samples.begin(), samples.begin() + samples.size() / 2, samples.end());
      timings.push_back({static_cast<int>(id), v->name, samples[samples.size() / 2]});
      // Strictly faster only: on a tie the earlier (heuristic-preferred) config stays.
      if (timings.back().median_seconds < timings[static_cast<std::size_t>(best)].median_seconds) best = static_cast<int>(id);
    }
    plan->selection.config_id = best;
    plan->search_timings = std::move(timings);
    plan->search_seconds = seconds_since(t0);
    return succeed(handle);
  });
}

Status matmul(Handle* handle, const Plan* plan, float alpha, const void* a_compressed, const float* b, float beta,
              const float* c, float* d) {
  return guarded(handle, "matmul", [&]() -> Status {
    if (Status s = check_plan(handle, "matmul", plan); s != Status::success) return s;
    const auto& md = plan->selection.matmul;
    if (!a_compressed) return fail(handle, Status::invalid_value, "matmul: the compressed A is null");
    if (Status s = check_dense_operand(handle, "matmul", md.b, b, "B"); s != Status::success) return s;
    if (Status s = check_dense_operand(handle, "matmul", md.c, d, "D"); s != Status::success) return s;
    if (beta != 0.0f)
      if (Status s = check_dense_operand(handle, "matmul", md.c, c, "C (beta ≠ 0)"); s != Status::success) return s;
    nm::NMKernelView view;
    if (Status s = detail::read_compressed(handle, *plan, a_compressed, &view); s != Status::success) {
      handle->last_error = "matmul: " + handle->last_error;
      return s;
    }
    const int ldc = static_cast<int>(md.c.ld);
    const auto rows = static_cast<std::size_t>(md.m);
    const auto cols = static_cast<std::size_t>(md.n);
    // beta·C must be read before the kernel overwrites D when they are the same matrix.
    std::vector<float> c_copy;
    if (beta != 0.0f && c == d) {
      c_copy.resize(rows * cols);
      for (std::size_t i = 0; i < rows; ++i) std::memcpy(&c_copy[i * cols], c + i * ldc, cols * sizeof(float));
    }
    detail::plan_variant(*plan).run(view, b, static_cast<int>(md.b.ld), md.n, d, ldc, plan->threads);
    if (alpha != 1.0f || beta != 0.0f) {
      for (std::size_t i = 0; i < rows; ++i) {
        float* drow = d + i * ldc;
        const float* crow = beta == 0.0f ? nullptr : c_copy.empty() ? c + i * ldc : &c_copy[i * cols];
        for (std::size_t j = 0; j < cols; ++j) drow[j] = alpha * drow[j] + (crow ? beta * crow[j] : 0.0f);
      }
    }
    handle->last_error.clear();
    return Status::success;
  });
}

}  // namespace claimbench::sparselt
