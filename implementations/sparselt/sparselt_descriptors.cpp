// Stages A and B: the handle, matrix and matmul descriptors, and the algorithm selection.
#include <climits>
#include <string>

#include "nm/sparse_gemm_nm.hpp"
#include "sparselt/sparselt_detail.hpp"

namespace claimbench::sparselt {

using detail::fail;
using detail::guarded;
using detail::succeed;

Status init(Handle* handle) {
  if (!handle) return Status::invalid_value;
  *handle = Handle{};
  handle->initialized = true;
  return Status::success;
}

Status destroy(Handle* handle) {
  return guarded(handle, "destroy", [&] {
    handle->initialized = false;
    return Status::success;
  });
}

const std::string& last_error(const Handle& handle) { return handle.last_error; }

Status set_threads(Handle* handle, int threads) {
  return guarded(handle, "set_threads", [&] {
    if (threads < 1) return fail(handle, Status::invalid_value, "set_threads: threads must be ≥ 1, got " + std::to_string(threads));
    handle->threads = threads;
    return succeed(handle);
  });
}

namespace {

bool known(Precision p) { return p >= Precision::fp32 && p <= Precision::int8; }
bool known(Order o) { return o == Order::row_major || o == Order::column_major; }
bool known(Operation o) { return o == Operation::none || o == Operation::transpose; }
bool known(ComputeType c) { return c >= ComputeType::fp32 && c <= ComputeType::int32; }

uint32_t element_bytes(Precision p) {
  switch (p) {
    case Precision::fp16:
    case Precision::bf16: return 2;
    case Precision::int8: return 1;
    default: return 4;
  }
}

Status init_matrix(Handle* handle, const char* fn, MatrixDescriptor* desc, int64_t rows, int64_t cols,
                   int64_t ld, uint32_t alignment, Precision precision, Order order) {
  const std::string f = fn;
  if (!desc) return fail(handle, Status::invalid_value, f + ": the descriptor pointer is null");
  *desc = MatrixDescriptor{};
  if (!known(precision)) return fail(handle, Status::invalid_value, f + ": unknown precision value");
  if (!known(order)) return fail(handle, Status::invalid_value, f + ": unknown order value");
  if (rows < 1 || cols < 1)
    return fail(handle, Status::invalid_value,
                f + ": rows and cols must be ≥ 1, got " + std::to_string(rows) + "×" + std::to_string(cols));
  if (rows > INT_MAX || cols > INT_MAX || ld > INT_MAX)
    return fail(handle, Status::not_supported, f + ": dimensions above 2^31-1 (" + std::to_string(rows) + "×" +
                                                   std::to_string(cols) + ", ld " + std::to_string(ld) + ") are not supported by the kernels");
  const int64_t min_ld = order == Order::row_major ? cols : rows;
  if (ld < min_ld)
    return fail(handle, Status::invalid_value,
                f + ": leading dimension " + std::to_string(ld) + " < " + std::to_string(min_ld) + " for a " +
                    (order == Order::row_major ? "row" : "column") + "-major " + std::to_string(rows) + "×" +
                    std::to_string(cols) + " matrix");
  if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment < element_bytes(precision))
    return fail(handle, Status::invalid_value,
                f + ": alignment must be a power of two ≥ the element size (" +
                    std::to_string(element_bytes(precision)) + " bytes), got " + std::to_string(alignment));
  desc->rows = rows;
  desc->cols = cols;
  desc->ld = ld;
  desc->alignment = alignment;
  desc->precision = precision;
  desc->order = order;
  desc->initialized = true;
  return Status::success;
}

bool has_kernel(Pattern p) {
  for (const auto& v : nm::sparse_gemm_nm_variants())
    if (v.n == p.n && v.m == p.m && v.available()) return true;
  return false;
}

std::string dims(const MatrixDescriptor& d) { return std::to_string(d.rows) + "×" + std::to_string(d.cols); }

}  // namespace

Status dense_descriptor_init(Handle* handle, MatrixDescriptor* desc, int64_t rows, int64_t cols, int64_t ld,
                             uint32_t alignment, Precision precision, Order order) {
  return guarded(handle, "dense_descriptor_init", [&] {
    const Status s = init_matrix(handle, "dense_descriptor_init", desc, rows, cols, ld, alignment, precision, order);
    return s == Status::success ? succeed(handle) : s;
  });
}

