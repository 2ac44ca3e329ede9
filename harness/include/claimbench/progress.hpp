// Progress of a long run on stderr: done/total, the current item and time left. Silent when
// stderr is not a terminal, so CI logs stay clean.
#pragma once

#include <chrono>
#include <string>

namespace claimbench {

class Progress {
 public:
  Progress(int total, bool enabled);
  void start_item(const std::string& label);
  void finish_item();
  void finish();
  static bool stderr_is_terminal();

 private:
  void draw(const std::string& label);
  int total_;
  int done_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace claimbench
