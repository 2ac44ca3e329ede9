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
#include <optional>
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
  // The workload kind it runs: "gemm" for an Implementation; a TaskImplementation names its
  // own (conv-layer, encoder, training, ...), matching the `# kind:` line of its workload tables.
  std::string task = "gemm";
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
  // Unstructured magnitude pruning: the fraction of A's elements set to zero (0 when none).
  // Only with a dense `pattern`.
  double unstructured_sparsity = 0.0;
};

class ArtifactCache;

struct ExecutionConfig {
  int threads = 1;
  // Where an expensive untimed product (a trained model) may be kept between runs; null when
  // the run has no store behind it.
  ArtifactCache* cache = nullptr;
  // A --quick smoke run: a task may shorten itself (fewer seeds, fewer epochs) and must say so
  // in its counters, so smoke numbers are never read as the real ones.
  bool quick = false;
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

// Low-precision kernels (int8, bf16, fp16) multiply rounded or quantized copies of the
// operands. They expose those copies, widened back to fp32 (exactly representable), so the
// correctness gate checks the kernel against the oracle on what it actually multiplied, and
// the cost of the rounding is measured apart, against the fp32 operands.
struct EffectiveOperands {
  const float* A = nullptr;  // M×K, as the kernel saw it
  int lda = 0;
  const float* B = nullptr;  // K×N
  int ldb = 0;
  // Relative rounding unit of the accumulation: FLT_EPSILON for fp32 (and for exact int32
  // accumulation followed by fp32 scaling), 2^-10 for fp16 accumulators.
  double accumulation_epsilon = 1.1920928955078125e-07;
  std::string description;  // "int8: per-output-channel symmetric weights, per-tensor activations"
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
  // After prepare(): the operands the kernel really multiplies, when they differ from the
  // problem's fp32 operands.
  virtual std::optional<EffectiveOperands> effective_operands() const { return std::nullopt; }
};

using ImplementationFactory = std::function<std::unique_ptr<Implementation>()>;

}  // namespace claimbench
