// Workloads that are not one GEMM, end to end: `# kind:` tables and their own columns, task
// implementations in the registry, the loader's measure and kind checks, the counter verdicts,
// the runner's task path (its own check before and after timing), the artifact cache, and
// unstructured magnitude pruning as a GEMM pattern.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "claimbench/claim_loader.hpp"
#include "claimbench/problem_data.hpp"
#include "claimbench/pruning.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/runner.hpp"
#include "claimbench/store.hpp"
#include "claimbench/store_artifact_cache.hpp"
#include "claimbench/verdict.hpp"
#include "claimbench/workload.hpp"
#include "report_writers.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

const char* kLayerTable =
    "# kind: toy-layer\n"
    "# source: made up for the test\n"
    "id,model,layer,seed,quick,size,density\n"
    "toy.a,toy,l1,1,1,100,0.5\n"
    "toy.b,toy,l2,2,0,40,0.25\n";

// [snippet:task-implementation]
// Counts the nonzeros of a seeded 0/1 vector; "utilization" is the counted density. The
// `wrong` flavour miscounts after the first run, so its own check must catch it after timing.
class ToyCounter final : public TaskImplementation {
 public:
  ToyCounter(std::string name, double scale, bool wrong_after_first = false)
      : name_(std::move(name)), scale_(scale), wrong_(wrong_after_first) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = name_;
    i.technique = "toy";
    i.device = "model";
    i.precision = "n/a";
    i.evidence = EvidenceKind::simulated;
    i.task = "toy-layer";
    return i;
  }
  Support supports(const Workload& w, const ExecutionConfig&) const override {
    if (w.field_int("size", 1) > 1000) return Support::no("too big for a toy");
    return Support::yes();
  }
  void prepare(const Workload& w, const ExecutionConfig& config) override {
    size_ = static_cast<int>(w.field_int("size", 1));
    density_ = w.field_double("density");
    if (config.cache) {
      const std::string key = "toy/" + name_ + "/" + w.id;
      if (auto bytes = config.cache->get(key)) cached_ = true;
      else config.cache->put(key, {1, 2, 3}, "a toy artifact");
    }
  }
  void run() override {
    ++runs_;
    count_ = 0;
    for (int i = 0; i < size_; ++i) count_ += (i % static_cast<int>(std::lround(1.0 / density_))) == 0;
    if (wrong_ && runs_ > 1) count_ += 1;
  }
  TaskCheckResult check() const override {
    const long expected = (size_ + static_cast<long>(std::lround(1.0 / density_)) - 1) / std::lround(1.0 / density_);
    TaskCheckResult r;
    r.mode = "closed form";
    r.checked = 1;
    r.passed = count_ == expected;
    r.max_error_ratio = r.passed ? 0.0 : 1e9;
    if (!r.passed) r.detail = "counted " + std::to_string(count_) + ", expected " + std::to_string(expected);
    return r;
  }
  Counters counters() const override {
    Counters c;
    c.kernel = name_;
    c.isa = "scalar";
    c.extra["utilization"] = scale_ * static_cast<double>(count_) / size_;
    c.extra["writebacks"] = static_cast<double>(count_) / scale_;
    c.extra["cached"] = cached_ ? 1.0 : 0.0;
    return c;
  }

 private:
  std::string name_;
  double scale_;
  bool wrong_;
  int size_ = 0, runs_ = 0;
  long count_ = 0;
  double density_ = 1;
  bool cached_ = false;
};
// [/snippet]

std::string toy_claim(const std::string& verdict, const std::string& extra_impls = "",
                      const std::string& candidate = "toy.fast") {
  return "<?xml version=\"1.0\"?>\n<claim id=\"toy-claim\">\n  <title>t</title>\n"
         "  <source kind=\"paper\" reliability=\"primary\"><citation>c</citation></source>\n"
         "  <statement>s</statement>\n  <metric name=\"utilization\"/>\n  <claimed kind=\"point\" value=\"0.5\"/>\n"
         "  <check id=\"sim\" kind=\"model\">\n    <description>d</description>\n"
         "    <implementation name=\"" + candidate + "\" role=\"candidate\"/>\n" + extra_impls +
         "    <workloads table=\"toy\"/>\n    <timing repetitions=\"2\" min-time=\"0.001\"/>\n    " + verdict +
         "\n  </check>\n</claim>\n";
}

