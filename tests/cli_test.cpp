// The claimbench command, in-process: help and exit codes, a tiny real run into a temporary
// database, and the commands that must work from the database alone.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "claimbench/claim_loader.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/runner.hpp"
#include "claimbench/store.hpp"
#include "claimbench/workload.hpp"
#include "cli.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;
namespace fs = std::filesystem;

namespace {

int claimbench_cli(const std::vector<std::string>& arguments) { return cli::run_cli(arguments); }

// Runs the command with stdout captured (and restored before any CHECK reports).
struct Outcome {
  int code;
  std::string out;
};
Outcome quiet(const std::vector<std::string>& arguments) {
  CapturedStdout capture;
  const int code = claimbench_cli(arguments);
  return {code, capture.text()};
}

std::vector<std::string> run_arguments(const fs::path& claims, const fs::path& db) {
  return {"run",        "--claims", claims.string(), "--data", data_dir().string(), "--db", db.string(),
          "--repetitions", "2",     "--min-time",    "0.001",  "--warmup",          "0",    "--no-progress"};
}

const std::set<std::string> kStates{"reproduced", "partially-reproduced", "not-reproduced",
                                    "ambiguous",  "not-testable-here",    "error"};

}  // namespace

TEST_CASE("cli: --help for the command and every subcommand exits 0", "[cli]") {
  for (const auto& arguments : std::vector<std::vector<std::string>>{{"--help"},
                                                                     {"-h"},
                                                                     {"help"},
                                                                     {"run", "--help"},
                                                                     {"verdicts", "--help"},
                                                                     {"report", "--help"},
                                                                     {"export", "--help"},
                                                                     {"list", "--help"}}) {
    INFO(arguments.front() << " " << arguments.back());
    const auto result = quiet(arguments);
    CHECK(result.code == cli::kExitOk);
    CHECK_FALSE(result.out.empty());
  }
  const std::string text = quiet({"--help"}).out;
  for (const char* command : {"list", "run", "verdicts", "report", "export"}) CHECK(text.find(command) != std::string::npos);
}

TEST_CASE("cli: bad command lines exit 2", "[cli]") {
  CHECK(claimbench_cli({}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"frobnicate"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"run", "--no-such-option"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"run", "--repetitions", "zero"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"run", "--repetitions", "0"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"run", "--min-time", "0"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"run", "--threads", "0"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"list", "everything"}) == cli::kExitBadInput);
  TempDir dir;
  CHECK(claimbench_cli({"export", "--db", (dir / "x.sqlite").string()}) == cli::kExitBadInput);  // no format chosen
  CHECK(claimbench_cli({"run", "--claims", (data_dir() / "cli-claims").string(), "--data", data_dir().string(), "--db",
             (dir / "x.sqlite").string(), "--implementation", "no.such.*"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"run", "--claims", (data_dir() / "cli-claims").string(), "--data", data_dir().string(), "--db",
             (dir / "x.sqlite").string(), "--claim", "no-such-claim"}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"run", "--claims", (data_dir() / "cli-claims").string(), "--data", data_dir().string(), "--db",
             (dir / "x.sqlite").string(), "--workload", "no.such.workload"}) == cli::kExitBadInput);
  CHECK_FALSE(fs::exists(dir / "x.sqlite"));
}

TEST_CASE("cli: list prints what the project knows", "[cli]") {
  {
    const auto result = quiet({"list", "implementations"});
    CHECK(result.code == cli::kExitOk);
    const std::string text = result.out;
    CHECK(text.find("nm.2of4") != std::string::npos);
    CHECK(text.find("dense.openblas") != std::string::npos);
    CHECK(text.find(kWrongResultName) != std::string::npos);
  }
  {
    const auto result = quiet({"list", "workloads", "--data", data_dir().string()});
    CHECK(result.code == cli::kExitOk);
    const std::string text = result.out;
    CHECK(text.find("tiny.a") != std::string::npos);
    CHECK(text.find("tiny-dense.a") != std::string::npos);
  }
  {
    const auto result = quiet({"list", "claims", "--claims", (data_dir() / "claims").string(), "--data", data_dir().string()});
    CHECK(result.code == cli::kExitOk);
    const std::string text = result.out;
    CHECK(text.find("test-full-claim") != std::string::npos);
    CHECK(text.find("(pending)") != std::string::npos);
  }
  // The shipped claims with the shipped data.
  CHECK(quiet({"list", "claims"}).code == cli::kExitOk);
  CHECK(claimbench_cli({"list", "claims", "--claims", (data_dir() / "bad-claims").string(), "--data", data_dir().string()}) ==
        cli::kExitBadInput);
}

