#include "claimbench/process_environment.hpp"

extern "C" void claimbench_test_process_setup(int argc, char** argv) {
  claimbench::ensure_library_environment(argc, argv);
}
