// Low-precision kernels: quantization (scales, round trip, exactness of the effective
// operands), every int8 dense and 2:4 variant against the float64 oracle on the quantized
// operands, edge shapes, threads, and the 2:4 format footprint; bf16 and fp16 (dense and 2:4)
// against the oracle on the rounded operands.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "dense/lowp_quantization.hpp"
#include "dense/own_igemm.hpp"
#include "kernel_test_support.hpp"
#include "nm/compressed_nm.hpp"
#include "nm/sparse_gemm_nm_int8.hpp"
#include "nm/sparse_gemm_nm_bf16.hpp"
#include "nm/sparse_gemm_nm_fp16.hpp"
#include "common/half_float.hpp"
#include "dense/own_bf16gemm.hpp"
#include "dense/own_hgemm.hpp"

using namespace claimbench;
using claimbench::test::check_gemm;
using claimbench::test::prune_smallest_nm;
using claimbench::test::random_matrix;

namespace {

struct Shape {
  int M, N, K;
};
// K not a multiple of 4 or 8, M/N = 1, partial row and column tiles, K crossing the 256-k
// blocks, M crossing the row blocks.
const Shape kShapes[] = {{1, 1, 1},    {1, 37, 9},     {5, 1, 13},   {17, 33, 5},   {33, 200, 130},
                         {130, 70, 300}, {7, 385, 67}, {4, 64, 4},   {6, 64, 8},    {12, 32, 264},
                         {1, 300, 1031}, {257, 96, 83}, {300, 129, 515}};

struct Quantized {
  lowp::QuantizedRows w;
  lowp::QuantizedTensor x;
  std::vector<float> ea, eb;  // effective operands
};

Quantized quantize(const std::vector<float>& A, const std::vector<float>& B, const Shape& s) {
  Quantized q{lowp::quantize_rows_s8(A.data(), s.M, s.K, s.K), lowp::quantize_tensor_s8(B.data(), s.K, s.N, s.N), {}, {}};
  q.ea = lowp::dequantize_rows(q.w);
  q.eb = lowp::dequantize_tensor(q.x);
  return q;
}

}  // namespace

TEST_CASE("int8 quantization: scales, range, round trip, exact effective values", "[lowp]") {
  for (const float mx : {1.0f, 0.37f, 3.0e-20f, 1.0e15f, 127.0f, 5.5f}) {
    INFO("max " << mx);
    const float s = lowp::int8_scale(mx);
    CHECK(s >= mx / 127.0f);
    CHECK(s <= mx / 127.0f * (1.0f + 1.0f / 32768.0f));
    std::uint32_t bits;
    std::memcpy(&bits, &s, 4);
    CHECK((bits & 0xFFu) == 0u);  // 16 significant bits
    CHECK(std::abs(lowp::quantize_s8(mx, s)) <= 127);
    CHECK(std::abs(lowp::quantize_s8(-mx, s)) <= 127);
    for (int q = -127; q <= 127; ++q) CHECK(static_cast<double>(s * static_cast<float>(q)) == static_cast<double>(s) * q);
  }
  CHECK(lowp::int8_scale(0.0f) == 1.0f);

  const int M = 9, K = 23;
  auto A = random_matrix(M, K, K, 3, -2.0f, 2.0f);
  for (int k = 0; k < K; ++k) A[4 * K + k] = 0.0f;  // an all-zero row
  const auto w = lowp::quantize_rows_s8(A.data(), M, K, K);
  const auto deq = lowp::dequantize_rows(w);
  for (int i = 0; i < M; ++i) {
    float mx = 0;
    for (int k = 0; k < K; ++k) mx = std::max(mx, std::fabs(A[i * K + k]));
    bool reaches = false;
    for (int k = 0; k < K; ++k) {
      const int q = w.q[i * K + k];
      CHECK(q >= -127);
      CHECK(q <= 127);
      CHECK(std::fabs(deq[i * K + k] - A[i * K + k]) <= 0.5f * w.scale[i] * 1.0001f);
      reaches |= std::abs(q) >= 126;
    }
    if (mx > 0) CHECK(reaches);  // the range is used
    else CHECK(w.scale[i] == 1.0f);
  }
  const auto x = lowp::quantize_tensor_s8(A.data(), M, K, K);
  for (std::size_t i = 0; i < x.q.size(); ++i) CHECK(static_cast<int>(x.u8[i]) == x.q[i] + 128);
}

