// Whether this process can run the CUDA kernels, and the small RAII and error helpers the
// CUDA backends share. Host-only header (no CUDA headers leak to users).
#pragma once

#include <cstddef>
#include <string>

namespace claimbench::cuda {

struct DeviceStatus {
  bool usable = false;      // a device of compute capability ≥ 8.0 (sparse tensor cores) is present
  std::string reason;       // why not, when !usable ("CUDA driver version is insufficient ...; 0 devices")
  std::string name;         // device 0
  int major = 0, minor = 0;
  std::string arch() const { return "sm_" + std::to_string(major) + std::to_string(minor); }
};
// Probed once per process (device 0).
const DeviceStatus& device_status();

// Throws std::runtime_error("<what>: <CUDA error string>") when `error` (a cudaError_t) is not 0.
void check_cuda(int error, const char* what);

// Device memory, freed on destruction.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t bytes);
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept : ptr_(o.ptr_), bytes_(o.bytes_) { o.ptr_ = nullptr, o.bytes_ = 0; }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept;
  ~DeviceBuffer();
  void* get() const { return ptr_; }
  template <typename T>
  T* as() const { return static_cast<T*>(ptr_); }
  std::size_t bytes() const { return bytes_; }
  void upload(const void* host, std::size_t bytes);
  void download(void* host, std::size_t bytes) const;

 private:
  void* ptr_ = nullptr;
  std::size_t bytes_ = 0;
};

// Waits for the default stream (what each timed run ends with).
void synchronize();

}  // namespace claimbench::cuda
