// The dense fp32 backends: the project's own packed SGEMM (weights packed once), OpenBLAS and
// oneDNN. Also the attention matmul of the 2:4 and int8 backends.
#pragma once

#include <memory>
#include <string>

#include "bert/gemm_backend.hpp"

namespace claimbench::bert {

std::unique_ptr<GemmBackend> make_own_backend();
std::unique_ptr<GemmBackend> make_openblas_backend();
std::unique_ptr<GemmBackend> make_onednn_backend();
std::unique_ptr<GemmBackend> make_dense_backend(const std::string& name);  // own, openblas, onednn

}  // namespace claimbench::bert
