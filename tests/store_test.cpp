// The SQLite store: every record type round-trips; the schema is versioned, WAL is on,
// migrations from version 1 keep old rows; foreign and newer databases are refused.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "claimbench/store.hpp"
#include "detail/sqlite.hpp"
#include "store_schema.hpp"
#include "test_support.hpp"

using namespace claimbench;
using namespace claimbench::test;

namespace {

struct RawDb {
  sqlite3* db = nullptr;
  explicit RawDb(const std::filesystem::path& file) {
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db); }
  void exec(const std::string& sql) { detail::exec(db, sql); }
};

std::string pragma_text(sqlite3* db, const std::string& pragma) {
  detail::Statement s(db, "PRAGMA " + pragma);
  REQUIRE(s.step());
  return s.text(0);
}

MeasurementRecord full_measurement(std::int64_t run_id) {
  MeasurementRecord m;
  m.run_id = run_id;
  m.claim_id = "claim-a";
  m.check_id = "check-1";
  m.implementation = "nm.2of4";
  m.role = "candidate";
  m.workload_id = "tiny.a";
  m.threads = 2;
  m.status = "ok";
  m.detail = "detail, with \"quotes\"\nand a newline";
  m.technique = "nm-structured";
  m.device = "cpu";
  m.precision = "fp32";
  m.evidence_kind = "measured";
  m.origin = "plugin:/opt/acme/libacme.so";
  m.plugin_file = "/opt/acme/libacme.so";
  m.plugin_checksum = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  m.kernel = "nm.2of4.3x128.avx512";
  m.isa = "avx512";
  m.prepare_seconds = 0.00125;
  m.useful_flops = 1.5e9;
  m.dense_equivalent_flops = 3e9;
  m.bytes_moved = 12345.0;
  m.operand_bytes = 678.0;
  m.correctness_mode = "sampled";
  m.checked_elements = 9000;
  m.max_error_ratio = 0.03125;
  m.sample_seconds = {0.1, 0.30000000000000004, 0.2};
  m.sample_iterations = {10, 11, 12};
  m.median_s = 0.2;
  m.mean_s = 0.2000000001;
  m.stddev_s = 0.1;
  m.min_s = 0.1;
  m.max_s = 0.30000000000000004;
  m.median_ci_low_s = 0.15;
  m.median_ci_high_s = 0.25;
  m.counters_json = "{\"compressed_value_bytes\":512}";
  m.started_at = "2024-01-02T03:04:05Z";
  m.finished_at = "2024-01-02T03:04:06Z";
  return m;
}

}  // namespace

