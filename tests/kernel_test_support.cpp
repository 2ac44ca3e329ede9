#include "kernel_test_support.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "claimbench/reference_gemm.hpp"

namespace claimbench::test {

std::vector<float> random_matrix(int rows, int cols, int ld, unsigned seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> a(static_cast<std::size_t>(rows) * ld,
                       std::numeric_limits<float>::quiet_NaN());
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) a[static_cast<std::size_t>(r) * ld + c] = dist(rng);
  return a;
}

void prune_smallest_nm(std::vector<float>& a, int rows, int cols, int ld, int n, int m) {
  for (int r = 0; r < rows; ++r)
    for (int g = 0; g < cols; g += m) {
      const int len = std::min(m, cols - g);
      float* p = a.data() + static_cast<std::size_t>(r) * ld + g;
      for (int drop = 0; drop < len - n; ++drop) {
        int smallest = -1;
        for (int j = 0; j < len; ++j)
          if (p[j] != 0.0f && (smallest < 0 || std::fabs(p[j]) < std::fabs(p[smallest])))
            smallest = j;
        if (smallest < 0) break;
        p[smallest] = 0.0f;
      }
    }
}

double gemm_error_bound(double abs_sum, int K, double epsilon) {
  return 8.0 * std::sqrt(static_cast<double>(K)) * epsilon * abs_sum + 1e-30;
}

std::string check_gemm(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
                       const float* C, int ldc, double epsilon) {
  std::ostringstream out;
  int failures = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      const ReferenceElement ref = reference_element_f64(i, j, K, A, lda, B, ldb);
      const double c = C[static_cast<std::size_t>(i) * ldc + j];
      bool ok;
      double bound = 0.0;
      if (std::isnan(ref.value)) {
        ok = std::isnan(c);
      } else if (std::isinf(ref.value)) {
        ok = c == ref.value;
      } else {
        bound = gemm_error_bound(ref.abs_sum, K, epsilon);
        ok = std::isfinite(c) && std::fabs(c - ref.value) <= bound;
      }
      if (!ok && failures++ < 5)
        out << "C(" << i << "," << j << ") = " << c << ", reference " << ref.value
            << ", bound " << bound << " [M=" << M << " N=" << N << " K=" << K << "]\n";
    }
  if (failures > 5) out << "... " << failures << " mismatches in total\n";
  return out.str();
}

}  // namespace claimbench::test
