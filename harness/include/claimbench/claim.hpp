// A claim (who claimed what, where, under which conditions) and its checks, as read from
// claims/*.xml. The loader in claim_loader.hpp validates every field.
#pragma once

#include <string>
#include <vector>

#include "claimbench/evidence.hpp"

namespace claimbench {

struct Source {
  std::string kind;         // vendor-blog, paper, patent, slide, analyst-note, documentation, issue
  std::string citation;
  std::string url;
  std::string reliability;  // primary, secondary, anecdotal
};

// "2×" (point), "1.3–1.6×" (range), "up to 2×" (up-to), "at least 1.5×" (at-least).
struct ClaimedValue {
  enum class Kind { point, range, up_to, at_least };
  Kind kind = Kind::point;
  double value = 0.0;  // point, up-to and at-least
  double min = 0.0;    // range only
  double max = 0.0;    // range only
  std::string text(std::string_view unit) const;
};
std::string_view to_string(ClaimedValue::Kind kind);

struct Condition {
  std::string name;
  std::string value;
};

// How an implementation takes part in a check.
enum class Role {
  candidate,  // the technique under test
  library,    // a library dense baseline (OpenBLAS, oneDNN, cuBLAS): the strongest is used
  own,        // the project's own dense kernel, reported beside the library ratio
  baseline,   // the comparison point of a counter measure (an SCNN-style model, a dense-trained network)
  context     // measured for the record (the oracle's speed), never part of a verdict
};
std::string_view to_string(Role role);

struct ImplementationRef {
  std::string name;
  Role role = Role::candidate;
  int line = 0;
};

struct Requirement {
  std::string kind;   // cpu-feature, cuda-compute-capability
  std::string value;  // avx512f, 8.0, ...
  int line = 0;
};

enum class Aggregate { max, min, median, geomean, mean };
std::string_view to_string(Aggregate aggregate);

// Reproduced when the lower end of the measured interval reaches `threshold`; partially
// reproduced when the whole interval lies in [partial_threshold, threshold); not reproduced
// when it lies below partial_threshold; ambiguous when it straddles either line.
//
// A "within" rule instead asks for the value to lie within `tolerance` of `target`
// (reproduced), or within `partial_tolerance` (partially); outside that, not reproduced;
// an interval crossing a band's edge is ambiguous. For exact quantities (a format's bytes)
// and for "no loss" statements.
//
// What is judged (`measure`):
//   time-ratio          baseline time / candidate time per workload (the speedup; default)
//   footprint-ratio     candidate operand bytes / smallest dense operand bytes (exact)
//   counter             a counter of the candidate's measurements (a simulated utilization,
//                       an accuracy); its interval comes from `<counter>.ci_low`/`.ci_high`
//                       when the implementation reports them, else the value is exact
//   counter-ratio       baseline counter / candidate counter when lower is better (psum
//                       writebacks), candidate / baseline when higher is better; the baseline
//                       that gives the smallest ratio is the one judged against
//   counter-difference  candidate counter − baseline counter (accuracy lost or gained)
struct VerdictRule {
  enum class Kind { at_least, within };
  enum class Measure { time_ratio, footprint_ratio, counter, counter_ratio, counter_difference };
  Kind kind = Kind::at_least;
  Measure measure = Measure::time_ratio;
  std::string counter;          // for the counter measures
  bool lower_is_better = false;  // for counter-ratio
  Aggregate aggregate = Aggregate::median;
  double threshold = 0.0;
  double partial_threshold = 0.0;
  double target = 0.0;
  double tolerance = 0.0;
  double partial_tolerance = 0.0;
  double confidence = 0.95;
};

std::string_view to_string(VerdictRule::Measure measure);

// A check may ask for fewer or shorter samples than the run's defaults, when its workloads are
// large (seconds per iteration); the command line's explicit settings still win.
struct CheckTiming {
  int repetitions = 0;     // 0: the run's setting
  double min_time_s = 0;   // 0: the run's setting
};

struct Check {
  std::string id;
  CheckKind kind = CheckKind::analog;
  std::string description;
  std::vector<ImplementationRef> implementations;
  std::string workload_table;             // all rows of a table, or
  std::vector<std::string> workload_ids;  // explicit ids
  std::vector<int> threads{1};
  std::vector<Requirement> requirements;
  VerdictRule rule;
  std::string pending;  // what is not built yet; only for checks without a candidate
  CheckTiming timing;
  int line = 0;

  const ImplementationRef* candidate() const;
};

struct Claim {
  std::string id;
  std::string file;
  int line = 0;
  std::string title;
  Source source;
  std::string statement;
  std::string metric;  // speedup
  std::string unit;
  ClaimedValue claimed;
  std::vector<Condition> conditions;
  std::vector<Check> checks;
  std::string content_hash;  // "sha1:<hex>" of the claim file, so a report can tell which text was checked
};

}  // namespace claimbench
