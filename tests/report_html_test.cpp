// The HTML page, the JSON of its tables and --compare, on synthetic databases
// (report_fixture.cpp): byte-identical output, each chart section with and without rows,
// negative results shown, a self-contained page, and a comparison with known differences.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "claimbench/machine_limits.hpp"
#include "claimbench/store.hpp"
#include "report_fixture.hpp"
#include "report_writers.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  TempDir dir;
  fs::path full, bare;
  SyntheticReportDb full_db, bare_db;
  Fixture() {
    full = dir / "full.sqlite";
    bare = dir / "bare.sqlite";
    full_db = make_synthetic_report_db(full);
    SyntheticReportOptions o;
    o.later_charts = false;
    o.machine_limits = false;
    o.second_run = false;
    bare_db = make_synthetic_report_db(bare, o);
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

reports::ReportModel load(const fs::path& db, std::int64_t run) {
  const Store store(db, Store::Mode::read_only);
  return reports::load_report_model(store, run);
}

bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The element of a chart: rendered (with its data block) or a "no rows" box.
bool chart_rendered(const std::string& html, const std::string& id) {
  return contains(html, "<div class=\"chart\" id=\"" + id + "\"") && contains(html, "data-chart=\"" + id + "\"");
}
bool chart_empty(const std::string& html, const std::string& id) {
  return contains(html, "id=\"" + id + "\" data-no-rows=\"1\"");
}

}  // namespace

TEST_CASE("report html: two generations from one database are byte-identical", "[report-html]") {
  const auto& f = fixture();
  TempDir out;
  const auto a = load(f.full, f.full_db.run_b);
  const auto b = load(f.full, f.full_db.run_b);
  const auto ca = reports::compare_runs(load(f.full, f.full_db.run_a), a);
  const auto cb = reports::compare_runs(load(f.full, f.full_db.run_a), b);
  const auto first = reports::write_all_reports(a, out / "one", &ca);
  const auto second = reports::write_all_reports(b, out / "two", &cb);
  REQUIRE(first.size() == 7);  // report.md, three CSVs, index.html, report.json, compare.csv
  REQUIRE(second.size() == first.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    INFO(first[i]);
    CHECK(fs::path(first[i]).filename() == fs::path(second[i]).filename());
    CHECK(read_text(first[i]) == read_text(second[i]));
  }
  CHECK(fs::exists(out / "one" / "index.html"));
  CHECK(fs::exists(out / "one" / "report.json"));
  CHECK(fs::exists(out / "one" / "compare.csv"));
}

TEST_CASE("report html: the page is self-contained and under 5 MB", "[report-html]") {
  const auto& f = fixture();
  const std::string html = reports::html_report(load(f.full, f.full_db.run_a));
  CHECK(html.size() < 5u * 1024 * 1024);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  // Nothing is fetched: no external scripts, stylesheets, images or frames.
  CHECK_FALSE(contains(html, "<script src"));
  CHECK_FALSE(contains(html, "<link "));
  CHECK_FALSE(contains(html, "<img "));
  CHECK_FALSE(contains(html, "<iframe"));
  CHECK_FALSE(contains(html, "sourceMappingURL"));
  CHECK(contains(html, "claimbenchVegaModules"));  // Vega is inlined (libjs-vega at build time)
  CHECK(contains(html, "new vega.View"));
  // Text from the database is escaped.
  CHECK(contains(html, "a GPU &lt;with&gt; sparse tensor cores"));
}

TEST_CASE("report html: verdict table with claim, source, conditions, evidence columns and kernel", "[report-html]") {
  const auto& f = fixture();
  const auto m = load(f.full, f.full_db.run_a);
  const std::string html = reports::html_report(m);
  CHECK(contains(html, "Synthetic 2:4 claim"));
  CHECK(contains(html, "A synthetic source for the report tests"));
  CHECK(contains(html, "<b>up to 2×</b>"));
  CHECK(contains(html, "<b>pattern:</b> 2:4"));
  CHECK(contains(html, "<th>Measured</th><th>Simulated</th><th>Modeled</th>"));
  CHECK(contains(html, "<td class=\"num\">1.3× [1.28–1.32]</td><td class=\"none\">—</td><td class=\"none\">—</td>"));
  CHECK(contains(html, "<td class=\"none\">—</td><td class=\"num\">2.1× [2–2.2]</td><td class=\"none\">—</td>"));
  CHECK(contains(html, "<code>nm.2of4.3x128.avx512 (avx512)</code>"));
  // Negative results are first-class: not-reproduced, slower than dense, failed correctness.
  CHECK(contains(html, "<span class=\"state state-not-reproduced\">not-reproduced</span>"));
  CHECK(contains(html, "1 not-reproduced"));
  CHECK(contains(html, "slower than dense</span>"));
  CHECK(contains(html, "Crossover:"));
  CHECK(contains(html, "<span class=\"negative\">failed-correctness</span>"));
  CHECK(contains(html, "max error 40× the bound"));
  CHECK(contains(html, "not testable here: needs a CUDA GPU"));
  // Provenance: machine, compiler, libraries with the OpenBLAS core, commit, command line, limits.
  CHECK(contains(html, "Synthetic Xeon"));
  CHECK(contains(html, "GNU 12.2.0"));
  CHECK(contains(html, "active core: <b>SkylakeX</b>"));
  CHECK(contains(html, "<code>aaaaaaaa</code>"));
  CHECK(contains(html, "<code>claimbench run (synthetic A)</code>"));
  CHECK(contains(html, "fp32 FMA peak 175.7 GFLOP/s on 1 thread"));
}

