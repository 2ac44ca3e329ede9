// The gate checks low-precision kernels on the operands they really multiplied, and the
// runner records the rounding's numerical cost against the fp32 operands.
#include <bit>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "claimbench/claim_loader.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/runner.hpp"
#include "claimbench/store.hpp"
#include "claimbench/workload.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

float round_to_bf16(float x) {
  std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  bits += 0x7fff + ((bits >> 16) & 1);  // round to nearest even
  return std::bit_cast<float>(bits & 0xffff0000u);
}

// Multiplies bf16-rounded copies of A and B in double; declares them only if `honest`.
class Bf16Rounding final : public Implementation {
 public:
  Bf16Rounding(std::string name, bool honest) : name_(std::move(name)), honest_(honest) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = name_;
    i.technique = "test";
    i.device = "cpu";
    i.precision = "bf16";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override { return Support::yes(); }
  void prepare(const GemmProblem& p, const ExecutionConfig&) override {
    p_ = p;
    a_.resize(static_cast<std::size_t>(p.M) * p.K);
    b_.resize(static_cast<std::size_t>(p.K) * p.N);
    for (int i = 0; i < p.M; ++i)
      for (int k = 0; k < p.K; ++k) a_[i * p.K + k] = round_to_bf16(p.A[i * p.lda + k]);
    for (int k = 0; k < p.K; ++k)
      for (int j = 0; j < p.N; ++j) b_[k * p.N + j] = round_to_bf16(p.B[k * p.ldb + j]);
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override {
    for (int i = 0; i < p_.M; ++i)
      for (int j = 0; j < p_.N; ++j) {
        double sum = 0;
        for (int k = 0; k < p_.K; ++k) sum += static_cast<double>(a_[i * p_.K + k]) * b_[k * p_.N + j];
        c_[i * p_.N + j] = static_cast<float>(sum);
      }
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = name_;
    c.isa = "scalar";
    return c;
  }
  std::optional<EffectiveOperands> effective_operands() const override {
    if (!honest_) return std::nullopt;
    EffectiveOperands e;
    e.A = a_.data();
    e.lda = p_.K;
    e.B = b_.data();
    e.ldb = p_.N;
    e.description = "bf16-rounded A and B";
    return e;
  }

 private:
  std::string name_;
  bool honest_;
  GemmProblem p_;
  std::vector<float> a_, b_, c_;
};

std::string claim_for(const std::string& candidate) {
  return "<?xml version=\"1.0\"?>\n<claim id=\"bf16-" + candidate +
         "\">\n  <title>t</title>\n  <source kind=\"paper\" reliability=\"primary\"><citation>c</citation></source>\n"
         "  <statement>s</statement>\n  <metric name=\"speedup\"/>\n  <claimed kind=\"point\" value=\"2\"/>\n"
         "  <check id=\"c\" kind=\"analog\">\n    <description>d</description>\n"
         "    <implementation name=\"" + candidate + "\" role=\"candidate\"/>\n"
         "    <implementation name=\"dense.own\" role=\"own\"/>\n    <workload id=\"tiny.b\"/>\n"
         "    <verdict aggregate=\"max\" threshold=\"1.5\" partial-threshold=\"1.1\"/>\n  </check>\n</claim>\n";
}

}  // namespace

TEST_CASE("runner: a rounding kernel passes on its declared operands and its error is recorded", "[runner]") {
  Registry local;
  local.add([] { return Registry::global().create("dense.own"); });
  local.add([] { return std::unique_ptr<Implementation>(new Bf16Rounding("test.bf16-honest", true)); });
  local.add([] { return std::unique_ptr<Implementation>(new Bf16Rounding("test.bf16-silent", false)); });
  TempDir dir;
  write_text(dir / "claims" / "honest.xml", claim_for("test.bf16-honest"));
  write_text(dir / "claims" / "silent.xml", claim_for("test.bf16-silent"));
  const auto catalog = WorkloadCatalog::load(data_dir() / "workloads");
  const auto claims = load_claim_folder(dir / "claims", ClaimLoadContext{&local, &catalog});
  Store store(dir / "r.sqlite");
  RunOptions options;
  options.timing = TimingOptions{2, 0.001, 0.0};
  run_claims(claims, catalog, local, store, options);

  std::map<std::string, MeasurementRecord> by_impl;
  for (const auto& m : store.measurements(1)) by_impl[m.implementation] = m;
  // Without declaring its operands the rounding is indistinguishable from a wrong kernel.
  CHECK(by_impl.at("test.bf16-silent").status == "failed-correctness");
  const auto& honest = by_impl.at("test.bf16-honest");
  REQUIRE(honest.status == "ok");
  const auto counters = boost::json::parse(honest.counters_json).as_object();
  const double error = counters.at("relative_rms_error_vs_fp32_oracle").as_double();
  // bf16 keeps 8 significant bits: a relative error of about 2^-9 per operand.
  CHECK(error > 1e-4);
  CHECK(error < 2e-2);
  const auto own = boost::json::parse(by_impl.at("dense.own").counters_json).as_object();
  CHECK(own.at("relative_rms_error_vs_fp32_oracle").as_double() < 1e-6);
}

TEST_CASE("runner: two checks naming the same measurement share its samples", "[runner]") {
  TempDir dir;
  write_text(dir / "claims" / "a.xml", claim_for("nm.2of4"));
  std::string second = claim_for("nm.2of4");
  second.replace(second.find("bf16-nm.2of4"), 12, "second-claim");
  write_text(dir / "claims" / "b.xml", second);
  const auto catalog = WorkloadCatalog::load(data_dir() / "workloads");
  const auto claims = load_claim_folder(dir / "claims", ClaimLoadContext{&Registry::global(), &catalog});
  REQUIRE(claims.size() == 2);
  Store store(dir / "r.sqlite");
  RunOptions options;
  options.timing = TimingOptions{3, 0.001, 0.0};
  const auto summary = run_claims(claims, catalog, Registry::global(), store, options);
  const auto ms = store.measurements(summary.run_id);
  REQUIRE(ms.size() == 4);  // 2 implementations × 2 checks
  for (const auto& m : ms) REQUIRE(m.status == "ok");
  // Ordered by id: the first claim's two, then the second claim's copies.
  CHECK(ms[2].sample_seconds == ms[0].sample_seconds);
  CHECK(ms[2].claim_id == "second-claim");
  CHECK(ms[2].detail.find("same samples as bf16-nm.2of4/c") != std::string::npos);
  CHECK(ms[0].detail.empty());
  CHECK(store.verdicts(summary.run_id).size() == 2);
}

TEST_CASE("runner: a check whose candidate is filtered out is left out of the run", "[runner]") {
  TempDir dir;
  write_text(dir / "claims" / "a.xml", claim_for("nm.2of4"));
  const auto catalog = WorkloadCatalog::load(data_dir() / "workloads");
  const auto claims = load_claim_folder(dir / "claims", ClaimLoadContext{&Registry::global(), &catalog});
  Store store(dir / "r.sqlite");
  RunOptions options;
  options.timing = TimingOptions{2, 0.001, 0.0};
  options.filters.implementations = {"dense.own"};  // the baseline only
  const auto summary = run_claims(claims, catalog, Registry::global(), store, options);
  CHECK(store.measurements(summary.run_id).empty());
  CHECK(store.checks(summary.run_id).empty());
  CHECK(store.verdicts(summary.run_id).empty());
}
