#include "claimbench/input_error.hpp"

namespace claimbench {

namespace {
std::string compose(const std::string& file, int line, const std::string& field, const std::string& message) {
  std::string text;
  text.append(file);
  if (line > 0) text.append(":").append(std::to_string(line));
  text.append(": ");
  if (!field.empty()) text.append(field).append(": ");
  text.append(message);
  return text;
}
}  // namespace

InputError::InputError(std::string file, int line, std::string field, std::string message)
    : std::runtime_error(compose(file, line, field, message)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      message_(std::move(message)) {}

}  // namespace claimbench
