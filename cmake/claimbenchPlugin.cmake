# claimbench_add_plugin(<target> <source>...): a run-time plugin for `claimbench run --plugin`.
#
# A MODULE library (a .so meant for dlopen) against the headers-only claimbench::plugin, with
# hidden visibility and a version script so that its only exported symbol is
# claimbench_plugin_entry (from CLAIMBENCH_PLUGIN(...)), not even the standard-library template
# instances it holds; and --no-undefined so that a plugin that needs a symbol from the
# claimbench executable fails at link time instead of at load time: plugins get everything
# from the host through the PluginHost it passes them.
function(claimbench_add_plugin target)
  set(_map "${CMAKE_CURRENT_BINARY_DIR}/claimbench_plugin_exports.map")
  if(NOT EXISTS "${_map}")
    file(WRITE "${_map}" "{ global: claimbench_plugin_entry; local: *; };\n")
  endif()
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE claimbench::plugin)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS "${_map}")
  target_link_options(${target} PRIVATE "LINKER:--no-undefined" "LINKER:--version-script=${_map}")
endfunction()