Status structured_descriptor_init(Handle* handle, MatrixDescriptor* desc, int64_t rows, int64_t cols, int64_t ld,
                                  uint32_t alignment, Precision precision, Order order, Pattern pattern) {
  return guarded(handle, "structured_descriptor_init", [&] {
    const Status s = init_matrix(handle, "structured_descriptor_init", desc, rows, cols, ld, alignment, precision, order);
    if (s != Status::success) return s;
    desc->initialized = false;
    const std::string p = std::to_string(pattern.n) + ":" + std::to_string(pattern.m);
    if (pattern.n < 1 || pattern.n >= pattern.m || pattern.m > 256)
      return fail(handle, Status::invalid_value,
                  "structured_descriptor_init: pattern " + p + " is not n:m with 1 ≤ n < m ≤ 256");
    if (!has_kernel(pattern))
      return fail(handle, Status::not_supported,
                  "structured_descriptor_init: no kernel for the " + p + " pattern on this CPU (2:4, 1:2, 4:8, 1:4 are compiled)");
    desc->structured = true;
    desc->pattern = pattern;
    desc->initialized = true;
    return succeed(handle);
  });
}

Status matrix_descriptor_destroy(Handle* handle, MatrixDescriptor* desc) {
  return guarded(handle, "matrix_descriptor_destroy", [&] {
    if (!desc) return fail(handle, Status::invalid_value, "matrix_descriptor_destroy: the descriptor pointer is null");
    if (!desc->initialized)
      return fail(handle, Status::not_initialized, "matrix_descriptor_destroy: the descriptor is not initialised");
    *desc = MatrixDescriptor{};
    return succeed(handle);
  });
}

Status matmul_descriptor_init(Handle* handle, MatmulDescriptor* matmul, Operation op_a, Operation op_b,
                              const MatrixDescriptor* a, const MatrixDescriptor* b, const MatrixDescriptor* c,
                              ComputeType compute) {
  return guarded(handle, "matmul_descriptor_init", [&] {
    const std::string f = "matmul_descriptor_init: ";
    if (!matmul || !a || !b || !c) return fail(handle, Status::invalid_value, f + "a descriptor pointer is null");
    *matmul = MatmulDescriptor{};
    if (!known(op_a) || !known(op_b) || !known(compute))
      return fail(handle, Status::invalid_value, f + "unknown operation or compute type value");
    if (!a->initialized || !b->initialized || !c->initialized)
      return fail(handle, Status::not_initialized, f + std::string(!a->initialized ? "A" : !b->initialized ? "B" : "C") +
                                                       "'s descriptor is not initialised");
    if (!a->structured) return fail(handle, Status::not_supported, f + "A must be a structured descriptor (the sparse operand)");
    if (b->structured || c->structured)
      return fail(handle, Status::not_supported, f + "only A may be structured; B and C must be dense descriptors");
    for (const auto* d : {a, b, c})
      if (d->precision != Precision::fp32)
        return fail(handle, Status::unsupported_precision,
                    f + std::string(d == a ? "A" : d == b ? "B" : "C") + " is " + precision_name(d->precision) +
                        "; this CPU backend multiplies fp32 matrices only");
    if (compute != ComputeType::fp32)
      return fail(handle, Status::unsupported_precision, f + "compute type must be fp32 on this CPU backend");
    if (op_b != Operation::none || b->order != Order::row_major)
      return fail(handle, Status::not_supported, f + "B must be row-major and not transposed (the kernels stream rows of B)");
    if (c->order != Order::row_major) return fail(handle, Status::not_supported, f + "C must be row-major");
    const int64_t M = op_a == Operation::none ? a->rows : a->cols;
    const int64_t K = op_a == Operation::none ? a->cols : a->rows;
    if (b->rows != K)
      return fail(handle, Status::wrong_shape,
                  f + "op(A) is " + std::to_string(M) + "×" + std::to_string(K) + " but B is " + dims(*b) +
                      " (its rows must equal op(A)'s columns)");
    if (c->rows != M || c->cols != b->cols)
      return fail(handle, Status::wrong_shape,
                  f + "C is " + dims(*c) + " but op(A)·B is " + std::to_string(M) + "×" + std::to_string(b->cols));
    matmul->op_a = op_a;
    matmul->op_b = op_b;
    matmul->a = *a;
    matmul->b = *b;
    matmul->c = *c;
    matmul->compute = compute;
    matmul->m = static_cast<int>(M);
    matmul->n = static_cast<int>(b->cols);
    matmul->k = static_cast<int>(K);
    matmul->initialized = true;
    return succeed(handle);
  });
}