TEST_CASE("cli: run with a broken claim folder or workload table exits 2 and measures nothing", "[cli]") {
  TempDir dir;
  const auto db = dir / "r.sqlite";
  CHECK(claimbench_cli(run_arguments(data_dir() / "bad-claims", db)) == cli::kExitBadInput);
  CHECK(claimbench_cli(run_arguments(dir / "no-such-folder", db)) == cli::kExitBadInput);
  // A broken workload table: --data points at a folder whose workloads/ has one.
  fs::create_directories(dir / "data" / "workloads");
  fs::copy_file(data_dir() / "bad-workloads" / "bad-pattern" / "t.csv", dir / "data" / "workloads" / "t.csv");
  auto arguments = run_arguments(data_dir() / "cli-claims", db);
  arguments[4] = (dir / "data").string();  // --data
  REQUIRE(arguments[3] == "--data");
  CHECK(claimbench_cli(arguments) == cli::kExitBadInput);
  if (fs::exists(db)) CHECK(Store(db).runs().empty());
}

TEST_CASE("cli: run, then verdicts, report and export from the database alone", "[cli][run]") {
  TempDir dir;
  const auto claims = dir / "claims";
  fs::copy(data_dir() / "cli-claims", claims, fs::copy_options::recursive);
  const auto db = dir / "results.sqlite";
  const auto arguments = run_arguments(claims, db);

  {
    const auto result = quiet(arguments);
    CHECK(result.code == cli::kExitOk);
    CHECK(result.out.find("run 1:") != std::string::npos);
  }
  {
    const Store store(db, Store::Mode::read_only);
    const auto runs = store.runs();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].status == "completed");
    CHECK_FALSE(runs[0].finished_at.empty());
    CHECK(runs[0].command_line.find("--repetitions 2") != std::string::npos);
    CHECK_FALSE(runs[0].provenance.empty());
    const auto verdicts = store.verdicts(1);
    REQUIRE(verdicts.size() == 1);
    CHECK(verdicts[0].claim_id == "test-tiny-2of4");
    CHECK(verdicts[0].check_id == "cpu-analog");
    CHECK(kStates.count(verdicts[0].state) == 1);
    CHECK(verdicts[0].state != "error");
    CHECK(verdicts[0].state != "not-testable-here");
    CHECK(verdicts[0].pairs == 1);
    CHECK_FALSE(verdicts[0].own_state.empty());
    const auto ms = store.measurements(1);
    REQUIRE(ms.size() == 3);
    for (const auto& m : ms) {
      INFO(m.implementation << ": " << m.detail);
      CHECK(m.status == "ok");
      CHECK(m.sample_seconds.size() == 2);
      CHECK(m.correctness_mode == "full");
      CHECK(m.checked_elements == 16 * 8);
      CHECK(m.median_s > 0);
      if (m.implementation == "nm.2of4") CHECK(m.kernel.find("2of4") != std::string::npos);
    }
    CHECK(store.speedups(1).size() == 2);
    CHECK(store.workloads(1).size() == 1);
    CHECK(store.claims(1).size() == 1);
  }

  // A second run appends run 2.
  CHECK(quiet(arguments).code == cli::kExitOk);
  {
    const Store store(db, Store::Mode::read_only);
    CHECK(store.runs().size() == 2);
    CHECK(store.latest_run_id() == 2);
    CHECK(store.measurements(2).size() == 3);
    CHECK(store.measurements(1).size() == 3);
  }

  // From here on, the database is all there is.
  fs::remove_all(claims);
  REQUIRE_FALSE(fs::exists(claims));

  {
    const auto result = quiet({"verdicts", "--db", db.string()});
    CHECK(result.code == cli::kExitOk);
    const std::string text = result.out;
    CHECK(text.find("run 2") != std::string::npos);
    CHECK(text.find("test-tiny-2of4 / cpu-analog") != std::string::npos);
  }
  {
    const auto result = quiet({"verdicts", "--db", db.string(), "--run", "1", "--recompute"});
    CHECK(result.code == cli::kExitOk);
    const std::string text = result.out;
    CHECK(text.find("recomputed 1 verdicts of run 1") != std::string::npos);
    CHECK(text.find("; 0 differ") != std::string::npos);
  }
  CHECK(claimbench_cli({"verdicts", "--db", db.string(), "--run", "99"}) == cli::kExitBadInput);

  const auto report = dir / "report";
  {
    const auto result = quiet({"report", "--db", db.string(), "--out", report.string()});
    CHECK(result.code == cli::kExitOk);
  }
  for (const char* name : {"report.md", "verdicts.csv", "speedups.csv", "measurements.csv"}) {
    INFO(name);
    REQUIRE(fs::exists(report / name));
    CHECK(read_text(report / name).find("test-tiny-2of4") != std::string::npos);
  }
  CHECK(read_text(report / "report.md").find("# claimbench report: run 2") != std::string::npos);

  const auto json_file = dir / "bench.json";
  CHECK(claimbench_cli({"export", "--json", "--db", db.string(), "--run", "1", "--out", json_file.string()}) == cli::kExitOk);
  const auto parsed = boost::json::parse(read_text(json_file));
  const auto& benchmarks = parsed.at("benchmarks").as_array();
  int iterations = 0;
  for (const auto& b : benchmarks)
    if (b.at("run_type").as_string() == "iteration") ++iterations;
  CHECK(iterations == 3 * 2);
  CHECK(parsed.at("context").at("claimbench_run_id").to_number<std::int64_t>() == 1);
}

