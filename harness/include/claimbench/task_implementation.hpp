// The interface for workloads that are not one GEMM: a convolution layer fed to a simulator,
// an encoder's forward pass, a training recipe followed by inference. The runner treats it as
// it treats an Implementation (supports, untimed prepare, timed run, counters stored with
// every measurement) but the task checks its own output: there is no GEMM oracle to compare
// with, so check() compares against the task's own reference (a float64 forward pass, the
// simulator's invariants, libtorch's predictions) and says what it compared.
//
// Its workloads come from tables whose `# kind:` line names info().task; the columns beyond
// id, model, layer, seed and quick are the task's own (Workload::fields), read with the
// Workload::field_* accessors, which throw InputError naming the file, line and column.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "claimbench/implementation.hpp"
#include "claimbench/workload.hpp"

namespace claimbench {

struct TaskCheckResult {
  bool passed = false;
  std::string mode;              // what was compared: "float64 reference", "invariants", ...
  std::int64_t checked = 0;      // elements or invariants checked
  double max_error_ratio = 0.0;  // max |error| / allowed error over what was checked (≤ 1 passes)
  std::string detail;            // on failure: the first violation, with its location
};

class TaskImplementation {
 public:
  virtual ~TaskImplementation() = default;
  virtual ImplementationInfo info() const = 0;  // info().task: the workload kind
  virtual Support supports(const Workload& workload, const ExecutionConfig& config) const = 0;
  virtual void prepare(const Workload& workload, const ExecutionConfig& config) = 0;
  virtual void run() = 0;
  virtual TaskCheckResult check() const = 0;  // the last run()'s output against the task's reference
  virtual Counters counters() const = 0;
};

using TaskImplementationFactory = std::function<std::unique_ptr<TaskImplementation>()>;

}  // namespace claimbench
