# LUT-GEMM: binary-coding quantization, packing and the scalar kernel in the baseline ISA; one
# file per SIMD kernel family, each with its own ISA flags; run-time dispatch picks what runs.
set(_cb_lut ${CMAKE_CURRENT_SOURCE_DIR})
target_sources(claimbench_kernels PRIVATE
  ${_cb_lut}/bcq_quantization.cpp
  ${_cb_lut}/lut_gemm.cpp
  ${_cb_lut}/uniform_codes.cpp
  ${_cb_lut}/lut_gemm_avx512.cpp
  ${_cb_lut}/lut_gemm_avx2.cpp)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64|i.86")
  set_source_files_properties(${_cb_lut}/lut_gemm_avx512.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mfma;-mf16c")
  set_source_files_properties(${_cb_lut}/lut_gemm_avx2.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES
    COMPILE_OPTIONS "-mavx2;-mfma;-mf16c")
endif()
