// Built instead of libtorch_training.cpp when CMake finds no libtorch: the Fashion-MNIST task
// implementations still register (so the accuracy claims load) and answer "unsupported".
#include <stdexcept>

#include "accuracy/libtorch_training.hpp"

namespace claimbench::accuracy {

namespace {
[[noreturn]] void unavailable() {
  throw std::runtime_error("claimbench was built without libtorch: install libtorch-dev (Debian) and rebuild");
}
}  // namespace

TrainingLog train_network(Network&, const FashionMnist&, const TrainingSchedule&, std::uint64_t, bool) { unavailable(); }
std::vector<float> libtorch_logits(const Network&, const LabeledImages&, int) { unavailable(); }
std::string libtorch_version() { return "none"; }
bool libtorch_available() { return false; }

}  // namespace claimbench::accuracy
