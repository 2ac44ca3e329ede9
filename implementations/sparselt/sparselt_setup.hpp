// The usual set-up for D = A·B with row-major fp32 operands and A structured: three matrix
// descriptors, the matmul descriptor, the default algorithm selection and the plan, in one
// call. The harness adapters, the benchmark and the tests build exactly this, so that
// "rebuilding the plan on every call" means the same work everywhere.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>

#include "sparselt/sparselt.hpp"

namespace claimbench::sparselt {

struct RowMajorSetup {
  MatrixDescriptor a, b, c;
  MatmulDescriptor matmul;
  AlgorithmSelection selection;
  Plan plan;
};

// A is M×K (lda), B is K×N (ldb), C/D are M×N (ldc); alignment 4 bytes.
Status setup_row_major(Handle* handle, RowMajorSetup* setup, int M, int N, int K, int lda, int ldb, int ldc,
                       Pattern pattern);
// Destroys what setup_row_major built (in reverse order); the first failure is returned.
Status teardown(Handle* handle, RowMajorSetup* setup);

// A 64-byte aligned byte buffer for compressed matrices.
struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using AlignedBytes = std::unique_ptr<void, FreeDeleter>;
AlignedBytes allocate_aligned(std::size_t bytes);  // throws std::bad_alloc

}  // namespace claimbench::sparselt
