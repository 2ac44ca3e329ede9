// Registers the optional "xnnpack" part of the build, built or not, so a check that requires
// it (<requires kind="build-feature" value="xnnpack"/>) is judged not-testable-here with the
// reason when XNNPACK was missing at configure time.
#include "claimbench/requirements.hpp"

#ifndef CLAIMBENCH_XNNPACK_DETAIL
#define CLAIMBENCH_XNNPACK_DETAIL "unknown"
#endif

#ifdef CLAIMBENCH_HAVE_XNNPACK
CLAIMBENCH_REGISTER_BUILD_FEATURE("xnnpack", true, CLAIMBENCH_XNNPACK_DETAIL);
#else
CLAIMBENCH_REGISTER_BUILD_FEATURE("xnnpack", false, CLAIMBENCH_XNNPACK_DETAIL);
#endif
