# Every dependency comes from Debian packages (scripts/install-deps.sh installs them).
find_package(Boost 1.81 REQUIRED COMPONENTS program_options json)
find_package(SQLite3 REQUIRED)
find_package(benchmark REQUIRED)
find_package(pugixml REQUIRED)
# Debian's dnnl-config.cmake insists on OpenCL development files even for CPU use; the
# library and header are all we need, so import them directly.
find_path(DNNL_INCLUDE_DIR dnnl.hpp REQUIRED)
find_library(DNNL_LIBRARY dnnl REQUIRED)
add_library(DNNL::dnnl UNKNOWN IMPORTED)
set_target_properties(DNNL::dnnl PROPERTIES IMPORTED_LOCATION "${DNNL_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${DNNL_INCLUDE_DIR}")
find_package(OpenMP REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(OPENBLAS REQUIRED IMPORTED_TARGET openblas)
# Google Benchmark 1.7 has no run-time version call; record the packaged version.
pkg_check_modules(BENCHMARK_PC QUIET benchmark)
set(CLAIMBENCH_BENCHMARK_VERSION "${BENCHMARK_PC_VERSION}")
if(NOT CLAIMBENCH_BENCHMARK_VERSION)
  set(CLAIMBENCH_BENCHMARK_VERSION "${benchmark_VERSION}")
endif()
