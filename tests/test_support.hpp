// Shared helpers for the harness tests: fixture paths, temporary folders, small files,
// seeded matrices and synthetic records.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "claimbench/implementation.hpp"
#include "claimbench/input_error.hpp"
#include "claimbench/records.hpp"

namespace claimbench::test {

// tests/data and the repository root (compile definitions of the test target).
std::filesystem::path data_dir();
std::filesystem::path project_dir();

// A fresh, empty folder under the system temp folder; removed with everything in it when
// the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_text(const std::filesystem::path& file, const std::string& text);
std::string read_text(const std::filesystem::path& file);

// Runs `body`, which must throw InputError; returns it (fails the test otherwise).
InputError capture_input_error(const std::function<void()>& body);

// The exact text an InputError must have: "file:line: field: message".
std::string input_error_text(const std::filesystem::path& file, int line, const std::string& field,
                             const std::string& message);

// Redirects file descriptor 1 (printf and std::cout) into a file while alive.
class CapturedStdout {
 public:
  CapturedStdout();
  ~CapturedStdout();
  std::string text();  // restores stdout (once) and returns what was written

 private:
  TempDir dir_;
  int saved_ = -1;
  bool restored_ = false;
  std::string text_;
};

// rows × cols, leading dimension ld, entries uniform in [lo, hi) from a fixed seed
// (splitmix64, the same numbers everywhere). Padding beyond cols holds 7777.0f.
std::vector<float> random_matrix(int rows, int cols, int ld, std::uint64_t seed, float lo = -1.0f,
                                 float hi = 1.0f);

// A problem and its operands, owned together.
struct OwnedProblem {
  std::vector<float> A, B;
  int M = 0, N = 0, K = 0;
  NMPattern pattern;
  GemmProblem problem() const;
};
// Random A (pruned by magnitude to `pattern`) and B.
OwnedProblem make_owned_problem(int M, int N, int K, NMPattern pattern, std::uint64_t seed);

// A measurement row for the verdict engine; median_s is the median of `samples`.
MeasurementRecord synthetic_measurement(const std::string& implementation, const std::string& role,
                                        const std::string& workload, int threads,
                                        const std::vector<double>& samples, const std::string& status = "ok",
                                        const std::string& claim = "claim-x", const std::string& check = "check-x");

// The test implementation registered in test_support.cpp: drops the last kWrongResultDroppedTerms
// terms of every dot product, so its output is visibly wrong for any K > 0.
constexpr const char* kWrongResultName = "test.wrong-result";
constexpr int kWrongResultDroppedTerms = 4;

}  // namespace claimbench::test
