// "onednn.int8": the strongest library baseline for the int8 encoders. Linear layers on
// oneDNN's s8 × s8 matmul with exactly the quantization of the own int8 backend (per-row
// symmetric weights, per-tensor dynamic activations); attention's matmuls on a dense fp32
// backend, as for every int8 and 2:4 backend.
#pragma once

#include <memory>
#include <string>

#include "bert/gemm_backend.hpp"

namespace claimbench::bert {

std::unique_ptr<GemmBackend> make_onednn_int8_backend(const std::string& attention);

}  // namespace claimbench::bert