TEST_CASE("store: every record type round-trips through a file", "[store]") {
  TempDir dir;
  const auto file = dir / "results.sqlite";
  std::int64_t run_id = 0;
  const std::map<std::string, std::string> provenance{{"cpu.model", "Test CPU"}, {"git.commit", "abc123"},
                                                      {"env.X", "a=b; c"}};
  MeasurementRecord m = full_measurement(0);
  {
    Store store(file);
    CHECK(store.schema_version() == Store::kSchemaVersion);
    CHECK(store.runs().empty());
    CHECK_FALSE(store.latest_run_id().has_value());
    run_id = store.begin_run("claimbench run --quick", provenance, "2024-01-02T03:04:00Z");
    CHECK(run_id == 1);
    CHECK(store.latest_run_id() == run_id);
    const auto running = store.run(run_id);
    REQUIRE(running);
    CHECK(running->status == "running");
    CHECK(running->finished_at.empty());

    ClaimRecord c;
    c.run_id = run_id;
    c.claim_id = "claim-a";
    c.file = "/x/claim-a.xml";
    c.content_hash = "sha1:0123";
    c.title = "Title";
    c.source_kind = "paper";
    c.citation = "Doe 2024";
    c.url = "https://example.org";
    c.reliability = "primary";
    c.statement = "Statement ×2";
    c.metric = "speedup";
    c.unit = "×";
    c.claimed_kind = "range";
    c.claimed_value = 1.3;
    c.claimed_min = 1.3;
    c.claimed_max = 1.6;
    c.claimed_text = "1.3–1.6×";
    c.conditions_json = "[{\"name\":\"hw\",\"value\":\"cpu\"}]";
    store.record_claim(c);

    CheckRecord k;
    k.run_id = run_id;
    k.claim_id = "claim-a";
    k.check_id = "check-1";
    k.kind = "analog";
    k.description = "desc";
    k.implementations_json = "[{\"name\":\"nm.2of4\",\"role\":\"candidate\"}]";
    k.workloads_json = "[\"tiny.a\"]";
    k.threads_json = "[1,2]";
    k.aggregate = "geomean";
    k.threshold = 1.8;
    k.partial_threshold = 1.2;
    k.confidence = 0.9;
    k.requirements = "cpu-feature=avx2";
    k.testable = false;
    k.not_testable_reason = "no avx2";
    k.pending = "later";
    store.record_check(k);

    WorkloadRecord w;
    w.run_id = run_id;
    w.workload_id = "tiny.a";
    w.table_name = "tiny";
    w.model = "m";
    w.layer = "l";
    w.m = 16;
    w.n = 8;
    w.k = 32;
    w.batch = 1;
    w.sequence = 8;
    w.pattern = "2:4";
    w.precision = "fp32";
    w.distribution = "normal";
    w.seed = 18446744073709551615ull;  // needs all 64 bits
    w.source = "src";
    store.record_workload(w);

    m.run_id = run_id;
    const auto id1 = store.record_measurement(m);
    MeasurementRecord failed = m;
    failed.status = "failed-correctness";
    failed.sample_seconds.clear();
    failed.sample_iterations.clear();
    failed.origin.clear();         // defaults on write
    failed.counters_json.clear();  // defaults on write
    failed.plugin_file.clear();
    failed.plugin_checksum.clear();
    const auto id2 = store.record_measurement(failed);
    CHECK(id2 == id1 + 1);

    VerdictRecord v;
    v.run_id = run_id;
    v.claim_id = "claim-a";
    v.check_id = "check-1";
    v.state = "partially-reproduced";
    v.check_kind = "analog";
    v.evidence_kind = "measured";
    v.metric = "speedup";
    v.claimed_text = "1.3–1.6×";
    v.measured = 1.4142135623730951;
    v.ci_low = 1.25;
    v.ci_high = 1.5;
    v.baseline = "dense.openblas (1)";
    v.own_state = "reproduced";
    v.own_measured = 2.5;
    v.own_ci_low = 2.25;
    v.own_ci_high = 2.75;
    v.pairs = 1;
    v.explanation = "why";
    SpeedupRecord s;
    s.run_id = run_id;
    s.claim_id = "claim-a";
    s.check_id = "check-1";
    s.workload_id = "tiny.a";
    s.threads = 2;
    s.candidate = "nm.2of4";
    s.baseline = "dense.openblas";
    s.baseline_role = "library";
    s.strongest = true;
    s.ratio = 1.4142135623730951;
    s.ci_low = 1.25;
    s.ci_high = 1.5;
    SpeedupRecord s2 = s;
    s2.baseline = "dense.own";
    s2.baseline_role = "own";
    s2.strongest = false;
    s2.ratio = 2.5;
    // Replacing twice leaves one copy.
    store.replace_verdicts(run_id, {v}, {s, s2});
    store.replace_verdicts(run_id, {v}, {s, s2});
    store.finish_run(run_id, "completed", "2024-01-02T03:05:00Z");
  }

  // Reopen read-only: everything comes back as written.
  const Store store(file, Store::Mode::read_only);
  CHECK(store.schema_version() == Store::kSchemaVersion);
  const auto runs = store.runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].id == run_id);
  CHECK(runs[0].status == "completed");
  CHECK(runs[0].started_at == "2024-01-02T03:04:00Z");
  CHECK(runs[0].finished_at == "2024-01-02T03:05:00Z");
  CHECK(runs[0].command_line == "claimbench run --quick");
  CHECK(runs[0].provenance == provenance);
  CHECK_FALSE(store.run(run_id + 1).has_value());

  const auto claims = store.claims(run_id);
  REQUIRE(claims.size() == 1);
  const auto& c = claims[0];
  CHECK(c.run_id == run_id);
  CHECK(c.claim_id == "claim-a");
  CHECK(c.file == "/x/claim-a.xml");
  CHECK(c.content_hash == "sha1:0123");
  CHECK(c.title == "Title");
  CHECK(c.source_kind == "paper");
  CHECK(c.citation == "Doe 2024");
  CHECK(c.url == "https://example.org");
  CHECK(c.reliability == "primary");
  CHECK(c.statement == "Statement ×2");
  CHECK(c.metric == "speedup");
  CHECK(c.unit == "×");
  CHECK(c.claimed_kind == "range");
  CHECK(c.claimed_value == 1.3);
  CHECK(c.claimed_min == 1.3);
  CHECK(c.claimed_max == 1.6);
  CHECK(c.claimed_text == "1.3–1.6×");
  CHECK(c.conditions_json == "[{\"name\":\"hw\",\"value\":\"cpu\"}]");

  const auto checks = store.checks(run_id);
  REQUIRE(checks.size() == 1);
  const auto& k = checks[0];
  CHECK(k.claim_id == "claim-a");
  CHECK(k.check_id == "check-1");
  CHECK(k.kind == "analog");
  CHECK(k.description == "desc");
  CHECK(k.implementations_json == "[{\"name\":\"nm.2of4\",\"role\":\"candidate\"}]");
  CHECK(k.workloads_json == "[\"tiny.a\"]");
  CHECK(k.threads_json == "[1,2]");
  CHECK(k.aggregate == "geomean");
  CHECK(k.threshold == 1.8);
  CHECK(k.partial_threshold == 1.2);
  CHECK(k.confidence == 0.9);
  CHECK(k.requirements == "cpu-feature=avx2");
  CHECK_FALSE(k.testable);
  CHECK(k.not_testable_reason == "no avx2");
  CHECK(k.pending == "later");

  const auto workloads = store.workloads(run_id);
  REQUIRE(workloads.size() == 1);
  const auto& w = workloads[0];
  CHECK(w.workload_id == "tiny.a");
  CHECK(w.table_name == "tiny");
  CHECK(w.model == "m");
  CHECK(w.layer == "l");
  CHECK(w.m == 16);
  CHECK(w.n == 8);
  CHECK(w.k == 32);
  CHECK(w.batch == 1);
  CHECK(w.sequence == 8);
  CHECK(w.pattern == "2:4");
  CHECK(w.precision == "fp32");
  CHECK(w.distribution == "normal");
  CHECK(w.seed == 18446744073709551615ull);
  CHECK(w.source == "src");

  const auto ms = store.measurements(run_id);
  REQUIRE(ms.size() == 2);
  const auto& r = ms[0];
  CHECK(r.id > 0);
  CHECK(r.run_id == run_id);
  CHECK(r.claim_id == m.claim_id);
  CHECK(r.check_id == m.check_id);
  CHECK(r.implementation == m.implementation);
  CHECK(r.role == m.role);
  CHECK(r.workload_id == m.workload_id);
  CHECK(r.threads == m.threads);
  CHECK(r.status == m.status);
  CHECK(r.detail == m.detail);
  CHECK(r.technique == m.technique);
  CHECK(r.device == m.device);
  CHECK(r.precision == m.precision);
  CHECK(r.evidence_kind == m.evidence_kind);
  CHECK(r.origin == m.origin);
  CHECK(r.plugin_file == m.plugin_file);
  CHECK(r.plugin_checksum == m.plugin_checksum);
  CHECK(r.kernel == m.kernel);
  CHECK(r.isa == m.isa);
  CHECK(r.prepare_seconds == m.prepare_seconds);
  CHECK(r.useful_flops == m.useful_flops);
  CHECK(r.dense_equivalent_flops == m.dense_equivalent_flops);
  CHECK(r.bytes_moved == m.bytes_moved);
  CHECK(r.operand_bytes == m.operand_bytes);
  CHECK(r.correctness_mode == m.correctness_mode);
  CHECK(r.checked_elements == m.checked_elements);
  CHECK(r.max_error_ratio == m.max_error_ratio);
  CHECK(r.sample_seconds == m.sample_seconds);  // bit-exact, in repetition order
  CHECK(r.sample_iterations == m.sample_iterations);
  CHECK(r.median_s == m.median_s);
  CHECK(r.mean_s == m.mean_s);
  CHECK(r.stddev_s == m.stddev_s);
  CHECK(r.min_s == m.min_s);
  CHECK(r.max_s == m.max_s);
  CHECK(r.median_ci_low_s == m.median_ci_low_s);
  CHECK(r.median_ci_high_s == m.median_ci_high_s);
  CHECK(r.counters_json == m.counters_json);
  CHECK(r.started_at == m.started_at);
  CHECK(r.finished_at == m.finished_at);
  CHECK(ms[1].status == "failed-correctness");
  CHECK(ms[1].sample_seconds.empty());
  CHECK(ms[1].origin == "built-in");
  CHECK(ms[1].counters_json == "{}");
  CHECK(ms[1].plugin_file.empty());
  CHECK(ms[1].plugin_checksum.empty());

  const auto verdicts = store.verdicts(run_id);
  REQUIRE(verdicts.size() == 1);
  const auto& v = verdicts[0];
  CHECK(v.run_id == run_id);
  CHECK(v.claim_id == "claim-a");
  CHECK(v.check_id == "check-1");
  CHECK(v.state == "partially-reproduced");
  CHECK(v.check_kind == "analog");
  CHECK(v.evidence_kind == "measured");
  CHECK(v.metric == "speedup");
  CHECK(v.claimed_text == "1.3–1.6×");
  CHECK(v.measured == 1.4142135623730951);
  CHECK(v.ci_low == 1.25);
  CHECK(v.ci_high == 1.5);
  CHECK(v.baseline == "dense.openblas (1)");
  CHECK(v.own_state == "reproduced");
  CHECK(v.own_measured == 2.5);
  CHECK(v.own_ci_low == 2.25);
  CHECK(v.own_ci_high == 2.75);
  CHECK(v.pairs == 1);
  CHECK(v.explanation == "why");

  const auto speedups = store.speedups(run_id);
  REQUIRE(speedups.size() == 2);
  CHECK(speedups[0].baseline == "dense.openblas");  // ordered by baseline
  CHECK(speedups[0].baseline_role == "library");
  CHECK(speedups[0].strongest);
  CHECK(speedups[0].ratio == 1.4142135623730951);
  CHECK(speedups[0].ci_low == 1.25);
  CHECK(speedups[0].ci_high == 1.5);
  CHECK(speedups[0].threads == 2);
  CHECK(speedups[0].candidate == "nm.2of4");
  CHECK(speedups[0].workload_id == "tiny.a");
  CHECK(speedups[1].baseline == "dense.own");
  CHECK_FALSE(speedups[1].strongest);
  CHECK(speedups[1].ratio == 2.5);

  // Nothing leaks between runs.
  CHECK(store.claims(run_id + 1).empty());
  CHECK(store.measurements(run_id + 1).empty());
}