TEST_CASE("bf16 rounding is round-to-nearest-even", "[lowp]") {
  CHECK(lowp::round_bf16(1.0f) == 1.0f);
  CHECK(lowp::round_bf16(1.0f + 1.0f / 256.0f) == 1.0f);                    // tie → even (down)
  CHECK(lowp::round_bf16(1.0f + 3.0f / 256.0f) == 1.0f + 4.0f / 256.0f);    // tie → even (up)
  CHECK(lowp::round_bf16(1.0f + 1.5f / 256.0f) == 1.0f + 2.0f / 256.0f);
  CHECK(std::isnan(lowp::round_bf16(std::nanf(""))));
  CHECK(std::isinf(lowp::round_bf16(3.4e38f)));
}

TEST_CASE("int8 dense: every variant matches the oracle on the quantized operands", "[lowp]") {
  unsigned seed = 900;
  for (const auto& v : dense::own_igemm_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": this CPU lacks AVX512-VNNI");
      continue;
    }
    for (const Shape& s : kShapes)
      for (const int threads : {1, 2}) {
        INFO(v.name << " " << s.M << "×" << s.N << "×" << s.K << " threads " << threads);
        const auto A = random_matrix(s.M, s.K, s.K, ++seed);
        const auto B = random_matrix(s.K, s.N, s.N, ++seed, -3.0f, 2.0f);
        const auto q = quantize(A, B, s);
        const auto w = dense::pack_igemm_weights(q.w.q.data(), s.M, s.K, q.w.scale.data(), q.x.scale, v.mr);
        std::vector<float> C(static_cast<std::size_t>(s.M) * (s.N + 3), -7.0f);  // ldc > N: guard columns
        v.run(w, q.x.u8.data(), s.N, s.N, C.data(), s.N + 3, threads);
        const std::string err = check_gemm(s.M, s.N, s.K, q.ea.data(), s.K, q.eb.data(), s.N, C.data(), s.N + 3);
        INFO(err);
        CHECK(err.empty());
        bool guard_ok = true;
        for (int i = 0; i < s.M; ++i)
          for (int j = s.N; j < s.N + 3; ++j) guard_ok &= C[static_cast<std::size_t>(i) * (s.N + 3) + j] == -7.0f;
        CHECK(guard_ok);
      }
  }
}

TEST_CASE("int8 2:4: every variant matches the oracle and the dense int8 kernel bit for bit", "[lowp]") {
  const auto* dense_v = dense::best_own_igemm_variant();
  unsigned seed = 1900;
  for (const auto& v : nm::nm24_int8_variants()) {
    if (!v.available() || dense_v == nullptr) {
      WARN("skipping " << v.name << ": this CPU lacks AVX512-VNNI/VBMI");
      continue;
    }
    for (const Shape& s : kShapes)
      for (const int threads : {1, 2}) {
        INFO(v.name << " " << s.M << "×" << s.N << "×" << s.K << " threads " << threads);
        auto A = random_matrix(s.M, s.K, s.K, ++seed);
        prune_smallest_nm(A, s.M, s.K, s.K, 2, 4);
        const auto B = random_matrix(s.K, s.N, s.N, ++seed, -1.0f, 4.0f);
        const auto q = quantize(A, B, s);
        const auto c = nm::compress_nm(A.data(), s.M, s.K, s.K, 2, 4);
        const auto op = nm::prepare_nm24_int8(c, q.w.q.data(), q.w.scale.data(), q.x.scale, v);
        CHECK(op.format_bytes == nm::compressed_footprint_bytes(s.M, s.K, 2, 4, 1));
        std::vector<float> C(static_cast<std::size_t>(s.M) * s.N, -7.0f);
        v.run(op, q.x.u8.data(), s.N, s.N, C.data(), s.N, threads);
        const std::string err = check_gemm(s.M, s.N, s.K, q.ea.data(), s.K, q.eb.data(), s.N, C.data(), s.N);
        INFO(err);
        CHECK(err.empty());
        // Same integers, same K blocks, same scaling: identical to the dense int8 kernel.
        const auto w = dense::pack_igemm_weights(q.w.q.data(), s.M, s.K, q.w.scale.data(), q.x.scale, dense_v->mr);
        std::vector<float> D(C.size());
        dense_v->run(w, q.x.u8.data(), s.N, s.N, D.data(), s.N, threads);
        CHECK(C == D);
      }
  }
}

