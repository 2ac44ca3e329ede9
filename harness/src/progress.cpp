#include "claimbench/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace claimbench {

Progress::Progress(int total, bool enabled)
    : total_(total), enabled_(enabled), started_(std::chrono::steady_clock::now()) {}

bool Progress::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

void Progress::start_item(const std::string& label) {
  if (enabled_) draw(label);
}

void Progress::finish_item() { ++done_; }

void Progress::finish() {
  if (enabled_) std::fprintf(stderr, "\r\033[K");
}

void Progress::draw(const std::string& label) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::string left = "?";
  if (done_ > 0) {
    const double remaining = elapsed / done_ * (total_ - done_);
    left = std::to_string(static_cast<int>(remaining) / 60) + "m" +
           std::to_string(static_cast<int>(remaining) % 60) + "s";
  }
  std::fprintf(stderr, "\r\033[K[%d/%d] %s (about %s left)", done_, total_, label.c_str(), left.c_str());
  std::fflush(stderr);
}

}  // namespace claimbench
