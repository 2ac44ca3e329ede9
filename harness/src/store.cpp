#include "claimbench/store.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "detail/sqlite.hpp"
#include "store_schema.hpp"

namespace claimbench {

using detail::exec;
using detail::Statement;
using detail::Transaction;

namespace {

int user_version(sqlite3* db) {
  Statement s(db, "PRAGMA user_version");
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

bool has_table(sqlite3* db, const std::string& name) {
  Statement s(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
  s.bind(1, name);
  return s.step();
}

}  // namespace

void Store::migrate(sqlite3* db, int target_version) {
  const auto& steps = detail::migrations();
  int version = user_version(db);
  if (target_version > static_cast<int>(steps.size()))
    throw std::runtime_error("no migration to schema version " + std::to_string(target_version));
  while (version < target_version) {
    Transaction t(db);
    exec(db, steps[static_cast<std::size_t>(version)]);
    exec(db, "PRAGMA user_version = " + std::to_string(version + 1));
    t.commit();
    ++version;
  }
}

Store::Store(const std::filesystem::path& file, Mode mode) : file_(file) {
  const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (mode == Mode::read_only && !std::filesystem::exists(file))
    throw std::runtime_error(file.string() + ": no such database");
  if (sqlite3_open_v2(file.string().c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error(file.string() + ": cannot open database: " + message);
  }
  try {
    sqlite3_busy_timeout(db_, 10000);
    int version = 0;
    try {
      version = user_version(db_);
    } catch (const detail::SqliteError& e) {
      throw std::runtime_error(file.string() + ": not an SQLite database (" + e.what() + ")");
    }
    if (version > kSchemaVersion)
      throw std::runtime_error(file.string() + ": schema version " + std::to_string(version) +
                               " is newer than this claimbench understands (" + std::to_string(kSchemaVersion) +
                               "); use a newer claimbench");
    if (version == 0 && !has_table(db_, "runs")) {
      Statement any(db_, "SELECT count(*) FROM sqlite_master WHERE type='table'");
      if (any.step() && any.integer(0) > 0)
        throw std::runtime_error(file.string() + ": holds tables but is not a claimbench database");
    }
    if (mode == Mode::read_write) {
      // WAL keeps readers and the writer apart; FULL sync makes each committed measurement
      // survive a kill of the process and of the machine.
      exec(db_, "PRAGMA journal_mode=WAL");
      exec(db_, "PRAGMA synchronous=FULL");
      exec(db_, "PRAGMA foreign_keys=ON");
      migrate(db_, kSchemaVersion);
    } else if (version < kSchemaVersion) {
      throw std::runtime_error(file.string() + ": schema version " + std::to_string(version) +
                               " needs migrating; open it once read-write (claimbench verdicts --db ...)");
    }
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() {
  if (db_) sqlite3_close(db_);
}

int Store::schema_version() const { return user_version(db_); }

std::int64_t Store::begin_run(const std::string& command_line, const std::map<std::string, std::string>& provenance,
                              const std::string& started_at) {
  Transaction t(db_);
  Statement run(db_, "INSERT INTO runs(started_at, status, command_line) VALUES(?, 'running', ?)");
  run.bind(1, started_at).bind(2, command_line).run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  Statement p(db_, "INSERT INTO run_provenance(run_id, key, value) VALUES(?, ?, ?)");
  for (const auto& [key, value] : provenance) {
    p.reset();
    p.bind(1, id).bind(2, key).bind(3, value).run();
  }
  t.commit();
  return id;
}

void Store::finish_run(std::int64_t run_id, const std::string& status, const std::string& finished_at) {
  Statement s(db_, "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?");
  s.bind(1, status).bind(2, finished_at).bind(3, run_id).run();
}

void Store::record_claim(const ClaimRecord& c) {
  Statement s(db_,
              "INSERT OR REPLACE INTO claims VALUES(?,?,?,?,?, ?,?,?,?, ?,?,?, ?,?,?,?, ?,?)");
  s.bind(1, c.run_id).bind(2, c.claim_id).bind(3, c.file).bind(4, c.content_hash).bind(5, c.title);
  s.bind(6, c.source_kind).bind(7, c.citation).bind(8, c.url).bind(9, c.reliability);
  s.bind(10, c.statement).bind(11, c.metric).bind(12, c.unit);
  s.bind(13, c.claimed_kind).bind(14, c.claimed_value).bind(15, c.claimed_min).bind(16, c.claimed_max);
  s.bind(17, c.claimed_text).bind(18, c.conditions_json).run();
}

void Store::record_check(const CheckRecord& c) {
  Statement s(db_,
              "INSERT OR REPLACE INTO checks(run_id, claim_id, check_id, kind, description, implementations_json,"
              " workloads_json, threads_json, aggregate, threshold, partial_threshold, confidence, requirements,"
              " testable, not_testable_reason, pending, rule, target, tolerance, partial_tolerance,"
              " measure, counter, direction)"
              " VALUES(?,?,?,?,?, ?,?,?, ?,?,?,?, ?,?,?,?, ?,?,?,?, ?,?,?)");
  s.bind(1, c.run_id).bind(2, c.claim_id).bind(3, c.check_id).bind(4, c.kind).bind(5, c.description);
  s.bind(6, c.implementations_json).bind(7, c.workloads_json).bind(8, c.threads_json);
  s.bind(9, c.aggregate).bind(10, c.threshold).bind(11, c.partial_threshold).bind(12, c.confidence);
  s.bind(13, c.requirements).bind(14, c.testable).bind(15, c.not_testable_reason).bind(16, c.pending);
  s.bind(17, c.rule.empty() ? std::string("at-least") : c.rule).bind(18, c.target).bind(19, c.tolerance);
  s.bind(20, c.partial_tolerance).bind(21, c.measure).bind(22, c.counter).bind(23, c.direction).run();
}

void Store::record_workload(const WorkloadRecord& w) {
  Statement s(db_,
              "INSERT OR REPLACE INTO workloads(run_id, workload_id, table_name, model, layer, m, n, k, batch,"
              " sequence, pattern, precision, distribution, seed, source, kind, fields_json)"
              " VALUES(?,?,?,?,?, ?,?,?,?,?, ?,?,?,?,?, ?,?)");
  s.bind(1, w.run_id).bind(2, w.workload_id).bind(3, w.table_name).bind(4, w.model).bind(5, w.layer);
  s.bind(6, w.m).bind(7, w.n).bind(8, w.k).bind(9, w.batch).bind(10, w.sequence);
  s.bind(11, w.pattern).bind(12, w.precision).bind(13, w.distribution).bind(14, w.seed).bind(15, w.source);
  s.bind(16, w.kind).bind(17, w.fields_json).run();
}

std::int64_t Store::record_measurement(const MeasurementRecord& m) {
  Transaction t(db_);
  Statement s(db_,
              "INSERT INTO measurements(run_id, claim_id, check_id, implementation, role, workload_id, threads,"
              " status, detail, technique, device, precision, evidence_kind, kernel, isa, prepare_seconds,"
              " useful_flops, dense_equivalent_flops, bytes_moved, operand_bytes, correctness_mode,"
              " checked_elements, max_error_ratio, median_s, mean_s, stddev_s, min_s, max_s, median_ci_low_s,"
              " median_ci_high_s, started_at, finished_at, origin, counters_json, plugin_file, plugin_checksum)"
              " VALUES(?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?, ?,?,?,?,?, ?,?,?,?,?,?,?,?, ?,?,?,?,?, ?,?)");
  int i = 1;
  auto bind = [&](const auto& value) { s.bind(i++, value); };
  bind(m.run_id); bind(m.claim_id); bind(m.check_id); bind(m.implementation); bind(m.role);
  bind(m.workload_id); bind(m.threads);
  bind(m.status); bind(m.detail); bind(m.technique); bind(m.device); bind(m.precision);
  bind(m.evidence_kind); bind(m.kernel); bind(m.isa); bind(m.prepare_seconds);
  bind(m.useful_flops); bind(m.dense_equivalent_flops); bind(m.bytes_moved); bind(m.operand_bytes);
  bind(m.correctness_mode); bind(m.checked_elements); bind(m.max_error_ratio);
  bind(m.median_s); bind(m.mean_s); bind(m.stddev_s); bind(m.min_s); bind(m.max_s);
  bind(m.median_ci_low_s); bind(m.median_ci_high_s); bind(m.started_at); bind(m.finished_at);
  bind(m.origin.empty() ? std::string("built-in") : m.origin);
  bind(m.counters_json.empty() ? std::string("{}") : m.counters_json);
  bind(m.plugin_file);
  bind(m.plugin_checksum);
  s.run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  Statement sample(db_, "INSERT INTO samples(measurement_id, repetition, seconds, iterations) VALUES(?,?,?,?)");
  for (std::size_t r = 0; r < m.sample_seconds.size(); ++r) {
    sample.reset();
    const std::int64_t iterations = r < m.sample_iterations.size() ? m.sample_iterations[r] : 1;
    sample.bind(1, id).bind(2, static_cast<std::int64_t>(r)).bind(3, m.sample_seconds[r]).bind(4, iterations).run();
  }
  t.commit();
  return id;
}

void Store::replace_verdicts(std::int64_t run_id, const std::vector<VerdictRecord>& verdicts,
                             const std::vector<SpeedupRecord>& speedups) {
  Transaction t(db_);
  Statement(db_, "DELETE FROM verdicts WHERE run_id = ?").bind(1, run_id).run();
  Statement(db_, "DELETE FROM speedups WHERE run_id = ?").bind(1, run_id).run();
  Statement v(db_,
              "INSERT INTO verdicts(run_id, claim_id, check_id, state, check_kind, evidence_kind, metric,"
              " claimed_text, measured, ci_low, ci_high, baseline, pairs, explanation, own_state, own_measured,"
              " own_ci_low, own_ci_high) VALUES(?,?,?,?,?,?,?, ?,?,?,?,?,?,?, ?,?,?,?)");
  for (const auto& r : verdicts) {
    v.reset();
    v.bind(1, run_id).bind(2, r.claim_id).bind(3, r.check_id).bind(4, r.state).bind(5, r.check_kind);
    v.bind(6, r.evidence_kind).bind(7, r.metric).bind(8, r.claimed_text).bind(9, r.measured).bind(10, r.ci_low);
    v.bind(11, r.ci_high).bind(12, r.baseline).bind(13, r.pairs).bind(14, r.explanation).bind(15, r.own_state);
    v.bind(16, r.own_measured).bind(17, r.own_ci_low).bind(18, r.own_ci_high).run();
  }
  Statement s(db_, "INSERT INTO speedups VALUES(?,?,?,?,?, ?,?,?,?, ?,?,?)");
  for (const auto& r : speedups) {
    s.reset();
    s.bind(1, run_id).bind(2, r.claim_id).bind(3, r.check_id).bind(4, r.workload_id).bind(5, r.threads);
    s.bind(6, r.candidate).bind(7, r.baseline).bind(8, r.baseline_role).bind(9, r.strongest);
    s.bind(10, r.ratio).bind(11, r.ci_low).bind(12, r.ci_high).run();
  }
  t.commit();
}

std::vector<RunRecord> Store::runs() const {
  std::vector<RunRecord> out;
  Statement s(db_, "SELECT id FROM runs ORDER BY id");
  while (s.step()) out.push_back(*run(s.integer(0)));
  return out;
}

std::optional<RunRecord> Store::run(std::int64_t run_id) const {
  Statement s(db_, "SELECT id, started_at, finished_at, status, command_line FROM runs WHERE id = ?");
  s.bind(1, run_id);
  if (!s.step()) return std::nullopt;
  RunRecord r{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), {}};
  Statement p(db_, "SELECT key, value FROM run_provenance WHERE run_id = ? ORDER BY key");
  p.bind(1, run_id);
  while (p.step()) r.provenance[p.text(0)] = p.text(1);
  return r;
}

std::optional<std::int64_t> Store::latest_run_id() const {
  Statement t(db_, "SELECT id FROM runs ORDER BY id DESC LIMIT 1");
  if (t.step()) return t.integer(0);
  return std::nullopt;
}

std::vector<ClaimRecord> Store::claims(std::int64_t run_id) const {
  std::vector<ClaimRecord> out;
  Statement s(db_, "SELECT * FROM claims WHERE run_id = ? ORDER BY claim_id");
  s.bind(1, run_id);
  while (s.step()) {
    ClaimRecord c;
    c.run_id = s.integer(0);
    c.claim_id = s.text(1); c.file = s.text(2); c.content_hash = s.text(3); c.title = s.text(4);
    c.source_kind = s.text(5); c.citation = s.text(6); c.url = s.text(7); c.reliability = s.text(8);
    c.statement = s.text(9); c.metric = s.text(10); c.unit = s.text(11);
    c.claimed_kind = s.text(12); c.claimed_value = s.real(13); c.claimed_min = s.real(14); c.claimed_max = s.real(15);
    c.claimed_text = s.text(16); c.conditions_json = s.text(17);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<CheckRecord> Store::checks(std::int64_t run_id) const {
  std::vector<CheckRecord> out;
  Statement s(db_,
              "SELECT run_id, claim_id, check_id, kind, description, implementations_json, workloads_json,"
              " threads_json, aggregate, threshold, partial_threshold, confidence, requirements, testable,"
              " not_testable_reason, pending, rule, target, tolerance, partial_tolerance, measure, counter, direction"
              " FROM checks WHERE run_id = ? ORDER BY claim_id, check_id");
  s.bind(1, run_id);
  while (s.step()) {
    CheckRecord c;
    c.run_id = s.integer(0);
    c.claim_id = s.text(1); c.check_id = s.text(2); c.kind = s.text(3); c.description = s.text(4);
    c.implementations_json = s.text(5); c.workloads_json = s.text(6); c.threads_json = s.text(7);
    c.aggregate = s.text(8); c.threshold = s.real(9); c.partial_threshold = s.real(10); c.confidence = s.real(11);
    c.requirements = s.text(12); c.testable = s.integer(13) != 0; c.not_testable_reason = s.text(14);
    c.pending = s.text(15);
    c.rule = s.text(16); c.target = s.real(17); c.tolerance = s.real(18); c.partial_tolerance = s.real(19);
    c.measure = s.text(20); c.counter = s.text(21); c.direction = s.text(22);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<WorkloadRecord> Store::workloads(std::int64_t run_id) const {
  std::vector<WorkloadRecord> out;
  Statement s(db_,
              "SELECT run_id, workload_id, table_name, model, layer, m, n, k, batch, sequence, pattern, precision,"
              " distribution, seed, source, kind, fields_json FROM workloads WHERE run_id = ? ORDER BY workload_id");
  s.bind(1, run_id);
  while (s.step()) {
    WorkloadRecord w;
    w.run_id = s.integer(0);
    w.workload_id = s.text(1); w.table_name = s.text(2); w.model = s.text(3); w.layer = s.text(4);
    w.m = static_cast<int>(s.integer(5)); w.n = static_cast<int>(s.integer(6)); w.k = static_cast<int>(s.integer(7));
    w.batch = static_cast<int>(s.integer(8)); w.sequence = static_cast<int>(s.integer(9));
    w.pattern = s.text(10); w.precision = s.text(11); w.distribution = s.text(12);
    w.seed = static_cast<std::uint64_t>(s.integer(13)); w.source = s.text(14);
    w.kind = s.text(15); w.fields_json = s.text(16);
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<MeasurementRecord> Store::measurements(std::int64_t run_id) const {
  std::vector<MeasurementRecord> out;
  Statement s(db_,
              "SELECT id, run_id, claim_id, check_id, implementation, role, workload_id, threads, status, detail,"
              " technique, device, precision, evidence_kind, kernel, isa, prepare_seconds, useful_flops,"
              " dense_equivalent_flops, bytes_moved, operand_bytes, correctness_mode, checked_elements,"
              " max_error_ratio, median_s, mean_s, stddev_s, min_s, max_s, median_ci_low_s, median_ci_high_s,"
              " started_at, finished_at, origin, counters_json, plugin_file, plugin_checksum"
              " FROM measurements WHERE run_id = ? ORDER BY id");
  s.bind(1, run_id);
  Statement samples(db_, "SELECT seconds, iterations FROM samples WHERE measurement_id = ? ORDER BY repetition");
  while (s.step()) {
    MeasurementRecord m;
    int i = 0;
    m.id = s.integer(i++); m.run_id = s.integer(i++);
    m.claim_id = s.text(i++); m.check_id = s.text(i++); m.implementation = s.text(i++); m.role = s.text(i++);
    m.workload_id = s.text(i++); m.threads = static_cast<int>(s.integer(i++));
    m.status = s.text(i++); m.detail = s.text(i++); m.technique = s.text(i++); m.device = s.text(i++);
    m.precision = s.text(i++); m.evidence_kind = s.text(i++); m.kernel = s.text(i++); m.isa = s.text(i++);
    m.prepare_seconds = s.real(i++); m.useful_flops = s.real(i++); m.dense_equivalent_flops = s.real(i++);
    m.bytes_moved = s.real(i++); m.operand_bytes = s.real(i++); m.correctness_mode = s.text(i++);
    m.checked_elements = s.integer(i++); m.max_error_ratio = s.real(i++);
    m.median_s = s.real(i++); m.mean_s = s.real(i++); m.stddev_s = s.real(i++); m.min_s = s.real(i++);
    m.max_s = s.real(i++); m.median_ci_low_s = s.real(i++); m.median_ci_high_s = s.real(i++);
    m.started_at = s.text(i++); m.finished_at = s.text(i++); m.origin = s.text(i++); m.counters_json = s.text(i++);
    m.plugin_file = s.text(i++); m.plugin_checksum = s.text(i++);
    samples.reset();
    samples.bind(1, m.id);
    while (samples.step()) {
      m.sample_seconds.push_back(samples.real(0));
      m.sample_iterations.push_back(samples.integer(1));
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<VerdictRecord> Store::verdicts(std::int64_t run_id) const {
  std::vector<VerdictRecord> out;
  Statement s(db_,
              "SELECT run_id, claim_id, check_id, state, check_kind, evidence_kind, metric, claimed_text, measured,"
              " ci_low, ci_high, baseline, pairs, explanation, own_state, own_measured, own_ci_low, own_ci_high"
              " FROM verdicts WHERE run_id = ? ORDER BY claim_id, check_id");
  s.bind(1, run_id);
  while (s.step()) {
    VerdictRecord v;
    int i = 0;
    v.run_id = s.integer(i++); v.claim_id = s.text(i++); v.check_id = s.text(i++); v.state = s.text(i++);
    v.check_kind = s.text(i++); v.evidence_kind = s.text(i++); v.metric = s.text(i++); v.claimed_text = s.text(i++);
    v.measured = s.real(i++); v.ci_low = s.real(i++); v.ci_high = s.real(i++); v.baseline = s.text(i++);
    v.pairs = static_cast<int>(s.integer(i++)); v.explanation = s.text(i++); v.own_state = s.text(i++);
    v.own_measured = s.real(i++); v.own_ci_low = s.real(i++); v.own_ci_high = s.real(i++);
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<SpeedupRecord> Store::speedups(std::int64_t run_id) const {
  std::vector<SpeedupRecord> out;
  Statement s(db_,
              "SELECT run_id, claim_id, check_id, workload_id, threads, candidate, baseline, baseline_role,"
              " strongest, ratio, ci_low, ci_high FROM speedups WHERE run_id = ?"
              " ORDER BY claim_id, check_id, workload_id, threads, baseline");
  s.bind(1, run_id);
  while (s.step()) {
    SpeedupRecord r;
    r.run_id = s.integer(0); r.claim_id = s.text(1); r.check_id = s.text(2); r.workload_id = s.text(3);
    r.threads = static_cast<int>(s.integer(4)); r.candidate = s.text(5); r.baseline = s.text(6);
    r.baseline_role = s.text(7); r.strongest = s.integer(8) != 0; r.ratio = s.real(9); r.ci_low = s.real(10);
    r.ci_high = s.real(11);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<std::string> Store::artifact(const std::string& key) const {
  Statement s(db_, "SELECT bytes FROM artifacts WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.blob(0);
}

void Store::put_artifact(const std::string& key, const std::string& bytes, const std::string& description,
                         const std::string& created_at) {
  Statement s(db_, "INSERT OR REPLACE INTO artifacts(key, description, bytes, created_at) VALUES(?,?,?,?)");
  s.bind(1, key).bind(2, description).bind_blob(3, bytes.data(), bytes.size()).bind(4, created_at).run();
}

}  // namespace claimbench
