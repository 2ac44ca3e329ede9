#include "cuda/cuda_device.hpp"
#include "cuda/gpu_gemm.hpp"

#include <cuda_runtime.h>

#include <stdexcept>
#include <utility>

namespace claimbench::cuda {

namespace {

DeviceStatus probe() {
  DeviceStatus s;
  int count = 0;
  if (const cudaError_t err = cudaGetDeviceCount(&count); err != cudaSuccess) {
    s.reason = std::string("no usable CUDA device: ") + cudaGetErrorString(err);
    return s;
  }
  if (count == 0) {
    s.reason = "no CUDA device (0 devices)";
    return s;
  }
  cudaDeviceProp prop{};
  if (const cudaError_t err = cudaGetDeviceProperties(&prop, 0); err != cudaSuccess) {
    s.reason = std::string("cannot read device 0: ") + cudaGetErrorString(err);
    return s;
  }
  s.name = prop.name;
  s.major = prop.major;
  s.minor = prop.minor;
  if (prop.major < 8) {
    s.reason = s.name + " is " + s.arch() + "; sparse tensor cores (mma.sp) need sm_80 or newer";
    return s;
  }
  s.usable = true;
  return s;
}

}  // namespace

const DeviceStatus& device_status() {
  static const DeviceStatus status = probe();
  return status;
}

void check_cuda(int error, const char* what) {
  if (error != cudaSuccess)
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(static_cast<cudaError_t>(error)));
}

DeviceBuffer::DeviceBuffer(std::size_t bytes) : bytes_(bytes) {
  check_cuda(cudaMalloc(&ptr_, bytes == 0 ? 1 : bytes), "cudaMalloc");
}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& o) noexcept {
  if (this != &o) {
    if (ptr_) cudaFree(ptr_);
    ptr_ = std::exchange(o.ptr_, nullptr);
    bytes_ = std::exchange(o.bytes_, 0);
  }
  return *this;
}

DeviceBuffer::~DeviceBuffer() {
  if (ptr_) cudaFree(ptr_);
}

void DeviceBuffer::upload(const void* host, std::size_t bytes) {
  if (bytes > bytes_) throw std::logic_error("DeviceBuffer::upload: more bytes than allocated");
  check_cuda(cudaMemcpy(ptr_, host, bytes, cudaMemcpyHostToDevice), "cudaMemcpy to device");
}

void DeviceBuffer::download(void* host, std::size_t bytes) const {
  if (bytes > bytes_) throw std::logic_error("DeviceBuffer::download: more bytes than allocated");
  check_cuda(cudaMemcpy(host, ptr_, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy to host");
}

bool cuda_backend_built() { return true; }
std::string cuda_backend_detail() {
  return "CUDA runtime " + std::to_string(CUDART_VERSION / 1000) + "." + std::to_string(CUDART_VERSION % 1000 / 10) +
         ", kernels for CUDA architectures " CLAIMBENCH_CUDA_ARCHITECTURES;
}

void synchronize() { check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize"); }

}  // namespace claimbench::cuda