Registry toy_registry() {
  Registry r;
  r.add_task([] { return std::unique_ptr<TaskImplementation>(new ToyCounter("toy.fast", 1.0)); });
  r.add_task([] { return std::unique_ptr<TaskImplementation>(new ToyCounter("toy.scatter", 0.25)); });
  r.add_task([] { return std::unique_ptr<TaskImplementation>(new ToyCounter("toy.wrong", 1.0, true)); });
  r.add([] { return Registry::global().create("dense.own"); });
  return r;
}

double counter(const MeasurementRecord& m, const char* name) {
  return boost::json::value_to<double>(boost::json::parse(m.counters_json).as_object().at(name));
}

}  // namespace

TEST_CASE("task tables: `# kind:` rows keep their own columns, read with located errors", "[task][workload]") {
  TempDir dir;
  write_text(dir / "w" / "toy.csv", kLayerTable);
  const auto catalog = WorkloadCatalog::load(dir / "w");
  const Workload* a = catalog.find("toy.a");
  REQUIRE(a);
  CHECK(a->kind == "toy-layer");
  CHECK(a->quick);
  CHECK(a->seed == 1);
  CHECK(a->field_int("size", 1) == 100);
  CHECK(a->field_double("density") == 0.5);
  CHECK(a->fields.count("id") == 0);
  CHECK_FALSE(a->has_field("m"));
  const auto file = (dir / "w" / "toy.csv").string();
  auto missing = capture_input_error([&] { a->field("window"); });
  CHECK(std::string(missing.what()) == input_error_text(file, 4, "window", "column missing from the toy-layer table toy"));
  auto small = capture_input_error([&] { a->field_int("size", 200); });
  CHECK(std::string(small.what()) == input_error_text(file, 4, "size", "must be at least 200, got 100"));
  auto not_number = capture_input_error([&] { a->field_double("layer"); });
  CHECK(not_number.field() == "layer");

  write_text(dir / "late" / "t.csv",
             "# source: s\nid,model,layer,m,n,k,batch,sequence,pattern,precision,distribution,seed,quick\n# kind: x\n");
  auto late = capture_input_error([&] { WorkloadCatalog::load(dir / "late"); });
  CHECK(late.field() == "kind");
  CHECK(late.line() == 3);
  write_text(dir / "short" / "t.csv", "# kind: x\n# source: s\nid,model,layer,quick\nx,m,l,0\n");
  CHECK(capture_input_error([&] { WorkloadCatalog::load(dir / "short"); }).field() == "seed");
}

TEST_CASE("unstructured pruning zeroes exactly the smallest magnitudes", "[task][pruning]") {
  std::vector<float> a{0.5f, -3.0f, 0.1f, 2.0f, -0.2f, 1.0f, 0.0f, -4.0f};
  prune_unstructured_by_magnitude(a.data(), 2, 4, 4, 0.5);
  CHECK(a == std::vector<float>{0.0f, -3.0f, 0.0f, 2.0f, 0.0f, 1.0f, 0.0f, -4.0f});
  std::vector<float> ties(6, 1.0f);
  prune_unstructured_by_magnitude(ties.data(), 1, 6, 6, 0.5);  // ties: the higher index goes first
  CHECK(ties == std::vector<float>{1, 1, 1, 0, 0, 0});
  CHECK_THROWS(prune_unstructured_by_magnitude(ties.data(), 1, 6, 6, 1.5));
  CHECK(parse_unstructured_sparsity("unstructured:0.9") == 0.9);
  CHECK_FALSE(parse_unstructured_sparsity("unstructured:1.0"));
  CHECK_FALSE(parse_unstructured_sparsity("unstructured:x"));
  CHECK_FALSE(parse_unstructured_sparsity("2:4"));

  Workload w;
  w.m = 64;
  w.n = 8;
  w.k = 128;
  w.pattern = "unstructured:0.75";
  w.distribution = "normal";
  w.seed = 3;
  const auto data = make_problem_data(w);
  std::size_t zeros = 0;
  for (float v : data.A) zeros += v == 0.0f;
  CHECK(zeros == 64 * 128 * 3 / 4);
  CHECK(data.problem().unstructured_sparsity == 0.75);
  CHECK(data.kept_magnitude_fraction > 0.25);  // the largest quarter carries more than a quarter of Σ|w|
  CHECK(data.kept_magnitude_fraction < 1.0);
}

