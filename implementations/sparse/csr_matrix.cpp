#include "sparse/csr_matrix.hpp"

#include <stdexcept>
#include <string>

namespace claimbench::sparse {

CsrMatrix csr_from_dense(const float* A, int rows, int cols, int lda) {
  if (rows < 0 || cols < 0 || lda < cols)
    throw std::invalid_argument("csr_from_dense: bad shape " + std::to_string(rows) + "x" +
                                std::to_string(cols) + " ld " + std::to_string(lda));
  CsrMatrix c;
  c.rows = rows;
  c.cols = cols;
  c.row_ptr.reserve(static_cast<std::size_t>(rows) + 1);
  c.row_ptr.push_back(0);
  for (int r = 0; r < rows; ++r) {
    const float* a = A + static_cast<std::size_t>(r) * lda;
    for (int k = 0; k < cols; ++k)
      if (a[k] != 0.0f) {  // NaN != 0 is true: a NaN weight is kept and propagates
        c.col_index.push_back(k);
        c.values.push_back(a[k]);
      }
    if (c.values.size() > static_cast<std::size_t>(INT32_MAX))
      throw std::length_error("csr_from_dense: more than 2^31 nonzeros");
    c.row_ptr.push_back(static_cast<int32_t>(c.values.size()));
  }
  return c;
}

void csr_to_dense(const CsrMatrix& a, float* out, int ld) {
  for (int r = 0; r < a.rows; ++r) {
    float* o = out + static_cast<std::size_t>(r) * ld;
    for (int k = 0; k < a.cols; ++k) o[k] = 0.0f;
    for (int s = a.row_ptr[r]; s < a.row_ptr[r + 1]; ++s) o[a.col_index[s]] = a.values[s];
  }
}

}  // namespace claimbench::sparse