TEST_CASE("store: a second run appends, runs are listed in order", "[store]") {
  TempDir dir;
  const auto file = dir / "r.sqlite";
  {
    Store store(file);
    CHECK(store.begin_run("one", {}, "t1") == 1);
  }
  Store store(file);
  CHECK(store.begin_run("two", {}, "t2") == 2);
  const auto runs = store.runs();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].command_line == "one");
  CHECK(runs[1].command_line == "two");
  CHECK(store.latest_run_id() == 2);
}

TEST_CASE("store: WAL journal mode and the schema version", "[store]") {
  TempDir dir;
  const auto file = dir / "wal.sqlite";
  Store store(file);
  CHECK(pragma_text(store.handle(), "journal_mode") == "wal");
  CHECK(store.schema_version() == Store::kSchemaVersion);
  CHECK(static_cast<int>(detail::migrations().size()) == Store::kSchemaVersion);
  CHECK(pragma_text(store.handle(), "user_version") == std::to_string(Store::kSchemaVersion));
}

TEST_CASE("store: a version-1 database migrates to the current schema and keeps its rows", "[store][migration]") {
  TempDir dir;
  const auto file = dir / "v1.sqlite";
  {
    RawDb raw(file);
    raw.exec(detail::migrations()[0]);
    raw.exec("PRAGMA user_version = 1");
    raw.exec("INSERT INTO runs(id, started_at, finished_at, status, command_line) "
             "VALUES(1, '2023-05-06T07:08:09Z', '2023-05-06T07:09:00Z', 'completed', 'claimbench run')");
    raw.exec("INSERT INTO run_provenance VALUES(1, 'cpu.model', 'Old CPU')");
    raw.exec(
        "INSERT INTO measurements(id, run_id, claim_id, check_id, implementation, role, workload_id, threads, status,"
        " detail, technique, device, precision, evidence_kind, kernel, isa, prepare_seconds, useful_flops,"
        " dense_equivalent_flops, bytes_moved, operand_bytes, correctness_mode, checked_elements, max_error_ratio,"
        " median_s, mean_s, stddev_s, min_s, max_s, median_ci_low_s, median_ci_high_s, started_at, finished_at)"
        " VALUES(7, 1, 'c', 'k', 'nm.2of4', 'candidate', 'w', 1, 'ok', '', 'nm-structured', 'cpu', 'fp32',"
        " 'measured', 'nm.2of4.old', 'avx2', 0.5, 1e9, 2e9, 100, 50, 'full', 64, 0.25, 0.002, 0.002, 0.0001,"
        " 0.001, 0.003, 0.0015, 0.0025, 's', 'f')");
    raw.exec("INSERT INTO samples VALUES(7, 0, 0.001, 5), (7, 1, 0.003, 6)");
    raw.exec("INSERT INTO verdicts(run_id, claim_id, check_id, state, check_kind, evidence_kind, metric, claimed_text,"
             " measured, ci_low, ci_high, baseline, pairs, explanation) VALUES(1, 'c', 'k', 'reproduced', 'analog',"
             " 'measured', 'speedup', '2×', 2.1, 2.0, 2.2, 'dense.openblas (1)', 1, 'old')");
  }
  {
    Store store(file);
    CHECK(store.schema_version() == Store::kSchemaVersion);
    const auto run = store.run(1);
    REQUIRE(run);
    CHECK(run->status == "completed");
    CHECK(run->provenance.at("cpu.model") == "Old CPU");
    const auto ms = store.measurements(1);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].id == 7);
    CHECK(ms[0].implementation == "nm.2of4");
    CHECK(ms[0].kernel == "nm.2of4.old");
    CHECK(ms[0].median_s == 0.002);
    CHECK(ms[0].sample_seconds == std::vector<double>{0.001, 0.003});
    CHECK(ms[0].sample_iterations == std::vector<std::int64_t>{5, 6});
    CHECK(ms[0].origin == "built-in");
    CHECK(ms[0].counters_json == "{}");
    CHECK(ms[0].plugin_file.empty());      // migration 3
    CHECK(ms[0].plugin_checksum.empty());
    const auto vs = store.verdicts(1);
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].state == "reproduced");
    CHECK(vs[0].own_state.empty());
    CHECK(vs[0].own_measured == 0);
    CHECK(store.speedups(1).empty());
    // New rows can be written after the migration.
    CHECK(store.begin_run("after migration", {}, "t") == 2);
  }
  // Opening again does not migrate twice.
  Store again(file);
  CHECK(again.schema_version() == Store::kSchemaVersion);
  CHECK(again.runs().size() == 2);
}

