# N:M compressed format and the N:M sparse × dense GEMM: a baseline-ISA driver plus one
# file per SIMD microkernel family, each compiled with its own ISA flags.
set(_cb_nm ${CMAKE_CURRENT_SOURCE_DIR})
target_sources(claimbench_kernels PRIVATE
  ${_cb_nm}/compressed_nm.cpp
  ${_cb_nm}/sparse_gemm_nm.cpp
  ${_cb_nm}/sparse_gemm_nm_avx512.cpp
  ${_cb_nm}/sparse_gemm_nm_window_avx512.cpp
  ${_cb_nm}/sparse_gemm_nm_avx2.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_nm}/sparse_gemm_nm_avx512.cpp ${_cb_nm}/sparse_gemm_nm_window_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mfma")
  set_source_files_properties(${_cb_nm}/sparse_gemm_nm_avx2.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx2;-mfma")
endif()

# 2:4 int8 sparse kernels: row-pair vpshufb + vpdpbusd (AVX512-VNNI zmm; AVX-VNNI ymm for CPUs
# without AVX-512) and the earlier vpermt2b gather (AVX512-VNNI + VBMI).
target_sources(claimbench_kernels PRIVATE
  ${_cb_nm}/sparse_gemm_nm_int8.cpp
  ${_cb_nm}/sparse_gemm_nm_int8_avx512.cpp
  ${_cb_nm}/sparse_gemm_nm_int8_pairs_avx512.cpp
  ${_cb_nm}/sparse_gemm_nm_int8_avxvnni.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_nm}/sparse_gemm_nm_int8_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx512vnni;-mavx512vbmi")
  set_source_files_properties(${_cb_nm}/sparse_gemm_nm_int8_pairs_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx512vnni")
  set_source_files_properties(${_cb_nm}/sparse_gemm_nm_int8_avxvnni.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx2;-mfma;-mavxvnni")
endif()

# 2:4 bf16 (vpermt2w gather + vdpbf16ps) sparse kernels.
target_sources(claimbench_kernels PRIVATE
  ${_cb_nm}/sparse_gemm_nm_bf16.cpp
  ${_cb_nm}/sparse_gemm_nm_bf16_avx512.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_nm}/sparse_gemm_nm_bf16_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx512bf16")
endif()

# 2:4 fp16 (broadcast kept weight × packed B row, vfmadd231ph) sparse kernels.
target_sources(claimbench_kernels PRIVATE
  ${_cb_nm}/sparse_gemm_nm_fp16.cpp
  ${_cb_nm}/sparse_gemm_nm_fp16_avx512fp16.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_nm}/sparse_gemm_nm_fp16_avx512fp16.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx512fp16")
endif()

# Export to the PTX mma.sp sparse tensor-core operand layout (metadata + A fragments) and its
# pure-C++ reference emulator; no GPU code.
target_sources(claimbench_kernels PRIVATE ${_cb_nm}/sparse_tensor_core_layout.cpp)