TEST_CASE("int8 2:4 format: 10/16 of dense int8, positions honoured", "[lowp]") {
  CHECK(nm::compressed_footprint_bytes(64, 64, 2, 4, 1) * 16 == 64u * 64u * 10u);
  // A hand-made row: kept weights at k = 1, 3 | 0, 2 | 2, 3 (K = 12); the product must use
  // exactly those activations.
  const int M = 1, N = 16, K = 12;
  std::vector<float> A = {0, 1, 0, -1, 0.5f, 0, 0.25f, 0, 0, 0, 1, 1};
  std::vector<float> B(static_cast<std::size_t>(K) * N);
  for (int k = 0; k < K; ++k)
    for (int j = 0; j < N; ++j) B[k * N + j] = static_cast<float>((k * 7 + j * 3) % 11 - 5);
  const Shape s{M, N, K};
  const auto q = quantize(A, B, s);
  for (const auto& v : nm::nm24_int8_variants()) {
    if (!v.available()) continue;
    INFO(v.name);
    const auto op = nm::prepare_nm24_int8(nm::compress_nm(A.data(), M, K, K, 2, 4), q.w.q.data(), q.w.scale.data(),
                                          q.x.scale, v);
    CHECK(op.kept == 6);
    std::vector<float> C(N);
    v.run(op, q.x.u8.data(), N, N, C.data(), N, 1);
    CHECK(check_gemm(M, N, K, q.ea.data(), K, q.eb.data(), N, C.data(), N).empty());
  }
}

TEST_CASE("bf16 dense and 2:4: every variant matches the oracle on the rounded operands", "[lowp]") {
  unsigned seed = 3900;
  for (const Shape& s : kShapes)
    for (const int threads : {1, 2}) {
      auto A = random_matrix(s.M, s.K, s.K, ++seed);
      prune_smallest_nm(A, s.M, s.K, s.K, 2, 4);
      const auto B = random_matrix(s.K, s.N, s.N, ++seed, -2.0f, 3.0f);
      std::vector<uint16_t> a16(A.size()), b16(B.size());
      std::vector<float> ea(A.size()), eb(B.size());
      for (std::size_t i = 0; i < A.size(); ++i) ea[i] = lowp::bf16_to_float(a16[i] = lowp::to_bf16(A[i]));
      for (std::size_t i = 0; i < B.size(); ++i) eb[i] = lowp::bf16_to_float(b16[i] = lowp::to_bf16(B[i]));
      for (const auto& v : dense::own_bf16gemm_variants()) {
        if (!v.available()) continue;
        INFO(v.name << " " << s.M << "×" << s.N << "×" << s.K << " threads " << threads);
        const auto w = dense::pack_bf16_weights(a16.data(), s.M, s.K, v.mr);
        std::vector<float> C(static_cast<std::size_t>(s.M) * (s.N + 2), -7.0f);
        v.run(w, b16.data(), s.N, s.N, C.data(), s.N + 2, threads);
        const std::string err = check_gemm(s.M, s.N, s.K, ea.data(), s.K, eb.data(), s.N, C.data(), s.N + 2);
        INFO(err);
        CHECK(err.empty());
        bool guard_ok = true;
        for (int i = 0; i < s.M; ++i) guard_ok &= C[static_cast<std::size_t>(i) * (s.N + 2) + s.N + 1] == -7.0f;
        CHECK(guard_ok);
      }
      for (const auto& v : nm::nm24_bf16_variants()) {
        if (!v.available()) continue;
        INFO(v.name << " " << s.M << "×" << s.N << "×" << s.K << " threads " << threads);
        const auto op = nm::prepare_nm24_bf16(nm::compress_nm(ea.data(), s.M, s.K, s.K, 2, 4), v.mr);
        CHECK(op.format_bytes == nm::compressed_footprint_bytes(s.M, s.K, 2, 4, 2));
        std::vector<float> C(static_cast<std::size_t>(s.M) * s.N, -7.0f);
        v.run(op, b16.data(), s.N, s.N, C.data(), s.N, threads);
        const std::string err = check_gemm(s.M, s.N, s.K, ea.data(), s.K, eb.data(), s.N, C.data(), s.N);
        INFO(err);
        CHECK(err.empty());
      }
    }
  CHECK(nm::compressed_footprint_bytes(64, 64, 2, 4, 2) * 16 == 64u * 64u * 2u * 9u);
}