TEST_CASE("report html: every chart section with rows", "[report-html]") {
  const auto& f = fixture();
  const std::string html = reports::html_report(load(f.full, f.full_db.run_a));
  for (const char* id : {"chart-nm-structured-speedup-tokens", "chart-nm-structured-throughput-shape",
                         "chart-nm-structured-roofline", "chart-snap-snap-utilization", "chart-pruning-accuracy-sparsity",
                         "chart-pruning-tradeoff"}) {
    INFO(id);
    CHECK(chart_rendered(html, id));
  }
  // Points the generator expects the browser to draw: 8 speedup pairs; 4 workloads × 2 threads ×
  // 3 implementations; 10 SNAP layers; 8 pruned models (accuracy and trade-off).
  CHECK(contains(html, "id=\"chart-nm-structured-speedup-tokens\" data-expected-points=\"8\""));
  CHECK(contains(html, "id=\"chart-nm-structured-throughput-shape\" data-expected-points=\"24\""));
  CHECK(contains(html, "id=\"chart-nm-structured-roofline\" data-expected-points=\"24\""));
  CHECK(contains(html, "id=\"chart-snap-snap-utilization\" data-expected-points=\"10\""));
  CHECK(contains(html, "id=\"chart-pruning-accuracy-sparsity\" data-expected-points=\"8\""));
  CHECK(contains(html, "id=\"chart-pruning-tradeoff\" data-expected-points=\"8\""));
  CHECK(contains(html, "175.7 GFLOP/s fp32 peak, 11.4 GB/s triad"));  // the roof, from provenance
  // Techniques without such rows say so plainly.
  CHECK(chart_empty(html, "chart-nm-structured-snap-utilization"));
  CHECK(chart_empty(html, "chart-snap-speedup-tokens"));
}

TEST_CASE("report html: every chart section without rows says so", "[report-html]") {
  const auto& f = fixture();
  const std::string html = reports::html_report(load(f.bare, f.bare_db.run_a));
  CHECK(chart_rendered(html, "chart-nm-structured-speedup-tokens"));
  CHECK(chart_rendered(html, "chart-nm-structured-throughput-shape"));
  CHECK(chart_rendered(html, "chart-nm-structured-roofline"));  // points, but no roofs:
  CHECK(contains(html, "this run stored no measured machine limits (machine.limits: skipped"));
  for (const char* id : {"chart-nm-structured-snap-utilization", "chart-nm-structured-accuracy-sparsity",
                         "chart-nm-structured-tradeoff"}) {
    INFO(id);
    CHECK(chart_empty(html, id));
  }
  CHECK(contains(html, "No rows yet for nm-structured: this chart reads measurements whose counters carry "
                       "`utilization` and `weight_density`"));
  CHECK(contains(html, "`accuracy` and `sparsity`"));
  CHECK(contains(html, "`accuracy` and `modeled_energy_j`"));

  // An empty run: no techniques, no verdicts, no measurements, said plainly.
  TempDir dir;
  Store store(dir / "empty.sqlite");
  const auto id = store.begin_run("claimbench run --claim nothing", {}, "2024-01-01T00:00:00Z");
  store.finish_run(id, "completed", "2024-01-01T00:00:01Z");
  const std::string empty = reports::html_report(reports::load_report_model(store, id));
  CHECK(contains(empty, "This run holds no verdicts."));
  CHECK(contains(empty, "This run holds no measurements."));
  CHECK(contains(empty, "nothing to chart"));
  CHECK(count(empty, "data-chart=\"chart-") == 0);
  CHECK(contains(empty, "absent (the run predates the machine characterisation)"));
  const auto json = boost::json::parse(reports::tables_json(reports::load_report_model(store, id)));
  CHECK(json.at("verdicts").as_array().empty());
}

