#include "claimbench/claim.hpp"

#include <cstdio>

namespace claimbench {

namespace {
std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}
}  // namespace

std::string ClaimedValue::text(std::string_view unit) const {
  const std::string u(unit);
  switch (kind) {
    case Kind::point: return number(value) + u;
    case Kind::range: return number(min) + "–" + number(max) + u;
    case Kind::up_to: return "up to " + number(value) + u;
    case Kind::at_least: return "at least " + number(value) + u;
  }
  return number(value) + u;
}

std::string_view to_string(ClaimedValue::Kind kind) {
  switch (kind) {
    case ClaimedValue::Kind::point: return "point";
    case ClaimedValue::Kind::range: return "range";
    case ClaimedValue::Kind::up_to: return "up-to";
    case ClaimedValue::Kind::at_least: return "at-least";
  }
  return "point";
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::candidate: return "candidate";
    case Role::library: return "library";
    case Role::own: return "own";
    case Role::baseline: return "baseline";
    case Role::context: return "context";
  }
  return "candidate";
}

std::string_view to_string(Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::max: return "max";
    case Aggregate::min: return "min";
    case Aggregate::median: return "median";
    case Aggregate::geomean: return "geomean";
    case Aggregate::mean: return "mean";
  }
  return "median";
}

const ImplementationRef* Check::candidate() const {
  for (const auto& ref : implementations)
    if (ref.role == Role::candidate) return &ref;
  return nullptr;
}

std::string_view to_string(VerdictRule::Measure measure) {
  switch (measure) {
    case VerdictRule::Measure::time_ratio: return "time-ratio";
    case VerdictRule::Measure::footprint_ratio: return "footprint-ratio";
    case VerdictRule::Measure::counter: return "counter";
    case VerdictRule::Measure::counter_ratio: return "counter-ratio";
    case VerdictRule::Measure::counter_difference: return "counter-difference";
  }
  return "time-ratio";
}

}  // namespace claimbench
