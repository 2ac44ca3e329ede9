// The SQLite results store. Versioned schema (PRAGMA user_version) with forward migrations,
// WAL journal, one transaction per measurement, so a killed run keeps every completed row.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "claimbench/records.hpp"

struct sqlite3;

namespace claimbench {

class Store {
 public:
  static constexpr int kSchemaVersion = 5;
  enum class Mode { read_write, read_only };

  // Opens (creating if needed in read_write mode) and migrates to kSchemaVersion.
  // Throws std::runtime_error naming the file when it is not a claimbench database or was
  // written by a newer claimbench.
  explicit Store(const std::filesystem::path& file, Mode mode = Mode::read_write);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;
  // Applies migrations [current+1, target] to an open connection. Exposed for tests.
  static void migrate(sqlite3* db, int target_version);

  std::int64_t begin_run(const std::string& command_line, const std::map<std::string, std::string>& provenance,
                         const std::string& started_at);
  void finish_run(std::int64_t run_id, const std::string& status, const std::string& finished_at);
  void record_claim(const ClaimRecord& claim);
  void record_check(const CheckRecord& check);
  void record_workload(const WorkloadRecord& workload);
  std::int64_t record_measurement(const MeasurementRecord& measurement);
  // Replaces a run's verdicts and speedups in one transaction.
  void replace_verdicts(std::int64_t run_id, const std::vector<VerdictRecord>& verdicts,
                        const std::vector<SpeedupRecord>& speedups);

  std::vector<RunRecord> runs() const;
  std::optional<RunRecord> run(std::int64_t run_id) const;
  std::optional<std::int64_t> latest_run_id() const;
  std::vector<ClaimRecord> claims(std::int64_t run_id) const;
  std::vector<CheckRecord> checks(std::int64_t run_id) const;
  std::vector<WorkloadRecord> workloads(std::int64_t run_id) const;
  std::vector<MeasurementRecord> measurements(std::int64_t run_id) const;
  std::vector<VerdictRecord> verdicts(std::int64_t run_id) const;
  std::vector<SpeedupRecord> speedups(std::int64_t run_id) const;

  // Artifacts (artifact_cache.hpp): bytes kept by key across runs.
  std::optional<std::string> artifact(const std::string& key) const;
  void put_artifact(const std::string& key, const std::string& bytes, const std::string& description,
                    const std::string& created_at);

  sqlite3* handle() const { return db_; }

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

}  // namespace claimbench
