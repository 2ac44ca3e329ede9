# claimbench_warnings: the warning set every project target uses.
add_library(claimbench_warnings INTERFACE)
target_compile_options(claimbench_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
