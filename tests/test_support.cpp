#include "test_support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "claimbench/pruning.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/statistics.hpp"

namespace claimbench::test {

std::filesystem::path data_dir() { return CLAIMBENCH_TEST_DATA_DIR; }
std::filesystem::path project_dir() { return CLAIMBENCH_PROJECT_DIR; }

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  path_ = std::filesystem::temp_directory_path() /
          ("claimbench-test-" + std::to_string(::getpid()) + "-" + std::to_string(stamp) + "-" +
           std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  REQUIRE(out);
  out << text;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

InputError capture_input_error(const std::function<void()>& body) {
  try {
    body();
  } catch (const InputError& e) {
    return e;
  }
  FAIL("expected an InputError, nothing was thrown");
  throw std::logic_error("unreachable");
}

std::string input_error_text(const std::filesystem::path& file, int line, const std::string& field,
                             const std::string& message) {
  return file.string() + ":" + std::to_string(line) + ": " + field + ": " + message;
}

CapturedStdout::CapturedStdout() {
  std::cout.flush();
  std::fflush(stdout);
  saved_ = ::dup(1);
  const int fd = ::open((dir_ / "stdout.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  ::dup2(fd, 1);
  ::close(fd);
}

std::string CapturedStdout::text() {
  if (!restored_) {
    std::cout.flush();
    std::fflush(stdout);
    ::dup2(saved_, 1);
    ::close(saved_);
    restored_ = true;
    text_ = read_text(dir_ / "stdout.txt");
  }
  return text_;
}

CapturedStdout::~CapturedStdout() { text(); }

std::vector<float> random_matrix(int rows, int cols, int ld, std::uint64_t seed, float lo, float hi) {
  std::vector<float> out(static_cast<std::size_t>(rows) * ld, 7777.0f);
  Bootstrap rng(seed);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const double u = static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
      out[static_cast<std::size_t>(r) * ld + c] = static_cast<float>(lo + (hi - lo) * u);
    }
  return out;
}

GemmProblem OwnedProblem::problem() const {
  GemmProblem p;
  p.M = M;
  p.N = N;
  p.K = K;
  p.A = A.data();
  p.lda = K;
  p.B = B.data();
  p.ldb = N;
  p.pattern = pattern;
  return p;
}

OwnedProblem make_owned_problem(int M, int N, int K, NMPattern pattern, std::uint64_t seed) {
  OwnedProblem o;
  o.M = M;
  o.N = N;
  o.K = K;
  o.pattern = pattern;
  o.A = random_matrix(M, K, K, seed);
  o.B = random_matrix(K, N, N, seed * 7 + 1);
  prune_nm_by_magnitude(o.A.data(), M, K, K, pattern);
  return o;
}

MeasurementRecord synthetic_measurement(const std::string& implementation, const std::string& role,
                                        const std::string& workload, int threads,
                                        const std::vector<double>& samples, const std::string& status,
                                        const std::string& claim, const std::string& check) {
  MeasurementRecord m;
  m.run_id = 1;
  m.claim_id = claim;
  m.check_id = check;
  m.implementation = implementation;
  m.role = role;
  m.workload_id = workload;
  m.threads = threads;
  m.status = status;
  m.technique = role == "candidate" ? "nm-structured" : "dense";
  m.device = "cpu";
  m.precision = "fp32";
  m.evidence_kind = "measured";
  m.origin = "built-in";
  m.kernel = implementation + ".kernel";
  m.isa = "scalar";
  m.sample_seconds = samples;
  m.sample_iterations.assign(samples.size(), 10);
  if (!samples.empty()) {
    m.median_s = median(samples);
    m.min_s = *std::min_element(samples.begin(), samples.end());
    m.max_s = *std::max_element(samples.begin(), samples.end());
    m.mean_s = m.median_s;
  }
  return m;
}

namespace {

// Deliberately wrong: C = A·B without the last kWrongResultDroppedTerms terms of each dot
// product. The runner must store it as failed-correctness and never time it into a verdict.
class WrongResultGemm final : public Implementation {
 public:
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = kWrongResultName;
    i.technique = "test";
    i.device = "cpu";
    i.precision = "fp32";
    i.description = "test only: skips the last k terms";
    i.origin = "test";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override { return Support::yes(); }
  void prepare(const GemmProblem& problem, const ExecutionConfig&) override {
    p_ = problem;
    c_.assign(static_cast<std::size_t>(p_.M) * p_.N, 0.0f);
  }
  void run() override {
    const int k_end = std::max(0, p_.K - kWrongResultDroppedTerms);
    for (int i = 0; i < p_.M; ++i)
      for (int j = 0; j < p_.N; ++j) {
        double sum = 0.0;
        for (int k = 0; k < k_end; ++k)
          sum += static_cast<double>(p_.A[static_cast<std::size_t>(i) * p_.lda + k]) *
                 p_.B[static_cast<std::size_t>(k) * p_.ldb + j];
        c_[static_cast<std::size_t>(i) * p_.N + j] = static_cast<float>(sum);
      }
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = "test.wrong-result.scalar";
    c.isa = "scalar";
    c.useful_flops = 2.0 * p_.M * static_cast<double>(p_.N) * p_.K;
    c.dense_equivalent_flops = c.useful_flops;
    return c;
  }

 private:
  GemmProblem p_;
  std::vector<float> c_;
};

CLAIMBENCH_REGISTER_IMPLEMENTATION(WrongResultGemm);

}  // namespace

}  // namespace claimbench::test