TEST_CASE("cli: report and verdicts on a missing or foreign database exit 2", "[cli]") {
  TempDir dir;
  const auto missing = dir / "missing.sqlite";
  CHECK(claimbench_cli({"report", "--db", missing.string(), "--out", (dir / "r").string()}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"verdicts", "--db", missing.string()}) == cli::kExitBadInput);
  CHECK(claimbench_cli({"export", "--json", "--db", missing.string()}) == cli::kExitBadInput);
  CHECK_FALSE(fs::exists(missing));  // not created by looking

  const auto foreign = dir / "foreign.sqlite";
  write_text(foreign, "this is not a database, just text that is long enough to have a header........");
  CHECK(claimbench_cli({"report", "--db", foreign.string(), "--out", (dir / "r").string()}) == cli::kExitBadInput);

  const auto empty = dir / "empty.sqlite";
  { Store store(empty); }
  CHECK(claimbench_cli({"verdicts", "--db", empty.string()}) == cli::kExitBadInput);  // holds no runs yet
}

TEST_CASE("cli: a measurement that fails its correctness check exits 1", "[cli][run]") {
  TempDir dir;
  const auto db = dir / "wrong.sqlite";
  {
    const auto result = quiet(run_arguments(data_dir() / "cli-wrong-claims", db));
    CHECK(result.code == cli::kExitMeasurementFailed);
  }
  const Store store(db, Store::Mode::read_only);
  const auto runs = store.runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "completed");  // the run itself finished; one measurement failed
  const auto ms = store.measurements(1);
  REQUIRE(ms.size() == 2);
  for (const auto& m : ms) {
    INFO(m.implementation);
    if (m.implementation == kWrongResultName) {
      CHECK(m.status == "failed-correctness");
      CHECK(m.sample_seconds.empty());  // never timed
      CHECK_FALSE(m.detail.empty());
      CHECK(m.kernel == "test.wrong-result.scalar");
      CHECK(m.origin == "test");
      CHECK(m.max_error_ratio > 1.0);
    } else {
      CHECK(m.implementation == "dense.own");
      CHECK(m.status == "ok");
    }
  }
  const auto verdicts = store.verdicts(1);
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].state == "error");
  CHECK(verdicts[0].explanation.find("failed-correctness") != std::string::npos);
  CHECK(store.speedups(1).empty());
}

TEST_CASE("cli: every --implementation pattern must match something", "[cli]") {
  // command_run.cpp checks each pattern with RunFilters::matches_implementation, which ORs
  // over all patterns, so one good pattern hides a typo in another.
  TempDir dir;
  const auto db = dir / "r.sqlite";
  auto arguments = run_arguments(data_dir() / "cli-claims", db);
  for (const char* pattern : {"nm.2of4", "dense.own", "dense.openblsa"}) {  // the last is a typo
    arguments.push_back("--implementation");
    arguments.push_back(pattern);
  }
  const auto result = quiet(arguments);
  CHECK(result.code == cli::kExitBadInput);
}

