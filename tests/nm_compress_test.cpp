// N:M compressed format: round trips, the filler rule, metadata bit layout, rejection of
// matrices that violate the pattern, and exact footprints.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel_test_support.hpp"
#include "nm/compressed_nm.hpp"

using namespace claimbench::nm;
using claimbench::test::prune_smallest_nm;
using claimbench::test::random_matrix;

TEST_CASE("nm compress: bits per index", "[nm_compress]") {
  CHECK(nm_bits_per_index(2) == 1);
  CHECK(nm_bits_per_index(4) == 2);
  CHECK(nm_bits_per_index(8) == 3);
  CHECK(nm_bits_per_index(3) == 2);
  CompressedNM c = compress_nm(nullptr, 0, 0, 0, 1, 4);
  CHECK(c.bits_per_index() == 2);
}

TEST_CASE("nm compress: round trip for 1:2, 2:4, 4:8, 1:4 and ragged K", "[nm_compress]") {
  const int patterns[][2] = {{1, 2}, {2, 4}, {4, 8}, {1, 4}, {3, 4}};
  unsigned seed = 1;
  for (const auto& p : patterns) {
    const int n = p[0], m = p[1];
    for (int cols : {1, 2, 3, 4, 5, 7, 8, 9, 64, 4097})
      for (int rows : {1, 3}) {
        const int lda = cols + 2;
        auto A = random_matrix(rows, cols, lda, seed++);
        prune_smallest_nm(A, rows, cols, lda, n, m);
        if (cols >= 3) A[1] = 0.0f;  // a group with fewer than n nonzeros (fillers)
        const CompressedNM c = compress_nm(A.data(), rows, cols, lda, n, m);
        INFO(n << ":" << m << " rows=" << rows << " cols=" << cols);
        REQUIRE(c.groups_per_row == (cols + m - 1) / m);
        REQUIRE(c.values.size() == static_cast<std::size_t>(rows) * c.groups_per_row * n);
        REQUIRE(c.metadata.size() == c.metadata_bytes());
        std::vector<float> out(static_cast<std::size_t>(rows) * (cols + 5), -7.0f);
        decompress_nm(c, out.data(), cols + 5);
        bool same = true, pad_intact = true;
        for (int r = 0; r < rows; ++r) {
          for (int j = 0; j < cols; ++j)
            same = same && out[static_cast<std::size_t>(r) * (cols + 5) + j] ==
                               A[static_cast<std::size_t>(r) * lda + j];
          for (int j = cols; j < cols + 5; ++j)
            pad_intact = pad_intact && out[static_cast<std::size_t>(r) * (cols + 5) + j] == -7.0f;
        }
        CHECK(same);
        CHECK(pad_intact);
        // Filler rule: positions in a group are strictly ascending (hence distinct), < m, and
        // < group length whenever the group is at least n long; fillers hold 0.
        bool rule = true;
        for (int r = 0; r < rows; ++r)
          for (int g = 0; g < c.groups_per_row; ++g) {
            const int len = std::min(m, cols - g * m);
            for (int s = 0; s < n; ++s) {
              const int pos = c.position(r, g * n + s);
              rule = rule && pos < m && (len < n || pos < len);
              if (s > 0) rule = rule && pos > c.position(r, g * n + s - 1);
            }
          }
        CHECK(rule);
      }
  }
}

TEST_CASE("nm compress: exact slot and metadata layout", "[nm_compress]") {
  // One row, 2:4: group 0 = [0, a, 0, b] keeps positions 1, 3; group 1 = [c, 0, 0, 0] keeps
  // position 0 and gets filler position 1 (the smallest unused one).
  const float a = 1.5f, b = -2.0f, cval = 3.0f;
  const float row[8] = {0, a, 0, b, cval, 0, 0, 0};
  const CompressedNM c = compress_nm(row, 1, 8, 8, 2, 4);
  REQUIRE(c.values.size() == 4);
  CHECK(c.values == std::vector<float>{a, b, cval, 0.0f});
  REQUIRE(c.metadata.size() == 1);
  // LSB-first 2-bit fields: 1 | 3<<2 | 0<<4 | 1<<6
  CHECK(c.metadata[0] == (1 | 3 << 2 | 0 << 4 | 1 << 6));
  CHECK(c.column(0, 2) == 4);

  // 1:2 with 9 columns: 5 slots of 1 bit; the row still occupies a whole byte, and the next
  // row starts at the next byte.
  const float two_rows[18] = {0, 1, 2, 0, 0, 0, 5, 0, 9, /**/ 1, 0, 0, 1, 0, 1, 1, 0, 0};
  const CompressedNM d = compress_nm(two_rows, 2, 9, 9, 1, 2);
  REQUIRE(d.metadata.size() == 2);
  CHECK(d.metadata[0] == 0b00001);  // positions 1,0,0(filler),0,0
  CHECK(d.metadata[1] == 0b00110);  // positions 0,1,1,0,0(filler)
  CHECK(d.values == std::vector<float>{1, 2, 0, 5, 9, 1, 1, 1, 1, 0});
}