namespace {
// fp16-rounded copy of X and its exact fp32 values.
void round_fp16(const std::vector<float>& X, std::vector<uint16_t>& bits, std::vector<float>& value) {
  bits.resize(X.size());
  value.resize(X.size());
  for (std::size_t i = 0; i < X.size(); ++i) value[i] = fp16::half_to_float(bits[i] = fp16::float_to_half(X[i]));
}
constexpr double kFp16Epsilon = 1.0 / 1024;  // fp16 accumulators, the adapter's declared epsilon
}  // namespace

TEST_CASE("fp16 2:4: every variant matches the oracle on the rounded operands", "[lowp]") {
  unsigned seed = 5900;
  for (const auto& v : nm::nm24_fp16_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": this CPU lacks AVX512-FP16");
      continue;
    }
    for (const Shape& s : kShapes)
      for (const int threads : {1, 2}) {
        INFO(v.name << " " << s.M << "×" << s.N << "×" << s.K << " threads " << threads);
        auto A = random_matrix(s.M, s.K, s.K, ++seed);
        prune_smallest_nm(A, s.M, s.K, s.K, 2, 4);
        const auto B = random_matrix(s.K, s.N, s.N, ++seed, -2.0f, 3.0f);
        std::vector<uint16_t> a16, b16;
        std::vector<float> ea, eb;
        round_fp16(A, a16, ea);
        round_fp16(B, b16, eb);
        const auto op = nm::prepare_nm24_fp16(nm::compress_nm(ea.data(), s.M, s.K, s.K, 2, 4), v.mr, v.nr);
        CHECK(op.format_bytes == nm::compressed_footprint_bytes(s.M, s.K, 2, 4, 2));
        CHECK(op.kept == static_cast<double>(s.M) * nm::kept_positions_per_row(s.K, 2, 4));
        // ldc > N with a guard column: nothing is written outside the N columns.
        std::vector<float> C(static_cast<std::size_t>(s.M) * (s.N + 2), -7.0f);
        v.run(op, b16.data(), s.N, s.N, C.data(), s.N + 2, threads);
        const std::string err =
            check_gemm(s.M, s.N, s.K, ea.data(), s.K, eb.data(), s.N, C.data(), s.N + 2, kFp16Epsilon);
        INFO(err);
        CHECK(err.empty());
        bool guard_ok = true;
        for (int i = 0; i < s.M; ++i)
          guard_ok &= C[static_cast<std::size_t>(i) * (s.N + 2) + s.N] == -7.0f &&
                      C[static_cast<std::size_t>(i) * (s.N + 2) + s.N + 1] == -7.0f;
        CHECK(guard_ok);
      }
  }
}