TEST_CASE("registry: task implementations live beside GEMM ones, each created by its own kind", "[task][registry]") {
  Registry r = toy_registry();
  CHECK(r.is_task("toy.fast"));
  CHECK_FALSE(r.is_task("dense.own"));
  CHECK_FALSE(r.is_task("nothing"));
  CHECK(r.info("toy.fast").task == "toy-layer");
  CHECK(r.info("dense.own").task == "gemm");
  CHECK(r.create_task("toy.fast"));
  CHECK_THROWS_AS(r.create("toy.fast"), std::invalid_argument);
  CHECK_THROWS_AS(r.create_task("dense.own"), std::invalid_argument);
  CHECK_THROWS_AS(r.add_task([] { return std::unique_ptr<TaskImplementation>(new ToyCounter("toy.fast", 2)); }),
                  std::invalid_argument);
}

TEST_CASE("loader: counter measures, directions, baseline roles and workload kinds are checked", "[task][claim]") {
  Registry reg = toy_registry();
  TempDir dir;
  write_text(dir / "w" / "toy.csv", kLayerTable);
  write_text(dir / "w" / "tiny.csv", "# source: s\nid,model,layer,m,n,k,batch,sequence,pattern,precision,distribution,seed,quick\n"
                                      "tiny.g,t,l,8,8,8,1,8,dense,fp32,normal,1,1\n");
  const auto catalog = WorkloadCatalog::load(dir / "w");
  const ClaimLoadContext context{&reg, &catalog};
  auto load = [&](const std::string& text) {
    write_text(dir / "c" / "x.xml", text);
    return load_claim_file(dir / "c" / "x.xml", context);
  };
  const auto ok = load(toy_claim("<verdict measure=\"counter\" counter=\"utilization\" aggregate=\"mean\" threshold=\"0.4\" partial-threshold=\"0.3\"/>"));
  CHECK(ok.checks[0].rule.measure == VerdictRule::Measure::counter);
  CHECK(ok.checks[0].rule.counter == "utilization");
  CHECK(ok.checks[0].rule.aggregate == Aggregate::mean);

  const auto ratio = load(toy_claim(
      "<verdict measure=\"counter-ratio\" counter=\"writebacks\" direction=\"lower-is-better\" aggregate=\"mean\" threshold=\"3\" partial-threshold=\"2\"/>",
      "    <implementation name=\"toy.scatter\" role=\"baseline\"/>\n"));
  CHECK(ratio.checks[0].rule.lower_is_better);
  CHECK(ratio.checks[0].implementations[1].role == Role::baseline);

  struct Bad {
    std::string verdict, impls, field;
  };
  const std::vector<Bad> bad{
      {"<verdict aggregate=\"mean\" threshold=\"1\" partial-threshold=\"0.5\"/>", "", "verdict@measure"},
      {"<verdict measure=\"counter\" aggregate=\"mean\" threshold=\"1\" partial-threshold=\"0.5\"/>", "", "verdict@counter"},
      {"<verdict measure=\"counts\" counter=\"x\" aggregate=\"mean\" threshold=\"1\" partial-threshold=\"0.5\"/>", "", "verdict@measure"},
      {"<verdict measure=\"counter-ratio\" counter=\"x\" aggregate=\"mean\" threshold=\"1\" partial-threshold=\"0.5\"/>",
       "    <implementation name=\"toy.scatter\" role=\"baseline\"/>\n", "verdict@direction"},
      {"<verdict measure=\"counter\" counter=\"x\" direction=\"lower-is-better\" aggregate=\"mean\" threshold=\"1\" partial-threshold=\"0.5\"/>",
       "", "verdict@direction"},
      {"<verdict measure=\"counter-difference\" counter=\"x\" aggregate=\"mean\" target=\"0\" tolerance=\"0.1\" partial-tolerance=\"0.2\"/>",
       "", "check/implementation"},
      {"<verdict measure=\"time-ratio\" counter=\"x\" aggregate=\"mean\" threshold=\"1\" partial-threshold=\"0.5\"/>",
       "    <implementation name=\"dense.own\" role=\"own\"/>\n", "verdict@counter"},
      // A GEMM implementation cannot run a toy-layer workload.
      {"<verdict measure=\"counter\" counter=\"x\" aggregate=\"mean\" threshold=\"1\" partial-threshold=\"0.5\"/>",
       "    <implementation name=\"dense.own\" role=\"context\"/>\n", "check/implementation"},
  };
  for (const auto& b : bad) {
    INFO(b.verdict);
    CHECK(capture_input_error([&] { load(toy_claim(b.verdict, b.impls)); }).field() == b.field);
  }
}

