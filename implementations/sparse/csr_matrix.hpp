// Compressed sparse row (CSR) storage of an unstructured-sparse weight matrix: the stored
// format whose bytes the csr.* implementations report (values, 32-bit column indices and
// row pointers, nothing else). The kernels build their own blocked operand from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace claimbench::sparse {

struct CsrMatrix {
  int rows = 0, cols = 0;
  std::vector<int32_t> row_ptr;    // rows + 1 entries; row r is [row_ptr[r], row_ptr[r+1])
  std::vector<int32_t> col_index;  // ascending within a row
  std::vector<float> values;       // nonzero (a NaN counts as nonzero; ±0 is dropped)

  std::size_t nnz() const { return values.size(); }
  int row_nnz(int r) const { return row_ptr[r + 1] - row_ptr[r]; }
  // Exact bytes of the stored format.
  std::size_t bytes() const {
    return values.size() * sizeof(float) + col_index.size() * sizeof(int32_t) +
           row_ptr.size() * sizeof(int32_t);
  }
};

// Keeps every element that is not ±0 (pruned positions are exact zeros).
CsrMatrix csr_from_dense(const float* A, int rows, int cols, int lda);

// Writes the rows×cols matrix (zeros where nothing is stored) with leading dimension ld.
void csr_to_dense(const CsrMatrix& a, float* out, int ld);

}  // namespace claimbench::sparse
