// The data behind each chart of the HTML page, read from the ReportModel (the database) only.
// Each builder documents which rows and fields it reads; a chart with no rows becomes a plain
// "no rows yet" box that names what it would need, so a later issue only has to store rows.
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "report_writers.hpp"

namespace claimbench::reports {

struct ChartBlock {
  std::string id;       // element id, unique in the page
  std::string heading;  // shown above the chart
  std::string caption;  // how to read it, and what it reads
  boost::json::object data;  // {"type": ..., "rows": [...], ...}: see templates/report.js
  std::size_t points = 0;    // rows drawn as point marks; 0: the chart is replaced by `empty`
  std::string empty;         // the plain "no rows" message
};

// Counter names (keys of a measurement's counters_json) the later charts expect. An
// implementation that reports them gets its chart without any change to the report code.
namespace counter {
// SNAP-style simulators (evidence kind "simulated"): fraction of processing-element cycles
// doing useful multiply-accumulates, and the densities the layer was simulated at.
inline constexpr const char* snap_utilization = "utilization";  // 0..1 (with weight_density: a simulator's rows)
inline constexpr const char* weight_density = "weight_density";          // 0..1, nonzero weights
inline constexpr const char* activation_density = "activation_density";  // 0..1, optional
// Model tasks (accuracy after pruning): accuracy with an optional interval, at a sparsity.
inline constexpr const char* accuracy = "accuracy";                  // 0..1 (top-1 or task metric)
inline constexpr const char* accuracy_ci_low = "accuracy.ci_low";    // optional; also the verdicts' interval
inline constexpr const char* accuracy_ci_high = "accuracy.ci_high";  // optional
inline constexpr const char* sparsity = "sparsity";                  // 0..1, fraction of zero weights
// Energy per inference from energy tables (evidence kind "modeled"), joules, optional interval.
inline constexpr const char* modeled_energy_j = "modeled_energy_j";
inline constexpr const char* modeled_energy_j_low = "modeled_energy_j.low";
inline constexpr const char* modeled_energy_j_high = "modeled_energy_j.high";
}  // namespace counter

// Candidate techniques of the run, sorted; plus any technique whose rows carry the counters above.
std::vector<std::string> report_techniques(const ReportModel& model);

// The six per-technique charts, in page order.
std::vector<ChartBlock> technique_charts(const ReportModel& model, const std::string& technique);

// The two-run chart (B/A time per matched measurement).
ChartBlock comparison_chart(const Comparison& comparison);

}  // namespace claimbench::reports
