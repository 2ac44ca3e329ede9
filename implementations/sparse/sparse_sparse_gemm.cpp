// Fiber compression, the scalar merge variant, threading and dispatch of the intersection
// kernels; the AVX-512 matcher lives in sparse_sparse_gemm_avx512.cpp.
#include "sparse/sparse_sparse_gemm.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace claimbench::sparse {

std::size_t Fibers::nonzeros() const {
  std::size_t n = 0;
  for (int32_t l : length) n += static_cast<std::size_t>(l);
  return n;
}

namespace {

int64_t padded(int64_t n) { return (n + 15) / 16 * 16; }

void lay_out(Fibers& f) {
  int64_t at = 0;
  for (int i = 0; i < f.count; ++i) {
    f.start[i] = at;
    at += padded(f.length[i]);
  }
  f.index.assign(static_cast<std::size_t>(at), Fibers::kSentinel);
  f.value.assign(static_cast<std::size_t>(at), 0.0f);
}

}  // namespace

Fibers weight_fibers(const CsrMatrix& a) {
  Fibers f;
  f.count = a.rows;
  f.extent = a.cols;
  f.start.resize(a.rows);
  f.length.resize(a.rows);
  for (int r = 0; r < a.rows; ++r) f.length[r] = a.row_nnz(r);
  lay_out(f);
  for (int r = 0; r < a.rows; ++r)
    for (int s = 0; s < f.length[r]; ++s) {
      f.index[f.start[r] + s] = a.col_index[a.row_ptr[r] + s];
      f.value[f.start[r] + s] = a.values[a.row_ptr[r] + s];
    }
  return f;
}

void compress_activations(const float* B, int K, int N, int ldb, Fibers& out) {
  if (K < 0 || N < 0 || ldb < N) throw std::invalid_argument("compress_activations: bad shape");
  out.count = N;
  out.extent = K;
  out.start.resize(N);
  out.length.assign(N, 0);
  for (int k = 0; k < K; ++k) {
    const float* b = B + static_cast<std::size_t>(k) * ldb;
    for (int j = 0; j < N; ++j) out.length[j] += b[j] != 0.0f;
  }
  int64_t at = 0;
  for (int j = 0; j < N; ++j) {
    out.start[j] = at;
    at += padded(out.length[j]);
  }
  // Only the sentinel tails need filling: every other slot is written below.
  out.index.resize(static_cast<std::size_t>(at));
  out.value.resize(static_cast<std::size_t>(at));
  for (int j = 0; j < N; ++j)
    for (int64_t s = out.start[j] + out.length[j]; s < out.start[j] + padded(out.length[j]); ++s) {
      out.index[s] = Fibers::kSentinel;
      out.value[s] = 0.0f;
    }
  std::vector<int64_t> cursor(out.start.begin(), out.start.end());
  for (int k = 0; k < K; ++k) {
    const float* b = B + static_cast<std::size_t>(k) * ldb;
    for (int j = 0; j < N; ++j)
      if (b[j] != 0.0f) {
        out.index[cursor[j]] = k;
        out.value[cursor[j]++] = b[j];
      }
  }
}

std::uint64_t count_matches(const Fibers& w, const Fibers& x) {
  std::uint64_t n = 0;
  for (int i = 0; i < w.count; ++i)
    for (int j = 0; j < x.count; ++j) {
      const int32_t* a = w.index.data() + w.start[i];
      const int32_t* b = x.index.data() + x.start[j];
      int p = 0, q = 0;
      while (p < w.length[i] && q < x.length[j]) {
        if (a[p] == b[q]) ++n, ++p, ++q;
        else if (a[p] < b[q]) ++p;
        else ++q;
      }
    }
  return n;
}

namespace detail {

#if defined(__x86_64__) || defined(__i386__)
void intersect_rows_avx512(const Fibers& w, const Fibers& x, float* C, long ldc, int r0, int r1,
                           IntersectCounts* counts);
#endif

namespace {

void intersect_rows_merge(const Fibers& w, const Fibers& x, float* C, long ldc, int r0, int r1,
                          IntersectCounts* counts) {
  IntersectCounts local;
  for (int i = r0; i < r1; ++i) {
    const int32_t* ai = w.index.data() + w.start[i];
    const float* av = w.value.data() + w.start[i];
    for (int j = 0; j < x.count; ++j) {
      const int32_t* bi = x.index.data() + x.start[j];
      const float* bv = x.value.data() + x.start[j];
      float acc = 0.0f;
      int p = 0, q = 0;
      while (p < w.length[i] && q < x.length[j]) {
        ++local.queries;
        if (ai[p] == bi[q]) {
          acc += av[p++] * bv[q++];
          ++local.matches;
        } else if (ai[p] < bi[q]) {
          ++p;
        } else {
          ++q;
        }
      }
      C[i * ldc + j] = acc;
    }
  }
  if (counts) {
    counts->matches += local.matches;
    counts->queries += local.queries;
  }
}

using RowsFn = void (*)(const Fibers&, const Fibers&, float*, long, int, int, IntersectCounts*);

template <RowsFn F>
void run_rows(const Fibers& w, const Fibers& x, float* C, int ldc, int threads, IntersectCounts* counts) {
  if (w.extent != x.extent)
    throw std::invalid_argument("sparse x sparse: weight fibers span " + std::to_string(w.extent) +
                                " indices, activation fibers " + std::to_string(x.extent));
  const int M = w.count;
  threads = std::max(1, std::min(threads, M));
  if (threads == 1) {
    F(w, x, C, ldc, 0, M, counts);
    return;
  }
  std::vector<IntersectCounts> part(threads);
#pragma omp parallel num_threads(threads)
  {
    const long t = omp_get_thread_num(), nt = omp_get_num_threads();
    // Interleaved row chunks balance rows of different lengths between the threads.
    for (long r0 = t * 8; r0 < M; r0 += nt * 8)
      F(w, x, C, ldc, static_cast<int>(r0), static_cast<int>(std::min<long>(M, r0 + 8)),
        counts ? &part[t] : nullptr);
  }
  if (counts)
    for (const auto& p : part) {
      counts->matches += p.matches;
      counts->queries += p.queries;
      counts->windows += p.windows;
    }
}

bool always() { return true; }
#if defined(__x86_64__) || defined(__i386__)
bool has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
}
#endif

constexpr std::array kVariants{
#if defined(__x86_64__) || defined(__i386__)
    IntersectVariant{"sparse-sparse.cam16.avx512", "avx512", has_avx512, run_rows<intersect_rows_avx512>},
#endif
    IntersectVariant{"sparse-sparse.merge.scalar", "scalar", always, run_rows<intersect_rows_merge>},
};

}  // namespace
}  // namespace detail

std::span<const IntersectVariant> intersect_variants() { return detail::kVariants; }

const IntersectVariant& best_intersect_variant() {
  for (const auto& v : detail::kVariants)
    if (v.available()) return v;
  return detail::kVariants.back();
}

}  // namespace claimbench::sparse
