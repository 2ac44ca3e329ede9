// Reports from the database alone: what they must show, byte-identical output, an empty run,
// and Google Benchmark's JSON format with the stored samples.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <memory>

#include "claimbench/claim_loader.hpp"
#include "claimbench/registry.hpp"
#include "claimbench/runner.hpp"
#include "claimbench/store.hpp"
#include "claimbench/workload.hpp"
#include "report_writers.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;
namespace fs = std::filesystem;

namespace {

// One tiny run (the 2:4 claim and the wrong-result claim), made once for all report tests.
struct ReportFixture {
  TempDir dir;
  fs::path db;
  std::int64_t run_id = 0;
  RunSummary summary;

  ReportFixture() {
    db = dir / "report.sqlite";
    const auto catalog = WorkloadCatalog::load(data_dir() / "workloads");
    const ClaimLoadContext context{&Registry::global(), &catalog};
    auto claims = load_claim_folder(data_dir() / "cli-claims", context);
    for (auto& c : load_claim_folder(data_dir() / "cli-wrong-claims", context)) claims.push_back(std::move(c));
    RunOptions options;
    options.timing = TimingOptions{3, 0.001, 0.0};
    options.command_line = "claimbench run (report test)";
    Store store(db);
    summary = run_claims(claims, catalog, Registry::global(), store, options);
    run_id = summary.run_id;
  }
};

const ReportFixture& fixture() {
  static const ReportFixture f;
  return f;
}

reports::ReportModel model() {
  const Store store(fixture().db, Store::Mode::read_only);
  return reports::load_report_model(store, fixture().run_id);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: the fixture run measured what it should", "[report]") {
  const auto& f = fixture();
  CHECK(f.summary.ok == 4);
  CHECK(f.summary.failed_correctness == 1);
  CHECK(f.summary.errors == 0);
  CHECK(f.summary.verdicts == 2);
}

TEST_CASE("report: Markdown shows claim, claimed value, verdict and the kernel that ran", "[report]") {
  const auto m = model();
  const std::string md = reports::markdown_report(m);
  REQUIRE(m.verdicts.size() == 2);
  const MeasurementRecord* candidate = nullptr;
  for (const auto& x : m.measurements)
    if (x.implementation == "nm.2of4") candidate = &x;
  REQUIRE(candidate != nullptr);
  REQUIRE_FALSE(candidate->kernel.empty());

  CHECK(md.find("# claimbench report: run " + std::to_string(fixture().run_id)) != std::string::npos);
  CHECK(md.find("test-tiny-2of4") != std::string::npos);
  CHECK(md.find("test-wrong-result") != std::string::npos);
  CHECK(md.find("Tiny 2:4 claim for the command-line tests") != std::string::npos);
  CHECK(md.find("up to 2×") != std::string::npos);        // claimed text
  CHECK(md.find("at least 10×") != std::string::npos);
  CHECK(md.find("shape: 16×8×32") != std::string::npos);  // the conditions beside the number
  for (const auto& v : m.verdicts) CHECK(md.find("**" + v.state + "**") != std::string::npos);
  CHECK(md.find("**error**") != std::string::npos);  // the wrong-result claim
  CHECK(md.find(candidate->kernel) != std::string::npos);
  CHECK(md.find("**failed-correctness**") != std::string::npos);
  CHECK(md.find("test.wrong-result.scalar") != std::string::npos);
  CHECK(md.find("dense.openblas") != std::string::npos);
  CHECK(md.find("claimbench run (report test)") != std::string::npos);
  CHECK(md.find("## Provenance") != std::string::npos);
  CHECK(md.find("This run holds no measurements.") == std::string::npos);

  const std::string verdicts = reports::verdicts_csv(m);
  CHECK(count(verdicts, "\n") == 1 + 2);
  CHECK(verdicts.find("test-tiny-2of4,cpu-analog,analog,measured,speedup,up to 2×,") != std::string::npos);
  CHECK(verdicts.find(",error,") != std::string::npos);
  const std::string measurements = reports::measurements_csv(m);
  CHECK(count(measurements, "\n") == 1 + 5);
  CHECK(measurements.find(candidate->kernel) != std::string::npos);
  CHECK(measurements.find(",failed-correctness,") != std::string::npos);
  const std::string speedups = reports::speedups_csv(m);
  CHECK(count(speedups, "\n") == 1 + 2);
  CHECK(speedups.find("tiny.a,16,8,32,1,nm.2of4,dense.openblas,library,") != std::string::npos);
  CHECK(speedups.find("nm.2of4,dense.own,own,") != std::string::npos);
}

TEST_CASE("report: the same database gives byte-identical files", "[report]") {
  const auto a = model();
  const auto b = model();
  CHECK(reports::markdown_report(a) == reports::markdown_report(b));
  CHECK(reports::verdicts_csv(a) == reports::verdicts_csv(b));
  CHECK(reports::speedups_csv(a) == reports::speedups_csv(b));
  CHECK(reports::measurements_csv(a) == reports::measurements_csv(b));
  CHECK(reports::benchmark_json(a) == reports::benchmark_json(b));

  TempDir out;
  const auto first = reports::write_reports(a, out / "one");
  const auto second = reports::write_reports(b, out / "two");
  REQUIRE(first.size() == 4);
  REQUIRE(second.size() == 4);
  for (std::size_t i = 0; i < first.size(); ++i) {
    INFO(first[i]);
    CHECK(fs::path(first[i]).filename() == fs::path(second[i]).filename());
    CHECK(read_text(first[i]) == read_text(second[i]));
    CHECK_FALSE(read_text(first[i]).empty());
  }
  CHECK(read_text(out / "one" / "report.md") == reports::markdown_report(a));
  // Writing again over the same folder replaces, byte for byte.
  reports::write_reports(b, out / "one");
  CHECK(read_text(out / "one" / "report.md") == reports::markdown_report(a));
}

TEST_CASE("report: a run with no measurements says so plainly", "[report]") {
  TempDir dir;
  Store store(dir / "empty.sqlite");
  const auto id = store.begin_run("claimbench run --claim nothing", {}, "2024-01-01T00:00:00Z");
  store.finish_run(id, "completed", "2024-01-01T00:00:01Z");
  const auto m = reports::load_report_model(store, id);
  const std::string md = reports::markdown_report(m);
  CHECK(md.find("This run holds no measurements.") != std::string::npos);
  CHECK(md.find("This run holds no verdicts.") != std::string::npos);
  CHECK(count(reports::verdicts_csv(m), "\n") == 1);  // the header only
  CHECK(count(reports::measurements_csv(m), "\n") == 1);
  const auto json = boost::json::parse(reports::benchmark_json(m));
  CHECK(json.at("benchmarks").as_array().empty());

  // An interrupted run says it did not finish.
  const auto running = store.begin_run("claimbench run", {}, "2024-01-01T00:00:02Z");
  const std::string interrupted = reports::markdown_report(reports::load_report_model(store, running));
  CHECK(interrupted.find("did not finish") != std::string::npos);

  CHECK_THROWS(reports::load_report_model(store, 99));
}

TEST_CASE("report: benchmark_json is Google Benchmark's format with the stored samples", "[report]") {
  const auto m = model();
  const auto root = boost::json::parse(reports::benchmark_json(m)).as_object();
  REQUIRE(root.contains("context"));
  REQUIRE(root.contains("benchmarks"));
  const auto& context = root.at("context").as_object();
  CHECK(context.at("claimbench_run_id").to_number<std::int64_t>() == fixture().run_id);
  CHECK(context.contains("date"));
  CHECK(context.contains("library_build_type"));
  const auto& benchmarks = root.at("benchmarks").as_array();

  int checked = 0;
  for (const auto& x : m.measurements) {
    const std::string name = x.claim_id + "/" + x.check_id + "/" + x.implementation + "/" + x.workload_id +
                             "/threads:" + std::to_string(x.threads);
    std::vector<double> real_times;
    std::vector<std::int64_t> iterations;
    int aggregates = 0;
    for (const auto& b : benchmarks) {
      const auto& o = b.as_object();
      if (o.at("run_name").as_string() != name) continue;
      if (o.at("run_type").as_string() == "iteration") {
        CHECK(o.at("time_unit").as_string() == "ns");
        CHECK(o.at("repetition_index").to_number<std::int64_t>() == static_cast<std::int64_t>(real_times.size()));
        real_times.push_back(o.at("real_time").to_number<double>());
        iterations.push_back(o.at("iterations").to_number<std::int64_t>());
        CHECK(o.at("kernel").as_string() == x.kernel);
      } else {
        CHECK(o.at("run_type").as_string() == "aggregate");
        ++aggregates;
      }
    }
    INFO(name);
    if (x.status != "ok") {
      CHECK(real_times.empty());  // failed measurements are not exported as timings
      continue;
    }
    REQUIRE(real_times.size() == x.sample_seconds.size());
    for (std::size_t r = 0; r < real_times.size(); ++r) {
      CHECK(real_times[r] == Approx(x.sample_seconds[r] * 1e9).epsilon(1e-15));
      CHECK(iterations[r] == x.sample_iterations[r]);
    }
    CHECK(aggregates == 3);
    ++checked;
  }
  CHECK(checked == 4);
}
