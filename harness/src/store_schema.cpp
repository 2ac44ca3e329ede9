// The schema, as a list of migrations. Migration i takes a database from user_version i-1 to i.
// Never edit a migration that has shipped: add the next one.
#include "store_schema.hpp"

namespace claimbench::detail {

const std::vector<std::string>& migrations() {
  static const std::vector<std::string> list{
      // 1: runs with provenance, claim and check snapshots, workloads, measurements with
      //    every sample, verdicts.
      R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  command_line TEXT NOT NULL);
CREATE TABLE run_provenance(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY(run_id, key));
CREATE TABLE claims(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  claim_id TEXT NOT NULL, file TEXT NOT NULL, content_hash TEXT NOT NULL, title TEXT NOT NULL,
  source_kind TEXT NOT NULL, citation TEXT NOT NULL, url TEXT NOT NULL, reliability TEXT NOT NULL,
  statement TEXT NOT NULL, metric TEXT NOT NULL, unit TEXT NOT NULL,
  claimed_kind TEXT NOT NULL, claimed_value REAL NOT NULL, claimed_min REAL NOT NULL, claimed_max REAL NOT NULL,
  claimed_text TEXT NOT NULL, conditions_json TEXT NOT NULL,
  PRIMARY KEY(run_id, claim_id));
CREATE TABLE checks(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  claim_id TEXT NOT NULL, check_id TEXT NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL,
  implementations_json TEXT NOT NULL, workloads_json TEXT NOT NULL, threads_json TEXT NOT NULL,
  aggregate TEXT NOT NULL, threshold REAL NOT NULL, partial_threshold REAL NOT NULL, confidence REAL NOT NULL,
  requirements TEXT NOT NULL, testable INTEGER NOT NULL, not_testable_reason TEXT NOT NULL, pending TEXT NOT NULL,
  PRIMARY KEY(run_id, claim_id, check_id));
CREATE TABLE workloads(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  workload_id TEXT NOT NULL, table_name TEXT NOT NULL, model TEXT NOT NULL, layer TEXT NOT NULL,
  m INTEGER NOT NULL, n INTEGER NOT NULL, k INTEGER NOT NULL, batch INTEGER NOT NULL, sequence INTEGER NOT NULL,
  pattern TEXT NOT NULL, precision TEXT NOT NULL, distribution TEXT NOT NULL, seed INTEGER NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY(run_id, workload_id));
CREATE TABLE measurements(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  claim_id TEXT NOT NULL, check_id TEXT NOT NULL, implementation TEXT NOT NULL, role TEXT NOT NULL,
  workload_id TEXT NOT NULL, threads INTEGER NOT NULL,
  status TEXT NOT NULL, detail TEXT NOT NULL,
  technique TEXT NOT NULL, device TEXT NOT NULL, precision TEXT NOT NULL, evidence_kind TEXT NOT NULL,
  kernel TEXT NOT NULL, isa TEXT NOT NULL,
  prepare_seconds REAL NOT NULL,
  useful_flops REAL NOT NULL, dense_equivalent_flops REAL NOT NULL, bytes_moved REAL NOT NULL, operand_bytes REAL NOT NULL,
  correctness_mode TEXT NOT NULL, checked_elements INTEGER NOT NULL, max_error_ratio REAL NOT NULL,
  median_s REAL NOT NULL, mean_s REAL NOT NULL, stddev_s REAL NOT NULL, min_s REAL NOT NULL, max_s REAL NOT NULL,
  median_ci_low_s REAL NOT NULL, median_ci_high_s REAL NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL);
CREATE INDEX measurements_by_run ON measurements(run_id, claim_id, check_id);
CREATE TABLE samples(
  measurement_id INTEGER NOT NULL REFERENCES measurements(id),
  repetition INTEGER NOT NULL,
  seconds REAL NOT NULL,
  iterations INTEGER NOT NULL,
  PRIMARY KEY(measurement_id, repetition));
CREATE TABLE verdicts(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  claim_id TEXT NOT NULL, check_id TEXT NOT NULL,
  state TEXT NOT NULL, check_kind TEXT NOT NULL, evidence_kind TEXT NOT NULL, metric TEXT NOT NULL,
  claimed_text TEXT NOT NULL, measured REAL NOT NULL, ci_low REAL NOT NULL, ci_high REAL NOT NULL,
  baseline TEXT NOT NULL, pairs INTEGER NOT NULL, explanation TEXT NOT NULL,
  PRIMARY KEY(run_id, claim_id, check_id));
)sql",
      // 2: the ratio against the project's own dense kernel next to the strongest-baseline one
      //    (design rule 1), per-pair speedups for crossover tables, plugin-ready origin and
      //    free-form counters on measurements.
      R"sql(
ALTER TABLE measurements ADD COLUMN origin TEXT NOT NULL DEFAULT 'built-in';
ALTER TABLE measurements ADD COLUMN counters_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE verdicts ADD COLUMN own_state TEXT NOT NULL DEFAULT '';
ALTER TABLE verdicts ADD COLUMN own_measured REAL NOT NULL DEFAULT 0;
ALTER TABLE verdicts ADD COLUMN own_ci_low REAL NOT NULL DEFAULT 0;
ALTER TABLE verdicts ADD COLUMN own_ci_high REAL NOT NULL DEFAULT 0;
CREATE TABLE speedups(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  claim_id TEXT NOT NULL, check_id TEXT NOT NULL, workload_id TEXT NOT NULL, threads INTEGER NOT NULL,
  candidate TEXT NOT NULL, baseline TEXT NOT NULL, baseline_role TEXT NOT NULL, strongest INTEGER NOT NULL,
  ratio REAL NOT NULL, ci_low REAL NOT NULL, ci_high REAL NOT NULL,
  PRIMARY KEY(run_id, claim_id, check_id, workload_id, threads, baseline));
)sql",
      // 3: which plugin file produced a measurement, and its checksum ("sha256:<hex>"); both
      //    empty for built-in implementations.
      R"sql(
ALTER TABLE measurements ADD COLUMN plugin_file TEXT NOT NULL DEFAULT '';
ALTER TABLE measurements ADD COLUMN plugin_checksum TEXT NOT NULL DEFAULT '';
)sql",
      // 4: verdict rules that ask for a value within a tolerance of a target (an exact
      //    footprint, "no accuracy loss"), beside the at-least rules of 1.
      R"sql(
ALTER TABLE checks ADD COLUMN rule TEXT NOT NULL DEFAULT 'at-least';
ALTER TABLE checks ADD COLUMN target REAL NOT NULL DEFAULT 0;
ALTER TABLE checks ADD COLUMN tolerance REAL NOT NULL DEFAULT 0;
ALTER TABLE checks ADD COLUMN partial_tolerance REAL NOT NULL DEFAULT 0;
)sql",
      // 5: workloads that are not one GEMM (a kind and their own columns), verdicts on counters
      //    (a simulated utilization, an accuracy difference), and cached artifacts such as
      //    trained models, keyed by everything that determines them.
      R"sql(
ALTER TABLE workloads ADD COLUMN kind TEXT NOT NULL DEFAULT 'gemm';
ALTER TABLE workloads ADD COLUMN fields_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE checks ADD COLUMN measure TEXT NOT NULL DEFAULT '';
ALTER TABLE checks ADD COLUMN counter TEXT NOT NULL DEFAULT '';
ALTER TABLE checks ADD COLUMN direction TEXT NOT NULL DEFAULT '';
CREATE TABLE artifacts(
  key TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  bytes BLOB NOT NULL,
  created_at TEXT NOT NULL
);
)sql",
  };
  return list;
}

}  // namespace claimbench::detail
