# SNAP and SCNN cycle models: plain C++ (no harness), compiled into claimbench_kernels.
set(_cb_snap ${CMAKE_CURRENT_SOURCE_DIR})
target_sources(claimbench_kernels PRIVATE
  ${_cb_snap}/sparse_conv_layer.cpp
  ${_cb_snap}/snap_parameters.cpp
  ${_cb_snap}/index_matcher.cpp
  ${_cb_snap}/array_model.cpp
  ${_cb_snap}/buffer_model.cpp
  ${_cb_snap}/scnn_model.cpp)
# The matcher is popcount-bound; POPCNT is in every x86-64 CPU since 2008 (Nehalem, Barcelona).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  set_source_files_properties(${_cb_snap}/index_matcher.cpp ${_cb_snap}/array_model.cpp ${_cb_snap}/buffer_model.cpp
    ${_cb_snap}/sparse_conv_layer.cpp
    TARGET_DIRECTORY claimbench_kernels PROPERTIES COMPILE_OPTIONS "-mpopcnt")
endif()