TEST_CASE("nm compress: NaN and Inf count as nonzero, -0 is pruned", "[nm_compress]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const float row[4] = {nan, -0.0f, inf, 0.0f};
  const CompressedNM c = compress_nm(row, 1, 4, 4, 2, 4);
  CHECK(std::isnan(c.values[0]));
  CHECK(c.values[1] == inf);
  CHECK(c.position(0, 0) == 0);
  CHECK(c.position(0, 1) == 2);
  const float three[4] = {nan, 1.0f, inf, 0.0f};
  CHECK_THROWS_AS(compress_nm(three, 1, 4, 4, 2, 4), std::invalid_argument);
}

TEST_CASE("nm compress: a violating group is rejected naming row and group", "[nm_compress]") {
  const int rows = 4, cols = 12;
  auto A = random_matrix(rows, cols, cols, 5);
  prune_smallest_nm(A, rows, cols, cols, 2, 4);
  A[2 * cols + 4] = A[2 * cols + 5] = A[2 * cols + 6] = 1.0f;  // row 2, group 1: 3 nonzeros
  try {
    (void)compress_nm(A.data(), rows, cols, cols, 2, 4);
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("row 2") != std::string::npos);
    CHECK(msg.find("group 1") != std::string::npos);
  }
  CHECK_THROWS_AS(compress_nm(A.data(), rows, cols, cols, 0, 4), std::invalid_argument);
  CHECK_THROWS_AS(compress_nm(A.data(), rows, cols, cols, 5, 4), std::invalid_argument);
  CHECK_THROWS_AS(compress_nm(A.data(), rows, cols, cols, 2, 0), std::invalid_argument);
  CHECK_THROWS_AS(compressed_footprint_bytes(4, 4, 3, 2, 4), std::invalid_argument);
}

TEST_CASE("nm compress: exact footprint bytes", "[nm_compress]") {
  auto A = random_matrix(4, 8, 8, 9);
  prune_smallest_nm(A, 4, 8, 8, 2, 4);
  const CompressedNM c = compress_nm(A.data(), 4, 8, 8, 2, 4);
  CHECK(c.value_bytes() == 4 * 2 * 2 * 4);  // rows × groups × n × 4 bytes = 64
  CHECK(c.metadata_bytes() == 4);           // 4 rows × 4 slots × 2 bits = 4 bytes
  CHECK(c.footprint_bytes() == 68);
  CHECK(compressed_footprint_bytes(4, 8, 2, 4, 4) == 68);

  // 64×64 at 2:4: 9/16 of dense fp16, 10/16 of dense int8.
  CHECK(compressed_footprint_bytes(64, 64, 2, 4, 2) * 16 == 9 * (64 * 64 * 2));
  CHECK(compressed_footprint_bytes(64, 64, 2, 4, 1) * 16 == 10 * (64 * 64 * 1));

  // Closed form agrees with the built structure for ragged shapes and every pattern.
  const int patterns[][2] = {{1, 2}, {2, 4}, {4, 8}, {1, 4}};
  for (const auto& p : patterns)
    for (int cols : {1, 3, 5, 7, 13, 4097}) {
      auto B = random_matrix(3, cols, cols, 10);
      prune_smallest_nm(B, 3, cols, cols, p[0], p[1]);
      const CompressedNM d = compress_nm(B.data(), 3, cols, cols, p[0], p[1]);
      INFO(p[0] << ":" << p[1] << " cols=" << cols);
      CHECK(d.footprint_bytes() == compressed_footprint_bytes(3, cols, p[0], p[1], 4));
    }
}