TEST_CASE("report html: report.json holds the same tables, evidence kinds apart", "[report-html]") {
  const auto& f = fixture();
  const auto m = load(f.full, f.full_db.run_a);
  const auto root = boost::json::parse(reports::tables_json(m)).as_object();
  CHECK(root.at("run").at("id").to_number<std::int64_t>() == f.full_db.run_a);
  CHECK(root.at("run").at("provenance").at("lib.openblas.corename").as_string() == "SkylakeX");
  const auto& verdicts = root.at("verdicts").as_array();
  REQUIRE(verdicts.size() == m.verdicts.size());
  int checked = 0;
  for (const auto& v : verdicts) {
    const auto& o = v.as_object();
    if (o.at("check_id").as_string() == "analog") {
      CHECK(o.at("measured").at("value").to_number<double>() == Approx(1.3));
      CHECK(o.at("simulated").is_null());
      CHECK(o.at("modeled").is_null());
      ++checked;
    }
    if (o.at("check_id").as_string() == "snap-model") {
      CHECK(o.at("measured").is_null());
      CHECK(o.at("simulated").at("value").to_number<double>() == Approx(2.1));
      ++checked;
    }
  }
  CHECK(checked == 2);
  CHECK(root.at("speedups").as_array().size() == m.speedups.size());
  CHECK(root.at("measurements").as_array().size() == m.measurements.size());
  CHECK_FALSE(root.contains("comparison"));
}

TEST_CASE("report html: --compare marks one faster, one slower, the rest the same", "[report-html]") {
  const auto& f = fixture();
  const auto a = load(f.full, f.full_db.run_a);
  const auto b = load(f.full, f.full_db.run_b);
  const auto c = reports::compare_runs(a, b);
  CHECK(c.faster == 1);
  CHECK(c.slower == 1);
  CHECK(c.other == 1);  // the measurement that failed correctness in both runs
  CHECK(c.same == static_cast<int>(c.rows.size()) - 3);
  for (const auto& r : c.rows) {
    INFO(r.implementation << " " << r.workload_id << " " << r.threads);
    if (r.workload_id == "syn.w0" && r.threads == 1 && r.implementation == "nm.2of4") {
      CHECK(r.outcome == "faster");
      CHECK(r.ratio == Approx(0.7).epsilon(0.03));
      CHECK(r.ratio_high < 1.0);
    } else if (r.workload_id == "syn.w0" && r.threads == 1 && r.implementation == "dense.openblas") {
      CHECK(r.outcome == "slower");
      CHECK(r.ratio == Approx(1.3).epsilon(0.03));
    } else if (r.implementation == "nm.2of4.broken") {
      CHECK(r.outcome == "not-comparable");
    } else {
      CHECK(r.outcome == "same");
    }
  }
  // The provenance that differs is listed (commit, command line, times).
  bool commit = false;
  for (const auto& d : c.provenance) commit |= d.key == "git.commit" && d.a_value == "aaaaaaaa" && d.b_value == "bbbbbbbb";
  CHECK(commit);

  const std::string html = reports::html_report(b, &c);
  CHECK(contains(html, "<section id=\"compare\">"));
  CHECK(contains(html, "upper end of its 95% bootstrap interval of the median time lies below the lower end"));
  CHECK(contains(html, "B faster: 1"));
  CHECK(contains(html, "B slower: 1"));
  CHECK(count(html, "<td class=\"outcome-faster\">faster</td>") == 1);
  CHECK(count(html, "<td class=\"outcome-slower\">slower</td>") == 1);
  CHECK(chart_rendered(html, "chart-compare"));
  const std::string csv = reports::comparison_csv(c);
  CHECK(count(csv, ",faster,") == 1);
  CHECK(count(csv, ",slower,") == 1);
  CHECK(count(csv, "\n") == 1 + c.rows.size());
  const auto json = boost::json::parse(reports::tables_json(b, &c));
  CHECK(json.at("comparison").at("faster").to_number<int>() == 1);
  CHECK(json.at("comparison").at("slower").to_number<int>() == 1);
  CHECK(reports::comparison_markdown(c).find("| **faster** |") != std::string::npos);
}

TEST_CASE("machine limits: measured figures are plausible, and skipping is recorded", "[machine-limits]") {
  MachineLimitsOptions o;
  o.peak_seconds = 0.02;
  o.triad_seconds = 0.02;
  o.triad_array_bytes = 8u << 20;
  const auto m = measure_machine_limits(o);
  CHECK((m.isa == "avx512" || m.isa == "avx2" || m.isa == "scalar"));
  CHECK(m.fp32_peak_gflops_1t > 0.5);
  CHECK(m.fp32_peak_gflops_2t > 0.5);
  CHECK(m.triad_gbs_1t > 0.1);
  CHECK(m.triad_gbs_2t > 0.1);
  CHECK(m.triad_array_mib == Approx(8.0));

  const char* previous = std::getenv("CLAIMBENCH_SKIP_MACHINE_LIMITS");
  const std::string saved = previous ? previous : "";
  setenv("CLAIMBENCH_SKIP_MACHINE_LIMITS", "1", 1);
  const auto p = machine_limits_provenance();
  CHECK(p.at("machine.limits") == "skipped (CLAIMBENCH_SKIP_MACHINE_LIMITS=1)");
  CHECK(p.count("machine.fp32_peak_gflops.1t") == 0);
  if (previous) setenv("CLAIMBENCH_SKIP_MACHINE_LIMITS", saved.c_str(), 1);
  else unsetenv("CLAIMBENCH_SKIP_MACHINE_LIMITS");
}