TEST_CASE("cli: --implementation and --threads shape what is measured, provenance is stored", "[cli][run]") {
  TempDir dir;
  const auto db = dir / "r.sqlite";
  auto arguments = run_arguments(data_dir() / "cli-claims", db);
  for (const char* a : {"--implementation", "nm.*", "--implementation", "dense.own", "--threads", "2"})
    arguments.push_back(a);
  {
    const auto result = quiet(arguments);
    CHECK(result.code == cli::kExitOk);
  }
  const Store store(db, Store::Mode::read_only);
  const auto ms = store.measurements(1);
  REQUIRE(ms.size() == 2);  // dense.openblas filtered out
  for (const auto& m : ms) {
    CHECK(m.threads == 2);
    CHECK(m.implementation != "dense.openblas");
    CHECK(m.status == "ok");
  }
  const auto run = store.run(1);
  REQUIRE(run);
  for (const char* key : {"cpu.model", "cpu.logical_cores", "git.commit", "build.compiler", "lib.sqlite",
                          "lib.openblas.corename", "lib.onednn", "command_line", "os.kernel"}) {
    INFO(key);
    CHECK(run->provenance.count(key) == 1);
  }
  CHECK(run->provenance.at("command_line") == run->command_line);
  const auto checks = store.checks(1);
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].threads_json == "[2]");
  CHECK(checks[0].workloads_json == "[\"tiny.a\"]");
  CHECK(checks[0].testable);
}

namespace {

// Implementations that misbehave in the ways the runner must survive, for a local registry.
class Misbehaving final : public Implementation {
 public:
  enum class Kind { throws_in_run, wrong_after_repeats, unsupported };
  Misbehaving(std::string name, Kind kind) : name_(std::move(name)), kind_(kind) {}
  ImplementationInfo info() const override {
    ImplementationInfo i;
    i.name = name_;
    i.technique = "test";
    i.device = "cpu";
    i.precision = "fp32";
    return i;
  }
  Support supports(const GemmProblem&, const ExecutionConfig&) const override {
    return kind_ == Kind::unsupported ? Support::no("never supported (test)") : Support::yes();
  }
  void prepare(const GemmProblem& p, const ExecutionConfig&) override {
    p_ = p;
    c_.assign(static_cast<std::size_t>(p.M) * p.N, 0.0f);
  }
  void run() override {
    if (kind_ == Kind::throws_in_run) throw std::runtime_error("kernel exploded (test)");
    ++calls_;
    for (int i = 0; i < p_.M; ++i)
      for (int j = 0; j < p_.N; ++j) {
        double s = 0;
        for (int k = 0; k < p_.K; ++k)
          s += static_cast<double>(p_.A[static_cast<std::size_t>(i) * p_.lda + k]) * p_.B[static_cast<std::size_t>(k) * p_.ldb + j];
        c_[static_cast<std::size_t>(i) * p_.N + j] = static_cast<float>(s);
      }
    if (calls_ > 1) c_[0] += 1000.0f;  // right the first time, wrong once it is timed
  }
  std::span<const float> result() const override { return c_; }
  Counters counters() const override {
    Counters c;
    c.kernel = name_ + ".kernel";
    c.isa = "scalar";
    return c;
  }

 private:
  std::string name_;
  Kind kind_;
  GemmProblem p_;
  std::vector<float> c_;
  int calls_ = 0;
};

std::string misbehaving_claim(const std::string& id, const std::string& candidate) {
  return "<?xml version=\"1.0\"?>\n<claim id=\"" + id +
         "\">\n  <title>t</title>\n  <source kind=\"paper\" reliability=\"primary\"><citation>c</citation></source>\n"
         "  <statement>s</statement>\n  <metric name=\"speedup\"/>\n  <claimed kind=\"point\" value=\"2\"/>\n"
         "  <check id=\"c\" kind=\"analog\">\n    <description>d</description>\n"
         "    <implementation name=\"" + candidate + "\" role=\"candidate\"/>\n"
         "    <implementation name=\"dense.own\" role=\"own\"/>\n    <workload id=\"tiny.b\"/>\n"
         "    <verdict aggregate=\"max\" threshold=\"1.5\" partial-threshold=\"1.1\"/>\n  </check>\n</claim>\n";
}

}  // namespace