Status matmul_descriptor_destroy(Handle* handle, MatmulDescriptor* matmul) {
  return guarded(handle, "matmul_descriptor_destroy", [&] {
    if (!matmul) return fail(handle, Status::invalid_value, "matmul_descriptor_destroy: the descriptor pointer is null");
    if (!matmul->initialized)
      return fail(handle, Status::not_initialized, "matmul_descriptor_destroy: the descriptor is not initialised");
    *matmul = MatmulDescriptor{};
    return succeed(handle);
  });
}

Status alg_selection_init(Handle* handle, AlgorithmSelection* selection, const MatmulDescriptor* matmul,
                          Algorithm algorithm) {
  return guarded(handle, "alg_selection_init", [&] {
    const std::string f = "alg_selection_init: ";
    if (!selection || !matmul) return fail(handle, Status::invalid_value, f + "a pointer is null");
    *selection = AlgorithmSelection{};
    if (algorithm != Algorithm::default_heuristic) return fail(handle, Status::invalid_value, f + "unknown algorithm value");
    if (!matmul->initialized) return fail(handle, Status::not_initialized, f + "the matmul descriptor is not initialised");
    // The variants are listed best first, so config 0 is what best_sparse_gemm_nm_variant picks.
    for (const auto& v : nm::sparse_gemm_nm_variants())
      if (v.n == matmul->a.pattern.n && v.m == matmul->a.pattern.m && v.available()) selection->candidates.push_back(&v);
    if (selection->candidates.empty())
      return fail(handle, Status::not_supported, f + "no kernel for this pattern on this CPU");
    selection->matmul = *matmul;
    selection->initialized = true;
    return succeed(handle);
  });
}

Status alg_config_count(Handle* handle, const AlgorithmSelection* selection, int* count) {
  return guarded(handle, "alg_config_count", [&] {
    if (!selection || !count) return fail(handle, Status::invalid_value, "alg_config_count: a pointer is null");
    if (!selection->initialized) return fail(handle, Status::not_initialized, "alg_config_count: the selection is not initialised");
    *count = static_cast<int>(selection->candidates.size());
    return succeed(handle);
  });
}

Status alg_set_config(Handle* handle, AlgorithmSelection* selection, int config_id) {
  return guarded(handle, "alg_set_config", [&] {
    if (!selection) return fail(handle, Status::invalid_value, "alg_set_config: the selection pointer is null");
    if (!selection->initialized) return fail(handle, Status::not_initialized, "alg_set_config: the selection is not initialised");
    if (config_id < 0 || config_id >= static_cast<int>(selection->candidates.size()))
      return fail(handle, Status::invalid_value,
                  "alg_set_config: config id " + std::to_string(config_id) + " outside 0.." +
                      std::to_string(selection->candidates.size() - 1));
    selection->config_id = config_id;
    return succeed(handle);
  });
}

Status alg_config_name(Handle* handle, const AlgorithmSelection* selection, int config_id, std::string* name) {
  return guarded(handle, "alg_config_name", [&] {
    if (!selection || !name) return fail(handle, Status::invalid_value, "alg_config_name: a pointer is null");
    if (!selection->initialized) return fail(handle, Status::not_initialized, "alg_config_name: the selection is not initialised");
    if (config_id < 0 || config_id >= static_cast<int>(selection->candidates.size()))
      return fail(handle, Status::invalid_value, "alg_config_name: config id " + std::to_string(config_id) + " out of range");
    *name = selection->candidates[static_cast<std::size_t>(config_id)]->name;
    return succeed(handle);
  });
}

Status alg_set_search_iterations(Handle* handle, AlgorithmSelection* selection, int iterations) {
  return guarded(handle, "alg_set_search_iterations", [&] {
    if (!selection) return fail(handle, Status::invalid_value, "alg_set_search_iterations: the selection pointer is null");
    if (!selection->initialized)
      return fail(handle, Status::not_initialized, "alg_set_search_iterations: the selection is not initialised");
    if (iterations < 1)
      return fail(handle, Status::invalid_value, "alg_set_search_iterations: iterations must be ≥ 1, got " + std::to_string(iterations));
    selection->search_iterations = iterations;
    return succeed(handle);
  });
}

Status alg_selection_destroy(Handle* handle, AlgorithmSelection* selection) {
  return guarded(handle, "alg_selection_destroy", [&] {
    if (!selection) return fail(handle, Status::invalid_value, "alg_selection_destroy: the selection pointer is null");
    if (!selection->initialized)
      return fail(handle, Status::not_initialized, "alg_selection_destroy: the selection is not initialised");
    *selection = AlgorithmSelection{};
    return succeed(handle);
  });
}

}  // namespace claimbench::sparselt
