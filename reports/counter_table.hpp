// What a counter check (a simulated utilization, an accuracy, writebacks) shows per workload:
// the judged counter of every implementation in the check, and the ratio or difference the
// verdict was computed from. Shared by the Markdown and HTML writers.
#pragma once

#include <string>
#include <vector>

#include "report_writers.hpp"

namespace claimbench::reports {

bool is_counter_measure(const CheckRecord& check);

struct CounterTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

// One row per (workload, threads, implementation) with the counter's value (and its interval
// when reported), the workload's own columns, and for ratio and difference checks the value
// against each baseline, marking the one judged.
CounterTable counter_table(const ReportModel& model, const CheckRecord& check);

}  // namespace claimbench::reports
