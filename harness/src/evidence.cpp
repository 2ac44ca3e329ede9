#include "claimbench/evidence.hpp"

namespace claimbench {

std::string_view to_string(CheckKind kind) {
  switch (kind) {
    case CheckKind::literal: return "literal";
    case CheckKind::analog: return "analog";
    case CheckKind::model: return "model";
  }
  return "unknown";
}

std::string_view to_string(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::measured: return "measured";
    case EvidenceKind::simulated: return "simulated";
    case EvidenceKind::modeled: return "modeled";
  }
  return "unknown";
}

std::optional<CheckKind> parse_check_kind(std::string_view text) {
  if (text == "literal") return CheckKind::literal;
  if (text == "analog") return CheckKind::analog;
  if (text == "model") return CheckKind::model;
  return std::nullopt;
}

std::optional<EvidenceKind> parse_evidence_kind(std::string_view text) {
  if (text == "measured") return EvidenceKind::measured;
  if (text == "simulated") return EvidenceKind::simulated;
  if (text == "modeled") return EvidenceKind::modeled;
  return std::nullopt;
}

}  // namespace claimbench
