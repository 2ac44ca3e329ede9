// The verdict engine on synthetic measurements: every state is reachable, failed
// measurements never count, the strongest baseline is chosen per pair, the own-kernel ratio
// is kept beside it, aggregates behave, and the result is bit-for-bit reproducible.
#include <catch2/catch.hpp>
#include <cstring>

#include "claimbench/store.hpp"
#include "claimbench/verdict.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

ClaimRecord claim_record() {
  ClaimRecord c;
  c.run_id = 1;
  c.claim_id = "claim-x";
  c.metric = "speedup";
  c.unit = "×";
  c.claimed_kind = "up-to";
  c.claimed_value = 2;
  c.claimed_text = "up to 2×";
  c.conditions_json = "[]";
  return c;
}

CheckRecord check_record(const std::string& aggregate = "max", double threshold = 1.8, double partial = 1.2) {
  CheckRecord k;
  k.run_id = 1;
  k.claim_id = "claim-x";
  k.check_id = "check-x";
  k.kind = "analog";
  k.aggregate = aggregate;
  k.threshold = threshold;
  k.partial_threshold = partial;
  k.confidence = 0.95;
  k.testable = true;
  return k;
}

std::vector<double> constant(double seconds, int n = 5) { return std::vector<double>(static_cast<std::size_t>(n), seconds); }

// One workload: candidate 1 s, library baseline `ratio` s, so the speedup is exactly `ratio`.
std::vector<MeasurementRecord> exact_pair(double ratio, const std::string& workload = "w1") {
  return {synthetic_measurement("nm.2of4", "candidate", workload, 1, constant(1.0)),
          synthetic_measurement("dense.openblas", "library", workload, 1, constant(ratio))};
}

