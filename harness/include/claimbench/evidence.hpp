// The kinds of evidence. A check's kind says how the claim is tested; an implementation's
// evidence kind says what its numbers are. Reports keep them in separate columns (rule 3).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace claimbench {

enum class CheckKind { literal, analog, model };
enum class EvidenceKind { measured, simulated, modeled };

std::string_view to_string(CheckKind kind);
std::string_view to_string(EvidenceKind kind);
std::optional<CheckKind> parse_check_kind(std::string_view text);
std::optional<EvidenceKind> parse_evidence_kind(std::string_view text);

}  // namespace claimbench