TEST_CASE("store: read-only opening refuses an old schema instead of migrating", "[store][migration]") {
  TempDir dir;
  const auto file = dir / "v1.sqlite";
  {
    RawDb raw(file);
    raw.exec(detail::migrations()[0]);
    raw.exec("PRAGMA user_version = 1");
  }
  CHECK_THROWS_WITH(Store(file, Store::Mode::read_only), Catch::Contains(file.string()) && Catch::Contains("migrat"));
  CHECK_THROWS_WITH(Store(dir / "missing.sqlite", Store::Mode::read_only), Catch::Contains("missing.sqlite"));
  CHECK_FALSE(std::filesystem::exists(dir / "missing.sqlite"));
}

TEST_CASE("store: Store::migrate applies only the missing steps", "[store][migration]") {
  TempDir dir;
  RawDb raw(dir / "m.sqlite");
  Store::migrate(raw.db, 1);
  CHECK(pragma_text(raw.db, "user_version") == "1");
  {
    detail::Statement s(raw.db, "SELECT count(*) FROM sqlite_master WHERE name='speedups'");
    REQUIRE(s.step());
    CHECK(s.integer(0) == 0);
  }
  Store::migrate(raw.db, 2);
  CHECK(pragma_text(raw.db, "user_version") == "2");
  {
    detail::Statement s(raw.db, "SELECT count(*) FROM sqlite_master WHERE name='speedups'");
    REQUIRE(s.step());
    CHECK(s.integer(0) == 1);
  }
  // A version-2 row keeps its values through migration 3 and reads as built in.
  raw.exec("INSERT INTO runs(id, started_at, status, command_line) VALUES(1, 's', 'completed', 'v2')");
  raw.exec(
      "INSERT INTO measurements(id, run_id, claim_id, check_id, implementation, role, workload_id, threads, status,"
      " detail, technique, device, precision, evidence_kind, kernel, isa, prepare_seconds, useful_flops,"
      " dense_equivalent_flops, bytes_moved, operand_bytes, correctness_mode, checked_elements, max_error_ratio,"
      " median_s, mean_s, stddev_s, min_s, max_s, median_ci_low_s, median_ci_high_s, started_at, finished_at, origin)"
      " VALUES(3, 1, 'c', 'k', 'dense.own', 'own', 'w', 1, 'ok', '', 'dense', 'cpu', 'fp32', 'measured', 'k', 'avx2',"
      " 0, 1, 2, 3, 4, 'full', 5, 0.5, 1, 1, 0, 1, 1, 1, 1, 's', 'f', 'built-in')");
  Store::migrate(raw.db, 3);
  CHECK(pragma_text(raw.db, "user_version") == "3");
  {
    detail::Statement m(raw.db, "SELECT origin, plugin_file, plugin_checksum FROM measurements WHERE id = 3");
    REQUIRE(m.step());
    CHECK(m.text(0) == "built-in");
    CHECK(m.text(1).empty());
    CHECK(m.text(2).empty());
  }
  CHECK_THROWS(Store::migrate(raw.db, Store::kSchemaVersion + 1));
}