TEST_CASE("verdicts on counters: a value, a ratio against the least favourable baseline, a difference", "[task][verdict]") {
  ClaimRecord claim;
  claim.run_id = 1;
  claim.claim_id = "claim-x";
  claim.metric = "utilization";
  CheckRecord check;
  check.run_id = 1;
  check.claim_id = "claim-x";
  check.check_id = "check-x";
  check.kind = "model";
  check.aggregate = "mean";
  check.threshold = 0.7;
  check.partial_threshold = 0.5;
  check.testable = true;
  check.measure = "counter";
  check.counter = "utilization";
  auto m = [](const std::string& impl, const std::string& role, const std::string& w, const std::string& counters) {
    auto r = synthetic_measurement(impl, role, w, 1, {1.0, 1.0, 1.0});
    r.counters_json = counters;
    return r;
  };
  std::vector<MeasurementRecord> ms{m("snap", "candidate", "l1", R"({"utilization":0.8,"writebacks":10})"),
                                    m("snap", "candidate", "l2", R"({"utilization":0.7,"writebacks":20})"),
                                    m("scnn", "baseline", "l1", R"({"utilization":0.3,"writebacks":240})"),
                                    m("scnn", "baseline", "l2", R"({"utilization":0.2,"writebacks":400})"),
                                    m("perproduct", "baseline", "l1", R"({"writebacks":100})"),
                                    m("perproduct", "baseline", "l2", R"({"writebacks":1000})")};
  auto v = compute_check_verdict(claim, check, ms).verdicts.at(0);
  CHECK(v.state == "reproduced");
  CHECK(v.measured == Approx(0.75));
  CHECK(v.ci_low == v.measured);
  CHECK(v.evidence_kind == "measured");

  check.threshold = 0.9;
  CHECK(compute_check_verdict(claim, check, ms).verdicts.at(0).state == "partially-reproduced");

  // An interval reported by the implementation is used: here it straddles 0.9.
  ms[0].counters_json = R"({"utilization":0.8,"utilization.ci_low":0.6,"utilization.ci_high":1.0})";
  ms[1].counters_json = R"({"utilization":0.7,"utilization.ci_low":0.6,"utilization.ci_high":1.0})";
  v = compute_check_verdict(claim, check, ms).verdicts.at(0);
  CHECK(v.ci_low == Approx(0.6));
  CHECK(v.ci_high == Approx(1.0));
  CHECK(v.state == "ambiguous");

  // Ratio, lower is better: per workload the baseline giving the smallest ratio is judged
  // (l1: perproduct 100/10 = 10 < scnn 24; l2: scnn 400/20 = 20 < 50).
  ms[0].counters_json = R"({"writebacks":10})";
  ms[1].counters_json = R"({"writebacks":20})";
  check.measure = "counter-ratio";
  check.counter = "writebacks";
  check.direction = "lower-is-better";
  check.threshold = 22;
  check.partial_threshold = 10;
  const auto set = compute_check_verdict(claim, check, ms);
  v = set.verdicts.at(0);
  CHECK(v.measured == Approx(15.0));
  CHECK(v.state == "partially-reproduced");
  CHECK(v.baseline == "perproduct (1), scnn (1)");
  CHECK(set.speedups.size() == 4);
  int strongest = 0;
  for (const auto& s : set.speedups) strongest += s.strongest;
  CHECK(strongest == 2);

  // Difference: candidate − baseline, "no loss" within a tolerance.
  check.measure = "counter-difference";
  check.counter = "writebacks";
  check.rule = "within";
  check.target = -600;
  check.tolerance = 1;
  check.partial_tolerance = 10;
  v = compute_check_verdict(claim, check, ms).verdicts.at(0);
  // The smallest difference per workload: l1 against scnn (10 − 240), l2 against perproduct (20 − 1000).
  CHECK(v.measured == Approx(-605.0));
  CHECK(v.state == "partially-reproduced");

  // Nothing to read: error, with the counter named.
  check.counter = "absent";
  v = compute_check_verdict(claim, check, ms).verdicts.at(0);
  CHECK(v.state == "error");
  CHECK(v.explanation.find("'absent'") != std::string::npos);
}

