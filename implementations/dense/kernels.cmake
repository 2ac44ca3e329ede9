# Own packed SGEMM: a baseline-ISA driver plus one file per SIMD microkernel, each compiled
# with its own ISA flags (never -march=native); run-time dispatch picks what the CPU has.
set(_cb_dense ${CMAKE_CURRENT_SOURCE_DIR})
target_sources(claimbench_kernels PRIVATE
  ${_cb_dense}/own_sgemm.cpp
  ${_cb_dense}/own_sgemm_avx512.cpp
  ${_cb_dense}/own_sgemm_avx2.cpp
  ${_cb_dense}/own_sgemv.cpp
  ${_cb_dense}/own_sgemv_avx512.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_dense}/own_sgemm_avx512.cpp ${_cb_dense}/own_sgemv_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mfma")
  set_source_files_properties(${_cb_dense}/own_sgemm_avx2.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx2;-mfma")
endif()

# Kernel microbenchmark (Google Benchmark): own SGEMM and the N:M sparse kernel.
add_executable(claimbench_bench_kernels ${CMAKE_CURRENT_SOURCE_DIR}/../bench_kernels.cpp)
target_link_libraries(claimbench_bench_kernels PRIVATE claimbench_kernels benchmark::benchmark
  PkgConfig::OPENBLAS claimbench_warnings)

# Low precision (int8 VNNI; bf16): quantization helpers, baseline drivers, ISA microkernels.
target_sources(claimbench_kernels PRIVATE
  ${_cb_dense}/lowp_quantization.cpp
  ${_cb_dense}/own_igemm.cpp
  ${_cb_dense}/own_igemm_avx512.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_dense}/own_igemm_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx512vnni")
endif()
target_sources(claimbench_kernels PRIVATE
  ${_cb_dense}/own_bf16gemm.cpp
  ${_cb_dense}/own_bf16gemm_avx512.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_dense}/own_bf16gemm_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx512bf16")
endif()
# fp16 (AVX512-FP16, fp16 accumulation in K blocks of 256, fp32 across blocks).
target_sources(claimbench_kernels PRIVATE
  ${_cb_dense}/own_hgemm.cpp
  ${_cb_dense}/own_hgemm_avx512fp16.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_dense}/own_hgemm_avx512fp16.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx512fp16")
endif()
