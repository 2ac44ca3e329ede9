#include "sparselt/sparselt_setup.hpp"

#include <new>

namespace claimbench::sparselt {

Status setup_row_major(Handle* handle, RowMajorSetup* s, int M, int N, int K, int lda, int ldb, int ldc,
                       Pattern pattern) {
  Status st = structured_descriptor_init(handle, &s->a, M, K, lda, 4, Precision::fp32, Order::row_major, pattern);
  if (st == Status::success) st = dense_descriptor_init(handle, &s->b, K, N, ldb, 4, Precision::fp32, Order::row_major);
  if (st == Status::success) st = dense_descriptor_init(handle, &s->c, M, N, ldc, 4, Precision::fp32, Order::row_major);
  if (st == Status::success)
    st = matmul_descriptor_init(handle, &s->matmul, Operation::none, Operation::none, &s->a, &s->b, &s->c, ComputeType::fp32);
  if (st == Status::success) st = alg_selection_init(handle, &s->selection, &s->matmul, Algorithm::default_heuristic);
  if (st == Status::success) st = plan_init(handle, &s->plan, &s->matmul, &s->selection);
  return st;
}

Status teardown(Handle* handle, RowMajorSetup* s) {
  Status first = Status::success;
  auto keep = [&](Status st) {
    if (first == Status::success) first = st;
  };
  if (s->plan.initialized) keep(plan_destroy(handle, &s->plan));
  if (s->selection.initialized) keep(alg_selection_destroy(handle, &s->selection));
  if (s->matmul.initialized) keep(matmul_descriptor_destroy(handle, &s->matmul));
  for (MatrixDescriptor* d : {&s->c, &s->b, &s->a})
    if (d->initialized) keep(matrix_descriptor_destroy(handle, d));
  return first;
}

AlignedBytes allocate_aligned(std::size_t bytes) {
  void* p = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
  if (!p) throw std::bad_alloc();
  return AlignedBytes(p);
}

}  // namespace claimbench::sparselt
