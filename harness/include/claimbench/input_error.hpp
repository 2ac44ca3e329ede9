// Errors in user input (claim files, workload tables, command lines). They carry the place
// that is wrong so the message reads "file:line: field: what is wrong", and map to exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace claimbench {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string field, std::string message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  std::string field_;
  std::string message_;
};

}  // namespace claimbench
