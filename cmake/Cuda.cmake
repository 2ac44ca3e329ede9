# The CUDA backend is optional: CLAIMBENCH_CUDA = AUTO (build it when nvcc is found), ON (fail
# without it) or OFF. enable_language(CUDA) must run at the top level, so it is here and not
# in implementations/cuda. Without a GPU the code still compiles and links; the GPU tests skip.
set(CLAIMBENCH_CUDA AUTO CACHE STRING "Build the CUDA backend: AUTO (when nvcc is found), ON or OFF")
set_property(CACHE CLAIMBENCH_CUDA PROPERTY STRINGS AUTO ON OFF)
# The vendor backend on NVIDIA's cuSPARSELt: AUTO builds it when cusparseLt.h and the library are
# found (scripts/fetch-pypi.sh unpacks the nvidia-cusparselt-cu13 wheel under .deps/pypi).
set(CLAIMBENCH_CUSPARSELT AUTO CACHE STRING "Build the cuSPARSELt vendor backend: AUTO, ON or OFF")
set_property(CACHE CLAIMBENCH_CUSPARSELT PROPERTY STRINGS AUTO ON OFF)
set(CLAIMBENCH_CUSPARSELT_ROOT "${PROJECT_SOURCE_DIR}/.deps/pypi/nvidia/cu13" CACHE PATH
    "Where cuSPARSELt's include/ and lib/ are (the PyPI wheel's nvidia/cu13 folder)")

set(CLAIMBENCH_HAVE_CUDA FALSE)
set(CLAIMBENCH_HAVE_CUSPARSELT FALSE)
if(CLAIMBENCH_CUDA STREQUAL "OFF")
  message(STATUS "CUDA backend: off (CLAIMBENCH_CUDA=OFF)")
else()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # Ampere (sm_80) and Hopper (sm_90): the sparse tensor-core instruction needs sm_80 or newer.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 80 90)
    endif()
    enable_language(CUDA)
    set(CMAKE_CUDA_STANDARD 17)  # CMake 3.25 knows no CUDA20 dialect for nvcc; the .cu files need 17
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    find_package(CUDAToolkit REQUIRED)
    set(CLAIMBENCH_HAVE_CUDA TRUE)
    message(STATUS "CUDA backend: nvcc ${CMAKE_CUDA_COMPILER_VERSION}, architectures ${CMAKE_CUDA_ARCHITECTURES}")
  elseif(CLAIMBENCH_CUDA STREQUAL "ON")
    message(FATAL_ERROR "CLAIMBENCH_CUDA=ON but no CUDA compiler was found (put nvcc on PATH or set CMAKE_CUDA_COMPILER)")
  else()
    message(STATUS "CUDA backend: not built (no nvcc found; CLAIMBENCH_CUDA=AUTO)")
  endif()
endif()

if(CLAIMBENCH_HAVE_CUDA AND NOT CLAIMBENCH_CUSPARSELT STREQUAL "OFF")
  find_path(CUSPARSELT_INCLUDE_DIR cusparseLt.h HINTS "${CLAIMBENCH_CUSPARSELT_ROOT}/include" NO_CACHE)
  # The wheel ships only the versioned name, which find_library takes as a file name.
  find_library(CUSPARSELT_LIBRARY NAMES cusparseLt libcusparseLt.so.0 HINTS "${CLAIMBENCH_CUSPARSELT_ROOT}/lib" NO_CACHE)
  if(CUSPARSELT_INCLUDE_DIR AND CUSPARSELT_LIBRARY)
    add_library(claimbench::cusparselt SHARED IMPORTED)
    set_target_properties(claimbench::cusparselt PROPERTIES IMPORTED_LOCATION "${CUSPARSELT_LIBRARY}"
      IMPORTED_SONAME "libcusparseLt.so.0" INTERFACE_INCLUDE_DIRECTORIES "${CUSPARSELT_INCLUDE_DIR}")
    set(CLAIMBENCH_HAVE_CUSPARSELT TRUE)
    message(STATUS "cuSPARSELt vendor backend: ${CUSPARSELT_LIBRARY}")
  elseif(CLAIMBENCH_CUSPARSELT STREQUAL "ON")
    message(FATAL_ERROR "CLAIMBENCH_CUSPARSELT=ON but cusparseLt.h or libcusparseLt were not found under "
      "${CLAIMBENCH_CUSPARSELT_ROOT} (run scripts/fetch-pypi.sh, or set CLAIMBENCH_CUSPARSELT_ROOT)")
  else()
    message(STATUS "cuSPARSELt vendor backend: not built (cusparseLt.h/libcusparseLt not found under "
      "${CLAIMBENCH_CUSPARSELT_ROOT}; run scripts/fetch-pypi.sh)")
  endif()
endif()