TEST_CASE("runner: errors, late wrong results and unsupported candidates are stored, and the run completes",
          "[runner]") {
  Registry local;
  local.add([] { return Registry::global().create("dense.own"); });
  using K = Misbehaving::Kind;
  local.add([] { return std::unique_ptr<Implementation>(new Misbehaving("test.throws", K::throws_in_run)); });
  local.add([] { return std::unique_ptr<Implementation>(new Misbehaving("test.late-wrong", K::wrong_after_repeats)); });
  local.add([] { return std::unique_ptr<Implementation>(new Misbehaving("test.unsupported", K::unsupported)); });

  TempDir dir;
  write_text(dir / "claims" / "a.xml", misbehaving_claim("a-throws", "test.throws"));
  write_text(dir / "claims" / "b.xml", misbehaving_claim("b-late-wrong", "test.late-wrong"));
  write_text(dir / "claims" / "c.xml", misbehaving_claim("c-unsupported", "test.unsupported"));
  const auto catalog = WorkloadCatalog::load(data_dir() / "workloads");
  const auto claims = load_claim_folder(dir / "claims", ClaimLoadContext{&local, &catalog});
  REQUIRE(claims.size() == 3);
  // The global registry does not know these names.
  CHECK_THROWS_AS(load_claim_folder(dir / "claims", ClaimLoadContext{&Registry::global(), &catalog}), InputError);

  Store store(dir / "r.sqlite");
  RunOptions options;
  options.timing = TimingOptions{2, 0.001, 0.0};
  const RunSummary summary = run_claims(claims, catalog, local, store, options);
  CHECK(summary.ok == 3);  // dense.own three times
  CHECK(summary.errors == 1);
  CHECK(summary.failed_correctness == 1);
  CHECK(summary.unsupported == 1);
  CHECK(summary.verdicts == 3);

  const auto run = store.run(summary.run_id);
  REQUIRE(run);
  CHECK(run->status == "completed");
  std::map<std::string, MeasurementRecord> by_impl;
  for (const auto& m : store.measurements(summary.run_id)) by_impl[m.implementation] = m;
  CHECK(by_impl.at("test.throws").status == "error");
  CHECK(by_impl.at("test.throws").detail == "kernel exploded (test)");
  CHECK(by_impl.at("test.late-wrong").status == "failed-correctness");
  CHECK(by_impl.at("test.late-wrong").detail.rfind("after timing: ", 0) == 0);
  CHECK(by_impl.at("test.late-wrong").sample_seconds.empty());
  CHECK(by_impl.at("test.unsupported").status == "unsupported");
  CHECK(by_impl.at("test.unsupported").detail == "never supported (test)");
  for (const auto& v : store.verdicts(summary.run_id)) {
    INFO(v.claim_id);
    CHECK(v.state == "error");
  }
}

TEST_CASE("runner: a workload or thread count named twice does not break the run", "[runner]") {
  // <workloads table="tiny"/> plus <workload id="tiny.b"/> selects tiny.b twice; "1 1" selects
  // one thread twice. Either the loader refuses such a check (an InputError naming the line),
  // or the run measures each pair once and completes. Today neither happens: the runner
  // measures twice, compute_check_verdict emits two speedup rows with the same primary key,
  // replace_verdicts hits the UNIQUE constraint and the whole run ends "failed".
  const auto catalog = WorkloadCatalog::load(data_dir() / "workloads");
  for (const std::string& twice : {std::string("    <workloads table=\"tiny\"/>\n    <workload id=\"tiny.b\"/>\n"),
                                  std::string("    <workload id=\"tiny.b\"/>\n    <threads>1 1</threads>\n")}) {
    INFO(twice);
    TempDir dir;
    std::string text = misbehaving_claim("twice", "nm.2of4");
    const std::string once = "    <workload id=\"tiny.b\"/>\n";
    text.replace(text.find(once), once.size(), twice);
    write_text(dir / "claims" / "twice.xml", text);
    std::vector<Claim> claims;
    try {
      claims = load_claim_folder(dir / "claims", ClaimLoadContext{&Registry::global(), &catalog});
    } catch (const InputError& e) {
      CHECK(e.line() > 0);  // refused with a place: acceptable
      continue;
    }
    Store store(dir / "r.sqlite");
    RunOptions options;
    options.timing = TimingOptions{2, 0.001, 0.0};
    RunSummary summary;
    CHECK_NOTHROW(summary = run_claims(claims, catalog, Registry::global(), store, options));
    const auto run = store.run(1);
    REQUIRE(run);
    CHECK(run->status == "completed");
    CHECK(store.verdicts(1).size() == 1);
  }
}
