// Fashion-MNIST from its gzipped IDX files (Debian package dataset-fashion-mnist), checked
// against the MD5 of each decompressed file so that a truncated download or a different data
// set cannot pass for the real one.
//
// IDX format (LeCun's MNIST page): a big-endian 32-bit magic 0x000008TD where T = 0x08 means
// unsigned bytes and D is the number of dimensions, then D big-endian 32-bit sizes, then the
// data in row-major order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace claimbench::accuracy {

// Missing, unreadable, truncated or corrupted data; the message names the file and the fix.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> data;  // product(dims) bytes
  std::string md5;                 // of the whole decompressed file, lower-case hex
};

// Reads a gzip-compressed (or plain) IDX file of unsigned bytes. Throws DataError when the file
// is missing, the gzip stream is damaged or truncated, the header is not an unsigned-byte IDX
// header, the payload size disagrees with the header, or (when given) the MD5 of the
// decompressed bytes differs from `expected_md5`.
IdxArray read_idx_gz(const std::filesystem::path& file,
                     const std::optional<std::string>& expected_md5 = std::nullopt);

// Lower-case hex MD5 of a byte buffer (OpenSSL EVP).
std::string md5_hex(const std::uint8_t* data, std::size_t size);

struct LabeledImages {
  int count = 0, rows = 0, cols = 0;
  std::vector<std::uint8_t> pixels;  // count × rows × cols
  std::vector<std::uint8_t> labels;  // count, each 0..9
};

struct FashionMnist {
  LabeledImages train, test;
  // The four decompressed MD5s joined: identifies the exact data a model was trained on.
  std::string checksum;
  std::filesystem::path folder;
};

// Where the Debian package puts the files; CLAIMBENCH_FASHION_MNIST_DIR overrides it.
std::filesystem::path default_fashion_mnist_folder();

// Loads and verifies the four files (train/t10k images and labels). Throws DataError naming
// the file and what to install when something is missing or does not match.
FashionMnist load_fashion_mnist(const std::filesystem::path& folder = default_fashion_mnist_folder());

// The decompressed MD5 expected for one of the four Fashion-MNIST file names, or nullopt.
std::optional<std::string> fashion_mnist_expected_md5(const std::string& file_name);

}  // namespace claimbench::accuracy
