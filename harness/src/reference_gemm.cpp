#include "claimbench/reference_gemm.hpp"

#include <cmath>
#include <vector>

namespace claimbench {

void reference_gemm_f64(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
                        double* C, int ldc) {
  // i-k-j order keeps B and C rows streaming; the sum order over k stays ascending.
  std::vector<double> row(static_cast<std::size_t>(N));
  for (int i = 0; i < M; ++i) {
    std::fill(row.begin(), row.end(), 0.0);
    for (int k = 0; k < K; ++k) {
      const double a = A[static_cast<std::size_t>(i) * lda + k];
      const float* b = B + static_cast<std::size_t>(k) * ldb;
      for (int j = 0; j < N; ++j) row[j] += a * static_cast<double>(b[j]);
    }
    double* c = C + static_cast<std::size_t>(i) * ldc;
    for (int j = 0; j < N; ++j) c[j] = row[j];
  }
}

ReferenceElement reference_element_f64(int i, int j, int K, const float* A, int lda, const float* B,
                                       int ldb) {
  double sum = 0.0;
  double abs_sum = 0.0;
  double squares = 0.0;
  const float* a = A + static_cast<std::size_t>(i) * lda;
  for (int k = 0; k < K; ++k) {
    const double p = static_cast<double>(a[k]) * static_cast<double>(B[static_cast<std::size_t>(k) * ldb + j]);
    sum += p;
    abs_sum += std::fabs(p);
    squares += p * p;
  }
  return {sum, abs_sum, std::sqrt(squares)};
}

}  // namespace claimbench
