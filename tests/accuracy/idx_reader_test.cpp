#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "accuracy/idx_dataset.hpp"

namespace fs = std::filesystem;
using claimbench::accuracy::DataError;
using claimbench::accuracy::md5_hex;
using claimbench::accuracy::read_idx_gz;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char pattern[] = "/tmp/claimbench-idx-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~TempDir() { fs::remove_all(path); }
};

// An IDX file of unsigned bytes: magic 0x0000080D, the sizes big-endian, then the data.
std::vector<std::uint8_t> idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> out{0, 0, 8, static_cast<std::uint8_t>(dims.size())};
  for (auto d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(d >> shift));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

void write_gz(const fs::path& file, const std::vector<std::uint8_t>& bytes) {
  gzFile out = gzopen(file.c_str(), "wb");
  REQUIRE(out != nullptr);
  REQUIRE(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  REQUIRE(gzclose(out) == Z_OK);
}

std::vector<char> read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const fs::path& file, const std::vector<char>& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::uint8_t> pattern_data(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  std::uint32_t x = 12345;
  for (auto& b : v) b = static_cast<std::uint8_t>((x = x * 1103515245u + 12345u) >> 16);
  return v;
}

}  // namespace

TEST_CASE("IDX reader: a good gzipped file gives its dimensions, data and MD5") {
  TempDir dir;
  const auto data = pattern_data(3 * 4 * 5);
  const auto bytes = idx_bytes({3, 4, 5}, data);
  write_gz(dir.path / "good.gz", bytes);
  const auto idx = read_idx_gz(dir.path / "good.gz", md5_hex(bytes.data(), bytes.size()));
  CHECK(idx.dims == std::vector<std::uint32_t>{3, 4, 5});
  CHECK(idx.data == data);
  CHECK(idx.md5 == md5_hex(bytes.data(), bytes.size()));
}

TEST_CASE("IDX reader: MD5 of a known string (RFC 1321 test suite)") {
  const std::string abc = "abc";
  CHECK(md5_hex(reinterpret_cast<const std::uint8_t*>(abc.data()), abc.size()) == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("IDX reader: a missing file names the file and the package to install") {
  TempDir dir;
  try {
    read_idx_gz(dir.path / "train-images-idx3-ubyte.gz");
    FAIL("no error");
  } catch (const DataError& e) {
    const std::string what = e.what();
    CHECK(what.find("train-images-idx3-ubyte.gz") != std::string::npos);
    CHECK(what.find("dataset-fashion-mnist") != std::string::npos);
  }
}

TEST_CASE("IDX reader: a truncated gzip file is an error naming the file") {
  TempDir dir;
  write_gz(dir.path / "t.gz", idx_bytes({2000}, pattern_data(2000)));
  auto gz = read_all(dir.path / "t.gz");
  gz.resize(gz.size() / 2);
  write_all(dir.path / "t.gz", gz);
  try {
    read_idx_gz(dir.path / "t.gz");
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("t.gz") != std::string::npos);
  }
}

TEST_CASE("IDX reader: a corrupted byte is caught by gzip's CRC or by the MD5") {
  TempDir dir;
  const auto bytes = idx_bytes({4000}, pattern_data(4000));
  write_gz(dir.path / "c.gz", bytes);
  auto gz = read_all(dir.path / "c.gz");
  gz[gz.size() / 2] = static_cast<char>(gz[gz.size() / 2] ^ 0x5a);
  write_all(dir.path / "c.gz", gz);
  CHECK_THROWS_AS(read_idx_gz(dir.path / "c.gz", md5_hex(bytes.data(), bytes.size())), DataError);
}

TEST_CASE("IDX reader: a wrong checksum, a bad magic and a short payload are errors") {
  TempDir dir;
  const auto bytes = idx_bytes({10}, pattern_data(10));
  write_gz(dir.path / "m.gz", bytes);
  CHECK_THROWS_WITH(read_idx_gz(dir.path / "m.gz", std::string(32, '0')), Catch::Contains("MD5"));

  auto bad_magic = bytes;
  bad_magic[2] = 0x0D;  // float data, not unsigned bytes
  write_gz(dir.path / "f.gz", bad_magic);
  CHECK_THROWS_WITH(read_idx_gz(dir.path / "f.gz"), Catch::Contains("not an unsigned-byte IDX"));

  auto short_payload = idx_bytes({10}, pattern_data(7));
  write_gz(dir.path / "s.gz", short_payload);
  CHECK_THROWS_WITH(read_idx_gz(dir.path / "s.gz"), Catch::Contains("announces 10 bytes"));
}

TEST_CASE("Fashion-MNIST: the installed files load and match their checksums") {
  const auto folder = claimbench::accuracy::default_fashion_mnist_folder();
  if (!fs::exists(folder / "t10k-labels-idx1-ubyte.gz")) {
    WARN("Fashion-MNIST is not installed under " << folder << " (Debian package dataset-fashion-mnist): skipped");
    return;
  }
  const auto data = claimbench::accuracy::load_fashion_mnist(folder);
  CHECK(data.train.count == 60000);
  CHECK(data.test.count == 10000);
  CHECK(data.train.rows == 28);
  CHECK(data.test.cols == 28);
  std::vector<int> per_class(10, 0);
  for (auto label : data.test.labels) ++per_class[label];
  CHECK(per_class == std::vector<int>(10, 1000));
}
