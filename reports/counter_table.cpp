#include "counter_table.hpp"

#include <boost/json.hpp>

#include "text_format.hpp"

namespace claimbench::reports {

namespace {

// The value of `name` in a measurement's counters, with its interval when reported.
std::string counter_text(const MeasurementRecord& m, const std::string& name) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(m.counters_json.empty() ? "{}" : m.counters_json, ec);
  if (ec || !parsed.is_object()) return "—";
  const auto& o = parsed.as_object();
  auto number = [&](const std::string& key) -> const boost::json::value* {
    auto it = o.find(key);
    return it != o.end() && it->value().is_number() ? &it->value() : nullptr;
  };
  const auto* v = number(name);
  if (!v) return "—";
  std::string out = significant(v->to_number<double>(), 4);
  const auto* low = number(name + ".ci_low");
  const auto* high = number(name + ".ci_high");
  if (low && high)
    out += " [" + significant(low->to_number<double>(), 4) + "–" + significant(high->to_number<double>(), 4) + "]";
  return out;
}

std::string fields_text(const WorkloadRecord* w) {
  if (!w) return "";
  if (w->kind == "gemm") return std::to_string(w->m) + "×" + std::to_string(w->n) + "×" + std::to_string(w->k);
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(w->fields_json, ec);
  if (ec || !parsed.is_object()) return w->fields_json;
  std::string out;
  for (const auto& [key, value] : parsed.as_object())
    out += (out.empty() ? "" : ", ") + std::string(key) + "=" +
           (value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value));
  return out;
}

}  // namespace

bool is_counter_measure(const CheckRecord& check) {
  return check.measure == "counter" || check.measure == "counter-ratio" || check.measure == "counter-difference";
}

CounterTable counter_table(const ReportModel& model, const CheckRecord& check) {
  CounterTable t;
  const bool compared = check.measure != "counter";
  t.headers = {"Workload", "Workload columns", "Threads", "Implementation", "Role", "Status", check.counter};
  if (compared) t.headers.push_back(check.measure == "counter-ratio" ? "Ratio to candidate" : "Candidate − this");
  for (const auto& m : model.measurements) {
    if (m.claim_id != check.claim_id || m.check_id != check.check_id || m.role == "context") continue;
    std::vector<std::string> row{m.workload_id, fields_text(model.workload(m.workload_id)), std::to_string(m.threads),
                                 m.implementation, m.role, m.status,
                                 m.status == "ok" ? counter_text(m, check.counter) : m.detail};
    if (compared) {
      std::string against;
      for (const auto& s : model.speedups)
        if (s.claim_id == check.claim_id && s.check_id == check.check_id && s.workload_id == m.workload_id &&
            s.threads == m.threads && s.baseline == m.implementation) {
          against = significant(s.ratio, 4);
          if (s.ci_low != s.ratio || s.ci_high != s.ratio)
            against += " [" + significant(s.ci_low, 4) + "–" + significant(s.ci_high, 4) + "]";
          if (s.strongest) against += " (judged)";
        }
      row.push_back(against);
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace claimbench::reports
