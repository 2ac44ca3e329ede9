#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

// A test program may define this to prepare the process (the harness tests re-execute with
// the right OpenBLAS core type, as the claimbench command does).
extern "C" __attribute__((weak)) void claimbench_test_process_setup(int argc, char** argv);

int main(int argc, char** argv) {
  if (claimbench_test_process_setup) claimbench_test_process_setup(argc, argv);
  return Catch::Session().run(argc, argv);
}
