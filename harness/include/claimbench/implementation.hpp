// The interface every technique implements. An engineer adds a competitor by writing one
// class derived from Implementation and one CLAIMBENCH_REGISTER_IMPLEMENTATION line.
//
// Contract, in the order the runner calls it:
//   supports(problem, config)  must reject (with a reason) anything it cannot run correctly;
//                              a rejection is stored as "unsupported", not as a failure.
//   prepare(problem, config)   untimed: prune, compress, pack. Its wall time is recorded.
//   run()                      timed, many times; must leave the product in result().
//   result()                   M×N row-major output of the last run().
//   counters()                 what ran (kernel, ISA) and what it counted.
// One object serves one (workload, threads) measurement and is then destroyed.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "claimbench/evidence.hpp"
#include "claimbench/pruning.hpp"

namespace claimbench {

struct ImplementationInfo {
  std::string name;         // dotted: dense.openblas, nm.2of4.avx512
  std::string technique;    // dense, nm-structured, ...
  std::string device;       // cpu, cuda
  std::string precision;    // fp32
  EvidenceKind evidence = EvidenceKind::measured;
  bool dense_baseline = false;  // may serve as a dense baseline
  std::string description;
  std::string origin = "built-in";
};

// C[M×N] = A[M×K] · B[K×N], row-major. A holds the weights, already pruned to `pattern`
// (zeros in pruned positions), so dense baselines and sparse candidates compute the same product.
struct GemmProblem {
  int M = 0, N = 0, K = 0;
  const float* A = nullptr;
  int lda = 0;
  const float* B = nullptr;
  int ldb = 0;
  NMPattern pattern;  // dense when pattern.is_dense()
};

struct ExecutionConfig {
  int threads = 1;
};

struct Support {
  bool ok = true;
  std::string reason;
  static Support yes() { return {}; }
  static Support no(std::string why) { return {false, std::move(why)}; }
};

// Proof of what ran (rule 6) and the work it did.
struct Counters {
  std::string kernel;  // the variant that executed: own.sgemm.6x64.avx512, openblas.sgemm[SkylakeX]
  std::string isa;     // avx512, avx2, scalar, library-internal
  double useful_flops = 0.0;            // multiply-adds on kept values × 2
  double dense_equivalent_flops = 0.0;  // 2·M·N·K
  double bytes_moved = 0.0;             // compulsory traffic: operands read once, output written once
  double operand_bytes = 0.0;           // bytes of the (possibly compressed) weight operand
  std::map<std::string, double> extra;
};

class Implementation {
 public:
  virtual ~Implementation() = default;
  virtual ImplementationInfo info() const = 0;
  virtual Support supports(const GemmProblem& problem, const ExecutionConfig& config) const = 0;
  virtual void prepare(const GemmProblem& problem, const ExecutionConfig& config) = 0;
  virtual void run() = 0;
  virtual std::span<const float> result() const = 0;
  virtual Counters counters() const = 0;
};

using ImplementationFactory = std::function<std::unique_ptr<Implementation>()>;

}  // namespace claimbench
