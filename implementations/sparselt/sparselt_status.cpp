#include "sparselt/sparselt.hpp"

namespace claimbench::sparselt {

const char* status_name(Status s) {
  switch (s) {
    case Status::success: return "success";
    case Status::not_initialized: return "not-initialized";
    case Status::invalid_value: return "invalid-value";
    case Status::wrong_shape: return "wrong-shape";
    case Status::pattern_violated: return "pattern-violated";
    case Status::unsupported_precision: return "unsupported-precision";
    case Status::not_supported: return "not-supported";
    case Status::misaligned_pointer: return "misaligned-pointer";
    case Status::buffer_mismatch: return "buffer-mismatch";
    case Status::allocation_failed: return "allocation-failed";
  }
  return "unknown-status";
}

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::fp32: return "fp32";
    case Precision::tf32: return "tf32";
    case Precision::fp16: return "fp16";
    case Precision::bf16: return "bf16";
    case Precision::int8: return "int8";
  }
  return "unknown-precision";
}

}  // namespace claimbench::sparselt