VerdictRecord only_verdict(const VerdictSet& set) {
  REQUIRE(set.verdicts.size() == 1);
  return set.verdicts[0];
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("verdict_state: all four interval states and their boundaries", "[verdict]") {
  // threshold 1.8, partial 1.2
  CHECK(verdict_state(1.8, 2.0, 1.8, 1.2) == "reproduced");  // the low end reaches the threshold
  CHECK(verdict_state(2.5, 3.0, 1.8, 1.2) == "reproduced");
  CHECK(verdict_state(1.79, 2.0, 1.8, 1.2) == "ambiguous");  // straddles the threshold
  CHECK(verdict_state(1.2, 1.79, 1.8, 1.2) == "partially-reproduced");
  CHECK(verdict_state(1.5, 1.5, 1.8, 1.2) == "partially-reproduced");
  CHECK(verdict_state(1.2, 1.8, 1.8, 1.2) == "ambiguous");    // touches the threshold
  CHECK(verdict_state(1.19, 1.5, 1.8, 1.2) == "ambiguous");   // straddles the partial line
  CHECK(verdict_state(1.0, 1.2, 1.8, 1.2) == "ambiguous");    // touches the partial line
  CHECK(verdict_state(1.0, 1.19, 1.8, 1.2) == "not-reproduced");
  CHECK(verdict_state(0.3, 0.5, 1.8, 1.2) == "not-reproduced");
  CHECK(verdict_state(1.0, 2.0, 1.8, 1.2) == "ambiguous");    // straddles both
}

TEST_CASE("compute_check_verdict: reproduced, partially reproduced, not reproduced", "[verdict]") {
  const auto claim = claim_record();
  const auto check = check_record();
  struct Case {
    double ratio;
    const char* state;
  };
  for (const Case c : {Case{2.0, "reproduced"}, Case{1.8, "reproduced"}, Case{1.5, "partially-reproduced"},
                       Case{1.0, "not-reproduced"}, Case{0.5, "not-reproduced"}}) {
    INFO(c.ratio);
    const auto set = compute_check_verdict(claim, check, exact_pair(c.ratio));
    const auto v = only_verdict(set);
    CHECK(v.state == c.state);
    CHECK(v.measured == Approx(c.ratio).epsilon(1e-12));
    CHECK(v.ci_low == Approx(c.ratio).epsilon(1e-12));
    CHECK(v.ci_high == Approx(c.ratio).epsilon(1e-12));
    CHECK(v.pairs == 1);
    CHECK(v.baseline == "dense.openblas (1)");
    CHECK(v.claim_id == "claim-x");
    CHECK(v.check_id == "check-x");
    CHECK(v.check_kind == "analog");
    CHECK(v.metric == "speedup");
    CHECK(v.claimed_text == "up to 2×");
    CHECK(v.evidence_kind == "measured");
    CHECK(v.own_state.empty());  // no own baseline in this check
    CHECK_FALSE(v.explanation.empty());
    REQUIRE(set.speedups.size() == 1);
    CHECK(set.speedups[0].strongest);
    CHECK(set.speedups[0].baseline == "dense.openblas");
    CHECK(set.speedups[0].baseline_role == "library");
    CHECK(set.speedups[0].candidate == "nm.2of4");
    CHECK(set.speedups[0].workload_id == "w1");
    CHECK(set.speedups[0].ratio == Approx(c.ratio).epsilon(1e-12));
  }
}

TEST_CASE("compute_check_verdict: a noisy interval across the threshold is ambiguous", "[verdict]") {
  const auto claim = claim_record();
  const std::vector<MeasurementRecord> ms{
      synthetic_measurement("nm.2of4", "candidate", "w1", 1, constant(1.0)),
      synthetic_measurement("dense.openblas", "library", "w1", 1, {1.0, 1.5, 2.0, 2.5, 3.0})};
  const auto v = only_verdict(compute_check_verdict(claim, check_record("max", 1.8, 1.2), ms));
  CHECK(v.measured == Approx(2.0));
  CHECK(v.ci_low < 1.8);
  CHECK(v.ci_high > 1.8);
  CHECK(v.state == "ambiguous");
  // The same data against a threshold the whole interval clears.
  const auto low = only_verdict(compute_check_verdict(claim, check_record("max", 0.9, 0.5), ms));
  CHECK(low.state == "reproduced");
}

TEST_CASE("compute_check_verdict: not testable here and pending", "[verdict]") {
  const auto claim = claim_record();
  auto check = check_record();
  check.testable = false;
  check.not_testable_reason = "needs cuda-compute-capability 8.0; no CUDA driver";
  // Even perfect measurements do not override a missing requirement.
  auto set = compute_check_verdict(claim, check, exact_pair(2.0));
  auto v = only_verdict(set);
  CHECK(v.state == "not-testable-here");
  CHECK(v.explanation == check.not_testable_reason);
  CHECK(v.pairs == 0);
  CHECK(set.speedups.empty());

  check = check_record();
  check.pending = "the CUDA kernel";
  v = only_verdict(compute_check_verdict(claim, check, {}));
  CHECK(v.state == "not-testable-here");
  CHECK(v.explanation.find("the CUDA kernel") != std::string::npos);
}

TEST_CASE("compute_check_verdict: error when nothing correct can be compared", "[verdict]") {
  const auto claim = claim_record();
  const auto check = check_record();
  auto v = only_verdict(compute_check_verdict(claim, check, {}));
  CHECK(v.state == "error");
  CHECK(v.pairs == 0);

  // Only a failed candidate (fast, but wrong) and a good baseline.
  const std::vector<MeasurementRecord> ms{
      synthetic_measurement("nm.2of4", "candidate", "w1", 1, constant(0.01), "failed-correctness"),
      synthetic_measurement("dense.openblas", "library", "w1", 1, constant(1.0))};
  const auto set = compute_check_verdict(claim, check, ms);
  v = only_verdict(set);
  CHECK(v.state == "error");
  CHECK(v.pairs == 0);
  CHECK(v.measured == 0);
  CHECK(set.speedups.empty());
  CHECK(v.explanation.find("failed-correctness") != std::string::npos);

  // Only baselines failed.
  const std::vector<MeasurementRecord> no_base{
      synthetic_measurement("nm.2of4", "candidate", "w1", 1, constant(1.0)),
      synthetic_measurement("dense.openblas", "library", "w1", 1, constant(0.1), "error")};
  CHECK(only_verdict(compute_check_verdict(claim, check, no_base)).state == "error");
}

TEST_CASE("compute_check_verdict: failed measurements never count", "[verdict]") {
  const auto claim = claim_record();
  const auto check = check_record("max");
  // w1 is correct and shows 1×; w2's candidate would show 100× but failed its check.
  auto ms = exact_pair(1.0, "w1");
  ms.push_back(synthetic_measurement("nm.2of4", "candidate", "w2", 1, constant(0.01), "failed-correctness"));
  ms.push_back(synthetic_measurement("dense.openblas", "library", "w2", 1, constant(1.0)));
  auto set = compute_check_verdict(claim, check, ms);
  auto v = only_verdict(set);
  CHECK(v.measured == Approx(1.0));
  CHECK(v.state == "not-reproduced");
  CHECK(v.pairs == 1);
  CHECK(v.explanation.find("excluded") != std::string::npos);
  for (const auto& s : set.speedups) CHECK(s.workload_id == "w1");

  // A baseline that failed its check is not the strongest, however fast it was.
  const std::vector<MeasurementRecord> base{
      synthetic_measurement("nm.2of4", "candidate", "w1", 1, constant(1.0)),
      synthetic_measurement("dense.onednn", "library", "w1", 1, constant(0.1), "failed-correctness"),
      synthetic_measurement("dense.openblas", "library", "w1", 1, constant(2.0))};
  set = compute_check_verdict(claim, check, base);
  v = only_verdict(set);
  CHECK(v.measured == Approx(2.0));
  CHECK(v.state == "reproduced");
  CHECK(v.baseline == "dense.openblas (1)");
  REQUIRE(set.speedups.size() == 1);
  CHECK(set.speedups[0].baseline == "dense.openblas");

  // "ok" with no samples cannot count either.
  const std::vector<MeasurementRecord> empty{synthetic_measurement("nm.2of4", "candidate", "w1", 1, {}),
                                             synthetic_measurement("dense.openblas", "library", "w1", 1, constant(1))};
  CHECK(only_verdict(compute_check_verdict(claim, check, empty)).state == "error");
}

TEST_CASE("compute_check_verdict: the strongest baseline per pair, and the own-kernel ratio", "[verdict]") {
  const auto claim = claim_record();
  const auto check = check_record("max");
  const std::vector<MeasurementRecord> ms{
      // w1: oneDNN is the fastest dense (1.5 s) → 1.5×; own dense 3 s → 3×.
      synthetic_measurement("nm.2of4", "candidate", "w1", 1, constant(1.0)),
      synthetic_measurement("dense.openblas", "library", "w1", 1, constant(2.0)),
      synthetic_measurement("dense.onednn", "library", "w1", 1, constant(1.5)),
      synthetic_measurement("dense.own", "own", "w1", 1, constant(3.0)),
      synthetic_measurement("dense.reference", "context", "w1", 1, constant(0.001)),  // never a baseline
      // w2 (2 threads): OpenBLAS fastest → 1.2×; own → 4×.
      synthetic_measurement("nm.2of4", "candidate", "w2", 2, constant(1.0)),
      synthetic_measurement("dense.openblas", "library", "w2", 2, constant(1.2)),
      synthetic_measurement("dense.onednn", "library", "w2", 2, constant(2.0)),
      synthetic_measurement("dense.own", "own", "w2", 2, constant(4.0)),
      // Another check's rows are ignored.
      synthetic_measurement("nm.2of4", "candidate", "w1", 1, constant(0.001), "ok", "claim-x", "other-check"),
  };
  const auto set = compute_check_verdict(claim, check, ms);
  const auto v = only_verdict(set);
  CHECK(v.pairs == 2);
  CHECK(v.measured == Approx(1.5));  // max over pairs of the strongest-baseline ratio
  CHECK(v.state == "partially-reproduced");
  CHECK(v.baseline == "dense.onednn (1), dense.openblas (1)");
  CHECK(v.own_measured == Approx(4.0));  // max of 3 and 4
  CHECK(v.own_ci_low == Approx(4.0));
  CHECK(v.own_state == "reproduced");

  REQUIRE(set.speedups.size() == 6);
  int strongest = 0;
  for (const auto& s : set.speedups) {
    INFO(s.workload_id << " " << s.baseline);
    CHECK(s.baseline != "dense.reference");
    CHECK(s.candidate == "nm.2of4");
    if (s.strongest) {
      ++strongest;
      CHECK(s.baseline == (s.workload_id == "w1" ? "dense.onednn" : "dense.openblas"));
    }
    if (s.workload_id == "w2") CHECK(s.threads == 2);
    if (s.baseline == "dense.own") {
      CHECK(s.baseline_role == "own");
      CHECK(s.ratio == Approx(s.workload_id == "w1" ? 3.0 : 4.0));
    }
  }
  CHECK(strongest == 2);

  // When the own kernel is the fastest dense, it is the strongest baseline too.
  const std::vector<MeasurementRecord> own_best{
      synthetic_measurement("nm.2of4", "candidate", "w1", 1, constant(1.0)),
      synthetic_measurement("dense.openblas", "library", "w1", 1, constant(3.0)),
      synthetic_measurement("dense.own", "own", "w1", 1, constant(1.1))};
  const auto o = only_verdict(compute_check_verdict(claim, check, own_best));
  CHECK(o.baseline == "dense.own (1)");
  CHECK(o.measured == Approx(1.1));
  CHECK(o.own_measured == Approx(1.1));
}

TEST_CASE("compute_check_verdict: max, median, geomean and min aggregates", "[verdict]") {
  const auto claim = claim_record();
  auto ms = exact_pair(1.0, "w1");
  for (const auto& m : exact_pair(2.0, "w2")) ms.push_back(m);
  for (const auto& m : exact_pair(4.0, "w3")) ms.push_back(m);
  struct Case {
    const char* aggregate;
    double value;
    const char* state;
  };
  for (const Case c : {Case{"max", 4.0, "reproduced"}, Case{"median", 2.0, "reproduced"},
                       Case{"geomean", 2.0, "reproduced"}, Case{"min", 1.0, "not-reproduced"}}) {
    INFO(c.aggregate);
    const auto v = only_verdict(compute_check_verdict(claim, check_record(c.aggregate, 1.8, 1.2), ms));
    CHECK(v.measured == Approx(c.value).epsilon(1e-12));
    CHECK(v.ci_low == Approx(c.value).epsilon(1e-12));
    CHECK(v.ci_high == Approx(c.value).epsilon(1e-12));
    CHECK(v.state == c.state);
    CHECK(v.pairs == 3);
    CHECK(v.explanation.find(c.aggregate) != std::string::npos);
  }
}

TEST_CASE("compute_check_verdict: the evidence kind comes from the candidate", "[verdict]") {
  auto ms = exact_pair(2.0);
  ms[0].evidence_kind = "simulated";
  CHECK(only_verdict(compute_check_verdict(claim_record(), check_record(), ms)).evidence_kind == "simulated");
}

TEST_CASE("compute_check_verdict: computing twice gives bit-identical output", "[verdict]") {
  const auto claim = claim_record();
  const auto check = check_record("geomean");
  std::vector<MeasurementRecord> ms;
  for (int w = 0; w < 3; ++w) {
    const std::string id = "w" + std::to_string(w);
    ms.push_back(synthetic_measurement("nm.2of4", "candidate", id, 1, {1.0, 1.1, 0.9, 1.05, 1.2, 0.97}));
    ms.push_back(synthetic_measurement("dense.openblas", "library", id, 1, {1.6, 1.9, 2.1, 1.7, 2.4, 1.8}));
    ms.push_back(synthetic_measurement("dense.own", "own", id, 1, {2.6, 2.9, 3.1, 2.7, 3.4, 2.8}));
  }
  const auto a = compute_check_verdict(claim, check, ms);
  const auto b = compute_check_verdict(claim, check, ms);
  const auto& va = only_verdict(a);
  const auto& vb = only_verdict(b);
  CHECK(va.ci_low < va.measured);  // a real interval, so the bootstrap ran
  CHECK(va.measured < va.ci_high);
  CHECK(same_bits(va.measured, vb.measured));
  CHECK(same_bits(va.ci_low, vb.ci_low));
  CHECK(same_bits(va.ci_high, vb.ci_high));
  CHECK(same_bits(va.own_measured, vb.own_measured));
  CHECK(same_bits(va.own_ci_low, vb.own_ci_low));
  CHECK(same_bits(va.own_ci_high, vb.own_ci_high));
  CHECK(va.state == vb.state);
  CHECK(va.explanation == vb.explanation);
  REQUIRE(a.speedups.size() == b.speedups.size());
  for (std::size_t i = 0; i < a.speedups.size(); ++i) {
    CHECK(same_bits(a.speedups[i].ratio, b.speedups[i].ratio));
    CHECK(same_bits(a.speedups[i].ci_low, b.speedups[i].ci_low));
    CHECK(same_bits(a.speedups[i].ci_high, b.speedups[i].ci_high));
  }
  // The order of the input rows does not matter.
  std::vector<MeasurementRecord> reversed(ms.rbegin(), ms.rend());
  const auto c = compute_check_verdict(claim, check, reversed);
  CHECK(same_bits(only_verdict(c).ci_low, va.ci_low));
  CHECK(same_bits(only_verdict(c).ci_high, va.ci_high));
}

TEST_CASE("compute_verdicts reads the rows back from a store", "[verdict][store]") {
  TempDir dir;
  Store store(dir / "v.sqlite");
  const auto run = store.begin_run("test", {}, "t");
  auto claim = claim_record();
  claim.run_id = run;
  store.record_claim(claim);
  auto check = check_record("max");
  check.run_id = run;
  store.record_check(check);
  auto ms = exact_pair(2.0);
  for (auto& m : ms) {
    m.run_id = run;
    store.record_measurement(m);
  }
  const auto from_store = compute_verdicts(store, run);
  REQUIRE(from_store.verdicts.size() == 1);
  CHECK(from_store.verdicts[0].state == "reproduced");
  CHECK(from_store.verdicts[0].run_id == run);
  CHECK(from_store.verdicts[0].measured == Approx(2.0));
  CHECK(from_store.speedups.size() == 1);
  CHECK(compute_verdicts(store, run + 1).verdicts.empty());
}

TEST_CASE("verdict_state_within: target ± tolerance, partial band, ambiguous edges", "[verdict]") {
  // target 0.5625, tolerance 0.001, partial 0.05
  CHECK(verdict_state_within(0.5625, 0.5625, 0.5625, 0.001, 0.05) == "reproduced");
  CHECK(verdict_state_within(0.562, 0.563, 0.5625, 0.001, 0.05) == "reproduced");
  CHECK(verdict_state_within(0.53125, 0.53125, 0.5625, 0.001, 0.05) == "partially-reproduced");
  CHECK(verdict_state_within(0.6, 0.6, 0.5625, 0.001, 0.05) == "partially-reproduced");
  CHECK(verdict_state_within(0.7, 0.7, 0.5625, 0.001, 0.05) == "not-reproduced");
  CHECK(verdict_state_within(0.3, 0.4, 0.5625, 0.001, 0.05) == "not-reproduced");
  CHECK(verdict_state_within(0.56, 0.57, 0.5625, 0.001, 0.05) == "ambiguous");  // crosses the tolerance edge
  CHECK(verdict_state_within(0.6, 0.7, 0.5625, 0.001, 0.05) == "ambiguous");    // crosses the partial edge
}

TEST_CASE("footprint-ratio: exact bytes of the stored format against the dense operand", "[verdict]") {
  auto claim = claim_record();
  claim.metric = "footprint-ratio";
  auto check = check_record("max");
  check.rule = "within";
  check.target = 0.5625;
  check.tolerance = 0.0001;
  check.partial_tolerance = 0.07;
  auto ms = exact_pair(1.3);
  ms[0].operand_bytes = 9.0 * 64;   // 2:4 fp16: 9/16 of dense
  ms[1].operand_bytes = 16.0 * 64;
  auto v = only_verdict(compute_check_verdict(claim, check, ms));
  CHECK(v.state == "reproduced");
  CHECK(v.measured == 0.5625);
  CHECK(v.ci_low == v.measured);
  CHECK(v.ci_high == v.measured);

  ms[0].operand_bytes = 10.0 * 64;  // the int8 ratio against an fp16 target: 0.0625 off
  v = only_verdict(compute_check_verdict(claim, check, ms));
  CHECK(v.state == "partially-reproduced");
  CHECK(v.measured == 0.625);
  check.partial_tolerance = 0.05;
  CHECK(only_verdict(compute_check_verdict(claim, check, ms)).state == "not-reproduced");

  ms[0].operand_bytes = 0;  // nothing reported: no ratio
  ms[1].operand_bytes = 0;
  v = only_verdict(compute_check_verdict(claim, check, ms));
  CHECK(v.state == "error");
}

TEST_CASE("compute_check_verdict: a declared baseline that was not measured leaves only not-reproduced standing",
          "[verdict]") {
  const auto claim = claim_record();
  auto check = check_record("max", 1.8, 1.2);
  check.implementations_json =
      R"([{"name":"nm.2of4","role":"candidate"},{"name":"dense.openblas","role":"library"},)"
      R"({"name":"dense.onednn","role":"library"},{"name":"dense.reference","role":"context"}])";
  // Only OpenBLAS ran (as after `run --implementation 'nm.*' --implementation dense.openblas`).
  const auto reproduced = only_verdict(compute_check_verdict(claim, check, exact_pair(3.0)));
  CHECK(reproduced.state == "ambiguous");
  CHECK(reproduced.explanation.find("not measured in this run") != std::string::npos);
  CHECK(reproduced.explanation.find("dense.onednn") != std::string::npos);
  CHECK(reproduced.explanation.find("dense.reference") == std::string::npos);  // context never judged
  // A faster baseline could only lower the ratio: not-reproduced stands.
  const auto low = only_verdict(compute_check_verdict(claim, check, exact_pair(0.5)));
  CHECK(low.state == "not-reproduced");
  CHECK(low.explanation.find("dense.onednn") != std::string::npos);
  // A baseline that was tried and failed or was unsupported counts as measured.
  auto both = exact_pair(3.0);
  auto onednn = synthetic_measurement("dense.onednn", "library", "w1", 1, {});
  onednn.status = "unsupported";
  both.push_back(onednn);
  CHECK(only_verdict(compute_check_verdict(claim, check, both)).state == "reproduced");
  // A "within" rule can move either way: any verdict becomes ambiguous.
  auto within = check;
  within.rule = "within";
  within.target = 0.5;
  within.tolerance = 0.5;
  within.partial_tolerance = 0.55;
  CHECK(only_verdict(compute_check_verdict(claim, within, exact_pair(3.0))).state == "ambiguous");
}
