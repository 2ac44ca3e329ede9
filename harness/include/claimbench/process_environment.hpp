// Library settings that only take effect if present before the process starts.
//
// OpenBLAS 0.3.21 does not recognise recent Xeons and silently uses its SSE3 "Prescott"
// kernels, 4.7× slower than its AVX-512 ones; the core type is read when the library loads,
// so the only fix from inside is to re-execute with OPENBLAS_CORETYPE set.
#pragma once

#include <string>

namespace claimbench {

// The OpenBLAS core type best for this CPU ("SkylakeX", "Haswell"), or "" to leave it alone.
std::string preferred_openblas_coretype();

// If OPENBLAS_CORETYPE is unset, sets it and re-executes /proc/self/exe with the same
// arguments (returns only if it did not need to, or could not). Records the decision in
// CLAIMBENCH_OPENBLAS_CORETYPE_SOURCE: "user" (already set), "claimbench" (set by re-exec)
// or "unset" (no preference for this CPU).
void ensure_library_environment(int argc, char** argv);

}  // namespace claimbench
