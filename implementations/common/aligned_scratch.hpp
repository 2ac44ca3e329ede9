// A growable, 64-byte aligned scratch buffer for kernel packing. Kernels keep one per thread
// (thread_local) and reuse it across calls; it is freed at thread exit.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

namespace claimbench::kernels {

template <typename T>
class AlignedScratch {
 public:
  AlignedScratch() = default;
  AlignedScratch(const AlignedScratch&) = delete;
  AlignedScratch& operator=(const AlignedScratch&) = delete;
  ~AlignedScratch() { std::free(data_); }

  // At least `count` elements; the previous contents are not kept when it grows.
  T* get(std::size_t count) {
    if (count > capacity_) {
      std::free(data_);
      data_ = nullptr;
      capacity_ = 0;
      const std::size_t bytes = ((count * sizeof(T) + 63) / 64) * 64;
      data_ = static_cast<T*>(std::aligned_alloc(64, bytes));
      if (data_ == nullptr) throw std::bad_alloc();
      capacity_ = count;
    }
    return data_;
  }

 private:
  T* data_ = nullptr;
  std::size_t capacity_ = 0;
};

}  // namespace claimbench::kernels
