#include "accuracy/idx_dataset.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <array>
#include <cstdlib>
#include <memory>

namespace claimbench::accuracy {
namespace {

const char* const kInstallHint =
    "install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist, or "
    "scripts/install-deps.sh), or point CLAIMBENCH_FASHION_MNIST_DIR at a folder holding the four "
    "original .gz files";

// MD5 of each decompressed file, measured on Debian 12's dataset-fashion-mnist and equal to the
// checksums of the uncompressed files published by Zalando Research (github.com/zalandoresearch/
// fashion-mnist). Debian re-gzipped the files, so the upstream .gz checksums do not apply.
struct ExpectedFile {
  const char* name;
  const char* md5;
};
constexpr std::array<ExpectedFile, 4> kFashionMnistFiles{{
    {"train-images-idx3-ubyte.gz", "f4a8712d7a061bf5bd6d2ca38dc4d50a"},
    {"train-labels-idx1-ubyte.gz", "9018921c3c673c538a1fc5bad174d6f9"},
    {"t10k-images-idx3-ubyte.gz", "8181f5470baa50b63fa0f6fddb340f0a"},
    {"t10k-labels-idx1-ubyte.gz", "15d484375f8d13e6eb1aabb0c3f46965"},
}};

std::uint32_t big_endian_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::vector<std::uint8_t> gunzip_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    throw DataError("data file " + file.string() + " is missing: " + kInstallHint);
  gzFile in = gzopen(file.c_str(), "rb");
  if (!in) throw DataError("cannot open " + file.string() + ": " + kInstallHint);
  std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(in, gzclose_r);
  std::vector<std::uint8_t> out;
  std::array<std::uint8_t, 1 << 16> chunk{};
  for (;;) {
    const int got = gzread(in, chunk.data(), static_cast<unsigned>(chunk.size()));
    if (got < 0) {
      int code = 0;
      const char* why = gzerror(in, &code);
      throw DataError(file.string() + " is corrupt (gzip: " + (why ? why : "unknown error") + "): reinstall it; " +
                      kInstallHint);
    }
    if (got == 0) break;
    out.insert(out.end(), chunk.data(), chunk.data() + got);
  }
  // A stream cut short reads as a clean end of file; zlib reports it only here.
  int code = Z_OK;
  const char* why = gzerror(in, &code);
  if (code != Z_OK && code != Z_STREAM_END)
    throw DataError(file.string() + " is truncated or corrupt (gzip: " + (why ? why : "?") + "): " + kInstallHint);
  const int close_code = gzclose_r(guard.release());
  if (close_code != Z_OK)
    throw DataError(file.string() + " is truncated or corrupt (gzip stream did not end cleanly, code " +
                    std::to_string(close_code) + "): " + kInstallHint);
  return out;
}

}  // namespace

std::string md5_hex(const std::uint8_t* data, std::size_t size) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data, size, digest.data(), &length, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("MD5 is not available from OpenSSL");
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 15];
  }
  return text;
}

IdxArray read_idx_gz(const std::filesystem::path& file, const std::optional<std::string>& expected_md5) {
  std::vector<std::uint8_t> bytes = gunzip_file(file);
  IdxArray idx;
  idx.md5 = md5_hex(bytes.data(), bytes.size());
  if (expected_md5 && idx.md5 != *expected_md5)
    throw DataError(file.string() + ": MD5 of the decompressed file is " + idx.md5 + ", expected " + *expected_md5 +
                    " (corrupt or a different data set): " + kInstallHint);
  if (bytes.size() < 4)
    throw DataError(file.string() + ": " + std::to_string(bytes.size()) + " bytes, too short for an IDX header");
  if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
    throw DataError(file.string() + ": not an unsigned-byte IDX file (magic bytes " + std::to_string(bytes[0]) + " " +
                    std::to_string(bytes[1]) + " " + std::to_string(bytes[2]) + ", expected 0 0 8)");
  const int rank = bytes[3];
  if (rank < 1 || rank > 4) throw DataError(file.string() + ": IDX rank " + std::to_string(rank) + " is not 1 to 4");
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
  if (bytes.size() < header) throw DataError(file.string() + ": truncated IDX header");
  std::size_t elements = 1;
  for (int d = 0; d < rank; ++d) {
    idx.dims.push_back(big_endian_u32(bytes.data() + 4 + 4 * d));
    elements *= idx.dims.back();
  }
  if (bytes.size() - header != elements)
    throw DataError(file.string() + ": header announces " + std::to_string(elements) + " bytes of data, file holds " +
                    std::to_string(bytes.size() - header) + " (truncated or corrupt)");
  idx.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return idx;
}

std::optional<std::string> fashion_mnist_expected_md5(const std::string& file_name) {
  for (const auto& f : kFashionMnistFiles)
    if (file_name == f.name) return std::string(f.md5);
  return std::nullopt;
}

std::filesystem::path default_fashion_mnist_folder() {
  if (const char* dir = std::getenv("CLAIMBENCH_FASHION_MNIST_DIR"); dir && *dir) return dir;
  return "/usr/share/datasets/fashion-mnist";
}

namespace {

LabeledImages load_split(const std::filesystem::path& folder, const std::string& prefix, std::string& checksum) {
  const std::string images_name = prefix + "-images-idx3-ubyte.gz";
  const std::string labels_name = prefix + "-labels-idx1-ubyte.gz";
  IdxArray images = read_idx_gz(folder / images_name, fashion_mnist_expected_md5(images_name));
  IdxArray labels = read_idx_gz(folder / labels_name, fashion_mnist_expected_md5(labels_name));
  if (images.dims.size() != 3 || labels.dims.size() != 1 || images.dims[0] != labels.dims[0])
    throw DataError((folder / images_name).string() + " and " + labels_name + " disagree on the number of images");
  LabeledImages split;
  split.count = static_cast<int>(images.dims[0]);
  split.rows = static_cast<int>(images.dims[1]);
  split.cols = static_cast<int>(images.dims[2]);
  split.pixels = std::move(images.data);
  split.labels = std::move(labels.data);
  for (std::size_t i = 0; i < split.labels.size(); ++i)
    if (split.labels[i] > 9)
      throw DataError((folder / labels_name).string() + ": label " + std::to_string(split.labels[i]) + " at index " +
                      std::to_string(i) + " is outside 0..9");
  checksum += images.md5 + labels.md5;
  return split;
}

}  // namespace

FashionMnist load_fashion_mnist(const std::filesystem::path& folder) {
  FashionMnist data;
  data.folder = folder;
  std::string joined;
  data.train = load_split(folder, "train", joined);
  data.test = load_split(folder, "t10k", joined);
  data.checksum = md5_hex(reinterpret_cast<const std::uint8_t*>(joined.data()), joined.size());
  return data;
}

}  // namespace claimbench::accuracy
