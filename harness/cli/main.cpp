#include "claimbench/process_environment.hpp"
#include "cli.hpp"

int main(int argc, char** argv) {
  // Before any library reads its environment (OpenBLAS picks its kernels at load time).
  claimbench::ensure_library_environment(argc, argv);
  return claimbench::cli::run_cli(argc, argv);
}