TEST_CASE("store: a database from a newer claimbench is refused, naming the file", "[store]") {
  TempDir dir;
  const auto file = dir / "newer.sqlite";
  {
    RawDb raw(file);
    raw.exec("PRAGMA user_version = 99");
  }
  try {
    Store store(file);
    FAIL("a schema-99 database was opened");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find(file.string()) != std::string::npos);
    CHECK(what.find("99") != std::string::npos);
  }
  // It was not touched.
  RawDb raw(file);
  CHECK(pragma_text(raw.db, "user_version") == "99");
}

TEST_CASE("store: a non-claimbench SQLite file or a non-database file is refused", "[store]") {
  TempDir dir;
  const auto file = dir / "other.sqlite";
  {
    RawDb raw(file);
    raw.exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)");
    raw.exec("INSERT INTO customers VALUES(1, 'x')");
  }
  CHECK_THROWS_WITH(Store(file), Catch::Contains(file.string()) && Catch::Contains("not a claimbench database"));
  {
    RawDb raw(file);
    detail::Statement s(raw.db, "SELECT count(*) FROM sqlite_master WHERE name='runs'");
    REQUIRE(s.step());
    CHECK(s.integer(0) == 0);  // no claimbench tables were added to it
  }

  const auto text = dir / "text.sqlite";
  write_text(text, std::string(4096, 'x'));
  CHECK_THROWS_WITH(Store(text), Catch::Contains(text.string()));
}
