// The plugin's entry point: the two Eigen implementations, registered with the host.
#include "eigen_common.hpp"

namespace {

void register_eigen(claimbench::PluginHost& host) {
  host.add(&eigen_plugin::make_eigen_csr);
  host.add(&eigen_plugin::make_eigen_gemm);
}

}  // namespace

CLAIMBENCH_PLUGIN("claimbench-eigen", "0.1", register_eigen);