TEST_CASE("runner: task workloads are prepared, checked, timed, checked again and stored with counters",
          "[task][runner]") {
  Registry reg = toy_registry();
  TempDir dir;
  write_text(dir / "w" / "toy.csv", kLayerTable);
  const auto catalog = WorkloadCatalog::load(dir / "w");
  write_text(dir / "c" / "a.xml",
             toy_claim("<verdict measure=\"counter-ratio\" counter=\"writebacks\" direction=\"lower-is-better\" "
                       "aggregate=\"mean\" threshold=\"3.5\" partial-threshold=\"2\"/>",
                       "    <implementation name=\"toy.scatter\" role=\"baseline\"/>\n"));
  auto claims = load_claim_folder(dir / "c", ClaimLoadContext{&reg, &catalog});
  Store store(dir / "r.sqlite");
  RunOptions options;
  options.timing = TimingOptions{2, 0.001, 0.0};
  auto summary = run_claims(claims, catalog, reg, store, options);
  CHECK(summary.ok == 4);
  CHECK(summary.verdicts == 1);
  const auto verdicts = store.verdicts(summary.run_id);
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].state == "reproduced");  // scatter writes back 4× as often
  CHECK(verdicts[0].measured == Approx(4.0));
  CHECK(verdicts[0].evidence_kind == "simulated");
  const auto checks = store.checks(summary.run_id);
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].measure == "counter-ratio");
  CHECK(checks[0].counter == "writebacks");
  CHECK(checks[0].direction == "lower-is-better");
  const auto workloads = store.workloads(summary.run_id);
  REQUIRE(workloads.size() == 2);
  CHECK(workloads[0].kind == "toy-layer");
  CHECK(workloads[0].fields_json == R"({"density":"0.5","size":"100"})");
  for (const auto& m : store.measurements(summary.run_id)) {
    CHECK(m.status == "ok");
    CHECK(m.correctness_mode == "closed form");
    CHECK(m.sample_seconds.size() == 2);
    CHECK(counter(m, "cached") == 0.0);  // first run: nothing cached yet
  }
  // The report shows the counter per workload and implementation, and what was judged.
  const std::string md = reports::markdown_report(reports::load_report_model(store, summary.run_id));
  CHECK(md.find("writebacks 4× (exact)") != std::string::npos);
  CHECK(md.find("| Workload | Workload columns | Threads | Implementation | Role | Status | writebacks | Ratio to candidate |") !=
        std::string::npos);
  CHECK(md.find("| toy.a | density=0.5, size=100 | 1 | toy.scatter | baseline | ok | 200 | 4 (judged) |") !=
        std::string::npos);

  // The second run finds the artifacts the first one stored.
  summary = run_claims(claims, catalog, reg, store, options);
  for (const auto& m : store.measurements(summary.run_id))
    CHECK(counter(m, "cached") == 1.0);
  StoreArtifactCache cache(store);
  CHECK(cache.get("toy/toy.fast/toy.a") == std::vector<unsigned char>{1, 2, 3});
  CHECK_FALSE(cache.get("toy/none"));

  // A task whose output goes wrong on repeated runs fails its own check after timing.
  write_text(dir / "c" / "a.xml", toy_claim("<verdict measure=\"counter\" counter=\"utilization\" aggregate=\"mean\" "
                                            "threshold=\"0.4\" partial-threshold=\"0.3\"/>",
                                            "", "toy.wrong"));
  claims = load_claim_folder(dir / "c", ClaimLoadContext{&reg, &catalog});
  summary = run_claims(claims, catalog, reg, store, options);
  CHECK(summary.failed_correctness == 2);
  for (const auto& m : store.measurements(summary.run_id)) {
    CHECK(m.status == "failed-correctness");
    CHECK(m.detail.rfind("after timing: counted", 0) == 0);
  }
  CHECK(store.verdicts(summary.run_id).at(0).state == "error");
}