TEST_CASE("fp16 2:4: kept positions honoured exactly, fp32 across K blocks", "[lowp]") {
  for (const auto& v : nm::nm24_fp16_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": this CPU lacks AVX512-FP16");
      continue;
    }
    INFO(v.name);
    {
      // Kept weights at k = 1, 3 | 0, 2 | 2, 3 (K = 12), small integers and halves: every
      // product and sum is exact in fp16, so C must equal the oracle exactly.
      const int M = 1, N = 40, K = 12;
      const std::vector<float> A = {0, 1, 0, -1, 0.5f, 0, 0.25f, 0, 0, 0, 1, 1};
      std::vector<float> B(static_cast<std::size_t>(K) * N);
      for (int k = 0; k < K; ++k)
        for (int j = 0; j < N; ++j) B[k * N + j] = static_cast<float>((k * 7 + j * 3) % 11 - 5);
      std::vector<uint16_t> b16;
      std::vector<float> eb;
      round_fp16(B, b16, eb);
      const auto op = nm::prepare_nm24_fp16(nm::compress_nm(A.data(), M, K, K, 2, 4), v.mr, v.nr);
      CHECK(op.kept == 6);
      std::vector<float> C(N);
      v.run(op, b16.data(), N, N, C.data(), N, 1);
      for (int j = 0; j < N; ++j) {
        double ref = 0;
        for (int k = 0; k < K; ++k) ref += static_cast<double>(A[k]) * B[k * N + j];
        INFO("column " << j);
        CHECK(C[j] == ref);
      }
    }
    {
      // 4096 kept products of 1·1: an fp16 accumulator over all of K would stop at 2048
      // (2049 is not an fp16 number); sums of at most 128 per K block widened to fp32 are exact.
      const int M = 3, N = 33, K = 8192;
      std::vector<float> A(static_cast<std::size_t>(M) * K, 0.0f);
      for (int i = 0; i < M; ++i)
        for (int k = 0; k < K; k += 4) A[static_cast<std::size_t>(i) * K + k + (i % 3)] = A[static_cast<std::size_t>(i) * K + k + 3] = 1.0f;
      std::vector<uint16_t> b16(static_cast<std::size_t>(K) * N, fp16::float_to_half(1.0f));
      const auto op = nm::prepare_nm24_fp16(nm::compress_nm(A.data(), M, K, K, 2, 4), v.mr, v.nr);
      std::vector<float> C(static_cast<std::size_t>(M) * N);
      v.run(op, b16.data(), N, N, C.data(), N, 2);
      bool all = true;
      for (float c : C) all &= c == 4096.0f;
      CHECK(all);
    }
  }
}

TEST_CASE("fp16 2:4: the dispatcher picks the variant that pads the fewest columns", "[lowp]") {
  if (nm::best_nm24_fp16_variant() == nullptr) {
    WARN("skipping: this CPU lacks AVX512-FP16");
    CHECK(nm::best_nm24_fp16_variant(512) == nullptr);
    return;
  }
  // Whatever the list, the choice pads no more than any other available variant.
  for (const int N : {1, 64, 100, 128, 256, 384, 512, 4096}) {
    INFO("N = " << N);
    const auto* best = nm::best_nm24_fp16_variant(N);
    REQUIRE(best != nullptr);
    const auto pad = [N](const nm::NM24Fp16Variant& v) { return (N + v.nr - 1) / v.nr * v.nr - N; };
    for (const auto& v : nm::nm24_fp16_variants())
      if (v.available()) CHECK(pad(*best) <= pad(v));
  }
  CHECK(nm::best_nm24_fp16_variant(128)->nr <= 128);
  CHECK(nm::best_nm24_fp16_variant(512) == nm::best_nm24_fp16_variant());
}

TEST_CASE("fp16 dense: every variant matches the oracle on the rounded operands", "[lowp]") {
  unsigned seed = 7900;
  for (const auto& v : dense::own_hgemm_variants()) {
    if (!v.available()) {
      WARN("skipping " << v.name << ": this CPU lacks AVX512-FP16");
      continue;
    }
    // kShapes plus N spanning several 64-column panels (threads split panels) and N below one
    // panel with many rows (threads split row tiles).
    std::vector<Shape> shapes(std::begin(kShapes), std::end(kShapes));
    shapes.push_back({50, 300, 520});
    shapes.push_back({97, 40, 260});
    for (const Shape& s : shapes)
      for (const int threads : {1, 2}) {
        INFO(v.name << " " << s.M << "×" << s.N << "×" << s.K << " threads " << threads);
        const auto A = random_matrix(s.M, s.K, s.K, ++seed);
        const auto B = random_matrix(s.K, s.N, s.N, ++seed, -2.0f, 3.0f);
        std::vector<uint16_t> a16, b16;
        std::vector<float> ea, eb;
        round_fp16(A, a16, ea);
        round_fp16(B, b16, eb);
        std::vector<float> C(static_cast<std::size_t>(s.M) * (s.N + 1), -7.0f);
        v.run(a16.data(), s.K, b16.data(), s.N, C.data(), s.N + 1, s.M, s.N, s.K, threads);
        const std::string err =
            check_gemm(s.M, s.N, s.K, ea.data(), s.K, eb.data(), s.N, C.data(), s.N + 1, kFp16Epsilon);
        INFO(err);
        CHECK(err.empty());
        bool guard_ok = true;
        for (int i = 0; i < s.M; ++i) guard_ok &= C[static_cast<std::size_t>(i) * (s.N + 1) + s.N] == -7.0f;
        CHECK(guard_ok);
      }
  }
}
